// .xlsx into grids, with ExcelJS (works in Node and in a browser or worker). Loaded on demand by
// read-file.ts (a dynamic import), so the CSV path and the app's start never pay for ExcelJS.
//
// Merged cells: a cell merged with the one above takes its value (a 来源 merged over five rows
// means all five came from there); a cell merged with one to its left stays empty, so a title
// merged across the sheet is one cell of text, as the header detection expects. Missing rows
// come back as blank rows: every row number of the sheet is accounted for in the plan.

import ExcelJS from 'exceljs';
import type { Cell, GridRow, SheetGrid } from './grid';
import { ImportError } from './import-error';

export type XlsxWorkbook = {
  /** Worksheet names in the workbook's order (hidden sheets included: the user picks). */
  sheetNames: string[];
  /** The grid of one worksheet; throws ImportError('unknownSheet') for a name not in the book. */
  grid: (sheetName: string) => SheetGrid;
};

export async function readXlsxWorkbook(bytes: Uint8Array): Promise<XlsxWorkbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    // ExcelJS's typings ask for a Node Buffer; at run time it takes any ArrayBuffer-backed bytes.
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    await workbook.xlsx.load(buffer as Parameters<typeof workbook.xlsx.load>[0]);
  } catch {
    throw new ImportError('unreadableWorkbook');
  }
  const sheets = workbook.worksheets;
  if (sheets.length === 0) throw new ImportError('noSheets');
  return {
    sheetNames: sheets.map((sheet) => sheet.name),
    grid: (sheetName) => {
      const sheet = workbook.getWorksheet(sheetName);
      if (!sheet) throw new ImportError('unknownSheet', { sheet: sheetName });
      return worksheetGrid(sheet);
    },
  };
}

function worksheetGrid(sheet: ExcelJS.Worksheet): SheetGrid {
  const rows: GridRow[] = [];
  const columns = sheet.columnCount;
  for (let line = 1; line <= sheet.rowCount; line += 1) {
    const row = sheet.getRow(line);
    const cells: Cell[] = [];
    for (let column = 1; column <= columns; column += 1) {
      const cell = row.getCell(column);
      const master = cell.isMerged ? cell.master : cell;
      cells.push(master === cell || master.row !== cell.row ? cellValue(master.value) : null);
    }
    rows.push({ line, cells });
  }
  return { sheet: sheet.name, rows };
}

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null;
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value instanceof Date
  ) {
    return value;
  }
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return value.text;
  if ('error' in value) return value.error;
  // A formula: what Excel computed last (the file keeps it).
  const result = value.result;
  if (result === undefined) return null;
  return typeof result === 'object' && !(result instanceof Date) ? result.error : result;
}
