// Messages of the export log: a manager's export of the team board's follow-up list is recorded on
// the server (who, when, which format, which filters, how many rows), and admins read the log.
// Same rules as protocol.ts: strict objects, so an unknown field is refused, never dropped.

import { z } from 'zod';
import { CUSTOMER_SOURCES } from '../domain/customer';
import { INTENT_LEVELS } from '../domain/intent';
import { QUALIFICATION_GRADES } from '../domain/qualification';
import { storableInstant, storableText } from './storable';

export const EXPORT_FORMATS = ['xlsx', 'csv', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The board's count buckets (renderer/db/team-board-queries.ts TeamBoardBucket). */
export const EXPORT_BUCKETS = [
  'due_today',
  'past_due',
  'escalated',
  'upcoming',
  'no_plan',
] as const;
export type ExportBucket = (typeof EXPORT_BUCKETS)[number];

/** Far more than one showroom's board can list; a larger number is a client bug or a lie. */
export const MAX_EXPORT_ROWS = 1_000_000;
export const MAX_EXPORT_LIST_LIMIT = 200;

const id = storableText().min(1).max(64);
const instant = storableInstant;

/** The filters on screen when the file was made: exactly what the board's list was narrowed by. */
export const exportFilterSchema = z
  .object({
    /** Empty: every consultant (likewise for the other lists). */
    ownerIds: z.array(id).max(500),
    grades: z.array(z.enum(QUALIFICATION_GRADES)).max(QUALIFICATION_GRADES.length),
    intents: z.array(z.enum(INTENT_LEVELS)).max(INTENT_LEVELS.length),
    sources: z.array(z.enum(CUSTOMER_SOURCES)).max(CUSTOMER_SOURCES.length),
    /** Due dates [from, to), as the board applies them. */
    range: z.object({ from: instant, to: instant }).strict(),
    /** Null: every planned follow-up in the range. */
    bucket: z.enum(EXPORT_BUCKETS).nullable(),
  })
  .strict();
export type ExportFilter = z.infer<typeof exportFilterSchema>;

/**
 * POST /v1/exports. `id` is made by the client (UUIDv7) when the file is made, so a record queued
 * offline and sent twice is stored once. Who exported is the caller, never a field.
 */
export const recordExportRequestSchema = z
  .object({
    id: z.uuid(),
    format: z.enum(EXPORT_FORMATS),
    /** When the file was made on the laptop (it may be sent much later, after being offline). */
    exportedAt: instant,
    rowCount: z.number().int().min(0).max(MAX_EXPORT_ROWS),
    filter: exportFilterSchema,
  })
  .strict();
export type RecordExportRequest = z.infer<typeof recordExportRequestSchema>;

export const exportRecordSchema = z.object({
  id: z.string(),
  userId: z.string(),
  /** The user's name now (renamed users show their current name). */
  userName: z.string(),
  userLogin: z.string(),
  format: z.enum(EXPORT_FORMATS),
  exportedAt: z.string(),
  /** When the server received it. */
  recordedAt: z.string(),
  rowCount: z.number().int(),
  filter: exportFilterSchema,
});
export type ExportRecord = z.infer<typeof exportRecordSchema>;

/** GET /v1/exports?limit=&offset= (admins): newest first. */
export const listExportsQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(MAX_EXPORT_LIST_LIMIT).default(50),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .strict();
export type ListExportsQuery = z.infer<typeof listExportsQuerySchema>;

export const listExportsResponseSchema = z.object({
  exports: z.array(exportRecordSchema),
  /** Records of the dealership in all, for paging. */
  total: z.number().int().min(0),
});
export type ListExportsResponse = z.infer<typeof listExportsResponseSchema>;
