// CSV text into a grid (Papa Parse). Each record keeps the physical line it starts on, so a
// quoted cell holding a line break (an address typed with Alt+Enter in Excel) does not shift the
// line numbers of everything after it. The delimiter is detected (comma, tab, semicolon).

import Papa from 'papaparse';
import type { GridRow, SheetGrid } from './grid';

export function readCsvGrid(text: string): SheetGrid {
  const rows: GridRow[] = [];
  let start = 0;
  let line = 1;
  Papa.parse<string[]>(text, {
    skipEmptyLines: false,
    step: (result) => {
      const end = result.meta.cursor;
      // Papa reports the end of the text as one more empty record; it is no line of the file.
      if (start >= text.length) return;
      rows.push({ line, cells: result.data });
      for (
        let at = text.indexOf('\n', start);
        at !== -1 && at < end;
        at = text.indexOf('\n', at + 1)
      ) {
        line += 1;
      }
      start = end;
    },
  });
  return { sheet: null, rows };
}
