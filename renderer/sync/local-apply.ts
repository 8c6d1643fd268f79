// What the server's answers do to the local database. Each function is ONE Dexie transaction:
// a push's acks (outbox entries deleted, refusals kept, the server's row put back) or a pull
// page (rows upserted or removed, plus the new cursor). A crash in the middle leaves the state
// before it, and the same request is simply made again (push is idempotent, pull restarts at the
// stored cursor).

import Dexie, { type Table } from 'dexie';
import { rebaseOnServer } from '../../shared/sync/apply-mutation';
import { ClockDriftError, compareHlc, parseHlc, receiveHlc } from '../../shared/sync/hlc';
import type { PullResponse, PushResponse, ServerRow } from '../../shared/sync/protocol';
import { CHILD_TABLES, SYNC_TABLE_NAMES, type SyncTableName } from '../../shared/sync/tables';
import type { AppDB, OutboxEntry, RejectionRow } from '../db/AppDB';
import { clientId } from '../db/write-path';

type LocalRow = Record<string, unknown> & { id: string; clocks: Record<string, string> };

/** Every table an apply transaction may touch. */
function applyTables(db: AppDB) {
  return [
    ...SYNC_TABLE_NAMES.map((name) => db.table(name)),
    db.outbox,
    db.rejections,
    db.syncState,
  ];
}

function rowsTable(db: AppDB, name: SyncTableName): Table<LocalRow, string> {
  return db.table<LocalRow, string>(name);
}

const rowKey = (table: string, id: string) => `${table}\u0000${id}`;

/**
 * Fields with changes still waiting in the outbox, per row, each with the clock of its newest
 * change: rebaseOnServer keeps the local value only while that clock beats the server's.
 */
async function pendingClocksByRow(
  db: AppDB,
  rows: { table: SyncTableName; id: string }[],
): Promise<Map<string, Map<string, string>>> {
  const pending = new Map<string, Map<string, string>>();
  // An empty outbox (a first sync, a laptop with nothing typed) holds no change of any row.
  if (rows.length === 0 || (await db.outbox.count()) === 0) return pending;
  const entries = await db.outbox
    .where('[table+rowId]')
    .anyOf(rows.map((row) => [row.table, row.id]))
    .toArray();
  for (const entry of entries) {
    const key = rowKey(entry.table, entry.rowId);
    const fields = pending.get(key) ?? new Map<string, string>();
    for (const field of Object.keys(entry.fields)) {
      const known = fields.get(field);
      if (known === undefined || compareHlc(entry.hlc, known) > 0) fields.set(field, entry.hlc);
    }
    pending.set(key, fields);
  }
  return pending;
}

/** Local ids of every row hanging off a customer (its follow-ups, timeline, conflicts). */
async function childRowIds(
  db: AppDB,
  customerId: string,
): Promise<{ table: SyncTableName; id: string }[]> {
  const children: { table: SyncTableName; id: string }[] = [];
  for (const table of CHILD_TABLES) {
    const ids =
      table === 'timeline'
        ? await db.timeline
            .where('[customerId+at]')
            .between([customerId, Dexie.minKey], [customerId, Dexie.maxKey])
            .primaryKeys()
        : await rowsTable(db, table).where('customerId').equals(customerId).primaryKeys();
    for (const id of ids) children.push({ table, id });
  }
  return children;
}

/**
 * Folds the newest of the received clocks into the local HLC, so the next local write is newer
 * than everything this client has seen. The server vetted every clock it sends against its own
 * time; when this laptop's clock runs more than the drift limit behind, the server's clock is
 * trusted as "now" rather than refusing: our writes must still come after what we have seen.
 */
async function foldClocks(db: AppDB, clocks: Iterable<string>, now: number): Promise<void> {
  let newest: string | null = null;
  for (const clock of clocks) {
    if (newest !== null && clock <= newest) continue;
    try {
      parseHlc(clock);
      newest = clock;
    } catch {
      // Not a clock we understand: nothing to fold.
    }
  }
  if (newest === null) return;
  const node = await clientId(db);
  const stored = await db.syncState.get('hlc');
  const state =
    stored?.key === 'hlc'
      ? { millis: stored.millis, counter: stored.counter, node }
      : { millis: 0, counter: 0, node };
  let next;
  try {
    next = receiveHlc(state, newest, now);
  } catch (error) {
    if (!(error instanceof ClockDriftError)) throw error;
    next = receiveHlc(state, newest, error.remoteMillis);
  }
  await db.syncState.put({ key: 'hlc', millis: next.millis, counter: next.counter });
}

/**
 * Remembers the server HLC just folded in with the highest outbox seq at this moment: every change
 * written after it (a larger seq) has a newer clock. Runs in the fold's transaction, which local
 * writes cannot interleave (they hold the outbox and the clock too).
 */
async function noteServerClock(db: AppDB, serverHlc: string | undefined): Promise<void> {
  if (serverHlc === undefined) return;
  const stored = await db.syncState.get('serverClock');
  if (stored?.key === 'serverClock' && stored.hlc >= serverHlc) return;
  const last = await db.outbox.orderBy(':id').last();
  await db.syncState.put({ key: 'serverClock', hlc: serverHlc, outboxSeq: last?.seq ?? 0 });
}

/** What the client tells the server of its clock with each request (`seenHlc`, `outboxSeq`). */
export async function readClockReport(
  db: AppDB,
): Promise<{ seenHlc: string; outboxSeq: number } | null> {
  const stored = await db.syncState.get('serverClock');
  return stored?.key === 'serverClock'
    ? { seenHlc: stored.hlc, outboxSeq: stored.outboxSeq }
    : null;
}

export type AckSummary = { acked: number; applied: number; rejected: number };

/**
 * One push batch's answer, in one transaction: acked outbox entries go; refused changes are kept
 * as rejections, and the row is put back as the server has it (`current`), keeping fields that
 * still have newer changes on their way (rebaseOnServer); a row the caller can no longer see is
 * deleted with its children. An applied change that lost a field (or had one restamped) comes
 * with the row too, and it is taken the same way: nothing else would bring the winner, as the
 * row need not change on the server. Entries without an ack stay and are pushed again.
 */
export async function applyPushResponse(
  db: AppDB,
  batch: readonly OutboxEntry[],
  response: PushResponse,
  now: Date,
): Promise<AckSummary> {
  return db.transaction('rw', applyTables(db), async () => {
    const acks = new Map(response.acks.map((ack) => [ack.seq, ack]));
    const acked = batch.filter((entry) => entry.seq !== undefined && acks.has(entry.seq));
    await db.outbox.bulkDelete(acked.map((entry) => entry.seq ?? 0));

    const rejections: RejectionRow[] = [];
    const replacements = new Map<
      string,
      { table: SyncTableName; id: string; current: ServerRow | null }
    >();
    const afterBatch = new Set<string>();
    for (const entry of acked) {
      const ack = acks.get(entry.seq ?? 0);
      if (!ack) continue;
      if (ack.status === 'applied') {
        // A field of the change lost to a newer value (or the server restamped it): the winners.
        if (ack.current && ack.current.table === entry.table && ack.current.id === entry.rowId) {
          afterBatch.add(rowKey(entry.table, entry.rowId));
          replacements.set(rowKey(entry.table, entry.rowId), {
            table: entry.table,
            id: entry.rowId,
            current: ack.current,
          });
        }
        continue;
      }
      rejections.push({
        seq: ack.seq,
        table: entry.table,
        rowId: entry.rowId,
        fields: entry.fields,
        reason: ack.reason ?? 'invalid',
        message: ack.message ?? '',
        rejectedAt: now.toISOString(),
      });
      // An applied ack's row is the row after the whole batch: newer than a refusal's.
      const key = rowKey(entry.table, entry.rowId);
      if (ack.current !== undefined && !afterBatch.has(key)) {
        replacements.set(key, {
          table: entry.table,
          id: entry.rowId,
          current: ack.current,
        });
      }
    }
    await db.rejections.bulkPut(rejections);

    const pending = await pendingClocksByRow(db, [...replacements.values()]);
    const clocks: string[] = [response.serverHlc];
    for (const { table, id, current } of replacements.values()) {
      if (current === null) {
        await removeRowAndChildren(db, table, id);
        continue;
      }
      const target = current.table;
      const local = await rowsTable(db, target).get(current.id);
      const row = rebaseOnServer(
        current,
        local,
        pending.get(rowKey(target, current.id)) ?? new Map(),
      );
      await rowsTable(db, target).put({ ...row, id: current.id });
      clocks.push(...Object.values(current.clocks));
    }
    await foldClocks(db, clocks, now.getTime());
    await noteServerClock(db, response.serverHlc);
    return {
      acked: acked.length,
      applied: acked.length - rejections.length,
      rejected: rejections.length,
    };
  });
}

/**
 * A change the server failed on, alone, again and again (renderer/sync/engine.ts): it leaves the
 * outbox so everything queued behind it can sync, and is kept as a refused change with the
 * server's words. The local row keeps the value; the user can submit it again from the list of
 * refused changes.
 */
export async function setAsideChange(
  db: AppDB,
  entry: OutboxEntry,
  message: string,
  now: Date,
): Promise<void> {
  const { seq } = entry;
  if (seq === undefined) return;
  await db.transaction('rw', [db.outbox, db.rejections], async () => {
    if ((await db.outbox.get(seq)) === undefined) return;
    await db.outbox.delete(seq);
    await db.rejections.put({
      seq,
      table: entry.table,
      rowId: entry.rowId,
      fields: entry.fields,
      reason: 'server_error',
      message,
      rejectedAt: now.toISOString(),
    });
  });
}

async function removeRowAndChildren(db: AppDB, table: SyncTableName, id: string): Promise<void> {
  await rowsTable(db, table).delete(id);
  if (table !== 'customers') return;
  for (const child of await childRowIds(db, id)) {
    await rowsTable(db, child.table).delete(child.id);
  }
}

/**
 * The local rows of the given rows, by rowKey, read with one bulkGet per table. Rows the laptop
 * does not hold are absent.
 */
async function localRows(
  db: AppDB,
  rows: readonly { table: SyncTableName; id: string }[],
): Promise<Map<string, LocalRow>> {
  const locals = new Map<string, LocalRow>();
  const idsByTable = new Map<SyncTableName, string[]>();
  for (const { table, id } of rows) {
    const ids = idsByTable.get(table) ?? [];
    ids.push(id);
    idsByTable.set(table, ids);
  }
  for (const [table, ids] of idsByTable) {
    const found = await rowsTable(db, table).bulkGet(ids);
    ids.forEach((id, index) => {
      const row = found[index];
      if (row) locals.set(rowKey(table, id), row);
    });
  }
  return locals;
}

/**
 * One pull page, in one transaction together with its cursor. Upserts take the server's row,
 * except fields with changes still in the outbox (rebaseOnServer). A remove deletes the row (a
 * customer takes its local children along); its outbox entries stay: they are still pushed, and
 * the server decides what they are worth.
 *
 * Without a change waiting in the outbox rebaseOnServer takes the server's row whole, so the
 * local row is read only for rows with one: a first sync reads nothing back.
 */
export async function applyPullPage(db: AppDB, page: PullResponse, now: Date): Promise<number> {
  return db.transaction('rw', applyTables(db), async () => {
    const upserts = page.changes.filter((change) => change.kind === 'upsert');
    const pending = await pendingClocksByRow(db, upserts);
    const locals = await localRows(
      db,
      upserts.filter((change) => pending.has(rowKey(change.table, change.id))),
    );

    // The page's net effect per row, in server order (a later change of a row wins).
    const puts = new Map<SyncTableName, Map<string, LocalRow>>();
    const deletes = new Map<SyncTableName, Set<string>>();
    for (const table of SYNC_TABLE_NAMES) {
      puts.set(table, new Map());
      deletes.set(table, new Set());
    }
    const put = (table: SyncTableName, row: LocalRow) => {
      puts.get(table)?.set(row.id, row);
      deletes.get(table)?.delete(row.id);
    };
    const remove = (table: SyncTableName, id: string) => {
      puts.get(table)?.delete(id);
      deletes.get(table)?.add(id);
    };

    const clocks: string[] = [];
    for (const change of page.changes) {
      if (change.kind === 'upsert') {
        const key = rowKey(change.table, change.id);
        const row = rebaseOnServer(change, locals.get(key), pending.get(key) ?? new Map());
        put(change.table, { ...row, id: change.id });
        clocks.push(...Object.values(change.clocks));
        continue;
      }
      remove(change.table, change.id);
      if (change.table !== 'customers') continue;
      for (const child of await childRowIds(db, change.id)) {
        // Already put again in this page under another customer (moved by a merge): keep it.
        const moved = puts.get(child.table)?.get(child.id);
        if (moved && moved.customerId !== change.id) continue;
        remove(child.table, child.id);
      }
      for (const table of CHILD_TABLES) {
        for (const row of puts.get(table)?.values() ?? []) {
          if (row.customerId === change.id) remove(table, row.id);
        }
      }
    }

    for (const table of SYNC_TABLE_NAMES) {
      const removed = [...(deletes.get(table) ?? [])];
      if (removed.length > 0) await rowsTable(db, table).bulkDelete(removed);
      const rows = [...(puts.get(table)?.values() ?? [])];
      if (rows.length > 0) await rowsTable(db, table).bulkPut(rows);
    }
    if (page.serverHlc !== undefined) clocks.push(page.serverHlc);
    await foldClocks(db, clocks, now.getTime());
    await noteServerClock(db, page.serverHlc);
    await db.syncState.put({ key: 'cursor', cursor: page.cursor });
    return page.changes.length;
  });
}

export async function readCursor(db: AppDB): Promise<string> {
  const row = await db.syncState.get('cursor');
  return row?.key === 'cursor' ? row.cursor : '0';
}

export async function readLastSync(db: AppDB): Promise<string | null> {
  const row = await db.syncState.get('lastSync');
  return row?.key === 'lastSync' ? row.at : null;
}
