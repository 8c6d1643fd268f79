// The export log (follow_up_exports): one row per export of the team board's follow-up list.

import {
  exportFilterSchema,
  type ExportFormat,
  type ExportRecord,
  type RecordExportRequest,
} from '../../shared/sync/export-protocol';
import { toIso, type Queryable } from './database';

type ExportSqlRow = {
  id: string;
  dealership_id: string;
  user_id: string;
  user_name: string;
  user_login: string;
  format: ExportFormat;
  filter: unknown;
  row_count: number;
  exported_at: unknown;
  recorded_at: unknown;
};

const EXPORT_SELECT = `
  SELECT e.id::text, e.dealership_id::text, e.user_id::text, u.name AS user_name, u.login AS user_login, e.format,
         e.filter, e.row_count, e.exported_at, e.recorded_at
  FROM follow_up_exports e JOIN users u ON u.id = e.user_id`;

function toRecord(row: ExportSqlRow): ExportRecord {
  return {
    id: row.id,
    userId: row.user_id,
    userName: row.user_name,
    userLogin: row.user_login,
    format: row.format,
    exportedAt: toIso(row.exported_at),
    recordedAt: toIso(row.recorded_at),
    rowCount: row.row_count,
    // Both drivers parse jsonb; the schema makes sure what comes back is what was validated.
    filter: exportFilterSchema.parse(
      typeof row.filter === 'string' ? JSON.parse(row.filter) : row.filter,
    ),
  };
}

export type StoredExport = { record: ExportRecord; created: boolean };

/**
 * Stores an export once. The same id again (a queued record sent twice) returns the stored row
 * with created: false; null when that id is already someone else's (it is never overwritten).
 */
export async function insertExport(
  q: Queryable,
  caller: { id: string; dealershipId: string },
  request: RecordExportRequest,
): Promise<StoredExport | null> {
  // A laptop's clock may run ahead: an export is never recorded as made after it arrived.
  const inserted = await q.query<{ id: string }>(
    `INSERT INTO follow_up_exports (id, dealership_id, user_id, format, filter, row_count, exported_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, LEAST($7::timestamptz, now()))
     ON CONFLICT (id) DO NOTHING
     RETURNING id::text`,
    [
      request.id,
      caller.dealershipId,
      caller.id,
      request.format,
      JSON.stringify(request.filter),
      request.rowCount,
      request.exportedAt,
    ],
  );
  const [row] = await q.query<ExportSqlRow>(`${EXPORT_SELECT} WHERE e.id = $1`, [request.id]);
  if (!row || row.user_id !== caller.id || row.dealership_id !== caller.dealershipId) return null;
  return { record: toRecord(row), created: inserted.length > 0 };
}

/** The dealership's exports, newest first. */
export async function listExports(
  q: Queryable,
  dealershipId: string,
  page: { limit: number; offset: number },
): Promise<{ exports: ExportRecord[]; total: number }> {
  const rows = await q.query<ExportSqlRow>(
    `${EXPORT_SELECT} WHERE e.dealership_id = $1
     ORDER BY e.exported_at DESC, e.id DESC LIMIT $2 OFFSET $3`,
    [dealershipId, page.limit, page.offset],
  );
  const [count] = await q.query<{ total: number }>(
    'SELECT count(*)::int AS total FROM follow_up_exports WHERE dealership_id = $1',
    [dealershipId],
  );
  return { exports: rows.map(toRecord), total: count?.total ?? 0 };
}
