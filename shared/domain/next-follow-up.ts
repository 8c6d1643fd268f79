// What the next sales follow-up is for, and which open plan a logged contact answers. Pure rules,
// shared by the app (completion form, logged visits) and the server (a lost request sent back).

import type { CadenceSubject } from './cadence';
import type { FollowUp } from './follow-up';

/**
 * Purposes the app proposes itself. Stored as these codes in `purpose`, so each reader sees them
 * in their own language; anything a consultant types instead is kept as typed.
 */
export type SalesPurposeCode =
  'first_contact' | 'close_deal' | 'invite_visit' | 'nurture' | 'follow_up' | 'order_progress';

export const SALES_PURPOSE_CODES = [
  'first_contact',
  'close_deal',
  'invite_visit',
  'nurture',
  'follow_up',
  'order_progress',
] as const satisfies readonly SalesPurposeCode[];

/**
 * The purpose of the next follow-up from the customer's stage: a new lead is first contacted; a
 * customer buying within a week (H) is brought to a decision, within a month (A) invited to the
 * showroom and a test drive, within three months (B) kept warm; later or unassessed, a routine
 * call; an order is followed until the car is handed over. Owners and lost customers get no sales
 * follow-up (null).
 */
export function proposeFollowUpPurpose(subject: CadenceSubject): SalesPurposeCode | null {
  switch (subject.status) {
    case 'new':
      return 'first_contact';
    case 'ordered':
      return 'order_progress';
    case 'following':
      switch (subject.intentLevel) {
        case 'H':
          return 'close_deal';
        case 'A':
          return 'invite_visit';
        case 'B':
          return 'nurture';
        case 'C':
        case null:
          return 'follow_up';
      }
      return 'follow_up';
    case 'delivered':
    case 'lost_requested':
    case 'lost':
      return null;
  }
}

export type AnsweredPlan =
  | { kind: 'none' }
  | { kind: 'one'; followUp: FollowUp }
  /** Several open plans could be the one: the user is asked which. */
  | { kind: 'unclear'; candidates: FollowUp[] };

/**
 * The open plan a contact logged at `now` answers: the customer's planned sales follow-up due on
 * or before today (`startOfTomorrow` is the end of today, local time), or the automatic first
 * contact whenever it is due (a lead seen in the showroom has been contacted). Post-delivery calls
 * and delivery appointments are never answered by a sales contact. One candidate is the answer;
 * several are unclear.
 */
export function planAnsweredByContact(
  followUps: readonly FollowUp[],
  customerId: string,
  startOfTomorrow: Date,
): AnsweredPlan {
  const candidates = followUps
    .filter(
      (followUp) =>
        followUp.customerId === customerId &&
        !followUp.deleted &&
        followUp.state === 'planned' &&
        (followUp.kind === undefined || followUp.kind === 'sales') &&
        (followUp.purpose === 'first_contact' ||
          Date.parse(followUp.dueAt) < startOfTomorrow.getTime()),
    )
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  if (candidates.length === 0) return { kind: 'none' };
  if (candidates.length === 1) return { kind: 'one', followUp: candidates[0]! };
  return { kind: 'unclear', candidates };
}
