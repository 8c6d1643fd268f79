// The floor of a manager's first sync (first-sync.ts): the very rows the app just pulled, read back
// from the app's own database on the same origin, then written into a fresh database of the same
// schema with nothing but Dexie's bulkPut. What a first sync cannot beat in this browser: no
// network, no JSON, no merge, no live queries.

import { AppDB } from '../../renderer/db/AppDB';
import { testKeySource } from '../../renderer/test-support/test-keys';
import { SYNC_TABLE_NAMES } from '../../shared/sync/tables';

export type FloorRun = {
  /** Rows per synced table in the app's database. */
  rowsByTable: Record<string, number>;
  rows: number;
  /** Reading them all back (not part of the floor). */
  readMs: number;
  /** One bulkPut per table, each its own transaction. */
  bulkPutMs: number;
  /** The same rows in transactions of `pageSize` rows (the pull's page), bulkPut only. */
  pagedMs: number;
  pageSize: number;
};

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function emptyDb(name: string): Promise<AppDB> {
  await AppDB.delete(name);
  const db = new AppDB(name, testKeySource);
  await db.open();
  return db;
}

async function run(appDbName: string, pageSize: number): Promise<FloorRun> {
  const app = new AppDB(appDbName, testKeySource);
  const tables = new Map<string, Record<string, unknown>[]>();
  const readMs = await timed(async () => {
    for (const name of SYNC_TABLE_NAMES) {
      tables.set(name, await app.table<Record<string, unknown>, string>(name).toArray());
    }
  });
  app.close();
  const rowsByTable = Object.fromEntries([...tables].map(([name, rows]) => [name, rows.length]));
  const rows = [...tables.values()].reduce((sum, list) => sum + list.length, 0);

  const whole = await emptyDb(`${appDbName}-floor-whole`);
  const bulkPutMs = await timed(async () => {
    for (const [name, list] of tables) await whole.table(name).bulkPut(list);
  });
  whole.close();
  await AppDB.delete(whole.name);

  const paged = await emptyDb(`${appDbName}-floor-paged`);
  const chunks: [string, Record<string, unknown>[]][] = [];
  for (const [name, list] of tables) {
    for (let start = 0; start < list.length; start += pageSize) {
      chunks.push([name, list.slice(start, start + pageSize)]);
    }
  }
  const pagedMs = await timed(async () => {
    for (const [name, list] of chunks) {
      await paged.transaction('rw', paged.table(name), () => paged.table(name).bulkPut(list));
    }
  });
  paged.close();
  await AppDB.delete(paged.name);

  return { rowsByTable, rows, readMs, bulkPutMs, pagedMs, pageSize };
}

declare global {
  // Declaration merging is the only way to type a property on window; a type alias can't merge.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    firstSyncFloor?: { run: typeof run };
  }
}

window.firstSyncFloor = { run };
