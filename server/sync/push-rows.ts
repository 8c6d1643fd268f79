// The rows one push batch works on. Everything its changes will read is fetched in one statement
// before the first change is looked at; each change then reads and writes here, in memory, so a
// later change of the batch sees the earlier ones exactly as if they had been written; and the
// rows written go back to the database together at the end (push-sql.ts writeRows). A row the
// first read did not foresee (a merged card's survivor) is read on first use.

import type { SyncTableName } from '../../shared/sync/tables';
import type { Queryable } from '../db/database';
import { getCustomerChildren, getRecord, type RecordWrite } from '../db/records';
import { readRows, type RowKey } from './push-sql';

/** A row as the batch sees it (its seq is given when it is written). */
export type BatchRow = Omit<RecordWrite, 'dealershipId'>;

export type BatchRows = {
  /** The row as it stands at this point of the batch, or undefined when there is none. */
  get(table: SyncTableName, id: string): Promise<BatchRow | undefined>;
  /**
   * The rows hanging off a customer (not the customer), oldest seq first, as they stand at this
   * point of the batch: a row written in the batch comes after the stored ones, in write order.
   */
  children(customerId: string): Promise<BatchRow[]>;
  /** Takes rows in (a change that went through): later reads see them. */
  put(rows: readonly BatchRow[]): void;
  /** Every row written so far, once each, in the order of its last write. */
  written(): BatchRow[];
};

const keyOf = (table: string, id: string) => `${table}\u0000${id}`;

export async function loadBatchRows(
  tx: Queryable,
  dealershipId: string,
  keys: readonly RowKey[],
): Promise<BatchRows> {
  /** As stored before the batch; null: known not to exist. */
  const stored = new Map<string, BatchRow | null>();
  const unique = new Map(keys.map((key) => [keyOf(key.table, key.id), key]));
  for (const key of unique.keys()) stored.set(key, null);
  for (const row of await readRows(tx, dealershipId, [...unique.values()])) {
    stored.set(keyOf(row.table, row.id), row);
  }
  // Map order is insertion order: a row written again is deleted and put back at the end.
  const written = new Map<string, BatchRow>();

  return {
    async get(table, id) {
      const key = keyOf(table, id);
      const row = written.get(key) ?? stored.get(key);
      if (row !== undefined) return row ?? undefined;
      const read = (await getRecord(tx, dealershipId, table, id)) ?? null;
      stored.set(key, read);
      return read ?? undefined;
    },
    async children(customerId) {
      const rows: BatchRow[] = (await getCustomerChildren(tx, dealershipId, customerId)).filter(
        (row) => !written.has(keyOf(row.table, row.id)),
      );
      for (const row of written.values()) {
        if (row.customerId === customerId && row.table !== 'customers') rows.push(row);
      }
      return rows;
    },
    put(rows) {
      for (const row of rows) {
        const key = keyOf(row.table, row.id);
        written.delete(key);
        written.set(key, row);
      }
    },
    written: () => [...written.values()],
  };
}
