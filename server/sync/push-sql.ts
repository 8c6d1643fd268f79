// The statements of a push, each for a whole batch: a batch of 500 changes takes about ten
// statements whatever it holds (the per-change statements were 90 % of a push's time). Rows travel
// as one JSON parameter (jsonb_to_recordset), not as arrays: one text the database parses once,
// where the drivers would escape every quote of every row into an array literal and each row's
// JSON would be parsed again on its own (measured: the slowest of the three on PostgreSQL).

import type { RejectReason } from '../../shared/sync/protocol';
import type { SyncTableName } from '../../shared/sync/tables';
import type { Queryable } from '../db/database';
import type { RecordRow, RecordWrite } from '../db/records';

/** A row of records, by its table and id (the dealership is the batch's). */
export type RowKey = { table: SyncTableName; id: string };

type RecordSqlRow = {
  table_name: SyncTableName;
  id: string;
  owner_id: string | null;
  customer_id: string | null;
  data: Record<string, unknown>;
  clocks: Record<string, string>;
  seq: string;
};

/**
 * The stored rows among `keys`, and the customer of each child row found: everything the batch's
 * checks read, in one statement. A key with no row is simply absent. Each key is looked up on its
 * own through the primary key (LATERAL): joined as a set, the planner would rather scan the whole
 * dealership's rows than probe the index a thousand times.
 */
export async function readRows(
  tx: Queryable,
  dealershipId: string,
  keys: readonly RowKey[],
): Promise<RecordRow[]> {
  if (keys.length === 0) return [];
  const rows = await tx.query<RecordSqlRow>(
    `WITH wanted AS (
       SELECT DISTINCT * FROM unnest($2::text[], $3::text[]) AS w (table_name, id)
     ),
     found AS (
       SELECT r.* FROM wanted w CROSS JOIN LATERAL (
         SELECT table_name, id, owner_id, customer_id, data, clocks, seq FROM records
         WHERE dealership_id = $1 AND table_name = w.table_name AND id = w.id
       ) r
     ),
     customers AS (
       SELECT customer_id AS id FROM found
       WHERE table_name <> 'customers' AND customer_id IS NOT NULL
       EXCEPT
       SELECT id FROM wanted WHERE table_name = 'customers'
     )
     SELECT table_name, id, owner_id::text, customer_id, data, clocks, seq::text FROM found
     UNION ALL
     SELECT r.table_name, r.id, r.owner_id::text, r.customer_id, r.data, r.clocks, r.seq::text
     FROM customers c CROSS JOIN LATERAL (
       SELECT * FROM records
       WHERE dealership_id = $1 AND table_name = 'customers' AND id = c.id
     ) r`,
    [dealershipId, keys.map((key) => key.table), keys.map((key) => key.id)],
  );
  return rows.map((row) => ({
    table: row.table_name,
    id: row.id,
    ownerId: row.owner_id,
    customerId: row.customer_id,
    data: row.data,
    clocks: row.clocks,
    seq: row.seq,
  }));
}

/**
 * Inserts or replaces the rows, each with a new seq, taken in the order given (the order of each
 * row's last change in the batch, as when every change was written on its own). A row appears at
 * most once: ON CONFLICT DO UPDATE cannot touch one row twice in a statement.
 */
export async function writeRows(
  tx: Queryable,
  dealershipId: string,
  rows: readonly Omit<RecordWrite, 'dealershipId'>[],
): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(
    rows.map((row) => ({
      table_name: row.table,
      id: row.id,
      owner_id: row.ownerId,
      customer_id: row.customerId,
      data: row.data,
      clocks: row.clocks,
    })),
  );
  await tx.query(
    `INSERT INTO records (dealership_id, table_name, id, owner_id, customer_id, data, clocks, seq)
     SELECT $1::uuid, r.table_name, r.id, r.owner_id, r.customer_id, r.data, r.clocks,
            nextval('sync_seq')
     FROM jsonb_to_recordset($2::jsonb) AS r (
       table_name text, id text, owner_id uuid, customer_id text, data jsonb, clocks jsonb
     )
     ON CONFLICT (dealership_id, table_name, id) DO UPDATE SET
       owner_id = EXCLUDED.owner_id,
       customer_id = EXCLUDED.customer_id,
       data = EXCLUDED.data,
       clocks = EXCLUDED.clocks,
       seq = EXCLUDED.seq`,
    [dealershipId, json],
  );
}

/** A `remove` of a row for one user: the row left their scope (server/db/records.ts). */
export type Removal = { userId: string; table: SyncTableName; rowId: string };

export async function writeRemovals(
  tx: Queryable,
  dealershipId: string,
  removals: readonly Removal[],
): Promise<void> {
  if (removals.length === 0) return;
  await tx.query(
    `INSERT INTO removals (seq, user_id, dealership_id, table_name, row_id)
     SELECT nextval('sync_seq'), r.user_id, $1::uuid, r.table_name, r.row_id
     FROM unnest($2::uuid[], $3::text[], $4::text[]) AS r (user_id, table_name, row_id)`,
    [
      dealershipId,
      removals.map((removal) => removal.userId),
      removals.map((removal) => removal.table),
      removals.map((removal) => removal.rowId),
    ],
  );
}

/** What the `mutations` table keeps of a handled (clientId, seq): its ack, to repeat it. */
export type StoredOutcome = {
  status: 'applied' | 'rejected';
  reason: RejectReason | null;
  message: string | null;
  table: SyncTableName;
  rowId: string;
};

export async function readOutcomes(
  tx: Queryable,
  clientId: string,
  seqs: readonly number[],
): Promise<Map<number, StoredOutcome>> {
  const rows = await tx.query<{
    seq: string | number;
    status: 'applied' | 'rejected';
    reason: RejectReason | null;
    message: string | null;
    table_name: SyncTableName;
    row_id: string;
  }>(
    `SELECT seq, status, reason, message, table_name, row_id FROM mutations
     WHERE client_id = $1 AND seq = ANY($2::bigint[])`,
    [clientId, seqs],
  );
  return new Map(
    rows.map((row) => [
      Number(row.seq),
      {
        status: row.status,
        reason: row.reason,
        message: row.message,
        table: row.table_name,
        rowId: row.row_id,
      },
    ]),
  );
}

/** The batch's outcomes in one INSERT, in the transaction of their effects. */
export async function writeOutcomes(
  tx: Queryable,
  clientId: string,
  outcomes: ReadonlyArray<{ seq: number; outcome: StoredOutcome }>,
): Promise<void> {
  if (outcomes.length === 0) return;
  await tx.query(
    `INSERT INTO mutations (client_id, seq, table_name, row_id, status, reason, message)
     SELECT $1, o.seq, o.table_name, o.row_id, o.status, o.reason, o.message
     FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       AS o (seq, table_name, row_id, status, reason, message)`,
    [
      clientId,
      outcomes.map(({ seq }) => seq),
      outcomes.map(({ outcome }) => outcome.table),
      outcomes.map(({ outcome }) => outcome.rowId),
      outcomes.map(({ outcome }) => outcome.status),
      outcomes.map(({ outcome }) => outcome.reason),
      outcomes.map(({ outcome }) => outcome.message),
    ],
  );
}
