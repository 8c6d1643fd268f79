// A pushed row may reference attachments only once the server holds their bytes: clients upload
// first (PUT /v1/attachments/<hash>), so every row the server hands out can be shown by everyone.

import { referencedHashes } from '../../shared/sync/attachments';
import type { SyncTableName } from '../../shared/sync/tables';
import type { Queryable } from '../db/database';
import { missingAttachments } from '../db/attachments';

/** Why the change cannot be applied (an `invalid` refusal), or null when every reference is held. */
export async function missingAttachmentProblem(
  tx: Queryable,
  dealershipId: string,
  table: SyncTableName,
  fields: Record<string, unknown>,
): Promise<string | null> {
  const missing = await missingAttachments(tx, dealershipId, referencedHashes(table, fields));
  if (missing.length === 0) return null;
  return `attachment(s) not on the server: ${missing.join(', ')}; upload them first (PUT /v1/attachments/<hash>).`;
}
