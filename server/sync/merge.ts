// POST /v1/commands/merge-customers: a manager resolves a duplicate claim (重复客户) by merging
// cards of one customer into the one that survives, owned by the consultant they choose.
//
// Nothing is lost: the survivor takes the merged cards' phones, tags, notes and empty fields
// (shared/domain/merge.ts); every row hanging off a merged card (any table of CHILD_TABLES) moves
// to the survivor with the survivor's owner; the merged card stays on the server, deleted, and
// `merges`/`merged_rows` remember where it went, so a change an offline laptop makes to it later
// still reaches the survivor (push.ts). A `merged` timeline entry on the survivor lists what was
// merged and by whom. Every write is stamped with the server's HLC and gets a new seq, and an
// owner who loses a card gets `remove`s in the same ordered stream, as with a reassignment.

import {
  MERGED_CARD_FIELD,
  mergeDuplicateCards,
  phoneConnectedOrder,
  type CardData,
} from '../../shared/domain/duplicate-merge';
import type {
  MergeDuplicateCustomersRequest,
  MergeDuplicateCustomersResponse,
} from '../../shared/sync/protocol';
import { CHILD_TABLES } from '../../shared/sync/tables';
import { seesWholeDealership, type Caller } from '../auth/authorize';
import type { Database, Queryable } from '../db/database';
import { findMerge, insertMerge, insertMergedRow } from '../db/merges';
import {
  getCustomerChildren,
  getRecord,
  insertRemoval,
  lockDealership,
  saveRecord,
  type RecordRow,
} from '../db/records';
import { findUserById, type UserRow } from '../db/users';
import { conflict, notFound } from '../http/errors';
import { collectChanges } from './change-notice';
import { loadServerClock } from './server-clock';
import { writeServerTimelineEntry } from './server-timeline';

const isChildTable = (table: string) => (CHILD_TABLES as readonly string[]).includes(table);

function phonesOf(data: CardData): string[] {
  return Array.isArray(data.phones)
    ? data.phones.filter((phone): phone is string => typeof phone === 'string')
    : [];
}

const nameOf = (data: CardData) => (typeof data.name === 'string' ? data.name : '');

export async function mergeDuplicateCustomers(
  db: Database,
  caller: Caller,
  request: MergeDuplicateCustomersRequest,
): Promise<MergeDuplicateCustomersResponse> {
  return db.transaction(async (tx) => {
    const { dealershipId } = caller;
    await lockDealership(tx, dealershipId);
    const owner = await findUserById(tx, request.ownerId);
    if (!owner || owner.dealershipId !== dealershipId) {
      throw notFound('user_not_found', 'No such user in your dealership.');
    }
    if (!owner.active)
      throw conflict('owner_deactivated', `${owner.name} is deactivated and cannot own customers.`);
    if (owner.role === 'admin') {
      throw conflict(
        'owner_is_admin',
        'Customers are owned by consultants or managers, not by an admin.',
      );
    }

    const survivor = await getRecord(tx, dealershipId, 'customers', request.survivorId);
    if (!survivor || survivor.ownerId === null) {
      throw notFound('customer_not_found', 'No such customer in your dealership.');
    }
    if (survivor.data.deleted === true) {
      throw conflict(
        'merge_survivor_gone',
        'The card chosen to survive has been merged or deleted meanwhile.',
      );
    }

    const alreadyMerged: string[] = [];
    const cards = new Map<string, RecordRow>();
    for (const id of request.mergedIds) {
      const card = await getRecord(tx, dealershipId, 'customers', id);
      if (!card || card.ownerId === null)
        throw notFound('customer_not_found', `No customer ${id} in your dealership.`);
      if (card.data.deleted === true) {
        // A retry of a merge that went through (its answer was lost): nothing to do twice.
        if ((await findMerge(tx, dealershipId, id))?.survivorId === survivor.id) {
          alreadyMerged.push(id);
          continue;
        }
        throw conflict(
          'customer_merged_or_deleted',
          `Customer ${id} has been merged into another card or deleted.`,
        );
      }
      cards.set(id, card);
    }
    if (cards.size === 0) {
      if (survivor.ownerId !== owner.id) {
        throw conflict('already_merged', 'These cards were merged already, with another owner.');
      }
      return { survivorId: survivor.id, ownerId: owner.id, merged: [], alreadyMerged };
    }
    const order = phoneConnectedOrder(
      phonesOf(survivor.data),
      [...cards.values()].map((card) => ({ id: card.id, phones: phonesOf(card.data) })),
    );
    if (order === null) {
      throw conflict(
        'no_shared_phone',
        'These cards share no phone number: they are not one customer.',
      );
    }

    const clock = await loadServerClock(tx, dealershipId);
    const changes = collectChanges(dealershipId);
    const users = new Map<string, UserRow | undefined>([[owner.id, owner]]);
    const userById = async (id: string) => {
      if (!users.has(id)) users.set(id, await findUserById(tx, id));
      return users.get(id);
    };
    /** Whether `userId` stops seeing rows given to the new owner (managers see everything). */
    const losesAccess = async (userId: string) => {
      if (userId === owner.id) return false;
      const user = await userById(userId);
      return !user || !seesWholeDealership(user.role);
    };

    const survivorData: Record<string, unknown> = { ...survivor.data };
    const survivorClocks: Record<string, string> = { ...survivor.clocks };
    const timeline: Array<{ hlc: string; label: string; changes: MergeEntryChanges }> = [];

    for (const id of order) {
      const card = cards.get(id);
      if (!card?.ownerId) continue;
      const cardOwner = card.ownerId;
      const hlc = clock.tick();
      const now = new Date().toISOString();
      const previous = await userById(cardOwner);
      const label = `「${nameOf(card.data)}」（${previous?.name ?? ''}）`;

      // The merged card first: a laptop drops it (and its local rows) before the rows arrive
      // again under the survivor, later in the same stream.
      await saveRecord(tx, {
        dealershipId,
        table: 'customers',
        id: card.id,
        ownerId: owner.id,
        customerId: card.customerId,
        data: { ...card.data, deleted: true, ownerId: owner.id, updatedAt: now },
        clocks: { ...card.clocks, deleted: hlc, ownerId: hlc, updatedAt: hlc },
      });
      const mergeId = await insertMerge(tx, {
        dealershipId,
        mergedId: card.id,
        survivorId: survivor.id,
        mergedOwner: cardOwner,
        byUser: caller.id,
        hlc,
      });
      if (cardOwner !== owner.id) {
        // The card's ownership history, so its old owner's offline changes are judged by HLC.
        await recordOwnerChange(tx, dealershipId, card.id, cardOwner, owner.id, hlc);
      }

      const children = (await getCustomerChildren(tx, dealershipId, card.id)).filter((child) =>
        isChildTable(child.table),
      );
      for (const child of children) {
        await moveChild(tx, dealershipId, child, { from: card.id, to: survivor.id }, owner.id, hlc);
        await insertMergedRow(tx, {
          dealershipId,
          table: child.table,
          rowId: child.id,
          fromCustomer: card.id,
          mergeId,
        });
      }
      if (await losesAccess(cardOwner)) {
        for (const row of [card, ...children]) {
          await insertRemoval(tx, {
            dealershipId,
            userId: cardOwner,
            table: row.table,
            rowId: row.id,
          });
        }
      }

      const merged = mergeDuplicateCards(survivorData, card.data, label);
      for (const [field, value] of Object.entries(merged.fields)) {
        survivorData[field] = value;
        survivorClocks[field] = hlc;
      }
      timeline.push({
        hlc,
        label,
        changes: [
          { field: MERGED_CARD_FIELD, from: card.id, to: nameOf(card.data) },
          { field: 'ownerId', from: previous?.name ?? '', to: owner.name },
          ...merged.changes,
        ],
      });
      changes.touchOwner(cardOwner);
    }

    // The survivor: its new owner (its own rows follow) and what the merged cards brought.
    const hlc = clock.tick();
    const now = new Date().toISOString();
    const survivorOwner = survivor.ownerId;
    if (survivorOwner !== owner.id) {
      survivorData.ownerId = owner.id;
      survivorClocks.ownerId = hlc;
      const own = (await getCustomerChildren(tx, dealershipId, survivor.id)).filter(
        (child) => isChildTable(child.table) && child.ownerId === survivorOwner,
      );
      for (const child of own) {
        await moveChild(tx, dealershipId, child, null, owner.id, hlc);
      }
      if (await losesAccess(survivorOwner)) {
        for (const row of [survivor, ...own]) {
          await insertRemoval(tx, {
            dealershipId,
            userId: survivorOwner,
            table: row.table,
            rowId: row.id,
          });
        }
      }
      await recordOwnerChange(tx, dealershipId, survivor.id, survivorOwner, owner.id, hlc);
      changes.touchOwner(survivorOwner);
    }
    survivorData.updatedAt = now;
    survivorClocks.updatedAt = hlc;
    await saveRecord(tx, {
      dealershipId,
      table: 'customers',
      id: survivor.id,
      ownerId: owner.id,
      customerId: survivor.customerId,
      data: survivorData,
      clocks: survivorClocks,
    });
    for (const entry of timeline) {
      await writeServerTimelineEntry(tx, {
        caller,
        customerId: survivor.id,
        ownerId: owner.id,
        kind: 'merged',
        changes: entry.changes,
        text: `并入客户卡${entry.label}`,
        hlc: entry.hlc,
        now,
      });
    }
    changes.touchOwner(owner.id);
    await clock.save();
    await changes.notify(tx);
    return { survivorId: survivor.id, ownerId: owner.id, merged: order, alreadyMerged };
  });
}

type MergeEntryChanges = Array<{ field: string; from: string; to: string }>;

async function recordOwnerChange(
  tx: Queryable,
  dealershipId: string,
  customerId: string,
  fromUser: string,
  toUser: string,
  hlc: string,
): Promise<void> {
  await tx.query(
    `INSERT INTO reassignments (dealership_id, customer_id, from_user, to_user, hlc)
     VALUES ($1, $2, $3, $4, $5)`,
    [dealershipId, customerId, fromUser, toUser, hlc],
  );
}

/**
 * A child row under its (new) customer and owner. A conflict about the merged card itself is
 * re-pointed at the survivor too, so re-applying it writes to a card that exists.
 */
async function moveChild(
  tx: Queryable,
  dealershipId: string,
  row: RecordRow,
  customer: { from: string; to: string } | null,
  ownerId: string,
  hlc: string,
): Promise<void> {
  const data: Record<string, unknown> = { ...row.data, ownerId };
  const clocks: Record<string, string> = { ...row.clocks, ownerId: hlc };
  if (customer) {
    data.customerId = customer.to;
    clocks.customerId = hlc;
    if (
      row.table === 'conflicts' &&
      data.rowTable === 'customers' &&
      data.rowId === customer.from
    ) {
      data.rowId = customer.to;
      clocks.rowId = hlc;
    }
  }
  await saveRecord(tx, {
    dealershipId,
    table: row.table,
    id: row.id,
    ownerId,
    customerId: customer ? customer.to : row.customerId,
    data,
    clocks,
  });
}
