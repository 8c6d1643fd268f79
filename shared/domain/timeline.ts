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
  /** A known customer seen again at an event (quick capture); changes: the event and the model. */
  | 'event_visit'
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
  | 'complaint_resolved'
  /**
   * Written by the server on the surviving card when a manager merges a duplicate card into it
   * (merge-customers command). `changes`: see MERGED_CARD_FIELD in shared/domain/merge.ts.
   */
  | 'merged';

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
