// 跟进计划: a planned contact with a customer, later completed with an outcome.

import type { PostDeliveryKind } from './post-delivery';
import type { SyncedRow } from './synced-row';

export type FollowUpChannel =
  'phone' | 'wechat' | 'sms' | 'visit' | 'test_drive' | 'delivery' | 'care' | 'service_reminder';

export const FOLLOW_UP_CHANNELS = [
  'phone',
  'wechat',
  'sms',
  'visit',
  'test_drive',
  'delivery',
  'care',
  'service_reminder',
] as const satisfies readonly FollowUpChannel[];

export type FollowUpState = 'planned' | 'done' | 'cancelled';

export type FollowUpOutcome = 'contacted' | 'no_answer' | 'visited' | 'test_drove' | 'declined';

export const FOLLOW_UP_OUTCOMES = [
  'contacted',
  'no_answer',
  'visited',
  'test_drove',
  'declined',
] as const satisfies readonly FollowUpOutcome[];

/** What a follow-up is for; rows written before kinds existed have none and are sales contacts. */
export type FollowUpKind = 'sales' | 'delivery' | PostDeliveryKind;

export type FollowUp = SyncedRow & {
  customerId: string;
  dueAt: string;
  channel: FollowUpChannel;
  purpose: string;
  state: FollowUpState;
  completedAt: string | null;
  outcome: FollowUpOutcome | null;
  result: string;
  kind?: FollowUpKind;
  /** The delivery a 'delivery' follow-up (the handover appointment) or a post-delivery call is about. */
  deliveryId?: string | null;
};

export type FollowUpBucket = 'past_due' | 'due_today' | 'upcoming';

/** Which view a planned follow-up belongs to, given the local day boundaries of "now". */
export function followUpBucket(
  dueAt: string,
  startOfToday: Date,
  startOfTomorrow: Date,
): FollowUpBucket {
  const due = Date.parse(dueAt);
  if (due < startOfToday.getTime()) return 'past_due';
  if (due < startOfTomorrow.getTime()) return 'due_today';
  return 'upcoming';
}
