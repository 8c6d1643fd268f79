// Calendar-day helpers on "YYYY-MM-DD" strings. Days are compared as UTC dates so that daylight
// saving or the machine's zone never turns 7 days into 6.99.

import dayjs from 'dayjs';

export function daysBetween(fromDay: string, toDay: string): number {
  const from = Date.parse(`${fromDay}T00:00:00Z`);
  const to = Date.parse(`${toDay}T00:00:00Z`);
  return Math.round((to - from) / 86_400_000);
}

/** The local calendar day of an instant. */
export function localDay(at: Date | string | number): string {
  return dayjs(at).format('YYYY-MM-DD');
}

export function addDays(day: string, days: number): string {
  return dayjs(day).add(days, 'day').format('YYYY-MM-DD');
}
