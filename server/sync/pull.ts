// GET /v1/pull: the caller's scope as one stream ordered by sync_seq — the current state of every
// row written after the cursor, and the removals of rows that left the caller's scope or were
// merged away.
//
// Each branch of the UNION reads one index range in seq order ((dealership, owner, seq),
// (dealership, seq), (user, seq)), so PostgreSQL merges them without sorting the whole scope.
//
// A page is bounded by row count and by bytes: rows can be large (photos as data URLs), and a
// page of a thousand of them would be hundreds of MiB. The database measures each row's JSON and
// keeps the prefix of the page that fits the budget — always at least one change, so a single row
// larger than the budget still makes progress. A page cut short says hasMore like a full one.

import { createHlc, formatHlc } from '../../shared/sync/hlc';
import type { Change, PullQuery, PullResponse } from '../../shared/sync/protocol';
import type { SyncTableName } from '../../shared/sync/tables';
import { seesWholeDealership, type Caller } from '../auth/authorize';
import type { Queryable } from '../db/database';
import { findClientOwner } from '../db/users';
import { forbidden } from '../http/errors';
import { recordPullContact } from './client-clock';
import { SERVER_NODE } from './server-clock';

type ChangeSqlRow = {
  kind: 'upsert' | 'remove';
  seq: string;
  table_name: SyncTableName;
  id: string;
  data: Record<string, unknown> | null;
  clocks: Record<string, string> | null;
};

const REMOVALS = `SELECT 'remove' AS kind, seq, table_name, row_id AS id, NULL::jsonb AS data,
    NULL::jsonb AS clocks
  FROM removals WHERE user_id = $2 AND dealership_id = $1 AND seq > $3::bigint`;

function rowBranches(caller: Caller): string[] {
  // A deleted customer (a card merged into another) goes out as a remove: clients never hold
  // deleted cards, while the server keeps it to route late changes to the survivor.
  const upsert = `SELECT CASE WHEN table_name = 'customers' AND data @> '{"deleted": true}'::jsonb
      THEN 'remove' ELSE 'upsert' END AS kind, seq, table_name, id, data, clocks FROM records`;
  if (seesWholeDealership(caller.role)) {
    return [`${upsert} WHERE dealership_id = $1 AND seq > $3::bigint`];
  }
  return [
    `${upsert} WHERE dealership_id = $1 AND owner_id = $2 AND seq > $3::bigint`,
    `${upsert} WHERE dealership_id = $1 AND owner_id IS NULL AND seq > $3::bigint`,
  ];
}

/**
 * The size of a jsonb column as JSON text. A small value stored uncompressed has a stored size
 * close to its text, and reading it is free; a large or compressed one (where the bound matters)
 * pays for the conversion. pg_column_compression needs PostgreSQL 14.
 */
const jsonBytes = (column: 'data' | 'clocks') =>
  `coalesce(CASE WHEN pg_column_size(${column}) < 2000 AND pg_column_compression(${column}) IS NULL
    THEN pg_column_size(${column}) ELSE octet_length(${column}::text) END, 0)`;

export type PullLimits = {
  /** Bytes of row JSON (data and clocks) one page holds at most, beyond its first change. */
  maxBytes: number;
};

export async function pull(
  db: Queryable,
  caller: Caller,
  query: PullQuery,
  limits: PullLimits,
): Promise<PullResponse> {
  const branches = [...rowBranches(caller), REMOVALS];
  // `fetched` is the page before the byte cut: more than we return means the budget cut it.
  const page = await db.query<ChangeSqlRow & { fetched: number }>(
    `SELECT kind, seq::text AS seq, table_name, id, data, clocks, fetched::int AS fetched FROM (
       SELECT sized.*, sum(size) OVER (ORDER BY seq) AS running, count(*) OVER () AS fetched
       FROM (
         SELECT kind, seq, table_name, id, data, clocks,
           ${jsonBytes('data')} + ${jsonBytes('clocks')} AS size
         FROM (
           ${branches.map((branch) => `(${branch} ORDER BY seq LIMIT $4)`).join('\nUNION ALL\n')}
         ) AS page ORDER BY page.seq LIMIT $4
       ) AS sized
     ) AS measured
     WHERE running <= $5 OR running = size
     ORDER BY measured.seq`,
    [caller.dealershipId, caller.id, query.cursor, query.limit, limits.maxBytes],
  );
  const cutByBytes = (page[0]?.fetched ?? 0) > page.length;
  const changes: Change[] = page.map((row) =>
    row.kind === 'upsert'
      ? {
          kind: 'upsert',
          seq: row.seq,
          table: row.table_name,
          id: row.id,
          data: row.data ?? {},
          clocks: row.clocks ?? {},
        }
      : { kind: 'remove', seq: row.seq, table: row.table_name, id: row.id },
  );
  const cursor = changes.at(-1)?.seq ?? query.cursor;
  let remaining = 0;
  if (changes.length === query.limit || cutByBytes) {
    const counts = branches.map((branch) => `(SELECT count(*) FROM (${branch}) AS b)`);
    const [row] = await db.query<{ remaining: number }>(
      `SELECT (${counts.join(' + ')})::int AS remaining`,
      [caller.dealershipId, caller.id, cursor],
    );
    remaining = row?.remaining ?? 0;
  }
  if (query.clientId === undefined) return { changes, cursor, hasMore: remaining > 0, remaining };
  return {
    changes,
    cursor,
    hasMore: remaining > 0,
    remaining,
    serverHlc: await handOutClock(db, caller, query),
  };
}

/**
 * A pull that names its client is a contact (server/sync/client-clock.ts): the client's report is
 * taken in, and the server's clock — read after the page, so it is newer than every row in it —
 * is handed out for the client to fold in.
 */
async function handOutClock(db: Queryable, caller: Caller, query: PullQuery): Promise<string> {
  const clientId = query.clientId ?? '';
  if ((await findClientOwner(db, clientId)) !== caller.id) {
    throw forbidden('This client id is not bound to you; log in from this client first.');
  }
  const [row] = await db.query<{ hlc: string }>(
    'SELECT hlc FROM server_clock WHERE dealership_id = $1',
    [caller.dealershipId],
  );
  const serverHlc = row?.hlc ?? formatHlc(createHlc(SERVER_NODE));
  await recordPullContact(db, clientId, query, serverHlc);
  return serverHlc;
}
