// Opening a file for import: refuse what cannot be read (empty, too large, binary, the old .xls)
// with a clear ImportError before anything else happens, then give the grid of the chosen sheet.
// What a file is comes from its bytes, not its name: an .xlsx renamed .csv is still read as a
// workbook, and a binary file renamed .csv is refused instead of imported as garbage.

import { decodeText, type EncodingGuess, type TextEncodingName } from './decode';
import { readCsvGrid } from './csv-grid';
import { isBlankRow, type SheetGrid } from './grid';
import { IMPORT_LIMITS, ImportError } from './import-error';

export type ImportFileKind = 'csv' | 'xlsx';

export type ImportFile = {
  fileName: string;
  kind: ImportFileKind;
  /** The encoding the text was decoded with (CSV only; null for .xlsx). */
  encoding: TextEncodingName | null;
  /** What detection said (CSV only): offer an override when `basis` is 'guess'. */
  detected: EncodingGuess | null;
  /** Worksheet names ([] for CSV). */
  sheetNames: string[];
  /** The sheet to show first: the first one with any content (null for CSV). */
  defaultSheet: string | null;
  /** The grid of a sheet (CSV: the one grid; the argument is ignored). */
  grid: (sheet?: string | null) => SheetGrid;
};

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((byte, index) => bytes[index] === byte);
}

/** Control bytes no text file holds (NUL above all); tab, CR, LF and form feed are fine. */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) {
      control += 1;
    }
  }
  return control > sample.length / 100;
}

export async function openImportFile(
  bytes: Uint8Array,
  fileName: string,
  options: { encoding?: TextEncodingName } = {},
): Promise<ImportFile> {
  if (bytes.length === 0) throw new ImportError('empty');
  if (startsWith(bytes, ZIP)) return openWorkbook(bytes, fileName);
  if (startsWith(bytes, OLE)) throw new ImportError('xlsNotSupported');
  if (bytes.length > IMPORT_LIMITS.csvBytes) {
    throw new ImportError('tooLarge', { maxMb: IMPORT_LIMITS.csvBytes / 1024 / 1024 });
  }
  const utf16 =
    (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!utf16 && looksBinary(bytes)) throw new ImportError('binary');
  const decoded = decodeText(bytes, options);
  const grid = readCsvGrid(decoded.text);
  if (grid.rows.every(isBlankRow)) throw new ImportError('empty');
  return {
    fileName,
    kind: 'csv',
    encoding: decoded.encoding,
    detected: decoded.detected,
    sheetNames: [],
    defaultSheet: null,
    grid: () => grid,
  };
}

async function openWorkbook(bytes: Uint8Array, fileName: string): Promise<ImportFile> {
  if (bytes.length > IMPORT_LIMITS.xlsxBytes) {
    throw new ImportError('tooLarge', { maxMb: IMPORT_LIMITS.xlsxBytes / 1024 / 1024 });
  }
  // On demand: ExcelJS is large, and only .xlsx imports need it.
  const { readXlsxWorkbook } = await import('./xlsx-grid');
  const workbook = await readXlsxWorkbook(bytes);
  const grids = new Map<string, SheetGrid>();
  const grid = (sheet: string): SheetGrid => {
    const known = grids.get(sheet);
    if (known) return known;
    const read = workbook.grid(sheet);
    grids.set(sheet, read);
    return read;
  };
  const defaultSheet =
    workbook.sheetNames.find((name) => !grid(name).rows.every(isBlankRow)) ?? null;
  if (defaultSheet === null) throw new ImportError('empty');
  return {
    fileName,
    kind: 'xlsx',
    encoding: null,
    detected: null,
    sheetNames: workbook.sheetNames,
    defaultSheet,
    grid: (sheet) => grid(sheet ?? defaultSheet),
  };
}
