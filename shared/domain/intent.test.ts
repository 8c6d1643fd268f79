import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from './dates';
import {
  DEFAULT_INTENT_THRESHOLDS,
  INTENT_LEVELS,
  currentIntentLevel,
  expectedDateForLevel,
  intentDateRange,
  intentLevel,
  type IntentLevel,
  type IntentThresholds,
} from './intent';

const TODAY = '2026-03-01';

describe('intentLevel with the default thresholds (7 / 30 / 90 days)', () => {
  it.each([
    [0, 'H'],
    [1, 'H'],
    [7, 'H'],
    [8, 'A'],
    [30, 'A'],
    [31, 'B'],
    [90, 'B'],
    [91, 'C'],
    [365, 'C'],
  ] as const)('%i days ahead → %s', (days, level) => {
    expect(intentLevel(addDays(TODAY, days), TODAY)).toBe(level);
  });

  it('treats an expected date in the past as buying now (H)', () => {
    expect(intentLevel(addDays(TODAY, -1), TODAY)).toBe('H');
    expect(intentLevel('2020-01-01', TODAY)).toBe('H');
  });

  it('returns null when there is no expected purchase date', () => {
    expect(intentLevel(null, TODAY)).toBeNull();
    expect(intentLevel('', TODAY)).toBeNull();
  });

  it('counts calendar days across a year end and a leap day', () => {
    expect(intentLevel('2027-01-07', '2026-12-31')).toBe('H');
    expect(intentLevel('2027-01-08', '2026-12-31')).toBe('A');
    // 2024-02-01 + 30 days = 2024-03-02 (29 days in February).
    expect(intentLevel('2024-03-02', '2024-02-01')).toBe('A');
    expect(intentLevel('2024-03-03', '2024-02-01')).toBe('B');
  });

  it('uses the dealership defaults: H within 7 days, A 30, B 90', () => {
    expect(DEFAULT_INTENT_THRESHOLDS).toEqual({ H: 7, A: 30, B: 90 });
  });
});

describe('intentLevel with custom thresholds', () => {
  const custom: IntentThresholds = { H: 3, A: 14, B: 60 };

  it.each([
    [3, 'H'],
    [4, 'A'],
    [14, 'A'],
    [15, 'B'],
    [60, 'B'],
    [61, 'C'],
  ] as const)('%i days ahead → %s', (days, level) => {
    expect(intentLevel(addDays(TODAY, days), TODAY, custom)).toBe(level);
  });

  it('gives a different level than the defaults for the same date', () => {
    const in10Days = addDays(TODAY, 10);
    expect(intentLevel(in10Days, TODAY)).toBe('A');
    expect(intentLevel(in10Days, TODAY, { H: 10, A: 20, B: 30 })).toBe('H');
  });
});

describe('expectedDateForLevel', () => {
  it('stands for the far end of each window', () => {
    expect(expectedDateForLevel('H', TODAY)).toBe(addDays(TODAY, 7));
    expect(expectedDateForLevel('A', TODAY)).toBe(addDays(TODAY, 30));
    expect(expectedDateForLevel('B', TODAY)).toBe(addDays(TODAY, 90));
    expect(expectedDateForLevel('C', TODAY)).toBe(addDays(TODAY, 180));
  });

  const thresholdSets: IntentThresholds[] = [
    DEFAULT_INTENT_THRESHOLDS,
    { H: 3, A: 14, B: 60 },
    { H: 1, A: 2, B: 3 },
  ];
  const days = ['2026-03-01', '2024-02-28', '2026-12-31', '2026-03-07', '2026-10-24'];

  it.each(thresholdSets)(
    'round-trips every level into the same level (thresholds %o)',
    (thresholds) => {
      for (const today of days) {
        for (const level of INTENT_LEVELS) {
          const date = expectedDateForLevel(level, today, thresholds);
          expect(intentLevel(date, today, thresholds), `${level} from ${today}`).toBe(level);
        }
      }
    },
  );

  it('uses the custom thresholds', () => {
    expect(expectedDateForLevel('A', TODAY, { H: 3, A: 14, B: 60 })).toBe(addDays(TODAY, 14));
    expect(expectedDateForLevel('C', TODAY, { H: 3, A: 14, B: 60 })).toBe(addDays(TODAY, 150));
  });
});

describe('the level today, as the expected date approaches', () => {
  const card = (expectedPurchaseDate: string | null, intentLevel: IntentLevel | null = 'C') => ({
    expectedPurchaseDate,
    intentLevel,
  });

  it('rises from C to H as the days pass, with nobody editing the card', () => {
    const buying = card('2026-06-15');
    const levels = ['2026-03-01', '2026-04-01', '2026-05-20', '2026-06-10'].map((today) =>
      currentIntentLevel(buying, today, DEFAULT_INTENT_THRESHOLDS),
    );
    expect(levels).toEqual(['C', 'B', 'A', 'H']);
  });

  it('keeps the stored level of a card without an expected date', () => {
    expect(currentIntentLevel(card(null, 'B'), TODAY, DEFAULT_INTENT_THRESHOLDS)).toBe('B');
    expect(currentIntentLevel(card(null, null), TODAY, DEFAULT_INTENT_THRESHOLDS)).toBeNull();
  });

  it('each level is exactly the expected dates of its range', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -400, max: 800 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 200 }),
        (offset, h, aGap, bGap) => {
          const thresholds = { H: h, A: h + aGap, B: h + aGap + bGap };
          const date = addDays(TODAY, offset);
          const level = intentLevel(date, TODAY, thresholds);
          for (const candidate of INTENT_LEVELS) {
            const { from, to } = intentDateRange(candidate, TODAY, thresholds);
            const inside = (from === null || date >= from) && (to === null || date <= to);
            expect(inside, `${date} ${candidate}`).toBe(candidate === level);
          }
        },
      ),
    );
  });
});
