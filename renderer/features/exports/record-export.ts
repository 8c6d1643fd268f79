// Recording an export on the server, never losing the record: it is queued locally first, then
// sent; when the laptop is offline or the call fails for a network (or server) reason it stays
// queued and the sync engine sends it on the next round. A refusal (403: not a manager any more)
// means the export must not happen: the caller makes no file.

import type { RecordExportRequest } from '../../../shared/sync/export-protocol';
import type { AppDB } from '../../db/AppDB';
import { queueExport, removePendingExport } from '../../db/pending-exports-repo';
import { isPermanentRefusal } from '../../sync/errors';
import type { SyncEngine } from '../../sync/engine';

export class ExportRefusedError extends Error {
  constructor(readonly reason: unknown) {
    super('The server refused to record the export');
    this.name = 'ExportRefusedError';
  }
}

export type RecordOutcome = 'recorded' | 'queued';

export async function recordExport(
  engine: Pick<SyncEngine, 'recordExport'>,
  db: AppDB,
  userId: string,
  request: RecordExportRequest,
  now = new Date(),
): Promise<RecordOutcome> {
  await queueExport(db, userId, request, now);
  try {
    await engine.recordExport(request);
  } catch (error) {
    if (!isPermanentRefusal(error)) return 'queued';
    await removePendingExport(db, request.id);
    throw new ExportRefusedError(error);
  }
  await removePendingExport(db, request.id);
  return 'recorded';
}
