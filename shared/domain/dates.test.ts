import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, localDay } from './dates';

describe('daysBetween', () => {
  it('counts calendar days, signed', () => {
    expect(daysBetween('2026-03-01', '2026-03-01')).toBe(0);
    expect(daysBetween('2026-03-01', '2026-03-08')).toBe(7);
    expect(daysBetween('2026-03-08', '2026-03-01')).toBe(-7);
  });

  it('crosses month, year and leap-day boundaries', () => {
    expect(daysBetween('2026-01-31', '2026-02-01')).toBe(1);
    expect(daysBetween('2025-12-31', '2026-01-01')).toBe(1);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-02-28', '2025-03-01')).toBe(1);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });

  it('is a whole number across daylight-saving changes (US and EU spring/autumn)', () => {
    expect(daysBetween('2026-03-07', '2026-03-09')).toBe(2);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysBetween('2026-10-31', '2026-11-02')).toBe(2);
  });
});

describe('addDays', () => {
  it('adds and subtracts calendar days', () => {
    expect(addDays('2026-03-01', 0)).toBe('2026-03-01');
    expect(addDays('2026-03-01', 7)).toBe('2026-03-08');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-31', 30)).toBe('2026-03-02');
  });

  it('does not lose or gain a day across daylight-saving changes', () => {
    expect(addDays('2026-03-07', 2)).toBe('2026-03-09');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(addDays('2026-11-02', -2)).toBe('2026-10-31');
  });

  it('is the inverse of daysBetween (property)', () => {
    const day = fc
      .date({
        min: new Date(Date.UTC(1990, 0, 1)),
        max: new Date(Date.UTC(2090, 0, 1)),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: -1000, max: 1000 }), (start, n) => {
        const end = addDays(start, n);
        expect(end).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(daysBetween(start, end)).toBe(n);
      }),
      { seed: 20261124, numRuns: 500 },
    );
  });
});

describe('localDay', () => {
  it('is the local calendar day of a Date, a millisecond count or a string', () => {
    const lateEvening = new Date(2026, 2, 10, 23, 59, 59, 999);
    const justAfterMidnight = new Date(2026, 2, 11, 0, 0, 0, 0);
    expect(localDay(lateEvening)).toBe('2026-03-10');
    expect(localDay(justAfterMidnight)).toBe('2026-03-11');
    expect(localDay(lateEvening.getTime())).toBe('2026-03-10');
    expect(localDay(justAfterMidnight.toISOString())).toBe('2026-03-11');
  });

  it('agrees with the Date local getters for instants given in UTC', () => {
    const at = '2026-06-30T17:30:00Z';
    const d = new Date(at);
    const expected = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    expect(localDay(at)).toBe(expected);
  });
});
