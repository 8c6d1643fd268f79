// 跟进节奏: how soon the next follow-up is due. The defaults are below; the dealership edits them in
// settings. Completing a follow-up proposes the next one pre-dated by this cadence.

import dayjs from 'dayjs';
import type { IntentLevel } from './intent';
import type { CustomerStatus } from './customer-status';

export type FollowUpCadence = {
  /** A new lead is first contacted within this many hours. */
  firstContactHours: number;
  /** Days between follow-ups per intent level, and weekly while ordered (O). */
  H: number;
  A: number;
  B: number;
  C: number;
  O: number;
};

export const DEFAULT_CADENCE: FollowUpCadence = {
  firstContactHours: 24,
  H: 2,
  A: 7,
  B: 14,
  C: 30,
  O: 7,
};

/** Proposed follow-ups land at a civil hour, not at the minute the last one was completed. */
const PROPOSED_HOUR = 10;

export type CadenceSubject = { status: CustomerStatus; intentLevel: IntentLevel | null };

/** Days until the next follow-up, or null when the customer needs no more sales follow-ups. */
export function cadenceDays(subject: CadenceSubject, cadence: FollowUpCadence): number | null {
  switch (subject.status) {
    case 'ordered':
      return cadence.O;
    case 'new':
    case 'following':
      // No level assessed yet: treat like a lead that still needs its first real contact.
      return subject.intentLevel
        ? cadence[subject.intentLevel]
        : Math.max(1, Math.round(cadence.firstContactHours / 24));
    case 'delivered':
    case 'lost_requested':
    case 'lost':
      return null;
  }
}

/** When the next follow-up should be due, counted from `from` (usually: now, at completion). */
export function proposeNextFollowUpAt(
  subject: CadenceSubject,
  from: Date,
  cadence: FollowUpCadence,
): Date | null {
  const days = cadenceDays(subject, cadence);
  if (days === null) return null;
  return dayjs(from)
    .add(days, 'day')
    .hour(PROPOSED_HOUR)
    .minute(0)
    .second(0)
    .millisecond(0)
    .toDate();
}

/** The first contact of a brand-new lead. */
export function firstContactDueAt(createdAt: Date, cadence: FollowUpCadence): Date {
  return dayjs(createdAt).add(cadence.firstContactHours, 'hour').toDate();
}

/** The date offered when a plan is made by hand: the cadence's, or tomorrow for anyone outside it. */
export function suggestedPlanAt(
  subject: CadenceSubject,
  from: Date,
  cadence: FollowUpCadence,
): Date {
  return (
    proposeNextFollowUpAt(subject, from, cadence) ??
    dayjs(from).add(1, 'day').hour(PROPOSED_HOUR).minute(0).second(0).millisecond(0).toDate()
  );
}
