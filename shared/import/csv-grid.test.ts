import { describe, expect, it } from 'vitest';
import { readCsvGrid } from './csv-grid';

describe('readCsvGrid', () => {
  it('numbers records by the line they start on, also after a quoted line break', () => {
    const grid = readCsvGrid('姓名,地址\r\n王伟,"广州\n天河"\r\n\r\n李娜,深圳\r\n');
    expect(grid.sheet).toBeNull();
    expect(grid.rows).toEqual([
      { line: 1, cells: ['姓名', '地址'] },
      { line: 2, cells: ['王伟', '广州\n天河'] },
      { line: 4, cells: [''] },
      { line: 5, cells: ['李娜', '深圳'] },
    ]);
  });

  it('detects a tab or semicolon delimiter', () => {
    expect(readCsvGrid('姓名\t电话\n王伟\t13800138000').rows[1]?.cells).toEqual([
      '王伟',
      '13800138000',
    ]);
    expect(readCsvGrid('姓名;电话\n王伟;13800138000').rows[1]?.cells).toEqual([
      '王伟',
      '13800138000',
    ]);
  });

  it('keeps a last line without a line break', () => {
    expect(readCsvGrid('a,b\nc,d').rows).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['c', 'd'] },
    ]);
  });
});
