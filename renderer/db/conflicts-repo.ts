// What the user does about a conflict or a refused change (no value is ever silently lost: the
// user sees both and decides). Re-applying goes through the normal write path, so the value becomes
// the newest write and syncs like any edit; resolving a conflict is itself a synced write of the
// conflict row's resolution fields (the only fields a client may change there). A rejection is
// local bookkeeping: it is deleted once re-applied or dismissed.

import type { SyncConflict } from '../../shared/sync/conflict';
import { isSyncTableName, type SyncTableName } from '../../shared/sync/tables';
import type { AppDB, RejectionRow } from './AppDB';
import { writeCustomerFields } from './customers-repo';
import {
  writeRow,
  writeTables,
  type RowFields,
  type WriteContext,
  type WriteOptions,
} from './write-path';

/** Conflicts nobody has resolved yet, newest first. */
export async function unresolvedConflicts(db: AppDB): Promise<SyncConflict[]> {
  const conflicts = await db.conflicts
    .orderBy('detectedAt')
    .reverse()
    .filter((conflict) => conflict.resolution === null && !conflict.deleted)
    .toArray();
  return conflicts;
}

/** What the sidebar counts: unresolved conflicts plus refused changes. */
export async function countSyncIssues(db: AppDB): Promise<number> {
  const [conflicts, rejections] = await Promise.all([
    db.conflicts.filter((conflict) => conflict.resolution === null && !conflict.deleted).count(),
    db.rejections.count(),
  ]);
  return conflicts + rejections;
}

export class RowMissingError extends Error {
  constructor(table: string, id: string) {
    super(`${table} ${id} is not on this computer any more`);
    this.name = 'RowMissingError';
  }
}

function targetTable(name: string): SyncTableName {
  if (!isSyncTableName(name)) throw new Error(`Unknown table ${name}`);
  return name;
}

/** Writes one set of fields to any synced table (the table is only known at run time here). */
function writeAny(
  ctx: WriteContext,
  table: SyncTableName,
  rowId: string,
  fields: Record<string, unknown>,
  options: WriteOptions = {},
) {
  return writeRow(ctx, table, rowId, fields as Partial<RowFields<SyncTableName>>, options);
}

async function resolve(
  ctx: WriteContext,
  conflict: SyncConflict,
  resolution: 'reapplied' | 'dismissed',
): Promise<void> {
  await writeRow(ctx, 'conflicts', conflict.id, {
    resolution,
    resolvedAt: ctx.now().toISOString(),
    resolvedBy: ctx.actorId,
  });
}

/** "Re-apply mine": the value that lost is written again, as the newest write. */
export async function reapplyConflict(ctx: WriteContext, conflictId: string): Promise<void> {
  const conflict = await ctx.db.conflicts.get(conflictId);
  if (!conflict) throw new RowMissingError('conflicts', conflictId);
  const table = targetTable(conflict.rowTable);
  const tables = [...new Set<SyncTableName>([table, 'conflicts', 'timeline', 'settings'])];
  await ctx.db.transaction('rw', writeTables(ctx.db, ...tables), async () => {
    const fields = { [conflict.field]: conflict.lostValue };
    if (table === 'customers') {
      if (!(await ctx.db.customers.get(conflict.rowId))) {
        throw new RowMissingError(table, conflict.rowId);
      }
      await writeCustomerFields(ctx, conflict.rowId, fields);
    } else {
      const exists = (await ctx.db.table(table).get(conflict.rowId)) !== undefined;
      if (!exists) throw new RowMissingError(table, conflict.rowId);
      await writeAny(ctx, table, conflict.rowId, fields);
    }
    await resolve(ctx, conflict, 'reapplied');
  });
}

/** "Keep theirs": the kept value stays; the conflict is marked dismissed for everyone. */
export async function dismissConflict(ctx: WriteContext, conflictId: string): Promise<void> {
  const conflict = await ctx.db.conflicts.get(conflictId);
  if (!conflict) throw new RowMissingError('conflicts', conflictId);
  await ctx.db.transaction('rw', writeTables(ctx.db, 'conflicts'), () =>
    resolve(ctx, conflict, 'dismissed'),
  );
}

/** Fields the server decides or the write path sets: never re-sent from a refused change. */
const WRITE_PATH_FIELDS = ['id', 'clocks', 'updatedAt', 'dealershipId'];
const EXISTING_ROW_FIELDS = [...WRITE_PATH_FIELDS, 'ownerId', 'createdAt'];

/** Writes a refused change's fields again (a new outbox entry) and forgets the refusal. */
export async function reapplyRejection(ctx: WriteContext, seq: number): Promise<void> {
  const rejection = await ctx.db.rejections.get(seq);
  if (!rejection) return;
  const table = targetTable(rejection.table);
  await ctx.db.transaction('rw', [...writeTables(ctx.db, table), ctx.db.rejections], async () => {
    const exists = (await ctx.db.table(table).get(rejection.rowId)) !== undefined;
    // A change this laptop set aside never reached the server: the row here still holds it, and
    // it is sent again whole (a new row with its creation fields), not compared with the row.
    const setAside = rejection.reason === 'server_error';
    const skipped = new Set(exists && !setAside ? EXISTING_ROW_FIELDS : WRITE_PATH_FIELDS);
    const fields = Object.fromEntries(
      Object.entries(rejection.fields).filter(([field]) => !skipped.has(field)),
    );
    if (Object.keys(fields).length > 0) {
      await writeAny(ctx, table, rejection.rowId, fields, { resend: setAside });
    }
    await ctx.db.rejections.delete(seq);
  });
}

export async function dismissRejection(db: AppDB, seq: number): Promise<void> {
  await db.rejections.delete(seq);
}

export async function listRejections(db: AppDB): Promise<RejectionRow[]> {
  return (await db.rejections.toArray()).reverse();
}

/** Which customer a refused change belongs to: its id, or `table:rowId` when the row names none. */
export function rejectionCustomerKey(rejection: RejectionRow): string {
  if (rejection.table === 'customers') return rejection.rowId;
  const customerId = rejection.fields.customerId;
  return typeof customerId === 'string' ? customerId : `${rejection.table}:${rejection.rowId}`;
}

/** Customer names by id (and by `table:rowId` for refused child rows that name no customer). */
export async function customerNamesFor(
  db: AppDB,
  conflicts: SyncConflict[],
  rejections: RejectionRow[],
): Promise<Map<string, { id: string; name: string }>> {
  const names = new Map<string, { id: string; name: string }>();
  const ids = new Set<string>();
  for (const conflict of conflicts) if (conflict.customerId) ids.add(conflict.customerId);
  const childKeys: { key: string; table: 'followUps' | 'timeline'; id: string }[] = [];
  for (const rejection of rejections) {
    const key = rejectionCustomerKey(rejection);
    if (rejection.table === 'followUps' || rejection.table === 'timeline') {
      if (key.includes(':')) childKeys.push({ key, table: rejection.table, id: rejection.rowId });
      else ids.add(key);
    } else if (rejection.table === 'customers') {
      ids.add(key);
    }
  }
  for (const child of childKeys) {
    const row = await db.table<{ customerId: string }, string>(child.table).get(child.id);
    if (!row) continue;
    const customer = await db.customers.get(row.customerId);
    if (customer) names.set(child.key, { id: customer.id, name: customer.name });
  }
  const customers = await db.customers.bulkGet([...ids]);
  for (const customer of customers) {
    if (customer) names.set(customer.id, { id: customer.id, name: customer.name });
  }
  return names;
}
