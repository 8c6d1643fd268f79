// Escalation and completion: the two numbers the manager's team board is judged by. Pure, so the
// board, the export and (later) the server can agree on them.

import type { FollowUpState } from './follow-up';

/**
 * Past due by more than this many hours, a planned follow-up is escalated to the manager. A
 * dealership setting (DealershipSettings.escalationHours, 1–720 h); this is the default.
 */
export const DEFAULT_ESCALATION_HOURS = 48;
export const MIN_ESCALATION_HOURS = 1;
/** 30 days: past that, "escalated" would mean nothing any more. */
export const MAX_ESCALATION_HOURS = 720;

const HOUR_MS = 3_600_000;

/**
 * Whether a planned follow-up due at `dueAt` is escalated at `now`: it is past due by strictly
 * more than `thresholdHours` (exactly at the threshold it is not yet). Only planned follow-ups
 * are ever escalated; the caller passes only those.
 */
export function isEscalated(dueAt: string, now: Date, thresholdHours: number): boolean {
  return now.getTime() - Date.parse(dueAt) > thresholdHours * HOUR_MS;
}

export type DueRange = { from: string; to: string };

/** A follow-up as completion sees it. */
export type CompletionInput = { state: FollowUpState; dueAt: string };

/**
 * A consultant's completion rate over a date range, or null when nothing fell due in it.
 *
 * Counted: follow-ups whose dueAt is in [from, to). A planned one counts once its time has come
 * (dueAt <= now) — one not yet due cannot be late, so it counts neither way. A done one always
 * counts as done, also when it was done before its due time: early is on time. Rate = done ÷
 * (done + planned). Cancelled follow-ups are left out of both sides: cancelling is a decision
 * (the customer was lost, or re-planned), not a missed contact.
 */
export function completionRate(
  followUps: Iterable<CompletionInput>,
  range: DueRange,
  now: Date,
): number | null {
  const counts = completionCounts(followUps, range, now);
  return counts.due === 0 ? null : counts.done / counts.due;
}

export type CompletionCounts = { done: number; due: number };

/** The numerator and denominator of completionRate, for summing across consultants. */
export function completionCounts(
  followUps: Iterable<CompletionInput>,
  range: DueRange,
  now: Date,
): CompletionCounts {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  const nowMs = now.getTime();
  let done = 0;
  let due = 0;
  for (const followUp of followUps) {
    if (followUp.state === 'cancelled') continue;
    const dueMs = Date.parse(followUp.dueAt);
    if (dueMs < from || dueMs >= to) continue;
    if (followUp.state === 'planned' && dueMs > nowMs) continue;
    due += 1;
    if (followUp.state === 'done') done += 1;
  }
  return { done, due };
}
