// The messages between the import wizard and its worker (import.worker.ts). The worker holds the
// opened file, so the page never keeps 100,000 lines of cells; it answers with the setup, a short
// preview and the plan. Existing cards live in Dexie on the page's side: the worker asks for
// the cards holding the file's phones and plans again against them (planAgainstDatabase's two
// passes, split across the thread boundary).

import type { TextEncodingName, EncodingGuess } from '../../../shared/import/decode';
import type { ExistingCard } from '../../../shared/import/duplicates';
import type { ImportFileKind } from '../../../shared/import/read-file';
import type { ImportPlan, ImportSetup, PlanImportInput } from '../../../shared/import/plan';

/** The choices of the wizard that shape the setup and the plan. */
export type SetupChoice = Pick<
  PlanImportInput,
  'headerRow' | 'mapping' | 'enumMappings' | 'owners'
> & { sheet: string | null };

export type PlanChoice = SetupChoice &
  Pick<PlanImportInput, 'importer' | 'today' | 'duplicates' | 'importName' | 'intentThresholds'>;

export type ImportWorkerRequest =
  | { type: 'open'; bytes: Uint8Array; fileName: string; encoding?: TextEncodingName }
  | { type: 'setup'; choice: SetupChoice }
  | { type: 'plan'; choice: PlanChoice }
  /** The cards holding the phones the worker asked for (answer to 'needExisting'). */
  | { type: 'existing'; entries: [string, ExistingCard[]][] }
  /** A line corrected in the preview: its cells replace the file's, then plan again. */
  | { type: 'fixLine'; line: number; cells: string[]; choice: PlanChoice };

export type OpenedFile = {
  fileName: string;
  kind: ImportFileKind;
  encoding: TextEncodingName | null;
  detected: EncodingGuess | null;
  sheetNames: string[];
  defaultSheet: string | null;
};

/** A line of the sheet as text, for the preview of the first rows. */
export type PreviewLine = { line: number; cells: string[] };

export type PlanPhase = 'reading' | 'checking' | 'existing' | 'planning';

export type ImportWorkerMessage =
  | { type: 'opened'; file: OpenedFile }
  /** problem: why no setup could be proposed (an i18n message: no header on this row/sheet). */
  | { type: 'setup'; setup: ImportSetup | null; problem: string | null; preview: PreviewLine[] }
  | { type: 'progress'; phase: PlanPhase }
  | { type: 'needExisting'; phones: string[] }
  /** The plan, with the cells of every invalid line (to fix in place or to export). */
  | { type: 'planned'; plan: ImportPlan; invalidCells: Record<number, string[]> }
  /** An ImportError's message (an i18n message, renderImportMessage) or another failure. */
  | { type: 'failed'; message: string; importError: boolean };
