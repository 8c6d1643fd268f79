// A plain table as an .xlsx: a bold, frozen header row and text cells, widths from the content.
// For files that are a list and nothing more — the import template, the invalid lines of an
// import sent back to be corrected — built in the export worker like every other file.

import ExcelJS from 'exceljs';
import { neutraliseFormulae } from './spreadsheet-cell';

export type SheetTable = {
  /** The sheet's name (and the file's base name). */
  title: string;
  headers: string[];
  rows: string[][];
};

/** A CJK character takes about two of Excel's width units. */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u1100-\uffff]/.test(char) ? 2 : 1;
  return width;
}

export async function buildTableXlsx(table: SheetTable): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'DealerDesk';
  workbook.created = new Date();
  // Sheet names: at most 31 characters, none of : \ / ? * [ ].
  const sheet = workbook.addWorksheet(table.title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = table.headers.map((header, index) => {
    const widest = Math.max(
      displayWidth(header),
      ...table.rows.slice(0, 2_000).map((row) => displayWidth(row[index] ?? '')),
    );
    // Text format: a phone typed into the template stays digits, never 1.38E+10.
    return {
      header: neutraliseFormulae(header),
      width: Math.min(50, Math.max(8, widest + 2)),
      style: { numFmt: '@' },
    };
  });
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) {
    sheet.addRow(row.map((cell) => (cell === '' ? null : neutraliseFormulae(cell))));
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return new Uint8Array(buffer);
}
