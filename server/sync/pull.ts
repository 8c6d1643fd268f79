// GET /v1/pull: the caller's scope as one stream ordered by sync_seq — the current state of every
// row written after the cursor, and the removals of rows that left the caller's scope or were
// merged away.
//
// Each branch of the UNION reads one index range in seq order ((dealership, owner, seq),
// (dealership, seq), (user, seq)), so PostgreSQL merges them without sorting the whole scope.
//
// A page is bounded by row count and by bytes: rows can be large (photos as data URLs), and a
// page of a thousand of them would be hundreds of MiB. The page keeps the prefix of its rows whose
// JSON fits the budget — always at least one change, so a single row larger than the budget
// still makes progress. A page cut short says hasMore like a full one.
//
// Rows pass through as the JSON text PostgreSQL sends (QueryOptions.jsonAsText) and the page is
// one string built around them, so a page of a thousand rows is never parsed into objects and
// serialised again (that round trip was half of a first sync's time and most of the server's
// memory while pulling). The byte budget is measured on that text, exactly. The page reads one
// row past its limit to know hasMore; `remaining` is counted once per pull, not per page
// (pull-progress.ts).

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
 * A row's stored size (data and clocks, compressed or not): read from the value's header, no
 * conversion. JSON text is rarely smaller than it, so rows past this budget cannot fit anyway.
 */
const STORED_BYTES = 'coalesce(pg_column_size(data), 0) + coalesce(pg_column_size(clocks), 0)';

/** Characters per streamed piece of a page: large enough to keep per-chunk costs small. */
const BODY_CHUNK = 64 * 1024;

export type PullLimits = {
  /** Bytes of row JSON (data and clocks) one page holds at most, beyond its first change. */
  maxBytes: number;
};

/**
 * One page of GET /v1/pull, already serialised: `body` is the whole answer (a PullResponse) in
 * pieces of about BODY_CHUNK characters, built around the JSON text PostgreSQL sent, so no row
 * becomes a JavaScript object on the way through. The pieces are streamed: compression works on
 * them one at a time (off the event loop) and the page never exists as one string or buffer.
 */
export type PullPage = {
  body: string[];
  changes: number;
  cursor: string;
  hasMore: boolean;
  remaining: number;
  serverHlc?: string;
};

type ChangeSqlRow = {
  kind: 'upsert' | 'remove';
  seq: string;
  table_name: string;
  id: string;
  /** JSON text (QueryOptions.jsonAsText); null on a remove. */
  data: string | null;
  clocks: string | null;
  /** Rows the page query read: one more than `limit` when there are more after the page. */
  fetched: number;
};

/** The JSON text of a column; a driver that parsed it anyway (a wrapper without options) too. */
const jsonText = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value ?? {});

/**
 * A change as PullResponse's JSON (shared/sync/protocol.ts), around the row's stored JSON: an
 * upsert carries data and clocks, a remove does not. table_name is one of SYNC_TABLE_NAMES and
 * seq digits; only the id is escaped.
 */
function changeJson(row: ChangeSqlRow): string {
  const head = `{"kind":"${row.kind}","seq":"${row.seq}","table":"${row.table_name}","id":${JSON.stringify(row.id)}`;
  return row.kind === 'upsert'
    ? `${head},"data":${jsonText(row.data)},"clocks":${jsonText(row.clocks)}}`
    : `${head}}`;
}

export async function pull(
  db: Queryable,
  caller: Caller,
  query: PullQuery,
  limits: PullLimits,
  progress: PullProgress,
): Promise<PullPage> {
  const branches = [...rowBranches(caller), REMOVALS];
  // One row more than the page: whether it exists says hasMore without counting anything. The
  // stored sizes (cheap: no conversion) keep rows that cannot fit from being sent at all; the
  // exact cut is made below on the JSON text itself.
  const rows = await db.query<ChangeSqlRow>(
    `SELECT kind, seq::text AS seq, table_name, id, data, clocks, fetched::int AS fetched FROM (
       SELECT page.*, row_number() OVER w AS n, count(*) OVER () AS fetched,
         sum(${STORED_BYTES}) OVER w AS stored
       FROM (
         SELECT * FROM (
           ${branches.map((branch) => `(${branch} ORDER BY seq LIMIT $4::int + 1)`).join('\nUNION ALL\n')}
         ) AS branches ORDER BY seq LIMIT $4::int + 1
       ) AS page
       WINDOW w AS (ORDER BY seq)
     ) AS measured
     WHERE n <= $4::int AND (stored <= $5 OR n = 1)
     ORDER BY measured.seq`,
    [caller.dealershipId, caller.id, query.cursor, query.limit, limits.maxBytes],
    { jsonAsText: true },
  );
  let returned = 0;
  const body: string[] = ['{"changes":['];
  let chunk = '';
  let bytes = 0;
  for (const row of rows) {
    const size =
      row.kind === 'upsert'
        ? Buffer.byteLength(jsonText(row.data)) + Buffer.byteLength(jsonText(row.clocks))
        : 0;
    bytes += size;
    // Always at least one change, so a row larger than the budget still makes progress.
    if (bytes > limits.maxBytes && returned > 0) break;
    chunk += `${returned > 0 ? ',' : ''}${changeJson(row)}`;
    returned += 1;
    if (chunk.length >= BODY_CHUNK) {
      body.push(chunk);
      chunk = '';
    }
  }
  const cursor = returned > 0 ? (rows[returned - 1]?.seq ?? query.cursor) : query.cursor;
  const hasMore = (rows[0]?.fetched ?? 0) > returned;
  const remaining = hasMore
    ? await remainingAfterPage(db, caller, branches, progress, query.cursor, cursor, returned)
    : 0;
  const serverHlc =
    query.clientId === undefined ? undefined : await handOutClock(db, caller, query);
  body.push(
    `${chunk}],"cursor":${JSON.stringify(cursor)},"hasMore":${hasMore},"remaining":${remaining}` +
      `${serverHlc === undefined ? '' : `,"serverHlc":${JSON.stringify(serverHlc)}`}}`,
  );
  return {
    body,
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
    throw forbidden(
      'client_bound_to_other_user',
      'This client id is not bound to you; log in from this client first.',
    );
  }
  const [row] = await db.query<{ hlc: string }>(
    'SELECT hlc FROM server_clock WHERE dealership_id = $1',
    [caller.dealershipId],
  );
  const serverHlc = row?.hlc ?? formatHlc(createHlc(SERVER_NODE));
  await recordPullContact(db, clientId, query, serverHlc);
  return serverHlc;
}
