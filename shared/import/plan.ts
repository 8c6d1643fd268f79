// The import plan: what would happen to every line of the sheet, before anything is written.
// Every line of the file gets exactly one action — create, update (an existing card),
// duplicate (skipped), invalid, skip (blank, title, header, totals) — and, unless it is a plain
// create, the reason in words (an i18n key, see reasons.ts). The write side (renderer/db/
// import-repo.ts) carries out create and update rows only, so the plan is the whole truth.

import { DEFAULT_INTENT_THRESHOLDS, type IntentThresholds } from '../domain/intent';
import { headerLayoutKey, proposeMapping, type ColumnMapping, type ImportField } from './columns';
import {
  existingCardsFor,
  LinePhoneIndex,
  SKIP_DUPLICATES,
  type DuplicateChoice,
  type DuplicatePolicy,
  type ExistingPhones,
} from './duplicates';
import {
  proposeEnumMapping,
  type EnumField,
  type EnumFieldValues,
  type EnumMappings,
} from './enum-values';
import { cellText, isBlankRow, type GridRow, type SheetGrid } from './grid';
import { detectHeaderRow, headerScore, titleAbove } from './header';
import { IMPORT_LIMITS, ImportError } from './import-error';
import type { ImportedCustomer } from './imported-customer';
import { canAssignOwners, matchUser, type Importer, type OwnerAssignment } from './owners';
import { importReason } from './reasons';
import { buildRow } from './row';

export type PlanAction = 'create' | 'update' | 'duplicate' | 'invalid' | 'skip';

export type PlannedRow = {
  /** The file's own 1-based line (CSV) or row number (xlsx). */
  line: number;
  action: PlanAction;
  /** An i18n message (renderImportMessage) — for every action but a plain create. */
  reason?: string;
  /** The earlier line of the file (number) or the existing card's id (string). */
  duplicateOf?: number | string;
  /** create/update, and duplicates: the line's normalized fields. */
  customer?: ImportedCustomer;
  /** create: whose card it becomes. */
  ownerId?: string;
  /** update: how the existing card is changed. */
  choice?: Exclude<DuplicateChoice, { mode: 'skip' }>;
};

/** What the mapping screen shows and the user may change before planning. */
export type ImportSetup = {
  sheet: string | null;
  /** The header's line number. */
  headerRow: number;
  headers: string[];
  /** Remember the user's mapping under this key (headerLayoutKey). */
  layoutKey: string;
  /** The text above the header, e.g. "2026广州国际车展 客户登记表" (a good import name). */
  title: string | null;
  mapping: ColumnMapping;
  enumMappings: EnumMappings;
  /** Distinct names of a mapped 顾问 column → proposed user id (null: no match). */
  ownerNames: Record<string, string | null>;
};

export type ImportPlan = ImportSetup & {
  rows: PlannedRow[];
  counts: Record<PlanAction, number>;
  /** Names of the 顾问 column that match no active user (their lines are invalid). */
  unmatchedOwners: string[];
};

export type PlanImportInput = {
  grid: SheetGrid;
  importer: Importer;
  /** Today's local day, YYYY-MM-DD (what 级别 and birthdays are judged against). */
  today: string;
  /** Overrides of the proposal (the user's choices on the mapping screen). */
  headerRow?: number;
  mapping?: ColumnMapping;
  enumMappings?: EnumMappings;
  /** Existing cards by normalized phone; absent: duplicates within the file only. */
  existing?: ExistingPhones;
  duplicates?: DuplicatePolicy;
  owners?: OwnerAssignment;
  /** The tag of every card and the default event detail; defaults to the title. */
  importName?: string;
  intentThresholds?: IntentThresholds;
};

/** First cell words of a totals line. */
const TOTALS = /^(合\s*计|总\s*计|小\s*计|共\s*计|总\s*数|汇\s*总|total|sum)/i;

function headerIndexOf(grid: SheetGrid, headerRow: number | undefined): number {
  if (headerRow !== undefined) {
    const index = grid.rows.findIndex((row) => row.line === headerRow);
    if (index < 0) throw new ImportError('noHeader');
    return index;
  }
  const guess = detectHeaderRow(grid.rows);
  if (!guess) throw new ImportError('noHeader');
  return guess.index;
}

function distinctTexts(rows: readonly GridRow[], columns: number[]): string[] {
  const texts = new Set<string>();
  for (const row of rows) {
    for (const column of columns) {
      const text = cellText(row.cells[column]);
      if (text !== '') texts.add(text);
    }
  }
  return [...texts];
}

function columnsOf(mapping: ColumnMapping, field: ImportField): number[] {
  return mapping.flatMap((target, column) => (target === field ? [column] : []));
}

/**
 * The proposal for a grid: header row, mapping, enumeration values and owner names, each
 * replaced by the caller's choice where given. Throws ImportError('noHeader').
 */
export function proposeImportSetup(
  input: Pick<PlanImportInput, 'grid' | 'headerRow' | 'mapping' | 'enumMappings' | 'owners'>,
): ImportSetup {
  const { grid } = input;
  const headerIndex = headerIndexOf(grid, input.headerRow);
  const headerRow = grid.rows[headerIndex];
  if (!headerRow) throw new ImportError('noHeader');
  // A loop, not Math.max(...rows): a sheet may hold more rows than a call takes arguments.
  const width = grid.rows.reduce((widest, row) => Math.max(widest, row.cells.length), 0);
  const headers = Array.from({ length: width }, (_, column) => cellText(headerRow.cells[column]));
  const mapping = input.mapping ?? proposeMapping(headers);
  const dataRows = grid.rows.slice(headerIndex + 1);
  const choose = <Field extends EnumField>(
    field: Field,
  ): Record<string, EnumFieldValues[Field] | null> | undefined => {
    const columns = columnsOf(mapping, field);
    if (columns.length === 0) return undefined;
    return {
      ...proposeEnumMapping(field, distinctTexts(dataRows, columns)),
      ...input.enumMappings?.[field],
    };
  };
  const enumMappings: EnumMappings = {
    gender: choose('gender'),
    source: choose('source'),
    payment: choose('payment'),
    purpose: choose('purpose'),
    intentLevel: choose('intentLevel'),
  };
  const ownerNames: Record<string, string | null> = {};
  const owners = input.owners;
  if (owners?.mode === 'column') {
    for (const name of distinctTexts(dataRows, columnsOf(mapping, 'owner'))) {
      ownerNames[name] = owners.names?.[name] ?? matchUser(name, owners.users);
    }
  }
  return {
    sheet: grid.sheet,
    headerRow: headerRow.line,
    headers,
    layoutKey: headerLayoutKey(headers),
    title: titleAbove(grid.rows, headerIndex),
    mapping,
    enumMappings,
    ownerNames,
  };
}

function isTotals(row: GridRow): boolean {
  const first = row.cells.map(cellText).find((text) => text !== '');
  return first !== undefined && TOTALS.test(first);
}

/** The header printed again further down (two lists pasted into one sheet). */
function isRepeatedHeader(row: GridRow, headers: readonly string[]): boolean {
  // The cheap comparison first: this runs for every line of a 100,000-line file.
  const texts = row.cells.map(cellText);
  return texts.every((text, column) => text === (headers[column] ?? '')) && headerScore(row).hasKey;
}

export function planImport(input: PlanImportInput): ImportPlan {
  const setup = proposeImportSetup(input);
  const { grid, importer } = input;
  const headerIndex = grid.rows.findIndex((row) => row.line === setup.headerRow);
  const dataLines = grid.rows.slice(headerIndex + 1).filter((row) => !isBlankRow(row)).length;
  if (dataLines > IMPORT_LIMITS.dataRows) {
    throw new ImportError('tooManyRows', { max: IMPORT_LIMITS.dataRows });
  }
  const managerImport = canAssignOwners(importer);
  const owners: OwnerAssignment = managerImport
    ? (input.owners ?? { mode: 'importer' })
    : { mode: 'importer' };
  const importName = (input.importName ?? setup.title ?? '').trim();
  const policy = input.duplicates ?? SKIP_DUPLICATES;
  const existing = input.existing ?? new Map();
  const rowContext = {
    headers: setup.headers,
    mapping: setup.mapping,
    enumMappings: setup.enumMappings,
    today: input.today,
    intentThresholds: input.intentThresholds ?? DEFAULT_INTENT_THRESHOLDS,
    importName,
    ownerColumn: owners.mode === 'column',
  };
  const phonesOfFile = new LinePhoneIndex();
  const unmatched = new Set<string>();
  let dealt = 0;
  const rows: PlannedRow[] = grid.rows.map((row, index): PlannedRow => {
    const { line } = row;
    if (index < headerIndex) {
      return { line, action: 'skip', reason: importReason(isBlankRow(row) ? 'blank' : 'title') };
    }
    if (index === headerIndex) return { line, action: 'skip', reason: importReason('header') };
    if (isBlankRow(row)) return { line, action: 'skip', reason: importReason('blank') };
    if (isTotals(row)) return { line, action: 'skip', reason: importReason('totals') };
    if (isRepeatedHeader(row, setup.headers)) {
      return { line, action: 'skip', reason: importReason('header') };
    }
    const built = buildRow(row, rowContext);
    if (!built.ok) return { line, action: 'invalid', reason: built.reason };
    const { customer } = built;

    const earlier = phonesOfFile.earlierLine(customer.phones);
    phonesOfFile.claim(customer.phones, line);
    if (earlier !== null) {
      return {
        line,
        action: 'duplicate',
        reason: importReason('sameAsLine', { line: earlier }),
        duplicateOf: earlier,
        customer,
      };
    }

    const cards = existingCardsFor(customer.phones, existing);
    const [card] = cards;
    if (card) {
      if (cards.length > 1) {
        return {
          line,
          action: 'duplicate',
          reason: importReason('severalCards'),
          duplicateOf: card.customerId,
          customer,
        };
      }
      if (!managerImport && card.ownerId !== importer.id) {
        return {
          line,
          action: 'duplicate',
          reason: importReason('otherConsultantsCard'),
          duplicateOf: card.customerId,
          customer,
        };
      }
      const choice = policy.byLine?.[line] ?? policy.default;
      if (choice.mode === 'skip') {
        return {
          line,
          action: 'duplicate',
          reason: importReason('existingCard', { name: card.name ?? '' }),
          duplicateOf: card.customerId,
          customer,
        };
      }
      return {
        line,
        action: 'update',
        reason: importReason(choice.mode === 'fill' ? 'fillExisting' : 'overwriteExisting', {
          name: card.name ?? '',
        }),
        duplicateOf: card.customerId,
        customer,
        choice,
      };
    }

    let ownerId = importer.id;
    if (owners.mode === 'column') {
      if (built.ownerName === null)
        return { line, action: 'invalid', reason: importReason('ownerMissing') };
      const matched = setup.ownerNames[built.ownerName] ?? null;
      if (matched === null) {
        unmatched.add(built.ownerName);
        return {
          line,
          action: 'invalid',
          reason: importReason('ownerUnknown', { name: built.ownerName }),
        };
      }
      ownerId = matched;
    } else if (owners.mode === 'roundRobin' && owners.userIds.length > 0) {
      ownerId = owners.userIds[dealt % owners.userIds.length] ?? importer.id;
      dealt += 1;
    }
    return { line, action: 'create', customer, ownerId };
  });

  const counts: Record<PlanAction, number> = {
    create: 0,
    update: 0,
    duplicate: 0,
    invalid: 0,
    skip: 0,
  };
  for (const row of rows) counts[row.action] += 1;
  return { ...setup, rows, counts, unmatchedOwners: [...unmatched] };
}
