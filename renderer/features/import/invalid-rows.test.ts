import { describe, expect, it } from 'vitest';
import { planImport } from '../../../shared/import/plan';
import type { SheetGrid } from '../../../shared/import/grid';
import { cellsOfLines, invalidLines } from './fix-line';
import { invalidRowsTable } from './invalid-rows';

const grid: SheetGrid = {
  sheet: null,
  rows: [
    { line: 1, cells: ['2026广州国际车展 客户登记表'] },
    { line: 2, cells: ['客户姓名', '联系电话', '意向车型'] },
    { line: 3, cells: ['王伟', '13800138000', '汉EV'] },
    { line: 4, cells: ['陈杰', '1.38001E+10', '汉EV'] },
    { line: 5, cells: ['', '13800138002', '海豹'] },
    { line: 6, cells: ['合计', '3 人', ''] },
  ],
};

describe('the invalid lines as a sheet to send back', () => {
  it('holds every invalid line with the file’s cells, its line number and the reason', () => {
    const plan = planImport({
      grid,
      importer: { id: 'me', role: 'consultant' },
      today: '2026-12-07',
    });
    const cells = cellsOfLines(grid, invalidLines(plan), plan.headers.length);
    const table = invalidRowsTable(plan, cells, (reason) => `<${reason}>`, {
      title: '无效行',
      line: '行号',
      reason: '原因',
    });
    expect(table.headers).toEqual(['行号', '客户姓名', '联系电话', '意向车型', '原因']);
    expect(table.rows.map((row) => row.slice(0, 4))).toEqual([
      ['4', '陈杰', '1.38001E+10', '汉EV'],
      ['5', '', '13800138002', '海豹'],
    ]);
    expect(table.rows[0]?.[4]).toMatch(/^<importPlan\.reason\.phoneScientific/);
    expect(table.rows[1]?.[4]).toBe('<importPlan.reason.nameMissing>');
  });
});
