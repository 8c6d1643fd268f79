import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  completionCounts,
  completionRate,
  DEFAULT_ESCALATION_HOURS,
  isEscalated,
  type CompletionInput,
} from './escalation';

const HOUR = 3_600_000;
const NOW = new Date('2026-03-10T09:30:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

describe('isEscalated', () => {
  it.each([
    ['due in the future', -HOUR, false],
    ['due now', 0, false],
    ['past due by one hour', HOUR, false],
    ['exactly at the threshold', 48 * HOUR, false],
    ['one millisecond over the threshold', 48 * HOUR + 1, true],
    ['a week past due', 7 * 24 * HOUR, true],
  ])('%s', (_, pastBy, expected) => {
    expect(isEscalated(ago(pastBy), NOW, DEFAULT_ESCALATION_HOURS)).toBe(expected);
  });

  it('a threshold of 0 escalates anything past due', () => {
    expect(isEscalated(ago(1), NOW, 0)).toBe(true);
    expect(isEscalated(ago(0), NOW, 0)).toBe(false);
  });

  it('is exactly "overdue by more than the threshold" and monotone in it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -30 * 24 * HOUR, max: 30 * 24 * HOUR }),
        fc.integer({ min: 0, max: 24 * 90 }),
        fc.integer({ min: 0, max: 24 * 90 }),
        (pastBy, a, b) => {
          const dueAt = ago(pastBy);
          expect(isEscalated(dueAt, NOW, a)).toBe(pastBy > a * HOUR);
          const [low, high] = a <= b ? [a, b] : [b, a];
          // Raising the threshold never escalates more.
          if (isEscalated(dueAt, NOW, high)) expect(isEscalated(dueAt, NOW, low)).toBe(true);
        },
      ),
      { seed: 20261124, numRuns: 500 },
    );
  });
});

describe('completionRate', () => {
  const range = {
    from: ago(30 * 24 * HOUR),
    to: new Date(NOW.getTime() + 7 * 24 * HOUR).toISOString(),
  };

  it('is null when nothing fell due in the range', () => {
    expect(completionRate([], range, NOW)).toBeNull();
    expect(completionRate([{ state: 'planned', dueAt: ago(-HOUR) }], range, NOW)).toBeNull();
    expect(completionRate([{ state: 'cancelled', dueAt: ago(HOUR) }], range, NOW)).toBeNull();
  });

  it('is done ÷ (done + planned) over what fell due; cancelled and not-yet-due are left out', () => {
    const followUps: CompletionInput[] = [
      { state: 'done', dueAt: ago(HOUR) },
      { state: 'done', dueAt: ago(2 * HOUR) },
      { state: 'done', dueAt: ago(3 * HOUR) },
      { state: 'planned', dueAt: ago(4 * HOUR) },
      { state: 'cancelled', dueAt: ago(5 * HOUR) },
      // Not yet due and not done: neither way.
      { state: 'planned', dueAt: ago(-HOUR) },
      // Outside the range.
      { state: 'planned', dueAt: ago(31 * 24 * HOUR) },
    ];
    expect(completionCounts(followUps, range, NOW)).toEqual({ done: 3, due: 4 });
    expect(completionRate(followUps, range, NOW)).toBe(0.75);
  });

  it('counts a follow-up done before it was due as done on time, never against the consultant', () => {
    // Tomorrow's call made today, beside one call past due and still open.
    const followUps: CompletionInput[] = [
      { state: 'done', dueAt: ago(-24 * HOUR) },
      { state: 'planned', dueAt: ago(2 * HOUR) },
    ];
    expect(completionCounts(followUps, range, NOW)).toEqual({ done: 1, due: 2 });
    expect(completionRate([{ state: 'done', dueAt: ago(-24 * HOUR) }], range, NOW)).toBe(1);
  });

  it('includes the start of the range, excludes its end, and counts a follow-up due exactly now', () => {
    const closed = { from: ago(10 * HOUR), to: ago(HOUR) };
    expect(completionCounts([{ state: 'done', dueAt: closed.from }], closed, NOW).due).toBe(1);
    expect(completionCounts([{ state: 'done', dueAt: closed.to }], closed, NOW).due).toBe(0);
    expect(completionCounts([{ state: 'planned', dueAt: NOW.toISOString() }], range, NOW).due).toBe(
      1,
    );
  });

  it('stays between 0 and 1 and equals its brute-force definition', () => {
    const followUp = fc.record({
      state: fc.constantFrom('planned', 'done', 'cancelled') as fc.Arbitrary<
        CompletionInput['state']
      >,
      dueAt: fc.integer({ min: -40 * 24, max: 10 * 24 }).map((hours) => ago(-hours * HOUR)),
    });
    fc.assert(
      fc.property(fc.array(followUp, { maxLength: 40 }), (followUps) => {
        const counted = followUps.filter(
          (f) =>
            f.state !== 'cancelled' &&
            Date.parse(f.dueAt) >= Date.parse(range.from) &&
            Date.parse(f.dueAt) < Date.parse(range.to) &&
            (f.state === 'done' || Date.parse(f.dueAt) <= NOW.getTime()),
        );
        const rate = completionRate(followUps, range, NOW);
        if (counted.length === 0) expect(rate).toBeNull();
        else {
          expect(rate).toBe(counted.filter((f) => f.state === 'done').length / counted.length);
          expect(rate).toBeGreaterThanOrEqual(0);
          expect(rate).toBeLessThanOrEqual(1);
        }
      }),
      { seed: 20261124, numRuns: 300 },
    );
  });
});
