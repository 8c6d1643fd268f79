// The embedded database: PGlite (PostgreSQL in WebAssembly) in a data directory, or in memory.
// PGlite is a single connection: it already runs queries and transactions one at a time (a query
// outside a transaction waits for the running transaction), which is exactly the serialization we
// need. Code inside a transaction must use the transaction's handle, never the database's, or it
// would wait for itself.
//
// PGlite runs in this process, so it never drops a connection; the one way it is "away" is once
// closed (a shutdown in progress): that is DatabaseUnavailableError like a lost PostgreSQL.

import { mkdir } from 'node:fs/promises';
import { PGlite, types, type Transaction } from '@electric-sql/pglite';
import { IN_MEMORY_DATA_DIR } from '../config';
import {
  assertChannelName,
  DatabaseUnavailableError,
  type Database,
  type NotificationHandler,
  type Queryable,
  type QueryOptions,
  type SqlRow,
} from './database';

const asText = (value: string) => value;
/** json and jsonb left as text (QueryOptions.jsonAsText). */
const JSON_AS_TEXT = { parsers: { [types.JSON]: asText, [types.JSONB]: asText } };

function wrap(target: Pick<Transaction, 'query' | 'exec'>): Queryable {
  return {
    async query<Row extends SqlRow = SqlRow>(
      sql: string,
      params: readonly unknown[] = [],
      options: QueryOptions = {},
    ) {
      const result = await target.query<Row>(
        sql,
        [...params],
        options.jsonAsText ? JSON_AS_TEXT : undefined,
      );
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
  const whileOpen = <T>(run: () => Promise<T>): Promise<T> => {
    if (pglite.closed) {
      return Promise.reject(new DatabaseUnavailableError({ cause: new Error('PGlite is closed') }));
    }
    return run();
  };
  return {
    kind: 'pglite',
    query: (sql, params, options) => whileOpen(() => direct.query(sql, params, options)),
    exec: (sql) => whileOpen(() => direct.exec(sql)),
    transaction: (fn) => whileOpen(() => pglite.transaction((tx) => fn(wrap(tx)))),
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
