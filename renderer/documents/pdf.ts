// The PDF of an export, by pdfmake: a printable A4-landscape list for the morning meeting — the
// title, dealership, filters and print time, the table with its header row repeated on every
// page, escalated rows shaded, and "第 n / m 页" at the foot of each page.
//
// Chinese needs a CJK font in the file: Noto Sans SC (SIL OFL), from npm. The caller hands in the
// font files' bytes (the worker fetches them only when a PDF is made; tests read them from disk);
// pdfmake embeds only the glyphs used, so a list of a few pages stays small.

import type { Content, TDocumentDefinitions, TFontDictionary } from 'pdfmake/interfaces';
import {
  fillPageLabel,
  formatWallClock,
  type ExportColumn,
  type ExportDocument,
} from './export-table';

export type PdfFonts = { regular: Uint8Array; bold: Uint8Array };

/** What we use of pdfmake (its browser build and its Node build both have these). */
export type PdfMake = {
  virtualfs: { writeFileSync(name: string, content: Uint8Array): void };
  setFonts(fonts: TFontDictionary): void;
  setProgressCallback(callback: (progress: number) => void): void;
  setUrlAccessPolicy?(callback: (url: string) => boolean): void;
  setLocalAccessPolicy?(callback: (path: string) => boolean): void;
  createPdf(document: TDocumentDefinitions): { getBuffer(): Promise<Uint8Array> };
};

function isPdfMake(value: unknown): value is PdfMake {
  return (
    typeof value === 'object' &&
    value !== null &&
    'createPdf' in value &&
    typeof value.createPdf === 'function' &&
    'setFonts' in value &&
    'virtualfs' in value
  );
}

/** Loads pdfmake (a large module) only when a PDF is made. */
export async function loadPdfMake(): Promise<PdfMake> {
  const imported: unknown = await import('pdfmake');
  const candidate =
    typeof imported === 'object' && imported !== null && 'default' in imported
      ? imported.default
      : imported;
  if (!isPdfMake(candidate)) throw new Error('pdfmake did not load');
  return candidate;
}

/** The font every definition must use (the only one registered). */
export const PDF_FONT = 'NotoSansSC';
const REGULAR_FILE = 'NotoSansSC-Regular.ttf';
const BOLD_FILE = 'NotoSansSC-Bold.ttf';

const HEADER_FILL = '#f0f0f0';
const ESCALATED_FILL = '#fff1f0';

function cellText(column: ExportColumn | undefined, value: string | null, timeZone: string) {
  if (value === null) return '';
  return column?.kind === 'date' ? formatWallClock(value, timeZone) : value;
}

export function pdfDefinition(document: ExportDocument): TDocumentDefinitions {
  const { columns, timeZone } = document;
  const header = columns.map((column): Content => ({
    text: column.header,
    bold: true,
    fillColor: HEADER_FILL,
  }));
  const body: Content[][] = [header];
  document.rows.forEach((cells, rowIndex) => {
    const fillColor = document.escalated[rowIndex] ? ESCALATED_FILL : undefined;
    body.push(
      cells.map((value, index): Content => ({
        text: cellText(columns[index], value, timeZone),
        ...(fillColor ? { fillColor } : {}),
      })),
    );
  });
  return {
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [28, 32, 28, 36],
    info: { title: document.title, creator: 'DealerDesk' },
    defaultStyle: { font: PDF_FONT, fontSize: 8, lineHeight: 1.15 },
    footer: (currentPage: number, pageCount: number): Content => ({
      text: fillPageLabel(document.pageLabel, currentPage, pageCount),
      alignment: 'center',
      fontSize: 8,
      color: '#666666',
      margin: [0, 12, 0, 0],
    }),
    content: [
      { text: document.title, fontSize: 16, bold: true, margin: [0, 0, 0, 4] },
      ...document.details.map((line): Content => ({
        text: line,
        fontSize: 9,
        color: '#444444',
        margin: [0, 0, 0, 2],
      })),
      {
        margin: [0, 8, 0, 0],
        table: {
          headerRows: 1,
          widths: columns.map((column) => column.pdfWidth),
          body,
        },
        layout: {
          hLineWidth: (index: number) => (index <= 1 ? 0.8 : 0.3),
          vLineWidth: () => 0,
          hLineColor: () => '#bbbbbb',
          paddingTop: () => 2,
          paddingBottom: () => 2,
        },
      },
    ],
  };
}

export async function buildPdf(
  document: ExportDocument,
  fonts: PdfFonts,
  pdfmake: PdfMake,
  onProgress: (ratio: number) => void = () => undefined,
): Promise<Uint8Array> {
  return renderPdf(pdfDefinition(document), fonts, pdfmake, onProgress);
}

/**
 * Any of our PDFs (the follow-up list, the delivery confirmation): the definition's default font
 * is Noto Sans SC, embedded as a subset of the glyphs used.
 */
export async function renderPdf(
  definition: TDocumentDefinitions,
  fonts: PdfFonts,
  pdfmake: PdfMake,
  onProgress: (ratio: number) => void = () => undefined,
): Promise<Uint8Array> {
  // The document needs no file and no URL: refuse both (pdfmake would fetch an image URL; images
  // we embed are data URLs, which need no access).
  pdfmake.setUrlAccessPolicy?.(() => false);
  pdfmake.setLocalAccessPolicy?.(() => false);
  pdfmake.virtualfs.writeFileSync(REGULAR_FILE, fonts.regular);
  pdfmake.virtualfs.writeFileSync(BOLD_FILE, fonts.bold);
  pdfmake.setFonts({
    [PDF_FONT]: {
      normal: REGULAR_FILE,
      bold: BOLD_FILE,
      italics: REGULAR_FILE,
      bolditalics: BOLD_FILE,
    },
  });
  pdfmake.setProgressCallback(onProgress);
  const buffer = await pdfmake.createPdf(definition).getBuffer();
  return new Uint8Array(buffer);
}
