import { describe, expect, it } from 'vitest';
import { planImport } from '../../../shared/import/plan';
import type { SheetGrid } from '../../../shared/import/grid';
import { cellsOfLines, invalidLines, withFixedLines } from './fix-line';

const grid: SheetGrid = {
  sheet: null,
  rows: [
    { line: 1, cells: ['客户姓名', '联系电话', '备注'] },
    { line: 2, cells: ['王伟', '13800138000', ''] },
    { line: 3, cells: ['赵磊', '1380013800', '号码少一位'] },
    { line: 4, cells: ['李娜', 13800138001, null] },
  ],
};

const plan = (sheet: SheetGrid) =>
  planImport({ grid: sheet, importer: { id: 'me', role: 'consultant' }, today: '2026-12-07' });

describe('a line fixed in the preview', () => {
  it('is planned again with the corrected cells, the others unchanged', () => {
    const before = plan(grid);
    expect(before.rows.map((row) => row.action)).toEqual(['skip', 'create', 'invalid', 'create']);
    const after = plan(withFixedLines(grid, new Map([[3, ['赵磊', '13800138009', '号码少一位']]])));
    expect(after.rows.map((row) => row.action)).toEqual(['skip', 'create', 'create', 'create']);
    expect(after.rows[2]?.customer).toMatchObject({ name: '赵磊', phones: ['13800138009'] });
    expect(after.rows[1]).toEqual(before.rows[1]);
  });

  it('is still judged by the duplicate rule: fixed to an earlier line’s phone it is a duplicate', () => {
    const after = plan(withFixedLines(grid, new Map([[3, ['赵磊', '13800138000', '']]])));
    expect(after.rows[2]).toMatchObject({ action: 'duplicate', duplicateOf: 2 });
  });

  it('leaves the file’s grid itself untouched', () => {
    withFixedLines(grid, new Map([[2, ['x', 'y', 'z']]]));
    expect(grid.rows[1]?.cells).toEqual(['王伟', '13800138000', '']);
    expect(withFixedLines(grid, new Map())).toBe(grid);
  });

  it('gives the text of the invalid lines, as wide as the header', () => {
    const planned = plan(grid);
    expect(invalidLines(planned)).toEqual(new Set([3]));
    expect(cellsOfLines(grid, new Set([3, 4]), 3)).toEqual({
      3: ['赵磊', '1380013800', '号码少一位'],
      4: ['李娜', '13800138001', ''],
    });
  });
});
