// POST /v1/commands/withdraw-imported-customers: the user who imported cards takes them back (the
// undo of an import, renderer/db/import-repo.ts) after they reached the server.
//
// Deleting a card is otherwise a manager's command (delete-customer), so this one may only take
// back what the caller brought in and nobody else has touched. The server decides from its own
// records, never from the laptop's word alone: the mutation log says which client first wrote
// the card (`mutations` → `clients.user_id`) and whether another user's client wrote the card or
// a row of it since; the card's timeline says that an import made it (its `created` entry names
// the file) and whether anyone else acted on it through a server command (reassignment, a lost
// decision, a restore). Each card is decided on its own; a refused card stays as it is and comes
// back with its reason. A withdrawn card is deleted exactly as by delete-customer (timeline
// entry, `deleted: true`, restorable by a manager for 30 days).

import {
  IMPORT_FILE_FIELD,
  type WithdrawImportedCustomersResponse,
  type WithdrawRefusal,
} from '../../shared/sync/protocol';
import { seesWholeDealership, type Caller } from '../auth/authorize';
import type { Database, Queryable } from '../db/database';
import { getRecords, lockDealership, type RecordRow } from '../db/records';
import { collectChanges } from './change-notice';
import { markCardsDeleted } from './delete-customer';
import { loadServerClock } from './server-clock';

type WithdrawRequest = { customerIds: string[]; fileName: string; reason: string };

type CardFacts = {
  merged: Set<string>;
  /** Deleted cards: who deleted them. */
  deletedBy: Map<string, string>;
  /** The user whose client first wrote each card (its creation). */
  creator: Map<string, string>;
  /** Cards whose `created` timeline entry names an imported file. */
  imported: Set<string>;
  /** Cards that another user wrote to, or acted on, after their creation. */
  touchedByOthers: Set<string>;
};

async function readFacts(tx: Queryable, caller: Caller, ids: string[]): Promise<CardFacts> {
  const params = [caller.dealershipId, ids];
  const merged = await tx.query<{ id: string }>(
    'SELECT merged_id AS id FROM merges WHERE dealership_id = $1 AND merged_id = ANY($2::text[])',
    params,
  );
  const deletions = await tx.query<{ id: string; by: string }>(
    `SELECT customer_id AS id, deleted_by::text AS by FROM customer_deletions
     WHERE dealership_id = $1 AND customer_id = ANY($2::text[])`,
    params,
  );
  // Mutations carry no dealership: the card's own id (a UUIDv7 found in this dealership's
  // records) and the client's user being in this dealership tie them to it.
  const creators = await tx.query<{ id: string; user_id: string }>(
    `SELECT DISTINCT ON (m.row_id) m.row_id AS id, c.user_id::text AS user_id
     FROM mutations m
     JOIN clients c ON c.client_id = m.client_id
     JOIN users u ON u.id = c.user_id AND u.dealership_id = $1
     WHERE m.table_name = 'customers' AND m.row_id = ANY($2::text[]) AND m.status = 'applied'
     ORDER BY m.row_id, m.applied_at, m.seq`,
    params,
  );
  const imported = await tx.query<{ id: string }>(
    `SELECT DISTINCT customer_id AS id FROM records
     WHERE dealership_id = $1 AND customer_id = ANY($2::text[]) AND table_name = 'timeline'
       AND data->>'kind' = 'created'
       AND data->'changes' @> jsonb_build_array(jsonb_build_object('field', $3::text))`,
    [...params, IMPORT_FILE_FIELD],
  );
  // Another user's applied change to the card or to any row of it; or a timeline entry by
  // someone else (the server's commands write one, with the manager as the actor).
  const touched = await tx.query<{ id: string }>(
    `SELECT DISTINCT r.card AS id
     FROM (
       SELECT id AS card, table_name, id FROM records
       WHERE dealership_id = $1 AND table_name = 'customers' AND id = ANY($2::text[])
       UNION ALL
       SELECT customer_id, table_name, id FROM records
       WHERE dealership_id = $1 AND customer_id = ANY($2::text[]) AND table_name <> 'customers'
     ) r
     JOIN mutations m ON m.row_id = r.id AND m.table_name = r.table_name AND m.status = 'applied'
     JOIN clients c ON c.client_id = m.client_id
     WHERE c.user_id::text <> $3
     UNION
     SELECT customer_id FROM records
     WHERE dealership_id = $1 AND customer_id = ANY($2::text[]) AND table_name = 'timeline'
       AND data->>'actorId' IS DISTINCT FROM $3`,
    [...params, caller.id],
  );
  return {
    merged: new Set(merged.map((row) => row.id)),
    deletedBy: new Map(deletions.map((row) => [row.id, row.by])),
    creator: new Map(creators.map((row) => [row.id, row.user_id])),
    imported: new Set(imported.map((row) => row.id)),
    touchedByOthers: new Set(touched.map((row) => row.id)),
  };
}

/** Why this card may not be withdrawn by the caller; 'retry' for one they withdrew already. */
function judge(
  caller: Caller,
  card: RecordRow | undefined,
  facts: CardFacts,
): WithdrawRefusal | 'retry' | null {
  if (!card || card.ownerId === null) return 'not_found';
  if (facts.merged.has(card.id)) return 'merged';
  if (facts.creator.get(card.id) !== caller.id) return 'not_creator';
  // Deleting is otherwise a manager's command: this one is for what an import brought in.
  if (!facts.imported.has(card.id)) return 'not_imported';
  if (card.data.deleted === true) {
    return facts.deletedBy.get(card.id) === caller.id ? 'retry' : 'deleted';
  }
  // A consultant's card that was reassigned is no longer theirs to take back; a manager may
  // withdraw cards of an import they made, whoever the rows were assigned to.
  if (!seesWholeDealership(caller.role) && card.ownerId !== caller.id) return 'not_owner';
  if (facts.touchedByOthers.has(card.id)) return 'others_activity';
  return null;
}

export async function withdrawImportedCustomers(
  db: Database,
  caller: Caller,
  request: WithdrawRequest,
): Promise<WithdrawImportedCustomersResponse> {
  const ids = [...new Set(request.customerIds)];
  return db.transaction(async (tx) => {
    await lockDealership(tx, caller.dealershipId);
    const cards = new Map(
      (await getRecords(tx, caller.dealershipId, 'customers', ids)).map((card) => [card.id, card]),
    );
    const facts = await readFacts(tx, caller, ids);
    const answer: WithdrawImportedCustomersResponse = { withdrawn: [], refused: [] };
    const clock = await loadServerClock(tx, caller.dealershipId);
    const changes = collectChanges(caller.dealershipId);
    const entry = {
      reason: request.reason,
      changes: request.fileName
        ? [{ field: IMPORT_FILE_FIELD, from: request.fileName, to: '' }]
        : [],
    };
    const withdrawing: RecordRow[] = [];
    for (const id of ids) {
      const card = cards.get(id);
      const verdict = judge(caller, card, facts);
      if (verdict === 'retry') {
        answer.withdrawn.push(id);
      } else if (verdict !== null || !card) {
        answer.refused.push({ customerId: id, reason: verdict ?? 'not_found' });
      } else {
        withdrawing.push(card);
        changes.touchOwner(card.ownerId);
        answer.withdrawn.push(id);
      }
    }
    if (withdrawing.length > 0) {
      await markCardsDeleted(tx, caller, clock, withdrawing, entry);
      await clock.save();
      await changes.notify(tx);
    }
    return answer;
  });
}
