// 意向级别: the industry's time-to-purchase axis. The level is the consultant's assessment at the
// moment of a contact, so it is computed from the expected purchase date on the day the card is
// written (and re-assessed at every edit and completed follow-up), with dealership thresholds.

import { addDays, daysBetween } from './dates';

export type IntentLevel = 'H' | 'A' | 'B' | 'C';

export const INTENT_LEVELS = ['H', 'A', 'B', 'C'] as const satisfies readonly IntentLevel[];

/** Upper bounds in days: H buys within `H` days, A within `A`, B within `B`, C later. */
export type IntentThresholds = { H: number; A: number; B: number };

export const DEFAULT_INTENT_THRESHOLDS: IntentThresholds = { H: 7, A: 30, B: 90 };

/** Dates are local calendar days, "YYYY-MM-DD". */
export function intentLevel(
  expectedPurchaseDate: string | null,
  today: string,
  thresholds: IntentThresholds = DEFAULT_INTENT_THRESHOLDS,
): IntentLevel | null {
  if (!expectedPurchaseDate) return null;
  const days = daysBetween(today, expectedPurchaseDate);
  if (days <= thresholds.H) return 'H';
  if (days <= thresholds.A) return 'A';
  if (days <= thresholds.B) return 'B';
  return 'C';
}

/** The expected purchase date a quick choice of window stands for (its far end). */
export function expectedDateForLevel(
  level: IntentLevel,
  today: string,
  thresholds: IntentThresholds = DEFAULT_INTENT_THRESHOLDS,
): string {
  const days = level === 'C' ? thresholds.B + 90 : thresholds[level];
  return addDays(today, days);
}
