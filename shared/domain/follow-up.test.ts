import { describe, expect, it } from 'vitest';
import { followUpBucket } from './follow-up';

describe('followUpBucket', () => {
  const startOfToday = new Date(2026, 2, 10);
  const startOfTomorrow = new Date(2026, 2, 11);
  const at = (ms: number) => new Date(ms).toISOString();

  it('is past due strictly before the start of today', () => {
    expect(followUpBucket(at(startOfToday.getTime() - 1), startOfToday, startOfTomorrow)).toBe(
      'past_due',
    );
    expect(
      followUpBucket(new Date(2026, 1, 1, 10).toISOString(), startOfToday, startOfTomorrow),
    ).toBe('past_due');
  });

  it('is due today from the first to the last millisecond of today', () => {
    expect(followUpBucket(at(startOfToday.getTime()), startOfToday, startOfTomorrow)).toBe(
      'due_today',
    );
    expect(
      followUpBucket(new Date(2026, 2, 10, 10).toISOString(), startOfToday, startOfTomorrow),
    ).toBe('due_today');
    expect(followUpBucket(at(startOfTomorrow.getTime() - 1), startOfToday, startOfTomorrow)).toBe(
      'due_today',
    );
  });

  it('is upcoming from the start of tomorrow on', () => {
    expect(followUpBucket(at(startOfTomorrow.getTime()), startOfToday, startOfTomorrow)).toBe(
      'upcoming',
    );
    expect(followUpBucket(new Date(2026, 5, 1).toISOString(), startOfToday, startOfTomorrow)).toBe(
      'upcoming',
    );
  });

  it('compares instants, whatever offset the due time is written with', () => {
    // Start of 2026-03-10 in Beijing (UTC+8) is 2026-03-09T16:00Z.
    const today = new Date('2026-03-09T16:00:00Z');
    const tomorrow = new Date('2026-03-10T16:00:00Z');
    expect(followUpBucket('2026-03-10T00:00:00+08:00', today, tomorrow)).toBe('due_today');
    expect(followUpBucket('2026-03-09T23:59:59+08:00', today, tomorrow)).toBe('past_due');
    expect(followUpBucket('2026-03-10T23:59:59+08:00', today, tomorrow)).toBe('due_today');
    expect(followUpBucket('2026-03-10T16:00:00Z', today, tomorrow)).toBe('upcoming');
  });
});
