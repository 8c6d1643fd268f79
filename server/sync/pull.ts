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
//
// The database also writes the answer: each change is JSON text made in SQL and the page is one
// string, so a page of a thousand rows is never parsed into objects and serialised again here
// (that round trip was half of a first sync's time and most of the server's memory while
// pulling). The page reads one row past its limit to know hasMore; `remaining` is counted once
// per pull, not per page (pull-progress.ts).

import { createHlc, formatHlc } from '../../shared/sync/hlc';
import type { PullQuery } from '../../shared/sync/protocol';
import { seesWholeDealership, type Caller } from '../auth/authorize';
import type { Queryable } from '../db/database';
import { findClientOwner } from '../db/users';
import { forbidden } from '../http/errors';
import { recordPullContact } from './client-clock';
import type { PullProgress } from './pull-progress';
import { SERVER_NODE } from './server-clock';

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

/**
 * One page of GET /v1/pull, already serialised: `json` is the whole answer body (a
 * PullResponse), built from the text PostgreSQL made, so no row becomes a JavaScript object on
 * the way through.
 */
export type PullPage = {
  json: string;
  changes: number;
  cursor: string;
  hasMore: boolean;
  remaining: number;
  serverHlc?: string;
};

/**
 * A change as JSON text, made by the database. The key order and shape are PullResponse's
 * (shared/sync/protocol.ts): an upsert carries data and clocks, a remove does not.
 */
const CHANGE_JSON = `CASE WHEN kind = 'upsert'
    THEN json_build_object('kind', 'upsert', 'seq', seq::text, 'table', table_name, 'id', id,
      'data', data, 'clocks', clocks)
    ELSE json_build_object('kind', 'remove', 'seq', seq::text, 'table', table_name, 'id', id)
  END::text`;

type PageSqlRow = {
  /** The page's changes as JSON objects joined by commas ('' when none). */
  changes: string;
  last_seq: string | null;
  returned: number;
  /** Rows read before the byte cut: one more than `limit` when there are more after the page. */
  fetched: number;
};

export async function pull(
  db: Queryable,
  caller: Caller,
  query: PullQuery,
  limits: PullLimits,
  progress: PullProgress,
): Promise<PullPage> {
  const branches = [...rowBranches(caller), REMOVALS];
  // One row more than the page: whether it exists says hasMore without counting anything.
  const [page] = await db.query<PageSqlRow>(
    `SELECT coalesce(string_agg(${CHANGE_JSON}, ',' ORDER BY seq), '') AS changes,
       max(seq)::text AS last_seq, count(*)::int AS returned,
       coalesce(max(fetched), 0)::int AS fetched
     FROM (
       SELECT sized.*, sum(size) OVER (ORDER BY seq) AS running,
         row_number() OVER (ORDER BY seq) AS n, count(*) OVER () AS fetched
       FROM (
         SELECT kind, seq, table_name, id, data, clocks,
           ${jsonBytes('data')} + ${jsonBytes('clocks')} AS size
         FROM (
           ${branches.map((branch) => `(${branch} ORDER BY seq LIMIT $4::int + 1)`).join('\nUNION ALL\n')}
         ) AS page ORDER BY page.seq LIMIT $4::int + 1
       ) AS sized
     ) AS measured
     WHERE n <= $4::int AND (running <= $5 OR running = size)`,
    [caller.dealershipId, caller.id, query.cursor, query.limit, limits.maxBytes],
  );
  const returned = page?.returned ?? 0;
  const cursor = page?.last_seq ?? query.cursor;
  const hasMore = (page?.fetched ?? 0) > returned;
  const remaining = hasMore
    ? await remainingAfterPage(db, caller, branches, progress, query.cursor, cursor, returned)
    : 0;
  const serverHlc =
    query.clientId === undefined ? undefined : await handOutClock(db, caller, query);
  const json =
    `{"changes":[${page?.changes ?? ''}],"cursor":${JSON.stringify(cursor)},` +
    `"hasMore":${hasMore},"remaining":${remaining}` +
    `${serverHlc === undefined ? '' : `,"serverHlc":${JSON.stringify(serverHlc)}`}}`;
  return {
    json,
    changes: returned,
    cursor,
    hasMore,
    remaining,
    ...(serverHlc === undefined ? {} : { serverHlc }),
  };
}

/**
 * How many changes wait after this page: the previous page's figure less this page's changes
 * when this instance served it, otherwise (or when changes written meanwhile make that run out
 * while more remain) a count — once per pull, not once per page (sync/pull-progress.ts).
 */
async function remainingAfterPage(
  db: Queryable,
  caller: Caller,
  branches: string[],
  progress: PullProgress,
  askedFrom: string,
  cursor: string,
  returned: number,
): Promise<number> {
  const scope = { userId: caller.id, role: caller.role, dealershipId: caller.dealershipId };
  const before = progress.remainingAfter(scope, askedFrom);
  let remaining = before === undefined ? 0 : before - returned;
  if (remaining <= 0) {
    const counts = branches.map((branch) => `(SELECT count(*) FROM (${branch}) AS b)`);
    const [row] = await db.query<{ remaining: number }>(
      `SELECT (${counts.join(' + ')})::int AS remaining`,
      [caller.dealershipId, caller.id, cursor],
    );
    // hasMore saw at least one more row; a count cannot say fewer unless it was just removed.
    remaining = Math.max(row?.remaining ?? 0, 1);
  }
  progress.remember(scope, cursor, remaining);
  return remaining;
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
