// PostgreSQL through a pg Pool. Transactions take a pooled client for their whole length.
// LISTEN needs one connection that stays open: it is a dedicated client outside the pool, and
// when it drops (PostgreSQL restart, network) it is reconnected with backoff, every channel is
// listened to again, and the handlers are told that notifications may have been missed.

import pg from 'pg';
import {
  assertChannelName,
  type Database,
  type NotificationHandler,
  type Queryable,
  type SqlRow,
} from './database';

export type DatabaseLogger = {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
};

const silentLogger: DatabaseLogger = { warn: () => {}, error: () => {} };

function wrap(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row extends SqlRow = SqlRow>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query<Row>(sql, [...params]);
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
  const pool = new pg.Pool({ connectionString, max: 10 });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', (error) => logger.warn({ err: error }, 'idle PostgreSQL connection failed'));
  // Fail at start, not at the first request, when the database cannot be reached.
  await pool.query('SELECT 1');

  const direct = wrap(pool);
  const listener = createListener(connectionString, logger);

  return {
    kind: 'postgres',
    query: direct.query,
    exec: direct.exec,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
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
