// 意向级别: the industry's time-to-purchase axis, from the expected purchase date and today with
// the dealership's thresholds. The level written on a card is the one of the day it was written;
// what every screen shows and filters by is the level today (currentIntentLevel), so a customer
// moves from A to H as the date approaches without anyone editing the card — and every laptop,
// having the same date, the same thresholds and the same calendar day, shows the same level.

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

export type IntentSubject = {
  expectedPurchaseDate: string | null;
  intentLevel: IntentLevel | null;
};

/** The level on `today`: from the expected date when the card has one, else as stored. */
export function currentIntentLevel(
  card: IntentSubject,
  today: string,
  thresholds: IntentThresholds,
): IntentLevel | null {
  return card.expectedPurchaseDate
    ? intentLevel(card.expectedPurchaseDate, today, thresholds)
    : card.intentLevel;
}

/**
 * The expected purchase dates (inclusive "YYYY-MM-DD" bounds, null = open) that have `level` on
 * `today`: how a list filters by level through an index of the dates.
 */
export function intentDateRange(
  level: IntentLevel,
  today: string,
  thresholds: IntentThresholds,
): { from: string | null; to: string | null } {
  switch (level) {
    case 'H':
      return { from: null, to: addDays(today, thresholds.H) };
    case 'A':
      return { from: addDays(today, thresholds.H + 1), to: addDays(today, thresholds.A) };
    case 'B':
      return { from: addDays(today, thresholds.A + 1), to: addDays(today, thresholds.B) };
    case 'C':
      return { from: addDays(today, thresholds.B + 1), to: null };
  }
}
