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
  /** text: the reason; changes: the order and the status the customer went back to. */
  | 'order_cancelled'
  | 'delivery_scheduled'
  /** text: the reason; changes: the appointment's old → new time. */
  | 'delivery_rescheduled'
  /** text: the reason; changes: the vehicle. */
  | 'delivery_cancelled'
  | 'delivery_completed'
  | 'survey_recorded'
  | 'complaint_received'
  | 'complaint_resolved'
  /**
   * Written by the server on the surviving card when a manager merges a duplicate card into it
   * (merge-customers command). `changes`: see MERGED_CARD_FIELD in shared/domain/merge.ts.
   */
  | 'merged'
  /** Written by the server when a manager deletes a card (delete-customer command). */
  | 'customer_deleted'
  /** Written by the server when a manager restores a deleted card (restore-customer command). */
  | 'customer_restored';

/**
 * Kinds only the server writes, for its commands: a pushed entry of one of these is refused, so
 * a card's history cannot claim a decision nobody made.
 */
export const SERVER_TIMELINE_KINDS = [
  'reassigned',
  'lost_approved',
  'lost_sent_back',
  'merged',
  'customer_deleted',
  'customer_restored',
] as const satisfies readonly TimelineKind[];

export function isServerTimelineKind(kind: unknown): boolean {
  return (SERVER_TIMELINE_KINDS as readonly unknown[]).includes(kind);
}

export type FieldChange = { field: string; from: string; to: string };

/**
 * Notes the app writes itself are stored as a code and parameters, never as a sentence, so each
 * reader sees them in their own language. reassigned: { from, to } (the consultants' names).
 */
export type TimelineNoteCode = 'reassigned';
export const TIMELINE_NOTE_CODES = ['reassigned'] as const satisfies readonly TimelineNoteCode[];

export type TimelineEntry = SyncedRow & {
  customerId: string;
  kind: TimelineKind;
  at: string;
  actorId: string;
  actorName: string;
  /** For 'changed': each field's old → new, already rendered as text. */
  changes: FieldChange[];
  /** What a person wrote (a note, a result); rows from before noteCode may hold app sentences. */
  text: string;
  /** Set on notes the app writes: shown translated with noteParams instead of `text`. */
  noteCode?: TimelineNoteCode;
  noteParams?: Record<string, string>;
};
