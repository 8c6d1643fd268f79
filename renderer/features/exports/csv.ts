// The .csv of an export: UTF-8 with a byte-order mark (so Excel on Chinese Windows opens it as
// UTF-8, not GBK), RFC 4180 quoting and CRLF line ends by Papa Parse, due times as local
// "YYYY-MM-DD HH:mm" (which Excel reads as dates). Cells that a spreadsheet would run as a formula
// (=, +, -, @ first) are escaped: names and purposes are typed by people.

import Papa from 'papaparse';
import { formatWallClock, type ExportDocument } from './export-table';

const BOM = '\uFEFF';

export function buildCsvText(document: ExportDocument): string {
  const rows = document.rows.map((cells) =>
    cells.map((cell, index) =>
      document.columns[index]?.kind === 'date' && cell !== null
        ? formatWallClock(cell, document.timeZone)
        : (cell ?? ''),
    ),
  );
  const text = Papa.unparse(
    { fields: document.columns.map((column) => column.header), data: rows },
    { newline: '\r\n', escapeFormulae: true },
  );
  return `${BOM}${text}\r\n`;
}

export function buildCsv(document: ExportDocument): Uint8Array {
  return new TextEncoder().encode(buildCsvText(document));
}
