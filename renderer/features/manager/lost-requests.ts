// 战败审批: the open lost requests a manager decides, read from the local copy (sync keeps it
// current, so the list follows live), and what to tell the manager when a decision fails.
// Deciding itself is a server command (decide-lost): a lost request is never decided offline,
// because two managers deciding the same request apart would have no sensible merge.

import Dexie from 'dexie';
import type { AppDB } from '../../db/AppDB';
import type { Customer } from '../../../shared/domain/customer';
import { LoginRequiredError, NetworkError, ServerError } from '../../sync/errors';

export type LostRequest = {
  customer: Customer;
  /** The consultant who owns the card (the team table), else who asked (the timeline). */
  ownerName: string;
};

export type LostDecision = 'approve' | 'send_back';

/** Open requests, oldest first: the one waiting longest is decided first. Uses the status index. */
export async function queryLostRequests(db: AppDB): Promise<LostRequest[]> {
  const customers = (await db.customers.where('status').equals('lost_requested').toArray()).filter(
    (customer) => !customer.deleted,
  );
  customers.sort((a, b) =>
    (a.lostRequestedAt ?? a.updatedAt).localeCompare(b.lostRequestedAt ?? b.updatedAt),
  );
  const ownerIds = [...new Set(customers.map((customer) => customer.ownerId))];
  const team = await db.team.bulkGet(ownerIds);
  const names = new Map<string, string>();
  team.forEach((member, index) => {
    if (member) names.set(ownerIds[index] ?? '', member.name);
  });
  return Promise.all(
    customers.map(async (customer) => ({
      customer,
      ownerName: names.get(customer.ownerId) ?? (await requesterName(db, customer.id)),
    })),
  );
}

/** The number shown on the sidebar item: a key-only count on the status index. */
export async function countLostRequests(db: AppDB): Promise<number> {
  return db.customers
    .where('status')
    .equals('lost_requested')
    .filter((customer) => !customer.deleted)
    .count();
}

/** Who wrote the latest lost_requested entry of the card ('' when none is synced yet). */
async function requesterName(db: AppDB, customerId: string): Promise<string> {
  const entries = await db.timeline
    .where('[customerId+at]')
    .between([customerId, Dexie.minKey], [customerId, Dexie.maxKey])
    .reverse()
    .filter((entry) => entry.kind === 'lost_requested')
    .first();
  return entries?.actorName ?? '';
}

/** The i18n key (under manager.lost.errors) that says why a decision failed. */
export function decisionErrorKey(
  error: unknown,
): 'offline' | 'alreadyDecided' | 'managersOnly' | 'notFound' | 'loginRequired' | 'other' {
  if (error instanceof NetworkError) return 'offline';
  if (error instanceof LoginRequiredError) return 'loginRequired';
  if (error instanceof ServerError) {
    if (error.status === 409) return 'alreadyDecided';
    if (error.status === 403) return 'managersOnly';
    if (error.status === 404) return 'notFound';
    if (error.status === 401) return 'loginRequired';
  }
  return 'other';
}
