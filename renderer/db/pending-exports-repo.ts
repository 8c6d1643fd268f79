// The local queue of export records the server has not acknowledged yet (see PendingExportRow).
// A record is queued before it is first sent, so a crash between making the file and hearing
// from the server cannot lose it.

import type { RecordExportRequest } from '../../shared/sync/export-protocol';
import type { AppDB, PendingExportRow } from './AppDB';

export async function queueExport(
  db: AppDB,
  userId: string,
  request: RecordExportRequest,
  now: Date,
): Promise<void> {
  await db.pendingExports.put({ id: request.id, userId, request, queuedAt: now.toISOString() });
}

/** The user's waiting records, oldest first. */
export async function pendingExportsOf(db: AppDB, userId: string): Promise<PendingExportRow[]> {
  const rows = await db.pendingExports.where('userId').equals(userId).toArray();
  return rows.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt) || a.id.localeCompare(b.id));
}

export async function removePendingExport(db: AppDB, id: string): Promise<void> {
  await db.pendingExports.delete(id);
}
