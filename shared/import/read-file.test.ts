import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ImportError } from './import-error';
import { planImport } from './plan';
import { openImportFile } from './read-file';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

/** A registration workbook as offices make it: merged title, header, data, totals; a second sheet. */
async function showWorkbook(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const notes = workbook.addWorksheet('说明');
  notes.getCell('A1').value = '请在“客户登记”表中填写';
  const sheet = workbook.addWorksheet('客户登记');
  sheet.mergeCells('A1:E1');
  sheet.getCell('A1').value = '2026广州国际车展 客户登记表';
  sheet.addRow(['客户姓名', '联系电话', '登记时间', '客户来源', '备注']);
  sheet.addRow(['王伟', 13800138000, new Date(Date.UTC(2026, 10, 3, 14, 30)), '车展', null]);
  sheet.addRow([
    '李娜',
    '139-0013-9000',
    46329,
    null,
    { richText: [{ text: '要' }, { text: '白色' }] },
  ]);
  sheet.addRow([
    '张敏',
    { formula: '"13700"&"137000"', result: '13700137000' },
    '2026/11/4',
    null,
    null,
  ]);
  sheet.mergeCells('D3:D4'); // 来源 written once for two lines
  sheet.addRow([]);
  sheet.addRow(['合计', '3 人']);
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}

describe('openImportFile', () => {
  it('reads a GBK CSV and reports the encoding', async () => {
    const file = await openImportFile(fixture('showroom-gbk.csv'), 'showroom.csv');
    expect(file).toMatchObject({ kind: 'csv', encoding: 'gb18030', sheetNames: [] });
    expect(file.grid().rows[1]?.cells[1]).toBe('客户姓名');
  });

  it('reads an .xlsx: the chosen sheet, merged title, merged source filled down, totals', async () => {
    const bytes = await showWorkbook();
    const file = await openImportFile(bytes, '登记表.xlsx');
    expect(file.sheetNames).toEqual(['说明', '客户登记']);
    expect(file.defaultSheet).toBe('说明');
    const grid = file.grid('客户登记');
    expect(grid.rows[0]?.cells).toEqual(['2026广州国际车展 客户登记表', null, null, null, null]);
    expect(grid.rows[3]?.cells[3]).toBe('车展');
    const plan = planImport({
      grid,
      importer: { id: 'u', role: 'consultant' },
      today: '2026-11-10',
    });
    expect(plan.rows.map((row) => [row.line, row.action])).toEqual([
      [1, 'skip'],
      [2, 'skip'],
      [3, 'create'],
      [4, 'create'],
      [5, 'create'],
      [6, 'skip'],
      [7, 'skip'],
    ]);
    expect(plan.rows[2]?.customer).toMatchObject({ phones: ['13800138000'], source: 'event' });
    expect(plan.rows[3]?.customer).toMatchObject({
      phones: ['13900139000'],
      notes: '要白色',
      source: 'event',
    });
    expect(plan.rows[4]?.customer?.phones).toEqual(['13700137000']);
    expect(new Date(plan.rows[2]?.customer?.createdAt ?? '').getHours()).toBe(14);
  });

  it('reads an .xlsx renamed .csv as the workbook it is', async () => {
    const file = await openImportFile(await showWorkbook(), 'renamed.csv');
    expect(file.kind).toBe('xlsx');
  });

  it.each([
    ['an empty file', new Uint8Array(), 'empty'],
    ['only blank lines', new TextEncoder().encode('\r\n,,\r\n'), 'empty'],
    [
      'a binary file renamed .csv',
      new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 3]),
      'binary',
    ],
    [
      'an old .xls',
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      'xlsNotSupported',
    ],
    ['a broken .xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]), 'unreadableWorkbook'],
  ])('refuses %s with a clear error', async (_label, bytes, code) => {
    const error = await openImportFile(bytes, 'x.csv').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).code).toBe(code);
  });

  it('refuses a file over the size limit before reading it', async () => {
    const bytes = new Uint8Array(200 * 1024 * 1024 + 1).fill(0x41);
    const error = await openImportFile(bytes, 'big.csv').catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'tooLarge', params: { maxMb: 200 } });
  });
});
