// The page's side of the import worker: one request at a time (each waits for the one before,
// so quick changes of encoding or sheet are answered in order), the existing cards looked up on
// the page when the worker asks, and failures as ImportFailure with the worker's message.

import type { ExistingCard } from '../../../shared/import/duplicates';
import type { ImportPlan, ImportSetup } from '../../../shared/import/plan';
import type { TextEncodingName } from '../../../shared/import/decode';
import type {
  ImportWorkerMessage,
  ImportWorkerRequest,
  OpenedFile,
  PlanChoice,
  PlanPhase,
  PreviewLine,
  SetupChoice,
} from './import-worker-protocol';

/** Why the worker could not answer: an i18n message when `importError`, else plain text. */
export class ImportFailure extends Error {
  readonly importError: boolean;
  constructor(message: string, importError: boolean) {
    super(message);
    this.name = 'ImportFailure';
    this.importError = importError;
  }
}

export type SetupAnswer = {
  setup: ImportSetup | null;
  problem: string | null;
  preview: PreviewLine[];
};
export type PlanAnswer = { plan: ImportPlan; invalidCells: Record<number, string[]> };

export type ImportSession = {
  open(bytes: Uint8Array, fileName: string, encoding?: TextEncodingName): Promise<OpenedFile>;
  setup(choice: SetupChoice): Promise<SetupAnswer>;
  plan(choice: PlanChoice, onPhase: (phase: PlanPhase) => void): Promise<PlanAnswer>;
  fixLine(
    line: number,
    cells: string[],
    choice: PlanChoice,
    onPhase: (phase: PlanPhase) => void,
  ): Promise<PlanAnswer>;
  close(): void;
};

type Waiting = {
  expect: ImportWorkerMessage['type'];
  resolve: (message: ImportWorkerMessage) => void;
  reject: (error: Error) => void;
  onPhase?: (phase: PlanPhase) => void;
};

export function createImportSession(
  lookupExisting: (phones: string[]) => Promise<[string, ExistingCard[]][]>,
): ImportSession {
  // Written out in full so Vite finds the worker and bundles it.
  const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });
  let waiting: Waiting | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const fail = (error: Error) => {
    const current = waiting;
    waiting = null;
    current?.reject(error);
  };

  worker.addEventListener('message', (event: MessageEvent<ImportWorkerMessage>) => {
    const message = event.data;
    if (message.type === 'progress') {
      waiting?.onPhase?.(message.phase);
    } else if (message.type === 'needExisting') {
      lookupExisting(message.phones).then(
        (entries) =>
          worker.postMessage({ type: 'existing', entries } satisfies ImportWorkerRequest),
        (error: unknown) => fail(error instanceof Error ? error : new Error(String(error))),
      );
    } else if (message.type === 'failed') {
      fail(new ImportFailure(message.message, message.importError));
    } else if (waiting && waiting.expect === message.type) {
      const current = waiting;
      waiting = null;
      current.resolve(message);
    }
  });
  worker.addEventListener('error', (event) => {
    fail(new ImportFailure(event.message || 'The import worker failed', false));
  });

  function ask<Type extends ImportWorkerMessage['type']>(
    request: ImportWorkerRequest,
    expect: Type,
    onPhase?: (phase: PlanPhase) => void,
  ): Promise<Extract<ImportWorkerMessage, { type: Type }>> {
    const run = () =>
      new Promise<Extract<ImportWorkerMessage, { type: Type }>>((resolve, reject) => {
        waiting = {
          expect,
          resolve: (message) => resolve(message as Extract<ImportWorkerMessage, { type: Type }>),
          reject,
          onPhase,
        };
        // The bytes are copied, not moved: the page keeps them to decode again with another encoding.
        worker.postMessage(request);
      });
    const answer = queue.then(run, run);
    queue = answer.catch(() => undefined);
    return answer;
  }

  return {
    async open(bytes, fileName, encoding) {
      return (await ask({ type: 'open', bytes, fileName, encoding }, 'opened')).file;
    },
    async setup(choice) {
      const { setup, problem, preview } = await ask({ type: 'setup', choice }, 'setup');
      return { setup, problem, preview };
    },
    async plan(choice, onPhase) {
      const { plan, invalidCells } = await ask({ type: 'plan', choice }, 'planned', onPhase);
      return { plan, invalidCells };
    },
    async fixLine(line, cells, choice, onPhase) {
      const answer = await ask({ type: 'fixLine', line, cells, choice }, 'planned', onPhase);
      return { plan: answer.plan, invalidCells: answer.invalidCells };
    },
    close() {
      fail(new ImportFailure('closed', false));
      worker.terminate();
    },
  };
}
