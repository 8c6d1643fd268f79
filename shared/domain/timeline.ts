// The card's timeline: every contact and every change, with who and when. Entries are append-only
// rows (never an array on the customer), so two people adding entries never collide.

import type { SyncedRow } from './synced-row';

export type TimelineKind =
  | 'created'
  | 'changed'
  | 'follow_up_planned'
  | 'follow_up_done'
  | 'follow_up_cancelled'
  | 'lost_requested'
  | 'note'
  /** Written by the server when a manager hands the customer to another consultant. */
  | 'reassigned'
  /** Written by the server when a manager decides a lost request (decide-lost command). */
  | 'lost_approved'
  | 'lost_sent_back'
  | 'order_recorded'
  | 'delivery_scheduled'
  | 'delivery_completed'
  | 'survey_recorded'
  | 'complaint_received'
  | 'complaint_resolved';

export type FieldChange = { field: string; from: string; to: string };

export type TimelineEntry = SyncedRow & {
  customerId: string;
  kind: TimelineKind;
  at: string;
  actorId: string;
  actorName: string;
  /** For 'changed': each field's old → new, already rendered as text. */
  changes: FieldChange[];
  text: string;
};
