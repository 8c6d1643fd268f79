// The dashboard's date range: whole local days, both ends included as the picker shows them,
// turned into the half-open instant range [from, to) every chart counts in. Presets are the ones
// a showroom manager reports by; weeks start on Monday, as they do in China.

import dayjs, { type Dayjs } from 'dayjs';

export type DashboardRange = { from: string; to: string };

export type RangePreset = 'thisWeek' | 'thisMonth' | 'last30Days' | 'thisQuarter';

export const RANGE_PRESETS = [
  'thisWeek',
  'thisMonth',
  'last30Days',
  'thisQuarter',
] as const satisfies readonly RangePreset[];

export const DEFAULT_PRESET: RangePreset = 'last30Days';

/** The first and last day (both included) of a preset, as of `now`. */
export function presetDays(preset: RangePreset, now: Date | Dayjs): [Dayjs, Dayjs] {
  const today = dayjs(now).startOf('day');
  switch (preset) {
    case 'thisWeek': {
      const monday = today.subtract((today.day() + 6) % 7, 'day');
      return [monday, monday.add(6, 'day')];
    }
    case 'thisMonth':
      return [today.startOf('month'), today.endOf('month').startOf('day')];
    case 'last30Days':
      return [today.subtract(29, 'day'), today];
    case 'thisQuarter': {
      const start = today.month(Math.floor(today.month() / 3) * 3).startOf('month');
      return [start, start.add(2, 'month').endOf('month').startOf('day')];
    }
  }
}

/** [start of the first day, start of the day after the last): what every chart counts in. */
export function rangeOfDays(first: Dayjs, last: Dayjs): DashboardRange {
  const [a, b] = first.isAfter(last, 'day') ? [last, first] : [first, last];
  return {
    from: a.startOf('day').toISOString(),
    to: b.startOf('day').add(1, 'day').toISOString(),
  };
}

const DAY_FORMAT = 'YYYY-MM-DD';

/**
 * The days in the address (?from=YYYY-MM-DD&to=YYYY-MM-DD), so a range survives a jump to a
 * customer list and back; anything unreadable falls back to the default preset.
 */
export function daysFromParams(from: string | null, to: string | null, now: Date): [Dayjs, Dayjs] {
  const strict = (value: string | null) => {
    if (value === null || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
    const day = dayjs(value);
    return day.isValid() && day.format(DAY_FORMAT) === value ? day : null;
  };
  const first = strict(from);
  const last = strict(to);
  if (!first || !last) return presetDays(DEFAULT_PRESET, now);
  return first.isAfter(last) ? [last, first] : [first, last];
}

export function dayParam(day: Dayjs): string {
  return day.format(DAY_FORMAT);
}
