// Queries on synced rows (records), removals and the per-dealership write lock.
//
// Every write that gives out sync_seq values must run lockDealership() first, in the same
// transaction: sequence values are taken in order but could commit out of order, and a pull that
// saw seq 11 committed while seq 10 was still open would skip 10 for ever. Holding the
// dealership's lock until commit makes commits follow the order in which values were taken.

import type { SyncTableName } from '../../shared/sync/tables';
import type { Queryable } from './database';
import { LOCK_NAMESPACE_DEALERSHIP } from './migrations';

export type RecordRow = {
  table: SyncTableName;
  id: string;
  /** null: a dealership-scoped row, seen by everyone in the dealership. */
  ownerId: string | null;
  customerId: string | null;
  data: Record<string, unknown>;
  clocks: Record<string, string>;
  seq: string;
};

type RecordSqlRow = {
  table_name: SyncTableName;
  id: string;
  owner_id: string | null;
  customer_id: string | null;
  data: Record<string, unknown>;
  clocks: Record<string, string>;
  seq: string;
};

const RECORD_COLUMNS = 'table_name, id, owner_id::text, customer_id, data, clocks, seq::text';

function toRecord(row: RecordSqlRow): RecordRow {
  return {
    table: row.table_name,
    id: row.id,
    ownerId: row.owner_id,
    customerId: row.customer_id,
    data: row.data,
    clocks: row.clocks,
    seq: row.seq,
  };
}

export async function lockDealership(tx: Queryable, dealershipId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2::text))', [
    LOCK_NAMESPACE_DEALERSHIP,
    dealershipId,
  ]);
}

export async function getRecord(
  tx: Queryable,
  dealershipId: string,
  table: SyncTableName,
  id: string,
): Promise<RecordRow | undefined> {
  const [row] = await tx.query<RecordSqlRow>(
    `SELECT ${RECORD_COLUMNS} FROM records
     WHERE dealership_id = $1 AND table_name = $2 AND id = $3`,
    [dealershipId, table, id],
  );
  return row ? toRecord(row) : undefined;
}

/** The rows of these ids that exist (in no particular order). */
export async function getRecords(
  tx: Queryable,
  dealershipId: string,
  table: SyncTableName,
  ids: readonly string[],
): Promise<RecordRow[]> {
  const rows = await tx.query<RecordSqlRow>(
    `SELECT ${RECORD_COLUMNS} FROM records
     WHERE dealership_id = $1 AND table_name = $2 AND id = ANY($3::text[])`,
    [dealershipId, table, ids],
  );
  return rows.map(toRecord);
}

/**
 * Every row hanging off a customer (follow-ups, timeline, conflicts), not the customer itself, in
 * seq order. `records.seq`, not `seq`: the bare name is the select list's `seq::text`, and '1000'
 * sorts before '999' as text.
 */
export async function getCustomerChildren(
  tx: Queryable,
  dealershipId: string,
  customerId: string,
): Promise<RecordRow[]> {
  const rows = await tx.query<RecordSqlRow>(
    `SELECT ${RECORD_COLUMNS} FROM records
     WHERE dealership_id = $1 AND customer_id = $2 AND table_name <> 'customers'
     ORDER BY records.seq`,
    [dealershipId, customerId],
  );
  return rows.map(toRecord);
}

export type RecordWrite = {
  dealershipId: string;
  table: SyncTableName;
  id: string;
  ownerId: string | null;
  customerId: string | null;
  data: Record<string, unknown>;
  clocks: Record<string, string>;
};

/** Inserts or replaces a row with a new seq (the caller holds the dealership lock). */
export async function saveRecord(tx: Queryable, row: RecordWrite): Promise<string> {
  const [saved] = await tx.query<{ seq: string }>(
    `INSERT INTO records (dealership_id, table_name, id, owner_id, customer_id, data, clocks, seq)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, nextval('sync_seq'))
     ON CONFLICT (dealership_id, table_name, id) DO UPDATE SET
       owner_id = EXCLUDED.owner_id,
       customer_id = EXCLUDED.customer_id,
       data = EXCLUDED.data,
       clocks = EXCLUDED.clocks,
       seq = EXCLUDED.seq
     RETURNING seq::text`,
    [
      row.dealershipId,
      row.table,
      row.id,
      row.ownerId,
      row.customerId,
      JSON.stringify(row.data),
      JSON.stringify(row.clocks),
    ],
  );
  if (!saved) throw new Error('saveRecord returned nothing');
  return saved.seq;
}

/** Puts a `remove` for the row into the user's pull stream (the row left their scope). */
export async function insertRemoval(
  tx: Queryable,
  removal: { dealershipId: string; userId: string; table: SyncTableName; rowId: string },
): Promise<void> {
  await tx.query(
    `INSERT INTO removals (seq, user_id, dealership_id, table_name, row_id)
     VALUES (nextval('sync_seq'), $1, $2, $3, $4)`,
    [removal.userId, removal.dealershipId, removal.table, removal.rowId],
  );
}
