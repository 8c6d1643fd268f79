// The export worker: writes the .xlsx, .csv or PDF of an export off the main thread, so a list of
// 10,000 follow-ups never freezes the board. Each format's library is loaded only when that
// format is asked for; the CJK font only for a PDF. One job per worker: the page terminates it
// when the file is made, or to cancel.

import boldFontUrl from '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf?url';
import regularFontUrl from '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf?url';
import type { ExportJob, ExportPhase, ExportWorkerMessage } from './export-worker-protocol';

function post(message: ExportWorkerMessage): void {
  // The file's bytes are moved, not copied.
  self.postMessage(message, { transfer: message.type === 'done' ? [message.bytes.buffer] : [] });
}

let reported: { phase: ExportPhase; percent: number } | null = null;

/**
 * pdfmake calls back for every item it renders: hundreds of thousands for a long list. Only a
 * new phase or a new whole percent is posted, so the page is not flooded with messages.
 */
function progress(phase: ExportPhase, ratio: number): void {
  const percent = Math.floor(100 * Math.min(1, Math.max(0, ratio)));
  if (reported && reported.phase === phase && reported.percent === percent) return;
  reported = { phase, percent };
  post({ type: 'progress', phase, ratio: percent / 100 });
}

async function fetchFont(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`font ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

async function build(job: ExportJob): Promise<Uint8Array> {
  switch (job.format) {
    case 'csv': {
      progress('writing', 0);
      const { buildCsv } = await import('./csv');
      return buildCsv(job.document);
    }
    case 'xlsx': {
      progress('writing', 0);
      const { buildXlsx } = await import('./xlsx');
      return buildXlsx(job.document, (ratio) => progress('writing', ratio));
    }
    case 'table-xlsx': {
      progress('writing', 0);
      const { buildTableXlsx } = await import('./table-xlsx');
      return buildTableXlsx(job.document);
    }
    case 'pdf': {
      const [{ buildPdf }, pdf] = await loadPdf();
      return buildPdf(job.document, pdf.fonts, pdf.pdfmake, (ratio) => progress('writing', ratio));
    }
    case 'delivery-confirmation': {
      const [
        { renderPdf },
        pdf,
        { confirmationDefinition },
        { downscalePhotos },
        { downscaleToJpeg },
      ] = await Promise.all([
        loadPdf(),
        import('./confirmation-pdf'),
        import('./confirmation-photos'),
        import('./downscale-image'),
      ]).then(
        ([[module, loaded], definition, photos, downscale]) =>
          [module, loaded, definition, photos, downscale] as const,
      );
      // Phone photos are re-encoded small here, off the main thread, so ten of them keep the
      // file at a few MB; one that cannot be decoded is left out and counted.
      const document = await downscalePhotos(job.document, (src) => downscaleToJpeg(src));
      return renderPdf(confirmationDefinition(document), pdf.fonts, pdf.pdfmake, (ratio) =>
        progress('writing', ratio),
      );
    }
  }
}

async function loadPdf() {
  progress('loadingFont', 0);
  const [module, regular, bold] = await Promise.all([
    import('./pdf'),
    fetchFont(regularFontUrl),
    fetchFont(boldFontUrl),
  ]);
  const pdfmake = await module.loadPdfMake();
  // pdfmake reports progress only while rendering pages, after the layout.
  progress('layout', 0);
  return [module, { fonts: { regular, bold }, pdfmake }] as const;
}

self.addEventListener('message', (event: MessageEvent<ExportJob>) => {
  build(event.data).then(
    (bytes) => post({ type: 'done', bytes }),
    (error: unknown) =>
      post({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
});
