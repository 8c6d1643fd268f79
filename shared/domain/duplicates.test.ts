import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  findDuplicateClaims,
  normalizedPhones,
  repeatedPhones,
  type ClaimCard,
} from './duplicates';

const card = (id: string, ownerId: string, ...phones: string[]): ClaimCard => ({
  id,
  ownerId,
  phones,
});

describe('findDuplicateClaims', () => {
  it('finds the same number under two consultants, normalized', () => {
    const claims = findDuplicateClaims([
      card('c1', 'lina', '13800138000'),
      card('c2', 'wang', '+86 138 0013 8000'),
      card('c3', 'wang', '13900139000'),
    ]);
    expect(claims).toEqual([
      {
        key: 'c1',
        sharedPhones: ['13800138000'],
        cards: [card('c1', 'lina', '13800138000'), card('c2', 'wang', '+86 138 0013 8000')],
        ownerIds: ['lina', 'wang'],
      },
    ]);
  });

  it('joins cards linked through another number into one claim', () => {
    const claims = findDuplicateClaims([
      card('c3', 'zhao', '13700137000'),
      card('c1', 'lina', '13800138000'),
      card('c2', 'wang', '13800138000', '13700137000'),
    ]);
    expect(claims).toHaveLength(1);
    expect(claims[0]?.cards.map((claimCard) => claimCard.id)).toEqual(['c1', 'c2', 'c3']);
    expect(claims[0]?.sharedPhones).toEqual(['13700137000', '13800138000']);
    expect(claims[0]?.ownerIds).toEqual(['lina', 'wang', 'zhao']);
  });

  it('leaves out one consultant’s own duplicates and deleted cards', () => {
    expect(
      findDuplicateClaims([card('c1', 'lina', '13800138000'), card('c2', 'lina', '13800138000')]),
    ).toEqual([]);
    expect(
      findDuplicateClaims([
        card('c1', 'lina', '13800138000'),
        { ...card('c2', 'wang', '13800138000'), deleted: true },
      ]),
    ).toEqual([]);
  });

  it('keeps the caller’s own card objects', () => {
    const cards = [
      { ...card('c1', 'lina', '13800138000'), name: '张三' },
      { ...card('c2', 'wang', '13800138000'), name: '张叁' },
    ];
    const [claim] = findDuplicateClaims(cards);
    expect(claim?.cards.map((claimCard) => claimCard.name)).toEqual(['张三', '张叁']);
  });

  // Random showrooms: few owners and few numbers, so that sharing happens often.
  const showroom = fc.uniqueArray(
    fc.record({
      id: fc.uuid(),
      ownerId: fc.constantFrom('u1', 'u2', 'u3'),
      phones: fc.array(
        fc.constantFrom(
          '13800000001',
          '+86 13800000001',
          '13800000002',
          '13800000003',
          '13800000004',
          '13800000005',
          '02088888888',
        ),
        { maxLength: 3 },
      ),
      deleted: fc.integer({ min: 0, max: 6 }).map((roll) => roll === 0),
    }),
    { selector: (row) => row.id, maxLength: 25 },
  );

  /** Brute force: cards are the same customer when a chain of shared numbers links them. */
  function linked(cards: ClaimCard[], a: ClaimCard, b: ClaimCard): boolean {
    const live = cards.filter((row) => !row.deleted);
    const seen = new Set([a.id]);
    const queue = [a];
    while (queue.length > 0) {
      const next = queue.shift();
      if (!next) break;
      if (next.id === b.id) return true;
      const mine = new Set(normalizedPhones(next.phones));
      for (const other of live) {
        if (seen.has(other.id)) continue;
        if (normalizedPhones(other.phones).some((phone) => mine.has(phone))) {
          seen.add(other.id);
          queue.push(other);
        }
      }
    }
    return false;
  }

  it('puts exactly the linked cards together, with at least two owners (property)', () => {
    fc.assert(
      fc.property(showroom, (cards) => {
        const claims = findDuplicateClaims(cards);
        const claimOf = new Map<string, string>();
        for (const claim of claims) {
          expect(new Set(claim.cards.map((row) => row.ownerId)).size).toBeGreaterThanOrEqual(2);
          expect(claim.ownerIds.length).toBe(new Set(claim.ownerIds).size);
          for (const row of claim.cards) {
            expect(row.deleted).not.toBe(true);
            expect(claimOf.has(row.id)).toBe(false);
            claimOf.set(row.id, claim.key);
          }
          // Every card of a claim is linked to every other.
          for (const row of claim.cards) {
            expect(linked(cards, claim.cards[0]!, row)).toBe(true);
          }
          for (const phone of claim.sharedPhones) {
            const holders = claim.cards.filter((row) =>
              normalizedPhones(row.phones).includes(phone),
            );
            expect(holders.length).toBeGreaterThanOrEqual(2);
          }
        }
        // Two live cards of different owners sharing a number are always in one claim.
        const live = cards.filter((row) => !row.deleted);
        for (const a of live) {
          for (const b of live) {
            if (a.ownerId === b.ownerId) continue;
            const shared = normalizedPhones(a.phones).some((phone) =>
              normalizedPhones(b.phones).includes(phone),
            );
            if (shared) {
              expect(claimOf.get(a.id)).toBeDefined();
              expect(claimOf.get(a.id)).toBe(claimOf.get(b.id));
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order of the cards (property)', () => {
    fc.assert(
      fc.property(
        showroom.chain((cards) =>
          fc.tuple(
            fc.constant(cards),
            fc.shuffledSubarray(cards, { minLength: cards.length, maxLength: cards.length }),
          ),
        ),
        ([cards, shuffled]) => {
          expect(findDuplicateClaims(shuffled)).toEqual(findDuplicateClaims(cards));
        },
      ),
    );
  });
});

describe('repeatedPhones', () => {
  it('lists each number that occurs more than once, once', () => {
    expect(repeatedPhones(['1', '2', '1', '3', '1', '2']).sort()).toEqual(['1', '2']);
    expect(repeatedPhones([])).toEqual([]);
  });
});
