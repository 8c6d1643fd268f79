// The .csv of an export: UTF-8 with a byte-order mark (so Excel on Chinese Windows opens it as
// UTF-8, not GBK), RFC 4180 quoting and CRLF line ends by Papa Parse, due times as local
// "YYYY-MM-DD HH:mm" (which Excel reads as dates). Cells that a spreadsheet would run as a formula
// (=, +, -, @ first, on any line) are escaped by neutraliseFormulae: names and purposes are typed
// by people.

import Papa from 'papaparse';
import { formatWallClock, type ExportDocument } from './export-table';
import { neutraliseFormulae } from './spreadsheet-cell';

const BOM = '\uFEFF';

export function buildCsvText(document: ExportDocument): string {
  const rows = document.rows.map((cells) =>
    cells.map((cell, index) =>
      document.columns[index]?.kind === 'date' && cell !== null
        ? formatWallClock(cell, document.timeZone)
        : neutraliseFormulae(cell ?? ''),
    ),
  );
  const text = Papa.unparse(
    {
      fields: document.columns.map((column) => neutraliseFormulae(column.header)),
      data: rows,
    },
    // Papa's escapeFormulae checks the first line only; ours has escaped every cell already.
    { newline: '\r\n', escapeFormulae: false },
  );
  return `${BOM}${text}\r\n`;
}

export function buildCsv(document: ExportDocument): Uint8Array {
  return new TextEncoder().encode(buildCsvText(document));
}
