import { describe, expect, it } from 'vitest';
import { CUSTOMER_STATUSES, type CustomerStatus } from './customer-status';
import {
  DEFAULT_CADENCE,
  cadenceDays,
  firstContactDueAt,
  proposeNextFollowUpAt,
  suggestedPlanAt,
  type FollowUpCadence,
} from './cadence';
import { INTENT_LEVELS } from './intent';

const HOUR = 3_600_000;

describe('DEFAULT_CADENCE', () => {
  it('is the default: first contact 24 h; H 2, A 7, B 14, C 30 days; O weekly', () => {
    expect(DEFAULT_CADENCE).toEqual({ firstContactHours: 24, H: 2, A: 7, B: 14, C: 30, O: 7 });
  });
});

describe('cadenceDays', () => {
  it.each([
    ['H', 2],
    ['A', 7],
    ['B', 14],
    ['C', 30],
  ] as const)('a following customer of level %s is due every %i days', (level, days) => {
    expect(cadenceDays({ status: 'following', intentLevel: level }, DEFAULT_CADENCE)).toBe(days);
    expect(cadenceDays({ status: 'new', intentLevel: level }, DEFAULT_CADENCE)).toBe(days);
  });

  it('an ordered customer is followed weekly, whatever the intent level', () => {
    expect(cadenceDays({ status: 'ordered', intentLevel: null }, DEFAULT_CADENCE)).toBe(7);
    for (const level of INTENT_LEVELS) {
      expect(cadenceDays({ status: 'ordered', intentLevel: level }, DEFAULT_CADENCE)).toBe(7);
    }
  });

  it.each(['delivered', 'lost_requested', 'lost'] as const)(
    '%s needs no more sales follow-ups (null)',
    (status) => {
      expect(cadenceDays({ status, intentLevel: null }, DEFAULT_CADENCE)).toBeNull();
      expect(cadenceDays({ status, intentLevel: 'H' }, DEFAULT_CADENCE)).toBeNull();
    },
  );

  it('without an assessed level, uses the first-contact window in whole days, at least one', () => {
    expect(cadenceDays({ status: 'new', intentLevel: null }, DEFAULT_CADENCE)).toBe(1);
    expect(cadenceDays({ status: 'following', intentLevel: null }, DEFAULT_CADENCE)).toBe(1);
    const withHours = (firstContactHours: number) =>
      cadenceDays({ status: 'new', intentLevel: null }, { ...DEFAULT_CADENCE, firstContactHours });
    expect(withHours(48)).toBe(2);
    expect(withHours(72)).toBe(3);
    expect(withHours(36)).toBe(2);
    expect(withHours(6)).toBe(1);
    expect(withHours(1)).toBe(1);
  });

  it('follows a custom cadence', () => {
    const custom: FollowUpCadence = { firstContactHours: 4, H: 1, A: 3, B: 10, C: 45, O: 14 };
    expect(cadenceDays({ status: 'following', intentLevel: 'H' }, custom)).toBe(1);
    expect(cadenceDays({ status: 'following', intentLevel: 'A' }, custom)).toBe(3);
    expect(cadenceDays({ status: 'following', intentLevel: 'B' }, custom)).toBe(10);
    expect(cadenceDays({ status: 'following', intentLevel: 'C' }, custom)).toBe(45);
    expect(cadenceDays({ status: 'ordered', intentLevel: 'C' }, custom)).toBe(14);
  });

  it('covers every status', () => {
    const results = new Map<CustomerStatus, number | null>(
      CUSTOMER_STATUSES.map((status) => [
        status,
        cadenceDays({ status, intentLevel: 'B' }, DEFAULT_CADENCE),
      ]),
    );
    expect(Object.fromEntries(results)).toEqual({
      new: 14,
      following: 14,
      ordered: 7,
      delivered: null,
      lost_requested: null,
      lost: null,
    });
  });
});

describe('proposeNextFollowUpAt', () => {
  function expectLocal(at: Date | null, y: number, m: number, d: number) {
    expect(at).not.toBeNull();
    expect([at!.getFullYear(), at!.getMonth() + 1, at!.getDate()]).toEqual([y, m, d]);
    expect([at!.getHours(), at!.getMinutes(), at!.getSeconds(), at!.getMilliseconds()]).toEqual([
      10, 0, 0, 0,
    ]);
  }

  it('lands at 10:00 local time, cadence days after the completion day', () => {
    const completed = new Date(2026, 2, 10, 15, 42, 17, 123);
    expectLocal(
      proposeNextFollowUpAt({ status: 'following', intentLevel: 'H' }, completed, DEFAULT_CADENCE),
      2026,
      3,
      12,
    );
    expectLocal(
      proposeNextFollowUpAt({ status: 'following', intentLevel: 'A' }, completed, DEFAULT_CADENCE),
      2026,
      3,
      17,
    );
    expectLocal(
      proposeNextFollowUpAt({ status: 'following', intentLevel: 'B' }, completed, DEFAULT_CADENCE),
      2026,
      3,
      24,
    );
    expectLocal(
      proposeNextFollowUpAt({ status: 'following', intentLevel: 'C' }, completed, DEFAULT_CADENCE),
      2026,
      4,
      9,
    );
    expectLocal(
      proposeNextFollowUpAt({ status: 'ordered', intentLevel: 'C' }, completed, DEFAULT_CADENCE),
      2026,
      3,
      17,
    );
    expectLocal(
      proposeNextFollowUpAt({ status: 'new', intentLevel: null }, completed, DEFAULT_CADENCE),
      2026,
      3,
      11,
    );
  });

  it('counts the local calendar day of the completion, early morning and late evening alike', () => {
    const subject = { status: 'following', intentLevel: 'H' } as const;
    expectLocal(
      proposeNextFollowUpAt(subject, new Date(2026, 2, 10, 0, 5), DEFAULT_CADENCE),
      2026,
      3,
      12,
    );
    expectLocal(
      proposeNextFollowUpAt(subject, new Date(2026, 2, 10, 23, 59, 59), DEFAULT_CADENCE),
      2026,
      3,
      12,
    );
  });

  it('crosses month ends and daylight-saving changes without moving off 10:00', () => {
    const subject = { status: 'following', intentLevel: 'A' } as const;
    expectLocal(
      proposeNextFollowUpAt(subject, new Date(2026, 0, 28, 9, 0), DEFAULT_CADENCE),
      2026,
      2,
      4,
    );
    expectLocal(
      proposeNextFollowUpAt(subject, new Date(2026, 2, 5, 18, 0), DEFAULT_CADENCE),
      2026,
      3,
      12,
    );
    expectLocal(
      proposeNextFollowUpAt(subject, new Date(2026, 9, 22, 18, 0), DEFAULT_CADENCE),
      2026,
      10,
      29,
    );
  });

  it('returns null for customers that need no follow-up', () => {
    const from = new Date(2026, 2, 10, 12);
    for (const status of ['delivered', 'lost_requested', 'lost'] as const) {
      expect(proposeNextFollowUpAt({ status, intentLevel: 'H' }, from, DEFAULT_CADENCE)).toBeNull();
    }
  });

  it('follows a custom cadence', () => {
    const custom: FollowUpCadence = { ...DEFAULT_CADENCE, A: 3, O: 1 };
    const from = new Date(2026, 2, 10, 12);
    expectLocal(
      proposeNextFollowUpAt({ status: 'following', intentLevel: 'A' }, from, custom),
      2026,
      3,
      13,
    );
    expectLocal(
      proposeNextFollowUpAt({ status: 'ordered', intentLevel: null }, from, custom),
      2026,
      3,
      11,
    );
  });

  it('does not modify the date it is given', () => {
    const from = new Date(2026, 2, 10, 15, 42);
    const before = from.getTime();
    proposeNextFollowUpAt({ status: 'following', intentLevel: 'H' }, from, DEFAULT_CADENCE);
    expect(from.getTime()).toBe(before);
  });
});

describe('firstContactDueAt', () => {
  it('is exactly 24 hours after creation by default', () => {
    const created = new Date(2026, 2, 10, 15, 42, 17, 123);
    const due = firstContactDueAt(created, DEFAULT_CADENCE);
    expect(due.getTime() - created.getTime()).toBe(24 * HOUR);
  });

  it('is an absolute number of hours, also across a daylight-saving change', () => {
    const created = new Date(2026, 2, 7, 20, 0);
    expect(firstContactDueAt(created, DEFAULT_CADENCE).getTime() - created.getTime()).toBe(
      24 * HOUR,
    );
    const created2 = new Date(2026, 9, 24, 20, 0);
    expect(firstContactDueAt(created2, DEFAULT_CADENCE).getTime() - created2.getTime()).toBe(
      24 * HOUR,
    );
  });

  it('follows a custom first-contact window', () => {
    const created = new Date(Date.UTC(2026, 2, 10, 6, 0));
    expect(
      firstContactDueAt(created, { ...DEFAULT_CADENCE, firstContactHours: 4 }).toISOString(),
    ).toBe('2026-03-10T10:00:00.000Z');
    expect(
      firstContactDueAt(created, { ...DEFAULT_CADENCE, firstContactHours: 48 }).toISOString(),
    ).toBe('2026-03-12T06:00:00.000Z');
  });

  it('does not modify the date it is given', () => {
    const created = new Date(Date.UTC(2026, 2, 10, 6, 0));
    firstContactDueAt(created, DEFAULT_CADENCE);
    expect(created.toISOString()).toBe('2026-03-10T06:00:00.000Z');
  });
});

describe('suggestedPlanAt', () => {
  it('follows the cadence for customers inside it', () => {
    const from = new Date(2026, 10, 24, 15, 30);
    const subject = { status: 'following', intentLevel: 'B' } as const;
    expect(suggestedPlanAt(subject, from, DEFAULT_CADENCE)).toEqual(
      proposeNextFollowUpAt(subject, from, DEFAULT_CADENCE),
    );
  });

  it('offers tomorrow at 10:00 for customers outside the cadence', () => {
    const from = new Date(2026, 10, 24, 15, 30);
    expect(
      suggestedPlanAt({ status: 'delivered', intentLevel: null }, from, DEFAULT_CADENCE),
    ).toEqual(new Date(2026, 10, 25, 10, 0, 0, 0));
  });
});
