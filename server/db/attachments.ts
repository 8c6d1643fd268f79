// Attachment bytes (photos, signatures), one copy per dealership and content hash. Rows reference
// them as `att:<hash>` (shared/sync/attachments.ts); this module stores them, says which of a
// batch are missing, and reads one for a caller who may see it.

import type { AttachmentContentType } from '../../shared/sync/attachments';
import type { Queryable } from './database';

/**
 * The image field of a row, in SQL: the same expression (and LIKE predicate) as the partial index
 * records_attachment_ref (migrations.ts), so the look-up below is an index scan. It must follow
 * ATTACHMENT_FIELDS.
 */
const IMAGE_FIELD_SQL = `(CASE r.table_name WHEN 'deliveries' THEN r.data->>'signature' ELSE r.data->>'photo' END)`;

export type StoredAttachment = {
  contentType: AttachmentContentType;
  bytes: Buffer;
  size: number;
};

/** Stores the bytes once; true when they were new. */
export async function insertAttachment(
  db: Queryable,
  attachment: {
    dealershipId: string;
    hash: string;
    contentType: AttachmentContentType;
    bytes: Uint8Array;
    createdBy: string;
  },
): Promise<boolean> {
  const rows = await db.query(
    `INSERT INTO attachments (dealership_id, hash, content_type, bytes, size, created_by)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (dealership_id, hash) DO NOTHING
     RETURNING hash`,
    [
      attachment.dealershipId,
      attachment.hash,
      attachment.contentType,
      attachment.bytes,
      attachment.bytes.length,
      attachment.createdBy,
    ],
  );
  return rows.length > 0;
}

/** Which of `hashes` the dealership does not hold. */
export async function missingAttachments(
  db: Queryable,
  dealershipId: string,
  hashes: readonly string[],
): Promise<string[]> {
  if (hashes.length === 0) return [];
  const rows = await db.query<{ hash: string }>(
    'SELECT hash FROM attachments WHERE dealership_id = $1 AND hash = ANY($2::text[])',
    [dealershipId, hashes],
  );
  const present = new Set(rows.map((row) => row.hash));
  return hashes.filter((hash) => !present.has(hash));
}

/**
 * The attachment, if the caller may read it: a manager or admin reads every attachment of the
 * dealership (they see every row); anyone reads what they uploaded; a consultant reads an
 * attachment a row in their scope references (their customers' rows, or a dealership row).
 */
export async function readAttachment(
  db: Queryable,
  caller: { id: string; dealershipId: string; seesWholeDealership: boolean },
  hash: string,
): Promise<StoredAttachment | null> {
  const [row] = await db.query<{ content_type: AttachmentContentType; bytes: Uint8Array }>(
    `SELECT a.content_type, a.bytes FROM attachments a
     WHERE a.dealership_id = $1 AND a.hash = $2
       AND ($3::boolean OR a.created_by = $4 OR EXISTS (
         SELECT 1 FROM records r
         WHERE r.dealership_id = $1
           AND r.table_name IN ('deliveries', 'deliveryItems')
           AND ${IMAGE_FIELD_SQL} LIKE 'att:%'
           AND ${IMAGE_FIELD_SQL} = 'att:' || $2::text
           AND (r.owner_id IS NULL OR r.owner_id = $4)))`,
    [caller.dealershipId, hash, caller.seesWholeDealership, caller.id],
  );
  if (!row) return null;
  const bytes = Buffer.from(row.bytes);
  return { contentType: row.content_type, bytes, size: bytes.length };
}
