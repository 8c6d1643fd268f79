// 重复客户 on the manager's laptop: the claims found in the local copy of the showroom (sync keeps
// it current, so claims appear and resolved ones leave live), what each card of a claim shows,
// and the preview of a merge — computed with the very rules the server applies
// (shared/domain/merge.ts), so what the manager confirms is what happens.
//
// Finding claims reads keys only: the *phones multi-entry index lists every number of every card
// in order, repeated numbers are picked from it, and only the cards carrying one are read. At
// 100,000 cards that is one index scan, not 100,000 card reads.

import type { Customer } from '../../../shared/domain/customer';
import {
  findDuplicateClaims,
  normalizedPhones,
  repeatedPhones,
  type DuplicateClaim,
} from '../../../shared/domain/duplicates';
import {
  MERGED_CARD_FIELD,
  mergeDuplicateCards,
  phoneConnectedOrder,
} from '../../../shared/domain/duplicate-merge';
import type { FieldChange } from '../../../shared/domain/timeline';
import type { TeamMember } from '../../../shared/sync/protocol';
import type { AppDB } from '../../db/AppDB';
import { LoginRequiredError, NetworkError, ServerError } from '../../sync/errors';

export type CustomerClaim = DuplicateClaim<Customer>;

export async function queryDuplicateClaims(db: AppDB): Promise<CustomerClaim[]> {
  // The blind index holds one key per number and card: a key found twice is a shared number.
  const phoneKeys = await db.customers.orderBy('phoneKeys').keys();
  const repeated = repeatedPhones(
    phoneKeys.filter((phoneKey): phoneKey is string => typeof phoneKey === 'string'),
  );
  if (repeated.length === 0) return [];
  // A card with two repeated numbers matches twice: one copy each.
  const cards = new Map<string, Customer>();
  for (const card of await db.customers.where('phoneKeys').anyOf(repeated).toArray()) {
    cards.set(card.id, card);
  }
  return findDuplicateClaims(cards.values());
}

/** For the sidebar badge. */
export async function countDuplicateClaims(db: AppDB): Promise<number> {
  return (await queryDuplicateClaims(db)).length;
}

export type ClaimCardDetails = {
  /** When the latest completed follow-up was done; null when none. */
  lastContactAt: string | null;
  followUps: number;
  timeline: number;
};

/** What each card of the claims shows beyond the card itself, and what a merge would move. */
export async function loadClaimCardDetails(
  db: AppDB,
  customerIds: readonly string[],
): Promise<Map<string, ClaimCardDetails>> {
  const details = new Map<string, ClaimCardDetails>();
  for (const customerId of customerIds) {
    const followUps = await db.followUps.where('customerId').equals(customerId).toArray();
    const timeline = await db.timeline
      .where('[customerId+at]')
      .between([customerId, ''], [customerId, '\uffff'])
      .count();
    const done = followUps
      .filter((followUp) => followUp.state === 'done' && followUp.completedAt !== null)
      .map((followUp) => followUp.completedAt ?? '')
      .sort();
    details.set(customerId, {
      lastContactAt: done.at(-1) ?? null,
      followUps: followUps.length,
      timeline,
    });
  }
  return details;
}

/** Who may own the merged card: active consultants and managers (the server refuses others). */
export function ownerCandidates(team: readonly TeamMember[]): TeamMember[] {
  return team
    .filter((member) => member.active && member.role !== 'admin')
    .sort(
      (a, b) =>
        Number(a.role !== 'consultant') - Number(b.role !== 'consultant') ||
        a.name.localeCompare(b.name, 'zh-CN'),
    );
}

/** The owner a claim proposes when the manager picks a survivor: its owner, if they may own it. */
export function defaultOwner(
  survivor: Pick<Customer, 'ownerId'>,
  team: readonly TeamMember[],
): string | null {
  return ownerCandidates(team).some((member) => member.id === survivor.ownerId)
    ? survivor.ownerId
    : null;
}

export type DuplicateMergePreview = {
  survivor: Customer;
  /** The other cards, in the order the server will merge them. */
  merged: Customer[];
  ownerId: string;
  /** The survivor as it will read: its data with the merged fields laid over. */
  result: Customer;
  /** Fields filled in from a merged card. */
  filled: FieldChange[];
  /** Values of the merged cards that the survivor does not take (they go to the timeline). */
  notTaken: FieldChange[];
  /** How many merged cards bring notes. */
  notesAppended: number;
  /** Consultants who owned one of the cards and will not have the customer any more. */
  losingOwnerIds: string[];
};

const LIST_FIELDS = new Set(['phones', 'tags']);

/**
 * What merging the claim's cards into `survivorId` for `ownerId` will do; null when the cards
 * cannot be merged (they no longer share a number).
 */
export function previewDuplicateMerge(
  claim: CustomerClaim,
  survivorId: string,
  ownerId: string,
  team: readonly TeamMember[],
): DuplicateMergePreview | null {
  const survivor = claim.cards.find((card) => card.id === survivorId);
  if (!survivor) return null;
  const others = claim.cards.filter((card) => card.id !== survivorId);
  const order = phoneConnectedOrder(survivor.phones, others);
  if (order === null) return null;
  const nameOf = (id: string) => team.find((member) => member.id === id)?.name ?? '';
  let result: Customer = { ...survivor };
  const filled: FieldChange[] = [];
  const notTaken: FieldChange[] = [];
  let notesAppended = 0;
  const merged: Customer[] = [];
  for (const id of order) {
    const card = others.find((other) => other.id === id);
    if (!card) continue;
    merged.push(card);
    const label = `「${card.name}」（${nameOf(card.ownerId)}）`;
    const step = mergeDuplicateCards(result, card, label);
    if ('notes' in step.fields) notesAppended += 1;
    result = { ...result, ...step.fields } satisfies Customer;
    for (const change of step.changes) {
      if (change.field === MERGED_CARD_FIELD || LIST_FIELDS.has(change.field)) continue;
      (change.from === change.to ? filled : notTaken).push(change);
    }
  }
  const roleOf = (id: string) => team.find((member) => member.id === id)?.role;
  const losingOwnerIds = [...new Set(claim.cards.map((card) => card.ownerId))].filter(
    (id) => id !== ownerId && roleOf(id) !== 'manager' && roleOf(id) !== 'admin',
  );
  return {
    survivor,
    merged,
    ownerId,
    result: { ...result, ownerId, phones: normalizedPhones(result.phones) },
    filled,
    notTaken,
    notesAppended,
    losingOwnerIds,
  };
}

/** The i18n key (under duplicates) that says why a merge failed. */
export function duplicateMergeErrorKey(error: unknown): 'offline' | 'stale' | 'failed' {
  if (error instanceof NetworkError) return 'offline';
  if (error instanceof LoginRequiredError) return 'failed';
  if (error instanceof ServerError && (error.status === 409 || error.status === 404)) {
    return 'stale';
  }
  return 'failed';
}
