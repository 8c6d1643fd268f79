// Lines corrected in the preview. The file itself is never changed: the corrections sit beside
// it and replace the cells of their lines whenever the grid is planned again, so a corrected
// line is judged by exactly the rules (and duplicate checks) every other line is.

import type { Cell, SheetGrid } from '../../../shared/import/grid';
import { cellText } from '../../../shared/import/grid';
import type { ImportPlan } from '../../../shared/import/plan';

export type LineFixes = ReadonlyMap<number, readonly string[]>;

/** The grid with the corrected lines' cells in place of the file's. */
export function withFixedLines(grid: SheetGrid, fixes: LineFixes): SheetGrid {
  if (fixes.size === 0) return grid;
  return {
    sheet: grid.sheet,
    rows: grid.rows.map((row) => {
      const fixed = fixes.get(row.line);
      return fixed ? { line: row.line, cells: [...fixed] as Cell[] } : row;
    }),
  };
}

/** The text of each cell of these lines, as wide as the header (for the editor and the export). */
export function cellsOfLines(
  grid: SheetGrid,
  lines: ReadonlySet<number>,
  width: number,
): Record<number, string[]> {
  const found: Record<number, string[]> = {};
  for (const row of grid.rows) {
    if (!lines.has(row.line)) continue;
    found[row.line] = Array.from({ length: width }, (_, column) => cellText(row.cells[column]));
  }
  return found;
}

/** The lines of a plan that are invalid. */
export function invalidLines(plan: Pick<ImportPlan, 'rows'>): Set<number> {
  return new Set(plan.rows.filter((row) => row.action === 'invalid').map((row) => row.line));
}
