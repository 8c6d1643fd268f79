// The .xlsx of an export, written by ExcelJS: one sheet with the list (a bold, frozen header row
// with an auto-filter, due times as real Excel dates, widths from the content) and one sheet that
// says what was exported (dealership, filters, when, by whom).

import ExcelJS from 'exceljs';
import { wallClock, type ExportDocument } from './export-table';
import { neutraliseFormulae } from './spreadsheet-cell';

/** Excel shows a date cell as it is stored (no time zone), so we store the showroom's wall time. */
function excelDate(iso: string, timeZone: string): Date {
  const c = wallClock(iso, timeZone);
  return new Date(Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second));
}

/** A CJK character takes about two of Excel's width units (the width of a "0"). */
function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[\u1100-\uffff]/.test(char) ? 2 : 1;
  return width;
}

const ESCALATED_FILL: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFFFF1F0' },
};
const DATE_FORMAT = 'yyyy-mm-dd hh:mm';
const DATE_WIDTH = 18;
const MIN_WIDTH = 6;
const MAX_WIDTH = 50;
/** Rows looked at for a column's width: enough to be typical, few enough for 10,000 rows. */
const WIDTH_SAMPLE = 2_000;

function columnWidth(document: ExportDocument, index: number): number {
  const column = document.columns[index];
  if (!column) return MIN_WIDTH;
  if (column.kind === 'date') return Math.max(DATE_WIDTH, displayWidth(column.header) + 2);
  let widest = displayWidth(column.header);
  for (const row of document.rows.slice(0, WIDTH_SAMPLE)) {
    widest = Math.max(widest, displayWidth(row[index] ?? ''));
  }
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 2));
}

export async function buildXlsx(
  document: ExportDocument,
  onProgress: (ratio: number) => void = () => undefined,
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'DealerDesk';
  workbook.created = new Date();
  workbook.title = document.title;

  const sheet = workbook.addWorksheet(document.title.slice(0, 31), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = document.columns.map((column, index) => ({
    header: neutraliseFormulae(column.header),
    key: column.key,
    width: columnWidth(document, index),
    style: column.kind === 'date' ? { numFmt: DATE_FORMAT } : {},
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF0F0F0' } };
  sheet.autoFilter = {
    from: { row: 1, column: 1 },
    to: { row: 1, column: document.columns.length },
  };

  const total = document.rows.length;
  document.rows.forEach((cells, rowIndex) => {
    const row = sheet.addRow(
      cells.map((cell, index) => {
        // An empty cell, not an empty string: Excel's filters and counts then treat it as blank.
        if (cell === null || cell === '') return null;
        // Text is never written as a formula, but Excel makes one of it when the cell is edited
        // or the sheet saved as .csv: escaped as in the .csv.
        return document.columns[index]?.kind === 'date'
          ? excelDate(cell, document.timeZone)
          : neutraliseFormulae(cell);
      }),
    );
    if (document.escalated[rowIndex]) row.fill = ESCALATED_FILL;
    if (rowIndex % 1000 === 999) onProgress((0.8 * (rowIndex + 1)) / total);
  });
  onProgress(0.8);

  const about = workbook.addWorksheet(document.aboutTitle.slice(0, 31));
  about.getColumn(1).width = 100;
  about.addRow([neutraliseFormulae(document.title)]).font = { bold: true, size: 14 };
  for (const line of document.details) about.addRow([neutraliseFormulae(line)]);

  const buffer = await workbook.xlsx.writeBuffer();
  onProgress(1);
  return new Uint8Array(buffer);
}
