// 交车: a scheduled delivery of an ordered customer's car, its checklist (one row per item, so two
// people ticking different items never collide) and the rules for completing it.

import { SIGNATURE_ITEM_KEY } from './checklist-template';
import type { SyncedRow } from './synced-row';

export type DeliveryState = 'scheduled' | 'completed' | 'cancelled';

export type Delivery = SyncedRow & {
  customerId: string;
  orderId: string | null;
  vin: string;
  engineNumber: string;
  brand: string;
  model: string;
  colour: string;
  plate: string;
  /** When the customer comes to take the car. */
  scheduledAt: string;
  state: DeliveryState;
  /** The checklist template version its items were copied from. */
  templateVersion: number;
  /**
   * The customer's signature on the delivery confirmation: a reference to a PNG attachment
   * (`att:sha256-…`, shared/sync/attachments.ts), or an inline data URL in rows from before
   * attachments; empty until signed.
   */
  signature: string;
  signedBy: string;
  signedAt: string | null;
  completedAt: string | null;
  /** Local day; the warranty (三包) starts on the handover day. */
  warrantyStart: string | null;
  /** Why the handover was cancelled ('' otherwise; absent on rows from before cancelling existed). */
  cancelReason?: string;
  cancelledAt?: string | null;
};

export type DeliveryItemState = 'open' | 'done' | 'not_applicable';

export type DeliveryItem = SyncedRow & {
  customerId: string;
  deliveryId: string;
  sectionKey: string;
  sectionTitle: string;
  itemKey: string;
  label: string;
  required: boolean;
  /** Position in the checklist (sections and items in template order). */
  position: number;
  state: DeliveryItemState;
  doneAt: string | null;
  doneBy: string | null;
  doneByName: string;
  note: string;
  /** Why the item does not apply (required when not applicable). */
  notApplicableReason: string;
  /** A reference to a small JPEG attachment (or, in older rows, its data URL); empty when none. */
  photo: string;
};

export type ChecklistProgress = { settled: number; total: number; requiredOpen: number };

/** Done or not applicable: an item nobody has to come back to. */
export function isSettled(item: Pick<DeliveryItem, 'state'>): boolean {
  return item.state !== 'open';
}

export function checklistProgress(
  items: readonly Pick<DeliveryItem, 'state' | 'required'>[],
): ChecklistProgress {
  let settled = 0;
  let requiredOpen = 0;
  for (const item of items) {
    if (isSettled(item)) settled += 1;
    else if (item.required) requiredOpen += 1;
  }
  return { settled, total: items.length, requiredOpen };
}

export type CompletionBlocker =
  | { kind: 'required_open'; items: DeliveryItem[] }
  | { kind: 'not_signed' }
  | { kind: 'not_scheduled'; state: DeliveryState };

/**
 * What stops a delivery from being completed: required items still open (listed, in checklist
 * order), a missing signature, or a delivery that is not open any more. Empty: it may complete.
 * The signature item is settled by signing, so it is reported as `not_signed`, not as an open item.
 */
export function completionBlockers(
  delivery: Pick<Delivery, 'state' | 'signature'>,
  items: readonly DeliveryItem[],
): CompletionBlocker[] {
  if (delivery.state !== 'scheduled') return [{ kind: 'not_scheduled', state: delivery.state }];
  const blockers: CompletionBlocker[] = [];
  const open = items
    .filter(
      (item) =>
        item.required && !isSettled(item) && !item.deleted && item.itemKey !== SIGNATURE_ITEM_KEY,
    )
    .sort((a, b) => a.position - b.position);
  if (open.length > 0) blockers.push({ kind: 'required_open', items: open });
  if (delivery.signature === '') blockers.push({ kind: 'not_signed' });
  return blockers;
}
