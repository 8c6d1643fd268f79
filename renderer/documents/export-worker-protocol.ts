// The messages between the page and the export worker (export.worker.ts).

import type { ExportFormat } from '../../shared/sync/export-protocol';
import type { ConfirmationDocument } from './confirmation-document';
import type { ExportDocument } from './export-table';
import type { SheetTable } from './table-xlsx';

/** A follow-up list in one of the export formats, a delivery's printable confirmation, or a plain table. */
export type ExportJob =
  | { format: ExportFormat; document: ExportDocument }
  | { format: 'delivery-confirmation'; document: ConfirmationDocument }
  | { format: 'table-xlsx'; document: SheetTable };

/** What the progress bar says: loading the CJK font, laying out pages, writing the file. */
export type ExportPhase = 'loadingFont' | 'layout' | 'writing';

export type ExportWorkerMessage =
  | { type: 'progress'; phase: ExportPhase; ratio: number }
  | { type: 'done'; bytes: Uint8Array }
  | { type: 'failed'; message: string };
