// Runs one export in a Web Worker and reports its progress; cancelling terminates the worker,
// which stops whatever it was doing at once.

import type { ExportJob, ExportPhase, ExportWorkerMessage } from './export-worker-protocol';

export class ExportCancelledError extends Error {
  constructor() {
    super('Export cancelled');
    this.name = 'ExportCancelledError';
  }
}

export type ExportRun = { result: Promise<Uint8Array>; cancel(): void };

export function runExport(
  job: ExportJob,
  onProgress: (phase: ExportPhase, ratio: number) => void,
): ExportRun {
  // Written out in full so Vite finds the worker and bundles it (with its own chunks).
  const worker = new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module' });
  let settle: ((outcome: { bytes: Uint8Array } | { error: Error }) => void) | null = null;
  const result = new Promise<Uint8Array>((resolve, reject) => {
    settle = (outcome) => {
      settle = null;
      worker.terminate();
      if ('bytes' in outcome) resolve(outcome.bytes);
      else reject(outcome.error);
    };
  });
  worker.addEventListener('message', (event: MessageEvent<ExportWorkerMessage>) => {
    const message = event.data;
    if (message.type === 'progress') onProgress(message.phase, message.ratio);
    else if (message.type === 'done') settle?.({ bytes: message.bytes });
    else settle?.({ error: new Error(message.message) });
  });
  worker.addEventListener('error', (event) => {
    settle?.({ error: new Error(event.message || 'The export worker failed') });
  });
  worker.postMessage(job);
  return { result, cancel: () => settle?.({ error: new ExportCancelledError() }) };
}
