// The messages between the page and the export worker (export.worker.ts).

import type { ExportFormat } from '../../../shared/sync/export-protocol';
import type { ExportDocument } from './export-table';

export type ExportJob = { format: ExportFormat; document: ExportDocument };

/** What the progress bar says: loading the CJK font, laying out pages, writing the file. */
export type ExportPhase = 'loadingFont' | 'layout' | 'writing';

export type ExportWorkerMessage =
  | { type: 'progress'; phase: ExportPhase; ratio: number }
  | { type: 'done'; bytes: Uint8Array }
  | { type: 'failed'; message: string };
