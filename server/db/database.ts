// The one database interface the server uses, implemented over PostgreSQL (pg Pool) and over the
// embedded PGlite. Both run the same SQL, so everything above this layer is backend-agnostic.
//
// Result types differ between the two drivers (pg returns bigint as a string, PGlite as a number),
// so queries cast what they read: bigints `::text`, timestamps through toIso().

export type DatabaseKind = 'pglite' | 'postgres';

export type SqlRow = Record<string, unknown>;

/**
 * `jsonAsText`: json and jsonb columns come back as the JSON text PostgreSQL sent, not parsed —
 * for a result that only passes through to an HTTP answer (the pull), where parsing it into
 * objects and serialising them again would be wasted. (Casting to text in SQL instead costs the
 * database about twice as much as sending the column as it is.)
 */
export type QueryOptions = { jsonAsText?: boolean };

export type Queryable = {
  /** One statement with $1… parameters. */
  query<Row extends SqlRow = SqlRow>(
    sql: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<Row[]>;
  /** A script of several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
};

/**
 * Receives a NOTIFY payload, or null when the listening connection was re-established and
 * notifications may have been missed in between.
 */
export type NotificationHandler = (payload: string | null) => void;

export type Database = Queryable & {
  readonly kind: DatabaseKind;
  /** Runs fn in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** LISTEN on a channel; resolves to a function that stops listening. */
  listen(channel: string, handler: NotificationHandler): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

/**
 * The database cannot be reached, or it dropped the connection in the middle of a request: the
 * request did not happen (a transaction cut short is rolled back by PostgreSQL) and may succeed
 * when tried again. The HTTP layer answers it with 503 and Retry-After.
 */
export class DatabaseUnavailableError extends Error {
  constructor(options: { cause: unknown }) {
    super('The database is not reachable', options);
    this.name = 'DatabaseUnavailableError';
  }
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertChannelName(channel: string): void {
  // LISTEN takes an identifier, not a parameter: only plain names are allowed.
  if (!CHANNEL_NAME.test(channel)) throw new Error(`Invalid channel name: ${channel}`);
}

export function toIso(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return new Date(value).toISOString();
  throw new Error(`Not a timestamp: ${String(value)}`);
}
