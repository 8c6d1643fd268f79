// GET /v1/pull: the caller's scope as one stream ordered by sync_seq — the current state of every
// row written after the cursor, and the removals of rows that left the caller's scope or were
// merged away.
//
// Each branch of the UNION reads one index range in seq order ((dealership, owner, seq),
// (dealership, seq), (user, seq)), so PostgreSQL merges them without sorting the whole scope.

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

export async function pull(db: Queryable, caller: Caller, query: PullQuery): Promise<PullResponse> {
  const branches = [...rowBranches(caller), REMOVALS];
  const page = await db.query<ChangeSqlRow>(
    `SELECT kind, seq::text AS seq, table_name, id, data, clocks FROM (
       ${branches.map((branch) => `(${branch} ORDER BY seq LIMIT $4)`).join('\nUNION ALL\n')}
     ) AS page ORDER BY page.seq LIMIT $4`,
    [caller.dealershipId, caller.id, query.cursor, query.limit],
  );
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
  if (changes.length === query.limit) {
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
