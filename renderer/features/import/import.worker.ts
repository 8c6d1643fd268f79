// The import worker: opens the file (decoding, ExcelJS), proposes the setup and plans every line
// off the main thread, so a 100,000-line file never freezes the wizard. It keeps the opened file
// and the lines corrected in the preview between requests; one file per worker.

import { ImportError } from '../../../shared/import/import-error';
import type { ExistingCard } from '../../../shared/import/duplicates';
import { cellText, type SheetGrid } from '../../../shared/import/grid';
import { planImport, proposeImportSetup, type PlanImportInput } from '../../../shared/import/plan';
import { openImportFile, type ImportFile } from '../../../shared/import/read-file';
import { cellsOfLines, invalidLines, withFixedLines } from './fix-line';
import type {
  ImportWorkerMessage,
  ImportWorkerRequest,
  PlanChoice,
} from './import-worker-protocol';

/** Lines shown under the encoding choice: enough to see a wrong guess and the header. */
const PREVIEW_LINES = 12;

let opened: ImportFile | null = null;
const fixes = new Map<number, string[]>();
let answerExisting: ((entries: [string, ExistingCard[]][]) => void) | null = null;

function post(message: ImportWorkerMessage): void {
  self.postMessage(message);
}

function grid(sheet: string | null): SheetGrid {
  if (!opened) throw new Error('No file is open');
  return withFixedLines(opened.grid(sheet), fixes);
}

function askExisting(phones: string[]): Promise<[string, ExistingCard[]][]> {
  return new Promise((resolve) => {
    answerExisting = resolve;
    post({ type: 'needExisting', phones });
  });
}

async function plan(choice: PlanChoice): Promise<void> {
  post({ type: 'progress', phase: 'checking' });
  const { sheet, ...rest } = choice;
  const input: PlanImportInput = { ...rest, grid: grid(sheet) };
  const first = planImport(input);
  post({ type: 'progress', phase: 'existing' });
  const phones = [...new Set(first.rows.flatMap((row) => row.customer?.phones ?? []))];
  const existing = new Map(await askExisting(phones));
  post({ type: 'progress', phase: 'planning' });
  const planned = planImport({ ...input, existing });
  post({
    type: 'planned',
    plan: planned,
    invalidCells: cellsOfLines(input.grid, invalidLines(planned), planned.headers.length),
  });
}

async function handle(request: ImportWorkerRequest): Promise<void> {
  switch (request.type) {
    case 'open': {
      post({ type: 'progress', phase: 'reading' });
      opened = await openImportFile(request.bytes, request.fileName, {
        encoding: request.encoding,
      });
      fixes.clear();
      const { fileName, kind, encoding, detected, sheetNames, defaultSheet } = opened;
      post({
        type: 'opened',
        file: { fileName, kind, encoding, detected, sheetNames, defaultSheet },
      });
      return;
    }
    case 'setup': {
      const { sheet, ...choice } = request.choice;
      const sheetGrid = grid(sheet);
      const preview = sheetGrid.rows.slice(0, PREVIEW_LINES).map((row) => ({
        line: row.line,
        cells: row.cells.map((cell) => cellText(cell)),
      }));
      try {
        const setup = proposeImportSetup({ ...choice, grid: sheetGrid });
        post({ type: 'setup', setup, problem: null, preview });
      } catch (error) {
        // No header: the preview still shows what the file holds, beside the message.
        if (!(error instanceof ImportError)) throw error;
        post({ type: 'setup', setup: null, problem: error.message, preview });
      }
      return;
    }
    case 'plan':
      return plan(request.choice);
    case 'existing':
      answerExisting?.(request.entries);
      answerExisting = null;
      return;
    case 'fixLine':
      fixes.set(request.line, request.cells);
      return plan(request.choice);
  }
}

self.addEventListener('message', (event: MessageEvent<ImportWorkerRequest>) => {
  handle(event.data).catch((error: unknown) =>
    post({
      type: 'failed',
      message: error instanceof Error ? error.message : String(error),
      importError: error instanceof ImportError,
    }),
  );
});
