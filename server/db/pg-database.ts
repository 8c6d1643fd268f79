// PostgreSQL through a pg Pool. Transactions take a pooled client for their whole length.
// LISTEN needs one connection that stays open: it is a dedicated client outside the pool, and
// when it drops (PostgreSQL restart, network) it is reconnected with backoff, every channel is
// listened to again, and the handlers are told that notifications may have been missed.
//
// When PostgreSQL goes away (restart, failover, pg_terminate_backend, network) every query and
// transaction that needed it fails with DatabaseUnavailableError — which the HTTP layer answers
// with 503 — and the pool opens fresh connections once it is back. Nothing here may let a dropped
// connection become an unhandled 'error' event: that would end the whole process.

import pg from 'pg';
import {
  assertChannelName,
  DatabaseUnavailableError,
  type Database,
  type NotificationHandler,
  type Queryable,
  type QueryOptions,
  type SqlRow,
} from './database';

export type DatabaseLogger = {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
};

const silentLogger: DatabaseLogger = { warn: () => {}, error: () => {} };

/** How long a request waits for a connection (a new one, or a free one of the pool's). */
const CONNECT_TIMEOUT_MS = 10_000;

/** SQLSTATEs of a server that is gone or going: admin/crash shutdown, cannot connect now, full. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
// pg reports a lost socket and a pool wait that timed out by message only.
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect/;

/** Whether an error means the connection or the server is gone, rather than a bad statement. */
export function isConnectionFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  return (
    code.startsWith('08') || // connection_exception and its subclasses
    UNAVAILABLE_SQLSTATES.has(code) ||
    UNAVAILABLE_SOCKET_CODES.has(code) ||
    UNAVAILABLE_MESSAGE.test(error.message)
  );
}

const JSON_OIDS = new Set([114, 3802]);
/** pg's own parsers, except json and jsonb left as text (QueryOptions.jsonAsText). */
const JSON_AS_TEXT = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    JSON_OIDS.has(oid)
      ? (value: string) => value
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function wrap(client: pg.PoolClient): Queryable {
  return {
    async query<Row extends SqlRow = SqlRow>(
      sql: string,
      params: readonly unknown[] = [],
      options: QueryOptions = {},
    ) {
      const result = await client.query<Row>({
        text: sql,
        values: [...params],
        ...(options.jsonAsText ? { types: JSON_AS_TEXT } : {}),
      });
      return result.rows;
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

export async function openPgDatabase(
  connectionString: string,
  logger: DatabaseLogger = silentLogger,
): Promise<Database> {
  const pool = new pg.Pool({
    connectionString,
    max: 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    // A peer that vanished without closing (a cable, a VM) is noticed instead of waited on.
    keepAlive: true,
  });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', (error) => logger.warn({ err: error }, 'idle PostgreSQL connection failed'));
  // Fail at start, not at the first request, when the database cannot be reached.
  await pool.query('SELECT 1');

  /**
   * Runs use() on a checked-out client. The pool listens for errors only on idle clients, so a
   * connection cut while checked out needs this listener; a broken client is destroyed, not
   * returned to the pool.
   */
  async function withClient<T>(use: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      // Logged once per request, by the HTTP error handler.
      throw new DatabaseUnavailableError({ cause: error });
    }
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken ??= error;
    };
    client.on('error', onError);
    try {
      return await use(client);
    } catch (error) {
      if (broken || isConnectionFailure(error)) {
        broken ??= error instanceof Error ? error : new Error(String(error));
        throw new DatabaseUnavailableError({ cause: error });
      }
      throw error;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  const listener = createListener(connectionString, logger);

  return {
    kind: 'postgres',
    query: (sql, params, options) =>
      withClient((client) => wrap(client).query(sql, params, options)),
    exec: (sql) => withClient((client) => wrap(client).exec(sql)),
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return withClient(async (client) => {
        try {
          await client.query('BEGIN');
          const result = await fn(wrap(client));
          await client.query('COMMIT');
          return result;
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw error;
        }
      });
    },
    listen: listener.listen,
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}

function createListener(connectionString: string, logger: DatabaseLogger) {
  const handlers = new Map<string, Set<NotificationHandler>>();
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let retryDelayMs = 250;

  async function connect(): Promise<pg.Client> {
    const next = new pg.Client({ connectionString });
    next.on('notification', (message) => {
      for (const handler of handlers.get(message.channel) ?? []) handler(message.payload ?? '');
    });
    next.on('error', (error) => {
      logger.warn({ err: error }, 'PostgreSQL LISTEN connection failed; reconnecting');
      dropAndRetry(next);
    });
    next.on('end', () => dropAndRetry(next));
    await next.connect();
    for (const channel of handlers.keys()) await next.query(`LISTEN ${channel}`);
    return next;
  }

  function dropAndRetry(failed: pg.Client) {
    if (client !== failed || closed) return;
    client = null;
    failed.end().catch(() => {});
    scheduleReconnect();
  }

  function scheduleReconnect() {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      ensureConnected()
        .then(() => {
          retryDelayMs = 250;
          // Anything NOTIFY'd while we were away is lost: let listeners catch up.
          for (const set of handlers.values()) for (const handler of set) handler(null);
        })
        .catch((error: unknown) => {
          logger.error({ err: error }, 'PostgreSQL LISTEN reconnect failed');
          retryDelayMs = Math.min(retryDelayMs * 2, 5000);
          scheduleReconnect();
        });
    }, retryDelayMs);
    retryTimer.unref();
  }

  async function ensureConnected(): Promise<pg.Client> {
    if (client) return client;
    connecting ??= connect().finally(() => {
      connecting = null;
    });
    const connected = await connecting;
    if (closed) {
      await connected.end().catch(() => {});
      throw new Error('Database closed');
    }
    client = connected;
    return connected;
  }

  return {
    async listen(channel: string, handler: NotificationHandler) {
      assertChannelName(channel);
      const isNewChannel = !handlers.has(channel);
      const set = handlers.get(channel) ?? new Set<NotificationHandler>();
      set.add(handler);
      handlers.set(channel, set);
      const connected = await ensureConnected();
      if (isNewChannel) await connected.query(`LISTEN ${channel}`);
      return async () => {
        set.delete(handler);
        if (set.size > 0 || handlers.get(channel) !== set) return;
        handlers.delete(channel);
        if (client && !closed) await client.query(`UNLISTEN ${channel}`).catch(() => {});
      };
    },
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = null;
      if (current) await current.end().catch(() => {});
    },
  };
}
