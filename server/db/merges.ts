// Where merged cards went (merges) and which rows came along (merged_rows): what push needs to
// route a change made to a merged card, or to one of its rows, by a laptop that had not heard of
// the merge yet.

import type { SyncTableName } from '../../shared/sync/tables';
import type { Queryable } from './database';

export type MergeRecord = {
  id: string;
  mergedId: string;
  survivorId: string;
  mergedOwner: string;
  hlc: string;
};

type MergeSqlRow = {
  id: string;
  merged_id: string;
  survivor_id: string;
  merged_owner: string;
  hlc: string;
};

const toMerge = (row: MergeSqlRow): MergeRecord => ({
  id: row.id,
  mergedId: row.merged_id,
  survivorId: row.survivor_id,
  mergedOwner: row.merged_owner,
  hlc: row.hlc,
});

export async function findMerge(
  tx: Queryable,
  dealershipId: string,
  mergedId: string,
): Promise<MergeRecord | undefined> {
  const [row] = await tx.query<MergeSqlRow>(
    `SELECT id::text, merged_id, survivor_id, merged_owner::text, hlc FROM merges
     WHERE dealership_id = $1 AND merged_id = $2`,
    [dealershipId, mergedId],
  );
  return row ? toMerge(row) : undefined;
}

/**
 * The merge of `customerId` (its HLC, its owner then) with `survivorId` the card it lives on now:
 * its survivor, or that survivor's survivor when it was merged in turn. Undefined when
 * `customerId` was never merged.
 */
export async function finalSurvivor(
  tx: Queryable,
  dealershipId: string,
  customerId: string,
): Promise<MergeRecord | undefined> {
  const merge = await findMerge(tx, dealershipId, customerId);
  if (!merge) return undefined;
  let survivorId = merge.survivorId;
  // A survivor is live when merged into, so there are no cycles; `seen` only guards the loop.
  const seen = new Set([customerId]);
  while (!seen.has(survivorId)) {
    seen.add(survivorId);
    const next = await findMerge(tx, dealershipId, survivorId);
    if (!next) break;
    survivorId = next.survivorId;
  }
  return { ...merge, survivorId };
}

export async function insertMerge(
  tx: Queryable,
  merge: {
    dealershipId: string;
    mergedId: string;
    survivorId: string;
    mergedOwner: string;
    byUser: string;
    hlc: string;
  },
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `INSERT INTO merges (dealership_id, merged_id, survivor_id, merged_owner, by_user, hlc)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id::text`,
    [
      merge.dealershipId,
      merge.mergedId,
      merge.survivorId,
      merge.mergedOwner,
      merge.byUser,
      merge.hlc,
    ],
  );
  if (!row) throw new Error('insertMerge returned nothing');
  return row.id;
}

export async function insertMergedRow(
  tx: Queryable,
  row: {
    dealershipId: string;
    table: SyncTableName;
    rowId: string;
    fromCustomer: string;
    mergeId: string;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO merged_rows (dealership_id, table_name, row_id, from_customer, merge_id)
     VALUES ($1, $2, $3, $4, $5::bigint) ON CONFLICT DO NOTHING`,
    [row.dealershipId, row.table, row.rowId, row.fromCustomer, row.mergeId],
  );
}

/** The cards a row belonged to before merges moved it (oldest first). */
export async function mergedOrigins(
  tx: Queryable,
  dealershipId: string,
  table: SyncTableName,
  rowId: string,
): Promise<string[]> {
  const rows = await tx.query<{ from_customer: string }>(
    `SELECT from_customer FROM merged_rows
     WHERE dealership_id = $1 AND table_name = $2 AND row_id = $3 ORDER BY merge_id`,
    [dealershipId, table, rowId],
  );
  return rows.map((row) => row.from_customer);
}
