// Finding the real header: offices put a title ("2026广州国际车展 客户登记表"), a date line or a
// blank line above it. The header is the row, among the first lines, where most cells are known
// column names — and it must name the customer or the phone, or nothing useful can be imported.

import { targetForHeader } from './columns';
import { cellText, isBlankRow, type GridRow } from './grid';

/** How far down a header is looked for. */
export const HEADER_SEARCH_ROWS = 30;

export type HeaderGuess = {
  /** Index into the grid's rows (not the line number). */
  index: number;
  /** Known column names in the row. */
  score: number;
};

export function headerScore(row: GridRow): { score: number; hasKey: boolean } {
  let score = 0;
  let hasKey = false;
  for (const cell of row.cells) {
    const target = targetForHeader(cellText(cell));
    if (target === null) continue;
    score += target === 'ignore' ? 0.5 : 1;
    if (target === 'name' || target === 'phones') hasKey = true;
  }
  return { score, hasKey };
}

/** The header row among the first HEADER_SEARCH_ROWS lines, or null when none names enough. */
export function detectHeaderRow(rows: readonly GridRow[]): HeaderGuess | null {
  let best: HeaderGuess | null = null;
  rows.slice(0, HEADER_SEARCH_ROWS).forEach((row, index) => {
    if (isBlankRow(row)) return;
    const { score, hasKey } = headerScore(row);
    if (!hasKey || score < 2) return;
    if (!best || score > best.score) best = { index, score };
  });
  return best;
}

/** A title above the header: the text of the first non-blank row above it (for the import name). */
export function titleAbove(rows: readonly GridRow[], headerIndex: number): string | null {
  for (const row of rows.slice(0, headerIndex)) {
    const texts = row.cells.map(cellText).filter((text) => text !== '');
    if (texts.length > 0) return [...new Set(texts)].join(' ');
  }
  return null;
}
