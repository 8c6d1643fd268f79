// The write side of an import from Excel/CSV (the plan itself is shared/import/plan.ts).
//
// - planAgainstDatabase: the plan with this laptop's cards as the existing ones (the app's
//   duplicate rule: same normalized phone) and the dealership's thresholds.
// - applyImport: carries out the plan's create and update lines through the one write path
//   (rows + outbox + a timeline entry naming the file), in chunks of one transaction each, so a
//   screen can show progress and stop between chunks (AbortSignal). Each new card gets its first
//   follow-up per the cadence (newCardRows, as the card form) and the import's tag. The import is
//   recorded as a batch (local-only) with what undo needs.
// - undoImport: takes back what a batch did. A card it created whose creation has not reached
//   the server yet is withdrawn here: its rows and their outbox entries go, so nothing is ever
//   sent. A created card the server already holds cannot be removed by a push (the server
//   refuses a pushed `deleted`), so undo asks the server to withdraw it (the command
//   withdraw-imported-customers, passed in as `withdrawOnServer` when logged in): the server
//   checks that this user created it and nobody else worked on it since, deletes it for everyone
//   (a manager can restore it for 30 days), and the card leaves this laptop too. A card the
//   server refuses stays, with the reason; offline (or with no server) the synced cards are
//   refused as `offline` and the batch stays undoable, to finish online. Overwritten fields are
//   put back through the write path (the restore syncs), except fields edited since the import,
//   which are kept and reported; inspectUndo says all this before the user confirms.

import Dexie from 'dexie';
import { v7 as uuidv7 } from 'uuid';
import type { Customer, CustomerFields } from '../../shared/domain/customer';
import { normalizedPhones } from '../../shared/domain/duplicates';
import { localDay } from '../../shared/domain/dates';
import { EMPTY_CUSTOMER_FORM } from '../../shared/domain/schemas';
import type { FieldChange } from '../../shared/domain/timeline';
import type { ExistingCard, ExistingPhones } from '../../shared/import/duplicates';
import type { ImportedCustomer } from '../../shared/import/imported-customer';
import {
  planImport,
  type ImportPlan,
  type PlanImportInput,
  type PlannedRow,
} from '../../shared/import/plan';
import type { ColumnMapping } from '../../shared/import/columns';
import type { EnumMappings } from '../../shared/import/enum-values';
import { updateFields } from '../../shared/import/update-fields';
import { sameFieldValue } from '../../shared/sync/field-value';
import {
  IMPORT_FILE_FIELD,
  type WithdrawImportedCustomersResponse,
  type WithdrawRefusal,
} from '../../shared/sync/protocol';
import type { SyncTableName } from '../../shared/sync/tables';
import type { AppDB, ImportBatchRow, ImportItemRow, ImportMappingRow } from './AppDB';
import { formValuesToFields, newCardRows, writeCustomerFields } from './customers-repo';
import { readDealershipSettings } from './settings-repo';
import { writeRows, writeTables, type RowFields, type WriteContext } from './write-path';
import { phoneIndexKey } from '../vault/sealing-middleware';

/** Lines per transaction: big enough to be fast, small enough to show progress and stop soon. */
export const IMPORT_CHUNK = 500;

export type ImportProgress = { done: number; total: number };

export type ApplyImportOptions = {
  fileName: string;
  /** The tag the cards carry; the plan's rows already hold it, this names the batch. */
  importName: string;
  chunkSize?: number;
  /** Checked between chunks: what was written stays (and can be undone), the rest is not written. */
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
};

export type ImportBatchSummary = Pick<ImportBatchRow, 'id' | 'state' | 'counts'>;

// ---- planning -------------------------------------------------------------------------------

/** Existing live cards holding any of these normalized phones. */
export async function existingPhonesFor(
  db: AppDB,
  phones: Iterable<string>,
): Promise<ExistingPhones> {
  const wanted = [...new Set(phones)];
  const byPhone = new Map<string, ExistingCard[]>();
  if (wanted.length === 0) return byPhone;
  const cards = await db.customers
    .where('phoneKeys')
    .anyOf(wanted.map((phone) => phoneIndexKey(db.keys, phone)))
    .toArray();
  const wantedSet = new Set(wanted);
  for (const card of cards) {
    if (card.deleted) continue;
    for (const phone of normalizedPhones(card.phones)) {
      if (!wantedSet.has(phone)) continue;
      const list = byPhone.get(phone) ?? [];
      if (!list.some((known) => known.customerId === card.id)) {
        list.push({ customerId: card.id, ownerId: card.ownerId, name: card.name });
      }
      byPhone.set(phone, list);
    }
  }
  return byPhone;
}

/**
 * planImport with this laptop's cards as the existing ones, today's date and the dealership's
 * intent thresholds. Plans twice: once to learn the file's phones, once against their cards.
 */
export async function planAgainstDatabase(
  db: AppDB,
  input: Omit<PlanImportInput, 'existing' | 'today' | 'intentThresholds'>,
  now: Date = new Date(),
): Promise<ImportPlan> {
  const settings = await readDealershipSettings(db);
  const base = { ...input, today: localDay(now), intentThresholds: settings.intentThresholds };
  const first = planImport(base);
  const phones = first.rows.flatMap((row) => row.customer?.phones ?? []);
  return planImport({ ...base, existing: await existingPhonesFor(db, phones) });
}

// ---- remembered mappings ----------------------------------------------------------------------

export async function saveImportMapping(
  db: AppDB,
  layoutKey: string,
  choice: { mapping: ColumnMapping; enumMappings: EnumMappings },
  now: Date = new Date(),
): Promise<void> {
  await db.importMappings.put({ layoutKey, ...choice, savedAt: now.toISOString() });
}

export async function loadImportMapping(
  db: AppDB,
  layoutKey: string,
): Promise<ImportMappingRow | undefined> {
  return db.importMappings.get(layoutKey);
}

// ---- applying ---------------------------------------------------------------------------------

const IMPORT_TABLES = ['customers', 'followUps', 'timeline', 'settings'] satisfies SyncTableName[];

function importTransaction<T>(ctx: WriteContext, work: () => Promise<T>): Promise<T> {
  const { db } = ctx;
  return db.transaction(
    'rw',
    [...writeTables(db, ...IMPORT_TABLES), db.imports, db.importItems],
    work,
  );
}

/** The card form's fields for a new card from a planned line. */
function newCardFields(customer: ImportedCustomer) {
  const { phones, createdAt: _createdAt, ...rest } = customer;
  return formValuesToFields({
    ...EMPTY_CUSTOMER_FORM,
    ...rest,
    phones: phones.map((number) => ({ number })),
  });
}

export async function applyImport(
  ctx: WriteContext,
  plan: ImportPlan,
  options: ApplyImportOptions,
): Promise<ImportBatchSummary> {
  const { db } = ctx;
  const lines = plan.rows.filter((row) => row.action === 'create' || row.action === 'update');
  const batch: ImportBatchRow = {
    id: uuidv7(),
    fileName: options.fileName,
    importName: options.importName,
    actorId: ctx.actorId,
    actorName: ctx.actorName,
    startedAt: ctx.now().toISOString(),
    finishedAt: null,
    state: 'running',
    counts: {
      lines: plan.rows.length,
      created: 0,
      updated: 0,
      duplicate: plan.counts.duplicate,
      invalid: plan.counts.invalid,
      skip: plan.counts.skip,
    },
    undoneAt: null,
  };
  await db.imports.add(batch);
  const chunkSize = options.chunkSize ?? IMPORT_CHUNK;
  const context: FieldChange[] = [{ field: IMPORT_FILE_FIELD, from: '', to: options.fileName }];
  let done = 0;
  options.onProgress?.({ done, total: lines.length });
  for (let start = 0; start < lines.length; start += chunkSize) {
    if (options.signal?.aborted) {
      batch.state = 'cancelled';
      break;
    }
    const chunk = lines.slice(start, start + chunkSize);
    await importTransaction(ctx, async () => {
      const created = await createCards(
        ctx,
        batch.id,
        chunk.filter((row) => row.action === 'create'),
        context,
      );
      const updated = await updateCards(
        ctx,
        batch.id,
        chunk.filter((row) => row.action === 'update'),
        context,
      );
      batch.counts.created += created;
      batch.counts.updated += updated;
      await db.imports.put({ ...batch });
    });
    done += chunk.length;
    options.onProgress?.({ done, total: lines.length });
  }
  if (batch.state === 'running') batch.state = 'done';
  batch.finishedAt = ctx.now().toISOString();
  await db.imports.put({ ...batch });
  return { id: batch.id, state: batch.state, counts: batch.counts };
}

async function createCards(
  ctx: WriteContext,
  batchId: string,
  rows: PlannedRow[],
  context: FieldChange[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const now = ctx.now();
  const settings = await readDealershipSettings(ctx.db);
  const customers: { rowId: string; fields: Partial<RowFields<'customers'>> }[] = [];
  const followUps: { rowId: string; fields: Partial<RowFields<'followUps'>> }[] = [];
  const timeline: { rowId: string; fields: Partial<RowFields<'timeline'>> }[] = [];
  const items: ImportItemRow[] = [];
  for (const row of rows) {
    if (!row.customer) continue;
    const ownerId = row.ownerId ?? ctx.actorId;
    const card = newCardRows(newCardFields(row.customer), ownerId, now, settings);
    const fields = row.customer.createdAt
      ? { ...card.customer.fields, createdAt: row.customer.createdAt }
      : card.customer.fields;
    customers.push({ rowId: card.customer.rowId, fields });
    const timelineId = uuidv7();
    timeline.push({
      rowId: timelineId,
      fields: {
        ownerId,
        customerId: card.customer.rowId,
        kind: 'created',
        at: now.toISOString(),
        actorId: ctx.actorId,
        actorName: ctx.actorName,
        changes: context,
        text: '',
      },
    });
    const made: ImportItemRow['rows'] = [{ table: 'timeline', id: timelineId }];
    if (card.followUp) {
      followUps.push(card.followUp);
      made.push({ table: 'followUps', id: card.followUp.rowId });
    }
    items.push({
      batchId,
      customerId: card.customer.rowId,
      line: row.line,
      kind: 'created',
      rows: made,
      prior: {},
      written: {},
    });
  }
  const stored = await writeRows(ctx, 'customers', customers);
  await writeRows(ctx, 'followUps', followUps);
  await writeRows(ctx, 'timeline', timeline);
  // The card as written: a later write (an edit, a sync that changed it) moves its updatedAt.
  stored.forEach((card, index) => {
    const item = items[index];
    if (item) item.written = { updatedAt: card.updatedAt };
  });
  await ctx.db.importItems.bulkPut(items);
  return items.length;
}

async function updateCards(
  ctx: WriteContext,
  batchId: string,
  rows: PlannedRow[],
  context: FieldChange[],
): Promise<number> {
  let updated = 0;
  for (const row of rows) {
    if (!row.customer || !row.choice || typeof row.duplicateOf !== 'string') continue;
    const card = await ctx.db.customers.get(row.duplicateOf);
    // Gone since planning (deleted by a manager, removed by sync): nothing to update.
    if (!card || card.deleted) continue;
    const fields = updateFields(card, row.customer, row.choice);
    if (Object.keys(fields).length === 0) continue;
    const prior: Record<string, unknown> = {};
    for (const field of Object.keys(fields)) prior[field] = card[field as keyof Customer];
    const before = await timelineIds(ctx.db, card.id);
    const stored = await writeCustomerFields(ctx, card.id, fields, context);
    const written: Record<string, unknown> = {};
    for (const field of Object.keys(fields)) written[field] = stored[field as keyof Customer];
    const after = await timelineIds(ctx.db, card.id);
    await ctx.db.importItems.put({
      batchId,
      customerId: card.id,
      line: row.line,
      kind: 'updated',
      rows: after.filter((id) => !before.includes(id)).map((id) => ({ table: 'timeline', id })),
      prior,
      written,
    });
    updated += 1;
  }
  return updated;
}

async function timelineIds(db: AppDB, customerId: string): Promise<string[]> {
  return db.timeline
    .where('[customerId+at]')
    .between([customerId, Dexie.minKey], [customerId, Dexie.maxKey])
    .primaryKeys();
}

// ---- undo -------------------------------------------------------------------------------------

export type UndoCheck = {
  batchId: string;
  /** Cards created by the import that can be withdrawn (not on the server yet). */
  withdrawable: string[];
  /** Created cards the server already holds: undo asks the server to withdraw them. */
  keptOnServer: string[];
  /** Cards changed since the import (edited, a follow-up done, a note): warn before undoing. */
  editedSince: string[];
};

/**
 * Why a created card is still there after an undo: the server's reason (protocol.ts
 * WITHDRAW_REFUSALS), or `offline`: the server could not be asked (no server, offline, logged
 * out, or the request failed) — undo the batch again online to finish.
 */
export type UndoRefusalReason = WithdrawRefusal | 'offline';

export type UndoResult = UndoCheck & {
  /** Created cards taken back: withdrawn on this laptop, or by the server. */
  withdrawn: number;
  restored: number;
  /** Of keptOnServer: the cards the server withdrew (gone for everyone, restorable by a manager). */
  withdrawnOnServer: string[];
  /**
   * Created cards that stay on the server, each with why: of keptOnServer; and, rarely, a card
   * withdrawn here that the server turned out to hold and keeps (the next pull brings it back).
   */
  refused: { customerId: string; reason: UndoRefusalReason }[];
  /** false: some cards wait to be withdrawn online (`offline`); the batch is not marked undone. */
  complete: boolean;
};

/**
 * The server's withdraw-imported-customers for the cards of an import it holds (SyncCommands'
 * withdrawImportedCustomers, which pages and pulls). Rejects when the server cannot be asked.
 */
export type WithdrawOnServer = (request: {
  customerIds: readonly string[];
  fileName: string;
}) => Promise<WithdrawImportedCustomersResponse>;

/** Tables holding a card's children, by their customerId index. */
const CHILD_TABLES = [
  'followUps',
  'orders',
  'deliveries',
  'deliveryItems',
  'surveys',
  'complaints',
] as const satisfies SyncTableName[];

type RowRef = { table: SyncTableName; id: string };

type ItemState = {
  item: ImportItemRow;
  card: Customer;
  /** created: the creation is still in the outbox (the server has never seen the card). */
  pending: boolean;
  edited: boolean;
  /** created: every row of the card (children and timeline), to withdraw with it. */
  rows: RowRef[];
};

type StampedRow = { id: string; customerId: string; createdAt: string; updatedAt: string };

/**
 * Rows of these cards in a customer-scoped table. The import's card ids are UUIDv7 made one after
 * another, so one range scan over them (filtered to the set) beats a query per card.
 */
async function rowsOfCards(
  db: AppDB,
  table: SyncTableName,
  ids: ReadonlySet<string>,
  sorted: string[],
): Promise<StampedRow[]> {
  const [first, last] = [sorted[0], sorted[sorted.length - 1]];
  if (first === undefined || last === undefined) return [];
  const rows =
    table === 'timeline'
      ? db.timeline
          .where('[customerId+at]')
          .between([first, Dexie.minKey], [last, Dexie.maxKey], true, true)
      : db.table<StampedRow, string>(table).where('customerId').between(first, last, true, true);
  const found: StampedRow[] = await rows.toArray();
  return found.filter((row) => ids.has(row.customerId));
}

/** Reads what undo needs to know about a chunk of a batch's items, in a few bulk reads. */
async function inspectItems(db: AppDB, items: ImportItemRow[]): Promise<ItemState[]> {
  const cards = await db.customers.bulkGet(items.map((item) => item.customerId));
  const createdIds = items.filter((item) => item.kind === 'created').map((item) => item.customerId);
  const createdSet = new Set(createdIds);
  const sorted = [...createdIds].sort();
  const creations = await db.outbox
    .where('[table+rowId]')
    .anyOf(createdIds.map((id) => ['customers', id]))
    .toArray();
  // Only a creation carries the row's dealershipId (writeRow's new-row meta).
  const pending = new Set(
    creations.filter((entry) => 'dealershipId' in entry.fields).map((entry) => entry.rowId),
  );
  const rowsByCard = new Map<string, (StampedRow & { table: SyncTableName })[]>();
  for (const table of [...CHILD_TABLES, 'timeline' as const]) {
    for (const row of await rowsOfCards(db, table, createdSet, sorted)) {
      rowsByCard.set(row.customerId, [
        ...(rowsByCard.get(row.customerId) ?? []),
        { ...row, table },
      ]);
    }
  }
  const states: ItemState[] = [];
  items.forEach((item, index) => {
    const card = cards[index];
    if (!card || card.deleted || item.undoneAt) return;
    if (item.kind === 'updated') {
      states.push({
        item,
        card,
        pending: false,
        edited: editedFields(card, item).length > 0,
        rows: [],
      });
      return;
    }
    const own = new Set(item.rows.map((row) => row.id));
    const rows = rowsByCard.get(card.id) ?? [];
    // The card written again, anything on it the import did not make, or its follow-up done.
    const edited =
      card.updatedAt !== item.written.updatedAt ||
      rows.some((row) => !own.has(row.id) || row.updatedAt !== row.createdAt);
    states.push({
      item,
      card,
      pending: pending.has(card.id),
      edited,
      rows: rows.map((row) => ({ table: row.table, id: row.id })),
    });
  });
  return states;
}

function editedFields(card: Customer, item: ImportItemRow): string[] {
  return Object.keys(item.written).filter(
    (field) => !sameFieldValue(card[field as keyof Customer], item.written[field]),
  );
}

function addToCheck(check: UndoCheck, states: ItemState[]): void {
  for (const state of states) {
    if (state.item.kind === 'created') {
      (state.pending ? check.withdrawable : check.keptOnServer).push(state.card.id);
    }
    if (state.edited) check.editedSince.push(state.card.id);
  }
}

/** What undoing the batch would do; nothing is written. */
export async function inspectUndo(db: AppDB, batchId: string): Promise<UndoCheck> {
  const items = await db.importItems.where('batchId').equals(batchId).toArray();
  const check: UndoCheck = { batchId, withdrawable: [], keptOnServer: [], editedSince: [] };
  for (let start = 0; start < items.length; start += IMPORT_CHUNK) {
    addToCheck(check, await inspectItems(db, items.slice(start, start + IMPORT_CHUNK)));
  }
  return check;
}

/**
 * Takes a batch back (see the module header); in chunks, one transaction each, with progress.
 * Call inspectUndo first to warn about cards edited since and cards already on the server.
 * `withdrawOnServer`: the server's command when logged in to one; without it, the cards the server
 * holds are refused as `offline`.
 */
export async function undoImport(
  ctx: WriteContext,
  batchId: string,
  options: {
    onProgress?: (progress: ImportProgress) => void;
    withdrawOnServer?: WithdrawOnServer | null;
  } = {},
): Promise<UndoResult> {
  const { db } = ctx;
  const batch = await db.imports.get(batchId);
  if (!batch) throw new Error(`Import ${batchId} not found`);
  if (batch.state === 'running') throw new Error(`Import ${batchId} is still running`);
  if (batch.state === 'undone') throw new Error(`Import ${batchId} was undone already`);
  const items = await db.importItems.where('batchId').equals(batchId).toArray();
  const context: FieldChange[] = [{ field: IMPORT_FILE_FIELD, from: batch.fileName, to: '' }];
  const result: UndoResult = {
    batchId,
    withdrawable: [],
    keptOnServer: [],
    editedSince: [],
    withdrawn: 0,
    restored: 0,
    withdrawnOnServer: [],
    refused: [],
    complete: true,
  };
  const tables = [
    ...writeTables(db, ...IMPORT_TABLES, ...CHILD_TABLES),
    db.imports,
    db.importItems,
  ];
  const withdrawnHere: string[] = [];
  for (let start = 0; start < items.length; start += IMPORT_CHUNK) {
    await db.transaction('rw', tables, async () => {
      const states = await inspectItems(db, items.slice(start, start + IMPORT_CHUNK));
      addToCheck(result, states);
      const withdrawn: RowRef[] = [];
      for (const { item, card, pending, rows } of states) {
        if (item.kind === 'created') {
          if (!pending) continue;
          withdrawn.push({ table: 'customers', id: card.id }, ...rows);
          withdrawnHere.push(card.id);
          result.withdrawn += 1;
          continue;
        }
        // Fields edited since the import keep the newer value.
        const edited = new Set(editedFields(card, item));
        const back: Record<string, unknown> = {};
        for (const [field, value] of Object.entries(item.prior)) {
          if (!edited.has(field)) back[field] = value;
        }
        if (Object.keys(back).length > 0) {
          await writeCustomerFields(ctx, card.id, back as Partial<CustomerFields>, context);
          result.restored += 1;
        }
        // Done with: an undo finished online later must not take it for an edit and warn again.
        await db.importItems.put({ ...item, undoneAt: ctx.now().toISOString() });
      }
      await withdrawRows(db, withdrawn);
    });
    options.onProgress?.({
      done: Math.min(start + IMPORT_CHUNK, items.length),
      total: items.length,
    });
  }
  await withdrawSynced(ctx, batch, result, withdrawnHere, options.withdrawOnServer ?? null);
  result.withdrawn += result.withdrawnOnServer.length;
  result.complete = !result.refused.some((refusal) => refusal.reason === 'offline');
  if (result.complete) {
    await db.imports.update(batchId, { state: 'undone', undoneAt: ctx.now().toISOString() });
  }
  return result;
}

/**
 * The created cards the server holds (result.keptOnServer): the server withdraws what it may, and
 * those cards leave this laptop at once with their rows and unsent changes (the pull that follows
 * the command brings the same removes; a failed pull must not leave them on screen).
 *
 * The cards withdrawn here as never sent (`withdrawnHere`) are asked about too: a push may have
 * reached the server while its answer was lost or still on its way (the import pushes as it
 * writes), and such a card would come back with the next pull. The server does not know the
 * others (`not_found`, expected); unasked (offline), they are taken as never sent.
 */
async function withdrawSynced(
  ctx: WriteContext,
  batch: ImportBatchRow,
  result: UndoResult,
  withdrawnHere: readonly string[],
  withdrawOnServer: WithdrawOnServer | null,
): Promise<void> {
  const kept = result.keptOnServer;
  if (kept.length === 0 && (withdrawnHere.length === 0 || !withdrawOnServer)) return;
  let answer: WithdrawImportedCustomersResponse;
  try {
    if (!withdrawOnServer) throw new Error('No sync server');
    answer = await withdrawOnServer({
      customerIds: [...kept, ...withdrawnHere],
      fileName: batch.fileName,
    });
  } catch {
    result.refused.push(...kept.map((customerId) => ({ customerId, reason: 'offline' as const })));
    return;
  }
  const asked = new Set(kept);
  const here = new Set(withdrawnHere);
  result.withdrawnOnServer = answer.withdrawn.filter((id) => asked.has(id));
  result.refused.push(
    ...answer.refused.filter(
      ({ customerId, reason }) =>
        asked.has(customerId) || (here.has(customerId) && reason !== 'not_found'),
    ),
  );
  const { db } = ctx;
  const tables = [...writeTables(db, 'customers', 'timeline', ...CHILD_TABLES)];
  for (let start = 0; start < result.withdrawnOnServer.length; start += IMPORT_CHUNK) {
    const chunk = result.withdrawnOnServer.slice(start, start + IMPORT_CHUNK);
    await db.transaction('rw', tables, async () => {
      const cards = new Set(chunk);
      const sorted = [...chunk].sort();
      const rows: RowRef[] = chunk.map((id) => ({ table: 'customers', id }));
      for (const table of [...CHILD_TABLES, 'timeline' as const]) {
        for (const row of await rowsOfCards(db, table, cards, sorted))
          rows.push({ table, id: row.id });
      }
      await withdrawRows(db, rows);
    });
  }
}

/** Deletes rows here, with every outbox entry that would have sent them. */
async function withdrawRows(db: AppDB, rows: RowRef[]): Promise<void> {
  if (rows.length === 0) return;
  const byTable = new Map<SyncTableName, string[]>();
  for (const row of rows) byTable.set(row.table, [...(byTable.get(row.table) ?? []), row.id]);
  for (const [table, ids] of byTable) await db.table(table).bulkDelete(ids);
  const outboxKeys = await db.outbox
    .where('[table+rowId]')
    .anyOf(rows.map((row) => [row.table, row.id]))
    .primaryKeys();
  await db.outbox.bulkDelete(outboxKeys);
}

/** The recorded imports, newest first. */
export async function listImports(db: AppDB): Promise<ImportBatchRow[]> {
  return db.imports.orderBy('startedAt').reverse().toArray();
}
