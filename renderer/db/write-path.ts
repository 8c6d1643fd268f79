// The one write path. Every change to a synced row goes through writeRow(), which — inside the
// caller's Dexie transaction — stamps the row with a fresh HLC per field and appends the same
// field-level change to the outbox. Data and outbox commit together or not at all, so a crash can
// never leave a change that sync will not see.

import Dexie, { type Transaction } from 'dexie';
import { newClientId } from '../../shared/sync/client-id';
import { createHlc, formatHlc, tickHlc, type HlcState } from '../../shared/sync/hlc';
import { mergeFields, type MergeableRow } from '../../shared/sync/field-merge';
import { sameFieldValue } from '../../shared/sync/field-value';
import type { SyncedRow } from '../../shared/domain/synced-row';
import type { SyncTableName } from '../../shared/sync/tables';
import type { AppDB, OutboxEntry, SyncTableRows } from './AppDB';

/** Who writes and as which dealership; timestamps come from `now`. */
export type WriteContext = {
  db: AppDB;
  actorId: string;
  actorName: string;
  dealershipId: string;
  now: () => Date;
};

export type RowFields<Name extends SyncTableName> = Omit<
  SyncTableRows[Name],
  'id' | 'clocks' | 'updatedAt' | 'dealershipId' | 'deleted'
>;

/** Tables every write-path transaction must hold besides the data tables. */
export function writeTables(db: AppDB, ...names: SyncTableName[]) {
  return [...names.map((name) => db.table(name)), db.outbox, db.syncState];
}

/** Runs `work` in one read-write transaction over the given synced tables plus outbox and clock. */
export function inWriteTransaction<T>(
  ctx: WriteContext,
  names: SyncTableName[],
  work: () => Promise<T>,
): Promise<T> {
  return ctx.db.transaction('rw', writeTables(ctx.db, ...names), work);
}

export type WriteOptions = {
  /**
   * Record every given field, even one equal to the local value: a change that never reached the
   * server (set aside after it failed there) is sent again although the row already holds it.
   */
  resend?: boolean;
};

/**
 * Creates or updates one row. For a new row every field is recorded; for an existing row only the
 * fields whose value actually changed. Returns the row as stored (or the unchanged row).
 */
export async function writeRow<Name extends SyncTableName>(
  ctx: WriteContext,
  table: Name,
  rowId: string,
  fields: Partial<RowFields<Name>>,
  options: WriteOptions = {},
): Promise<SyncTableRows[Name]> {
  const [row] = await writeRows(ctx, table, [{ rowId, fields }], options);
  return row as SyncTableRows[Name];
}

/** The bulk form of writeRow (sample data, imports): one clock read, one bulkPut per table. */
export async function writeRows<Name extends SyncTableName>(
  ctx: WriteContext,
  table: Name,
  writes: { rowId: string; fields: Partial<RowFields<Name>> }[],
  options: WriteOptions = {},
): Promise<SyncTableRows[Name][]> {
  const transaction = requireWriteTransaction(ctx.db, table);
  const rowsTable = transaction.table<SyncTableRows[Name], string>(table);
  const existing = await rowsTable.bulkGet(writes.map((write) => write.rowId));
  let clock = await readClock(ctx.db);
  const now = ctx.now();
  const stored: SyncTableRows[Name][] = [];
  const outbox: OutboxEntry[] = [];
  writes.forEach((write, index) => {
    const current = existing[index];
    const changed =
      current && !options.resend ? changedFields(current, write.fields) : { ...write.fields };
    if (current && Object.keys(changed).length === 0) {
      stored.push(current);
      return;
    }
    clock = tickHlc(clock, now.getTime());
    const hlc = formatHlc(clock);
    const recorded: Record<string, unknown> = current
      ? { ...changed, updatedAt: now.toISOString() }
      : {
          ...newRowMeta(ctx, write.rowId, now),
          ...changed,
        };
    const merged = mergeFields(current as unknown as MergeableRow | undefined, {
      fields: recorded,
      hlc,
    });
    stored.push(merged.row as unknown as SyncTableRows[Name]);
    outbox.push({
      table,
      rowId: write.rowId,
      fields: recorded,
      hlc,
      base: current ? baseClocks(current.clocks, recorded) : {},
      createdAt: now.toISOString(),
    });
  });
  if (outbox.length > 0) {
    await rowsTable.bulkPut(stored);
    await ctx.db.outbox.bulkAdd(outbox);
    await ctx.db.syncState.put({ key: 'hlc', millis: clock.millis, counter: clock.counter });
  }
  return stored;
}

function newRowMeta(ctx: WriteContext, id: string, now: Date): Omit<SyncedRow, 'clocks'> {
  return {
    id,
    dealershipId: ctx.dealershipId,
    ownerId: ctx.actorId,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    deleted: false,
  };
}

/** The clocks the changed fields had before this write: how the server tells "on top of" from "concurrent". */
function baseClocks(
  clocks: Record<string, string>,
  fields: Record<string, unknown>,
): Record<string, string> {
  const base: Record<string, string> = {};
  for (const field of Object.keys(fields)) {
    const clock = clocks[field];
    if (clock !== undefined) base[field] = clock;
  }
  return base;
}

function changedFields<Row extends object>(current: Row, fields: Partial<Row>): Partial<Row> {
  const changed: Partial<Row> = {};
  for (const key of Object.keys(fields) as (keyof Row)[]) {
    if (!sameFieldValue(current[key], fields[key])) changed[key] = fields[key];
  }
  return changed;
}

function requireWriteTransaction(db: AppDB, table: SyncTableName): Transaction {
  const transaction = Dexie.currentTransaction;
  const names = transaction ? transaction.storeNames : [];
  if (
    !transaction ||
    transaction.mode !== 'readwrite' ||
    !names.includes(table) ||
    !names.includes('outbox') ||
    !names.includes('syncState')
  ) {
    throw new Error(
      `writeRow(${table}) must run inside inWriteTransaction() holding ${table}, outbox and syncState`,
    );
  }
  if (transaction.db !== db) throw new Error('writeRow: transaction belongs to another database');
  return transaction;
}

/** This client's id: the HLC node, and (with the outbox seq) the mutation id sync will use. */
export async function clientId(db: AppDB): Promise<string> {
  const row = await db.syncState.get('client');
  if (row && row.key === 'client') return row.clientId;
  const id = newClientId();
  await db.syncState.put({ key: 'client', clientId: id });
  return id;
}

async function readClock(db: AppDB): Promise<HlcState> {
  const node = await clientId(db);
  const row = await db.syncState.get('hlc');
  if (row && row.key === 'hlc') return { millis: row.millis, counter: row.counter, node };
  return createHlc(node);
}

/** How many local changes wait in the outbox to be pushed. */
export function countPendingChanges(db: AppDB): Promise<number> {
  return db.outbox.count();
}
