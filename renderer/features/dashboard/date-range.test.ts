import dayjs, { type Dayjs } from 'dayjs';
import { describe, expect, it } from 'vitest';
import { dayParam, daysFromParams, presetDays, rangeOfDays } from './date-range';

const days = ([first, last]: [Dayjs, Dayjs]) => [dayParam(first), dayParam(last)];
/** A local moment (the machine's zone), as the picker works in. */
const local = (text: string) => dayjs(text).toDate();

describe('range presets', () => {
  it('this week runs Monday to Sunday, also when today is a Sunday or a Monday', () => {
    expect(days(presetDays('thisWeek', local('2026-03-11T15:00')))).toEqual([
      '2026-03-09',
      '2026-03-15',
    ]);
    expect(days(presetDays('thisWeek', local('2026-03-15T23:59')))).toEqual([
      '2026-03-09',
      '2026-03-15',
    ]);
    expect(days(presetDays('thisWeek', local('2026-03-16T00:00')))).toEqual([
      '2026-03-16',
      '2026-03-22',
    ]);
  });

  it('this month, the last 30 days (today included) and this quarter', () => {
    const now = local('2026-02-14T10:00');
    expect(days(presetDays('thisMonth', now))).toEqual(['2026-02-01', '2026-02-28']);
    expect(days(presetDays('last30Days', now))).toEqual(['2026-01-16', '2026-02-14']);
    expect(days(presetDays('thisQuarter', now))).toEqual(['2026-01-01', '2026-03-31']);
    expect(days(presetDays('thisQuarter', local('2026-12-31T23:00')))).toEqual([
      '2026-10-01',
      '2026-12-31',
    ]);
    expect(days(presetDays('thisQuarter', local('2026-04-01T00:00')))).toEqual([
      '2026-04-01',
      '2026-06-30',
    ]);
  });
});

describe('rangeOfDays', () => {
  it('spans whole local days: from the first midnight to the midnight after the last day', () => {
    const range = rangeOfDays(dayjs('2026-03-01'), dayjs('2026-03-31'));
    expect(range).toEqual({
      from: local('2026-03-01T00:00').toISOString(),
      to: local('2026-04-01T00:00').toISOString(),
    });
    expect(rangeOfDays(dayjs('2026-03-31'), dayjs('2026-03-01'))).toEqual(range);
    const oneDay = rangeOfDays(dayjs('2026-03-05T18:00'), dayjs('2026-03-05T08:00'));
    expect(Date.parse(oneDay.to) - Date.parse(oneDay.from)).toBe(
      local('2026-03-06T00:00').getTime() - local('2026-03-05T00:00').getTime(),
    );
  });
});

describe('daysFromParams', () => {
  const now = local('2026-03-10T10:00');
  it('reads the days in the address, in either order', () => {
    expect(days(daysFromParams('2026-01-05', '2026-02-01', now))).toEqual([
      '2026-01-05',
      '2026-02-01',
    ]);
    expect(days(daysFromParams('2026-02-01', '2026-01-05', now))).toEqual([
      '2026-01-05',
      '2026-02-01',
    ]);
  });

  it('falls back to the last 30 days for anything it cannot read', () => {
    const fallback = days(presetDays('last30Days', now));
    for (const [from, to] of [
      [null, null],
      ['2026-01-05', null],
      ['2026-02-30', '2026-03-01'],
      ['yesterday', '2026-03-01'],
      ['2026-1-5', '2026-03-01'],
    ] as const) {
      expect(days(daysFromParams(from, to, now))).toEqual(fallback);
    }
  });
});
