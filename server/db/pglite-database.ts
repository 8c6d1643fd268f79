// The embedded database: PGlite (PostgreSQL in WebAssembly) in a data directory, or in memory.
// PGlite is a single connection: it already runs queries and transactions one at a time (a query
// outside a transaction waits for the running transaction), which is exactly the serialization we
// need. Code inside a transaction must use the transaction's handle, never the database's, or it
// would wait for itself.

import { mkdir } from 'node:fs/promises';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { IN_MEMORY_DATA_DIR } from '../config';
import {
  assertChannelName,
  type Database,
  type NotificationHandler,
  type Queryable,
  type SqlRow,
} from './database';

function wrap(target: Pick<Transaction, 'query' | 'exec'>): Queryable {
  return {
    async query<Row extends SqlRow = SqlRow>(sql: string, params: readonly unknown[] = []) {
      const result = await target.query<Row>(sql, [...params]);
      return result.rows;
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  };
}

export async function openPgliteDatabase(dataDir: string): Promise<Database> {
  const inMemory = dataDir === IN_MEMORY_DATA_DIR;
  if (!inMemory) await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create(inMemory ? undefined : dataDir);
  const direct = wrap(pglite);
  return {
    kind: 'pglite',
    query: direct.query,
    exec: direct.exec,
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    async listen(channel: string, handler: NotificationHandler) {
      assertChannelName(channel);
      const unlisten = await pglite.listen(channel, (payload) => handler(payload));
      return async () => {
        if (!pglite.closed) await unlisten();
      };
    },
    async close() {
      if (!pglite.closed) await pglite.close();
    },
  };
}
