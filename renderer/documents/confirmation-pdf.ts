// The printable 交车确认单 (A4 portrait): the vehicle and dates, the checklist section by section
// with each item's state, who and when, the photos taken on checklist items (two per row, each
// captioned with its item), the customer's statement and signature. Built by pdfmake
// in the export worker, with the embedded CJK font (see ../exports/pdf.ts).

import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces';
import { fillPageLabel } from './export-table';
import { PDF_FONT } from './pdf';
import type { ConfirmationDocument } from './confirmation-document';
import { fillUnreadableLine } from './confirmation-photos';

const MUTED = '#555555';
const SECTION_FILL = '#f0f3f8';
/** A photo's box on the page: two side by side across the A4 text width (515 pt). */
const PHOTO_BOX: [number, number] = [245, 184];

export function confirmationDefinition(document: ConfirmationDocument): TDocumentDefinitions {
  const facts: Content = {
    table: {
      widths: [90, '*', 90, '*'],
      // Two facts per row: label, value, label, value.
      body: pairs(document.facts).map((pair) =>
        pair.flatMap(([label, value]): TableCell[] => [
          { text: label, color: MUTED },
          { text: value, bold: label !== '' },
        ]),
      ),
    },
    layout: 'noBorders',
    margin: [0, 6, 0, 10],
  };

  const header: TableCell[] = [
    { text: document.headers.item, bold: true },
    { text: document.headers.status, bold: true },
    { text: document.headers.by, bold: true },
    { text: document.headers.note, bold: true },
  ];
  const body: TableCell[][] = [header];
  for (const section of document.sections) {
    body.push([
      { text: section.title, bold: true, colSpan: 4, fillColor: SECTION_FILL },
      {},
      {},
      {},
    ]);
    for (const item of section.items) {
      body.push([item.label, item.status, { text: item.by, color: MUTED }, item.note]);
    }
  }

  const signature: Content[] = document.signature
    ? [{ image: document.signature, width: 180, margin: [0, 4, 0, 4] }]
    : [];

  return {
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 48],
    info: { title: document.title, creator: 'DealerDesk' },
    defaultStyle: { font: PDF_FONT, fontSize: 9, lineHeight: 1.2 },
    footer: (currentPage: number, pageCount: number): Content => ({
      text: fillPageLabel(document.pageLabel, currentPage, pageCount),
      alignment: 'center',
      fontSize: 8,
      color: MUTED,
      margin: [0, 16, 0, 0],
    }),
    content: [
      ...document.letterhead.map((line, index): Content => ({
        text: line,
        fontSize: index === 0 ? 12 : 8,
        bold: index === 0,
        color: index === 0 ? undefined : MUTED,
        alignment: 'center',
      })),
      { text: document.title, fontSize: 18, bold: true, alignment: 'center' },
      { text: document.subtitle, fontSize: 9, color: MUTED, alignment: 'center' },
      facts,
      {
        table: { headerRows: 1, widths: ['*', 110, 100, 110], body },
        layout: {
          hLineWidth: (index: number) => (index <= 1 ? 0.8 : 0.3),
          vLineWidth: () => 0,
          hLineColor: () => '#bbbbbb',
          paddingTop: () => 2,
          paddingBottom: () => 2,
        },
      },
      ...photosSection(document),
      {
        unbreakable: true,
        margin: [0, 16, 0, 0],
        stack: [
          { text: document.statement, margin: [0, 0, 0, 6] },
          ...signature,
          { text: document.signedLine, color: MUTED },
        ],
      },
    ],
  };
}

/** "交车照片": two photos per row, each with its caption; nothing when there is no photo. */
function photosSection(document: ConfirmationDocument): Content[] {
  if (document.photos.length === 0 && document.unreadablePhotos === 0) return [];
  const cell = (index: number): TableCell => {
    const photo = document.photos[index];
    if (!photo) return { text: '' };
    return {
      stack: [
        { image: photo.src, fit: PHOTO_BOX, alignment: 'center' },
        { text: photo.caption, bold: true, margin: [0, 3, 0, 0] },
        ...(photo.by ? [{ text: photo.by, color: MUTED }] : []),
      ],
      margin: [0, 0, 0, 8],
    };
  };
  const rows: TableCell[][] = [];
  for (let index = 0; index < document.photos.length; index += 2) {
    rows.push([cell(index), cell(index + 1)]);
  }
  return [
    { text: document.photosTitle, fontSize: 12, bold: true, margin: [0, 16, 0, 6] },
    ...(rows.length > 0
      ? [{ table: { widths: ['*', '*'], dontBreakRows: true, body: rows }, layout: 'noBorders' }]
      : []),
    ...(document.unreadablePhotos > 0
      ? [
          {
            text: fillUnreadableLine(document.unreadablePhotosLine, document.unreadablePhotos),
            color: MUTED,
          },
        ]
      : []),
  ] satisfies Content[];
}

function pairs<T>(list: readonly T[]): [T, T | ['', '']][] {
  const rows: [T, T | ['', '']][] = [];
  for (let index = 0; index < list.length; index += 2) {
    const first = list[index];
    if (first !== undefined) rows.push([first, list[index + 1] ?? ['', '']]);
  }
  return rows;
}
