// A sheet as the import sees it: rows of cells, each row knowing its own line in the file (the
// CSV's physical line where the record starts, the worksheet's row number), so every reason the
// plan gives points at a line the user can find in the file they opened.

/** What a cell can hold after reading: text (CSV, text cells), numbers and dates (xlsx). */
export type Cell = string | number | boolean | Date | null;

export type GridRow = {
  /** The file's own 1-based line (CSV) or row number (xlsx). */
  line: number;
  cells: Cell[];
};

export type SheetGrid = {
  /** The worksheet's name; null for a CSV file. */
  sheet: string | null;
  rows: GridRow[];
};

/** A cell as display text: trimmed; numbers without Excel's float noise; dates as YYYY-MM-DD. */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell.trim();
  if (typeof cell === 'number')
    return Number.isInteger(cell) ? String(cell) : String(+cell.toPrecision(15));
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return cell.toISOString().slice(0, 10);
}

export function isBlankRow(row: GridRow): boolean {
  return row.cells.every((cell) => cellText(cell) === '');
}

/** "A", "B", … "Z", "AA": how spreadsheet users name a column. */
export function columnLetter(index: number): string {
  let letters = '';
  let rest = index + 1;
  while (rest > 0) {
    const digit = (rest - 1) % 26;
    letters = String.fromCharCode(65 + digit) + letters;
    rest = Math.floor((rest - 1) / 26);
  }
  return letters;
}
