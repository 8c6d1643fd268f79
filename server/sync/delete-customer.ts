// POST /v1/commands/delete-customer and restore-customer, GET /v1/deleted-customers: a manager
// deletes a customer card for everyone, and may restore it within RESTORE_DAYS days.
//
// Deleting is a command, never a field write (server-decided.ts refuses a pushed `deleted`): who
// may is the server's to judge. A consultant may not — they ask for lost (申请战败) instead. The
// card stays on the server with `deleted: true` and goes to every laptop as a remove (pull.ts),
// which takes its rows along; `customer_deletions` keeps who, when and why. A restore writes the
// card and every row of it again (new seqs), so each laptop that sees it gets it all back.
// Both steps are told on the card's timeline by a server-written entry.

import {
  RESTORE_DAYS,
  type CustomerCommandResponse,
  type DeletedCustomersResponse,
} from '../../shared/sync/protocol';
import type { FieldChange } from '../../shared/domain/timeline';
import type { Caller } from '../auth/authorize';
import type { Database, Queryable } from '../db/database';
import { findMerge } from '../db/merges';
import {
  getCustomerChildren,
  getRecord,
  lockDealership,
  saveRecord,
  type RecordRow,
} from '../db/records';
import { conflict, notFound } from '../http/errors';
import { collectChanges } from './change-notice';
import { loadServerClock, type ServerClock } from './server-clock';
import { writeRows } from './push-sql';
import { serverTimelineRecord, writeServerTimelineEntry } from './server-timeline';

async function findCard(tx: Queryable, caller: Caller, customerId: string): Promise<RecordRow> {
  const card = await getRecord(tx, caller.dealershipId, 'customers', customerId);
  if (!card || card.ownerId === null)
    throw notFound('customer_not_found', 'No such customer in your dealership.');
  if (await findMerge(tx, caller.dealershipId, customerId)) {
    throw conflict(
      'card_merged',
      'This card was merged into another; it cannot be deleted or restored.',
    );
  }
  return card;
}

/**
 * The steps of a deletion, shared by delete-customer and withdraw-imported-customers, for many
 * cards in a few statements: a timeline entry per card, each card written with `deleted: true`
 * under a fresh server clock, and the deletion records a restore needs. The caller holds the
 * dealership lock and saves the clock.
 */
export async function markCardsDeleted(
  tx: Queryable,
  caller: Caller,
  clock: ServerClock,
  cards: readonly RecordRow[],
  entry: { reason: string; changes: FieldChange[] },
): Promise<void> {
  if (cards.length === 0) return;
  const now = new Date().toISOString();
  const entries = cards.map((card) =>
    serverTimelineRecord({
      caller,
      customerId: card.id,
      ownerId: card.ownerId ?? caller.id,
      kind: 'customer_deleted',
      text: entry.reason,
      changes: entry.changes,
      hlc: clock.tick(),
      now,
    }),
  );
  const hlc = clock.tick();
  const deleted = cards.map((card) => ({
    table: 'customers' as const,
    id: card.id,
    ownerId: card.ownerId,
    customerId: card.customerId,
    data: { ...card.data, deleted: true, updatedAt: now },
    clocks: { ...card.clocks, deleted: hlc, updatedAt: hlc },
  }));
  // The entries first (seqs are taken in this order): a laptop drops each with its card's
  // remove, which comes later in the stream.
  await writeRows(tx, caller.dealershipId, [...entries, ...deleted]);
  await tx.query(
    `INSERT INTO customer_deletions (dealership_id, customer_id, deleted_by, reason)
     SELECT $1::uuid, id, $3::uuid, $4::text FROM unnest($2::text[]) AS id
     ON CONFLICT (dealership_id, customer_id) DO UPDATE SET
       deleted_by = EXCLUDED.deleted_by, reason = EXCLUDED.reason, deleted_at = now()`,
    [caller.dealershipId, cards.map((card) => card.id), caller.id, entry.reason],
  );
}

export async function deleteCustomer(
  db: Database,
  caller: Caller,
  request: { customerId: string; reason: string },
): Promise<CustomerCommandResponse> {
  return db.transaction(async (tx) => {
    await lockDealership(tx, caller.dealershipId);
    const card = await findCard(tx, caller, request.customerId);
    // A retry after a lost answer: deleted already, nothing to do twice.
    if (card.data.deleted === true) return { customerId: card.id, deleted: true };

    const clock = await loadServerClock(tx, caller.dealershipId);
    await markCardsDeleted(tx, caller, clock, [card], { reason: request.reason, changes: [] });
    await clock.save();
    const changes = collectChanges(caller.dealershipId);
    changes.touchOwner(card.ownerId);
    await changes.notify(tx);
    return { customerId: card.id, deleted: true };
  });
}

export async function restoreCustomer(
  db: Database,
  caller: Caller,
  request: { customerId: string },
): Promise<CustomerCommandResponse> {
  return db.transaction(async (tx) => {
    await lockDealership(tx, caller.dealershipId);
    const card = await findCard(tx, caller, request.customerId);
    const ownerId = card.ownerId ?? caller.id;
    // A retry after a lost answer: restored already.
    if (card.data.deleted !== true) return { customerId: card.id, deleted: false };
    const [deletion] = await tx.query<{ restorable: boolean }>(
      `SELECT deleted_at > now() - make_interval(days => $3) AS restorable
       FROM customer_deletions WHERE dealership_id = $1 AND customer_id = $2`,
      [caller.dealershipId, card.id, RESTORE_DAYS],
    );
    if (!deletion?.restorable) {
      throw conflict(
        'restore_too_late',
        `Only cards deleted in the last ${RESTORE_DAYS} days can be restored.`,
      );
    }

    const clock = await loadServerClock(tx, caller.dealershipId);
    const now = new Date().toISOString();
    // The card first, then its rows: a laptop must hold the card before its rows arrive.
    const hlc = clock.tick();
    await saveRecord(tx, {
      dealershipId: caller.dealershipId,
      table: 'customers',
      id: card.id,
      ownerId: card.ownerId,
      customerId: card.customerId,
      data: { ...card.data, deleted: false, updatedAt: now },
      clocks: { ...card.clocks, deleted: hlc, updatedAt: hlc },
    });
    for (const row of await getCustomerChildren(tx, caller.dealershipId, card.id)) {
      await saveRecord(tx, { ...row, dealershipId: caller.dealershipId });
    }
    await writeServerTimelineEntry(tx, {
      caller,
      customerId: card.id,
      ownerId,
      kind: 'customer_restored',
      text: '',
      changes: [],
      hlc: clock.tick(),
      now,
    });
    await tx.query('DELETE FROM customer_deletions WHERE dealership_id = $1 AND customer_id = $2', [
      caller.dealershipId,
      card.id,
    ]);
    await clock.save();
    const changes = collectChanges(caller.dealershipId);
    changes.touchOwner(card.ownerId);
    await changes.notify(tx);
    return { customerId: card.id, deleted: false };
  });
}

export async function listDeletedCustomers(
  db: Queryable,
  caller: Caller,
): Promise<DeletedCustomersResponse> {
  const rows = await db.query<{
    id: string;
    data: Record<string, unknown>;
    owner_id: string;
    owner_name: string | null;
    deleted_at: Date | string;
    deleted_by: string;
    deleted_by_name: string | null;
    reason: string;
  }>(
    `SELECT r.id, r.data, r.owner_id::text, owner.name AS owner_name, d.deleted_at,
       d.deleted_by::text, actor.name AS deleted_by_name, d.reason
     FROM customer_deletions d
     JOIN records r ON r.dealership_id = d.dealership_id AND r.table_name = 'customers'
       AND r.id = d.customer_id
     LEFT JOIN users owner ON owner.id = r.owner_id
     LEFT JOIN users actor ON actor.id = d.deleted_by
     WHERE d.dealership_id = $1 AND d.deleted_at > now() - make_interval(days => $2)
       AND r.data @> '{"deleted": true}'::jsonb
     ORDER BY d.deleted_at DESC
     LIMIT 500`,
    [caller.dealershipId, RESTORE_DAYS],
  );
  return {
    customers: rows.map((row) => ({
      id: row.id,
      name: typeof row.data.name === 'string' ? row.data.name : '',
      phones: Array.isArray(row.data.phones)
        ? row.data.phones.filter((phone): phone is string => typeof phone === 'string')
        : [],
      ownerId: row.owner_id,
      ownerName: row.owner_name ?? '',
      deletedAt: new Date(row.deleted_at).toISOString(),
      deletedById: row.deleted_by,
      deletedByName: row.deleted_by_name ?? '',
      reason: row.reason,
    })),
  };
}
