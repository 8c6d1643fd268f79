// Duplicate claims (重复客户): one person carried as two or more cards by different consultants of
// a dealership, recognised by a shared phone number. Cards are grouped transitively — A and B
// share one number, B and C another: one claim of three cards — because the manager resolves a
// person, not a number. A group whose cards all belong to one consultant is not a claim between
// consultants and is left out (that consultant can tidy their own cards).
//
// Pure, so the manager's laptop computes the list from its synced copy and the server can check
// the same rule when it merges.

import { normalizePhone } from './phone';

/** What the grouping needs of a card; the caller's own card type comes back in the claims. */
export type ClaimCard = {
  id: string;
  ownerId: string;
  phones: readonly string[];
  deleted?: boolean;
};

export type DuplicateClaim<Card extends ClaimCard = ClaimCard> = {
  /** Stable while the claim's cards stay the same: the smallest card id. */
  key: string;
  /** Normalized numbers found on more than one card of the claim, sorted. */
  sharedPhones: string[];
  /** The claim's cards, ordered by id (UUIDv7: the oldest card first). */
  cards: Card[];
  /** The distinct owners, in the order of their first card. */
  ownerIds: string[];
};

/** Normalized, non-empty, each number once. */
export function normalizedPhones(phones: readonly string[]): string[] {
  return [...new Set(phones.map(normalizePhone).filter((phone) => phone !== ''))];
}

/**
 * The claims among `cards`: groups of non-deleted cards connected by shared normalized phone
 * numbers, owned by at least two different people. Ordered by their first shared number.
 */
export function findDuplicateClaims<Card extends ClaimCard>(
  cards: Iterable<Card>,
): DuplicateClaim<Card>[] {
  const live = [...cards].filter((card) => card.deleted !== true);
  // Union-find over card indexes; every phone links the cards that carry it.
  const parent = live.map((_, index) => index);
  const find = (index: number): number => {
    let root = index;
    while (parent[root] !== root) root = parent[root] ?? root;
    // Path compression keeps later finds short.
    let node = index;
    while (parent[node] !== root) {
      const next = parent[node] ?? root;
      parent[node] = root;
      node = next;
    }
    return root;
  };
  const cardsOfPhone = new Map<string, number[]>();
  live.forEach((card, index) => {
    for (const phone of normalizedPhones(card.phones)) {
      const holders = cardsOfPhone.get(phone);
      if (holders) {
        const [first] = holders;
        if (first !== undefined) parent[find(index)] = find(first);
        holders.push(index);
      } else {
        cardsOfPhone.set(phone, [index]);
      }
    }
  });

  const groups = new Map<number, number[]>();
  live.forEach((_, index) => {
    const root = find(index);
    groups.set(root, [...(groups.get(root) ?? []), index]);
  });
  const sharedByRoot = new Map<number, string[]>();
  for (const [phone, holders] of cardsOfPhone) {
    const [first] = holders;
    if (holders.length < 2 || first === undefined) continue;
    const root = find(first);
    sharedByRoot.set(root, [...(sharedByRoot.get(root) ?? []), phone]);
  }

  const claims: DuplicateClaim<Card>[] = [];
  for (const [root, members] of groups) {
    if (members.length < 2) continue;
    const claimCards = members
      .map((index) => live[index])
      .filter((card): card is Card => card !== undefined)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const ownerIds = [...new Set(claimCards.map((card) => card.ownerId))];
    if (ownerIds.length < 2) continue;
    claims.push({
      key: claimCards[0]?.id ?? '',
      sharedPhones: (sharedByRoot.get(root) ?? []).sort(),
      cards: claimCards,
      ownerIds,
    });
  }
  return claims.sort((a, b) => {
    const [phoneA = '', phoneB = ''] = [a.sharedPhones[0], b.sharedPhones[0]];
    return phoneA < phoneB ? -1 : phoneA > phoneB ? 1 : a.key < b.key ? -1 : 1;
  });
}

/** The numbers of `phones` that occur more than once (a sorted index's keys, say), each once. */
export function repeatedPhones(phones: Iterable<string>): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const phone of phones) {
    if (seen.has(phone)) repeated.add(phone);
    else seen.add(phone);
  }
  return [...repeated];
}
