// Orders and deliveries: record an order (the customer moves to O), schedule the handover with the
// vehicle and a copy of the checklist template, tick the items, sign, and complete — which makes
// the customer an owner (D) and plans the post-delivery follow-ups. One transaction per step, so
// a step is either all on the laptop (and in the outbox) or not at all.

import dayjs from 'dayjs';
import { v7 as uuidv7 } from 'uuid';
import { SIGNATURE_ITEM_KEY } from '../../shared/domain/checklist-template';
import type { Customer } from '../../shared/domain/customer';
import { isActiveStatus } from '../../shared/domain/customer-status';
import { localDay } from '../../shared/domain/dates';
import {
  completionBlockers,
  type CompletionBlocker,
  type Delivery,
  type DeliveryItem,
} from '../../shared/domain/delivery';
import type {
  CancellationValues,
  DeliveryFormValues,
  OrderFormValues,
  RescheduleDeliveryValues,
} from '../../shared/domain/delivery-schemas';
import { proposeNextFollowUpAt } from '../../shared/domain/cadence';
import { currentIntentLevel } from '../../shared/domain/intent';
import type { FollowUp } from '../../shared/domain/follow-up';
import type { Order } from '../../shared/domain/order';
import {
  DEFAULT_INSURANCE_YEARS,
  DEFAULT_WARRANTY_YEARS,
  postDeliveryPlan,
} from '../../shared/domain/post-delivery';
import { readChecklistTemplate } from './checklist-template-repo';
import { describeChanges } from './customers-repo';
import { readDealershipSettings } from './settings-repo';
import { addTimelineEntry } from './timeline-repo';
import { keepImage, prepareImage } from './attachments-repo';
import {
  inWriteTransaction,
  writeRow,
  writeRows,
  writeTables,
  type WriteContext,
} from './write-path';

export class DeliveryBlockedError extends Error {
  constructor(readonly blockers: CompletionBlocker[]) {
    super(`The delivery cannot be completed: ${blockers.map((b) => b.kind).join(', ')}`);
    this.name = 'DeliveryBlockedError';
  }
}

/** The customer is not in a state that allows the step (e.g. scheduling for a customer not in O). */
export class CustomerStateError extends Error {
  constructor(readonly status: Customer['status']) {
    super(`Not allowed for a customer in status ${status}`);
    this.name = 'CustomerStateError';
  }
}

export async function recordOrder(
  ctx: WriteContext,
  customerId: string,
  values: OrderFormValues,
): Promise<Order> {
  return inWriteTransaction(ctx, ['customers', 'orders', 'timeline'], async () => {
    const customer = await requireCustomer(ctx, customerId);
    if (!isActiveStatus(customer.status)) throw new CustomerStateError(customer.status);
    const order = await writeRow(ctx, 'orders', uuidv7(), {
      ownerId: customer.ownerId,
      createdAt: ctx.now().toISOString(),
      customerId,
      kind: values.kind,
      amount: values.amount ?? 0,
      depositAmount: values.depositAmount,
      brand: values.brand,
      model: values.model,
      trim: values.trim,
      colour: values.colour,
      orderedOn: values.orderedOn,
      note: values.note,
      state: 'active',
    });
    await addTimelineEntry(ctx, customer, {
      kind: 'order_recorded',
      text: values.note,
      changes: [
        { field: 'orderKind', from: '', to: values.kind },
        { field: 'contractAmount', from: '', to: String(order.amount) },
        {
          field: 'model',
          from: '',
          to: [values.brand, values.model, values.trim].join(' ').trim(),
        },
      ],
    });
    const customerChanges: Partial<Customer> = {
      status: 'ordered',
      contractAmount: order.amount,
      brand: values.brand || customer.brand,
      model: values.model,
      trim: values.trim || customer.trim,
      colour: values.colour || customer.colour,
    };
    const changes = describeChanges(customer, customerChanges);
    if (changes.length > 0) {
      const updated = await writeRow(ctx, 'customers', customerId, customerChanges);
      await addTimelineEntry(ctx, updated, { kind: 'changed', changes });
    }
    return order;
  });
}

/**
 * Schedules the handover of an ordered customer's car: the delivery row, one row per item of the
 * template's current version, and a 'delivery' follow-up on the day (so it shows in the views).
 */
export async function scheduleDelivery(
  ctx: WriteContext,
  customerId: string,
  values: DeliveryFormValues,
  purpose: string,
): Promise<Delivery> {
  return inWriteTransaction(
    ctx,
    [
      'customers',
      'deliveries',
      'deliveryItems',
      'followUps',
      'timeline',
      'checklistTemplates',
      'orders',
    ],
    async () => {
      const customer = await requireCustomer(ctx, customerId);
      if (customer.status !== 'ordered') throw new CustomerStateError(customer.status);
      const template = await readChecklistTemplate(ctx.db);
      const orders = await ctx.db.orders.where('customerId').equals(customerId).toArray();
      const order = orders
        .filter((row) => row.state === 'active' && !row.deleted)
        .sort((a, b) => b.orderedOn.localeCompare(a.orderedOn))[0];
      const now = ctx.now().toISOString();
      const deliveryId = uuidv7();
      const delivery = await writeRow(ctx, 'deliveries', deliveryId, {
        ownerId: customer.ownerId,
        createdAt: now,
        customerId,
        orderId: order?.id ?? null,
        vin: values.vin,
        engineNumber: values.engineNumber.toUpperCase(),
        brand: values.brand,
        model: values.model,
        colour: values.colour,
        plate: values.plate,
        scheduledAt: values.scheduledAt.toISOString(),
        state: 'scheduled',
        templateVersion: template.version,
        signature: '',
        signedBy: '',
        signedAt: null,
        completedAt: null,
        warrantyStart: null,
      });
      // One bulk write for the whole checklist: one clock read, one bulkPut.
      const items = template.sections.flatMap((section) =>
        section.items.map((item) => ({ section, item })),
      );
      await writeRows(
        ctx,
        'deliveryItems',
        items.map(({ section, item }, position) => ({
          rowId: uuidv7(),
          fields: {
            ownerId: customer.ownerId,
            createdAt: now,
            customerId,
            deliveryId,
            sectionKey: section.key,
            sectionTitle: section.title,
            itemKey: item.key,
            label: item.label,
            required: item.required,
            position,
            state: 'open' as const,
            doneAt: null,
            doneBy: null,
            doneByName: '',
            note: '',
            notApplicableReason: '',
            photo: '',
          },
        })),
      );
      await writeRow(ctx, 'followUps', uuidv7(), {
        ownerId: customer.ownerId,
        createdAt: now,
        customerId,
        dueAt: delivery.scheduledAt,
        channel: 'delivery',
        purpose,
        state: 'planned',
        completedAt: null,
        outcome: null,
        result: '',
        kind: 'delivery',
        deliveryId,
      });
      await addTimelineEntry(ctx, customer, {
        kind: 'delivery_scheduled',
        text: purpose,
        changes: [
          { field: 'vin', from: '', to: delivery.vin },
          { field: 'scheduledAt', from: '', to: delivery.scheduledAt },
        ],
      });
      return delivery;
    },
  );
}

export type ItemUpdate =
  { state: 'done' } | { state: 'open' } | { state: 'not_applicable'; reason: string };

/** Ticks, un-ticks or marks an item not applicable; who and when are recorded with a tick. */
export async function setItemState(
  ctx: WriteContext,
  itemId: string,
  update: ItemUpdate,
): Promise<DeliveryItem> {
  return inWriteTransaction(ctx, ['deliveries', 'deliveryItems'], async () => {
    const item = await requireItem(ctx, itemId);
    await requireOpenDelivery(ctx, item.deliveryId);
    if (item.itemKey === SIGNATURE_ITEM_KEY && update.state !== 'not_applicable') {
      // Ticked by the signature itself (signDelivery), never by hand.
      throw new Error('The signature item is settled by signing');
    }
    const settledNow = update.state === 'open' ? null : ctx.now().toISOString();
    return writeRow(ctx, 'deliveryItems', itemId, {
      state: update.state,
      doneAt: settledNow,
      doneBy: update.state === 'open' ? null : ctx.actorId,
      doneByName: update.state === 'open' ? '' : ctx.actorName,
      notApplicableReason: update.state === 'not_applicable' ? update.reason.trim() : '',
    });
  });
}

export async function setItemNote(
  ctx: WriteContext,
  itemId: string,
  note: string,
): Promise<DeliveryItem> {
  return inWriteTransaction(ctx, ['deliveries', 'deliveryItems'], async () => {
    const item = await requireItem(ctx, itemId);
    await requireOpenDelivery(ctx, item.deliveryId);
    return writeRow(ctx, 'deliveryItems', itemId, { note: note.trim() });
  });
}

/**
 * A photo already shrunk to a small JPEG data URL (see ui/photo.ts); '' removes it. The bytes go
 * to the local attachments table and the row gets the reference (attachments-repo.ts).
 */
export async function setItemPhoto(
  ctx: WriteContext,
  itemId: string,
  photo: string,
): Promise<DeliveryItem> {
  const image = photo === '' ? null : await prepareImage(photo);
  return inImageTransaction(ctx, async () => {
    const item = await requireItem(ctx, itemId);
    await requireOpenDelivery(ctx, item.deliveryId);
    const value = image ? await keepImage(ctx.db, image, ctx.now()) : '';
    return writeRow(ctx, 'deliveryItems', itemId, { photo: value });
  });
}

/** The write transaction of a step that keeps an image: the delivery tables and the attachments. */
function inImageTransaction<T>(ctx: WriteContext, work: () => Promise<T>): Promise<T> {
  return ctx.db.transaction(
    'rw',
    [...writeTables(ctx.db, 'deliveries', 'deliveryItems'), ctx.db.attachments],
    work,
  );
}

/** The customer signs the delivery confirmation: the signature and the sign-off item together. */
export async function signDelivery(
  ctx: WriteContext,
  deliveryId: string,
  signature: { png: string; signedBy: string },
): Promise<Delivery> {
  const image = await prepareImage(signature.png);
  return inImageTransaction(ctx, async () => {
    await requireOpenDelivery(ctx, deliveryId);
    const now = ctx.now().toISOString();
    const signed = await writeRow(ctx, 'deliveries', deliveryId, {
      signature: await keepImage(ctx.db, image, ctx.now()),
      signedBy: signature.signedBy.trim(),
      signedAt: now,
    });
    const items = await deliveryItems(ctx, deliveryId);
    for (const item of items.filter((entry) => entry.itemKey === SIGNATURE_ITEM_KEY)) {
      await writeRow(ctx, 'deliveryItems', item.id, {
        state: 'done',
        doneAt: now,
        doneBy: ctx.actorId,
        doneByName: ctx.actorName,
        notApplicableReason: '',
      });
    }
    return signed;
  });
}

/** Clears a signature (signed by mistake, or the customer wants to sign again). */
export async function clearSignature(ctx: WriteContext, deliveryId: string): Promise<Delivery> {
  return inWriteTransaction(ctx, ['deliveries', 'deliveryItems'], async () => {
    await requireOpenDelivery(ctx, deliveryId);
    const cleared = await writeRow(ctx, 'deliveries', deliveryId, {
      signature: '',
      signedBy: '',
      signedAt: null,
    });
    const items = await deliveryItems(ctx, deliveryId);
    for (const item of items.filter((entry) => entry.itemKey === SIGNATURE_ITEM_KEY)) {
      await writeRow(ctx, 'deliveryItems', item.id, {
        state: 'open',
        doneAt: null,
        doneBy: null,
        doneByName: '',
      });
    }
    return cleared;
  });
}

export type CompletedDelivery = { delivery: Delivery; followUps: FollowUp[] };

/**
 * Completes the handover: refused with the blockers (open required items, no signature) until it
 * may. Then the customer becomes an owner (D) with the delivery date, warranty from today and a
 * year of insurance; the handover follow-up is done, open sales follow-ups are cancelled (an owner
 * is called by the post-delivery cadence instead) and the post-delivery follow-ups are planned.
 * Their purpose is stored as the kind's code (a system purpose, see shared/domain/follow-up.ts), so
 * each reader sees it in their own language.
 */
export async function completeDelivery(
  ctx: WriteContext,
  deliveryId: string,
): Promise<CompletedDelivery> {
  return inWriteTransaction(
    ctx,
    ['customers', 'deliveries', 'deliveryItems', 'followUps', 'timeline', 'settings'],
    async () => {
      const delivery = await requireDelivery(ctx, deliveryId);
      const items = await deliveryItems(ctx, deliveryId);
      const blockers = completionBlockers(delivery, items);
      if (blockers.length > 0) throw new DeliveryBlockedError(blockers);
      const customer = await requireCustomer(ctx, delivery.customerId);
      const now = ctx.now();
      const today = localDay(now);

      const completed = await writeRow(ctx, 'deliveries', deliveryId, {
        state: 'completed',
        completedAt: now.toISOString(),
        warrantyStart: today,
      });

      const planned = await ctx.db.followUps
        .where('[state+customerId]')
        .equals(['planned', customer.id])
        .toArray();
      for (const followUp of planned) {
        if (followUp.kind === 'delivery' && followUp.deliveryId === deliveryId) {
          await writeRow(ctx, 'followUps', followUp.id, {
            state: 'done',
            completedAt: now.toISOString(),
            outcome: 'visited',
            result: followUp.purpose,
          });
        } else if (!followUp.kind || followUp.kind === 'sales' || followUp.kind === 'delivery') {
          await writeRow(ctx, 'followUps', followUp.id, { state: 'cancelled' });
        }
      }

      const settings = await readDealershipSettings(ctx.db);
      const terms = settings.postDeliveryCadence;
      const customerChanges: Partial<Customer> = {
        status: 'delivered',
        deliveryDate: today,
        warrantyExpiry: localDay(
          dayjs(now)
            .add(terms.warrantyYears ?? DEFAULT_WARRANTY_YEARS, 'year')
            .toDate(),
        ),
        insuranceExpiry: localDay(
          dayjs(now)
            .add(terms.insuranceYears ?? DEFAULT_INSURANCE_YEARS, 'year')
            .toDate(),
        ),
      };
      const changes = describeChanges(customer, customerChanges);
      const owner = await writeRow(ctx, 'customers', customer.id, customerChanges);
      await addTimelineEntry(ctx, owner, {
        kind: 'delivery_completed',
        text: completed.signedBy,
        changes: [{ field: 'vin', from: '', to: completed.vin }, ...changes],
      });

      const followUps: FollowUp[] = [];
      for (const plan of postDeliveryPlan(now, customer.birthday, settings.postDeliveryCadence)) {
        followUps.push(
          await writeRow(ctx, 'followUps', uuidv7(), {
            ownerId: customer.ownerId,
            createdAt: now.toISOString(),
            customerId: customer.id,
            dueAt: plan.dueAt.toISOString(),
            channel: plan.channel,
            purpose: plan.kind,
            state: 'planned',
            completedAt: null,
            outcome: null,
            result: '',
            kind: plan.kind,
            deliveryId,
          }),
        );
      }
      return { delivery: completed, followUps };
    },
  );
}

/** 三包 and the makers' new-car warranties run three years in the common case. */

/** The items of a delivery in checklist order. */
export function deliveryItems(
  ctx: Pick<WriteContext, 'db'>,
  deliveryId: string,
): Promise<DeliveryItem[]> {
  return ctx.db.deliveryItems
    .where('[deliveryId+position]')
    .between([deliveryId, -Infinity], [deliveryId, Infinity])
    .filter((item) => !item.deleted)
    .toArray();
}

async function requireCustomer(ctx: WriteContext, customerId: string): Promise<Customer> {
  const customer = await ctx.db.customers.get(customerId);
  if (!customer || customer.deleted) throw new Error(`Customer ${customerId} not found`);
  return customer;
}

async function requireDelivery(ctx: WriteContext, deliveryId: string): Promise<Delivery> {
  const delivery = await ctx.db.deliveries.get(deliveryId);
  if (!delivery || delivery.deleted) throw new Error(`Delivery ${deliveryId} not found`);
  return delivery;
}

async function requireOpenDelivery(ctx: WriteContext, deliveryId: string): Promise<Delivery> {
  const delivery = await requireDelivery(ctx, deliveryId);
  if (delivery.state !== 'scheduled') {
    throw new DeliveryBlockedError([{ kind: 'not_scheduled', state: delivery.state }]);
  }
  return delivery;
}

async function requireItem(ctx: WriteContext, itemId: string): Promise<DeliveryItem> {
  const item = await ctx.db.deliveryItems.get(itemId);
  if (!item || item.deleted) throw new Error(`Checklist item ${itemId} not found`);
  return item;
}

/** A step refused because the order or the handover is no longer in the state it needs. */
export class DeliveryStateError extends Error {
  constructor(readonly state: string) {
    super(`Not allowed for an order or delivery that is ${state}`);
    this.name = 'DeliveryStateError';
  }
}

async function requireScheduledDelivery(ctx: WriteContext, deliveryId: string): Promise<Delivery> {
  const delivery = await ctx.db.deliveries.get(deliveryId);
  if (!delivery || delivery.deleted) throw new Error(`Delivery ${deliveryId} not found`);
  if (delivery.state !== 'scheduled') throw new DeliveryStateError(delivery.state);
  return delivery;
}

/** The planned handover follow-ups of a delivery (normally one). */
async function plannedHandovers(ctx: WriteContext, delivery: Delivery): Promise<FollowUp[]> {
  const planned = await ctx.db.followUps
    .where('[state+customerId]')
    .equals(['planned', delivery.customerId])
    .toArray();
  return planned.filter((row) => row.kind === 'delivery' && row.deliveryId === delivery.id);
}

/**
 * Moves a handover to a new time: the delivery and its follow-up (so the follow-up views show the
 * new day), with the old → new time and the reason on the card's timeline.
 */
export async function rescheduleDelivery(
  ctx: WriteContext,
  deliveryId: string,
  values: RescheduleDeliveryValues,
): Promise<Delivery> {
  return inWriteTransaction(ctx, ['customers', 'deliveries', 'followUps', 'timeline'], async () => {
    const delivery = await requireScheduledDelivery(ctx, deliveryId);
    const customer = await requireCustomer(ctx, delivery.customerId);
    const scheduledAt = values.scheduledAt.toISOString();
    const moved = await writeRow(ctx, 'deliveries', deliveryId, { scheduledAt });
    for (const followUp of await plannedHandovers(ctx, delivery)) {
      await writeRow(ctx, 'followUps', followUp.id, { dueAt: scheduledAt });
    }
    await addTimelineEntry(ctx, customer, {
      kind: 'delivery_rescheduled',
      text: values.reason,
      changes: [{ field: 'scheduledAt', from: delivery.scheduledAt, to: scheduledAt }],
    });
    return moved;
  });
}

/**
 * Why the call is planned after a plan fell through: stored as a code (like the app's other
 * purposes), so each reader sees it in their own language.
 */
type PlanFellThrough = 'rebook_handover' | 'order_cancelled';

/**
 * Plans the sales follow-up an active customer must always have after a plan fell through, by the
 * cadence of the status they are left in — unless one is already planned.
 */
async function keepCustomerPlanned(
  ctx: WriteContext,
  customer: Customer,
  status: Customer['status'],
  purpose: PlanFellThrough,
): Promise<void> {
  const planned = await ctx.db.followUps
    .where('[state+customerId]')
    .equals(['planned', customer.id])
    .toArray();
  if (planned.some((row) => !row.deleted && (!row.kind || row.kind === 'sales'))) return;
  const settings = await readDealershipSettings(ctx.db);
  const intent = currentIntentLevel(customer, localDay(ctx.now()), settings.intentThresholds);
  const dueAt = proposeNextFollowUpAt({ status, intentLevel: intent }, ctx.now(), settings.cadence);
  if (!dueAt) return;
  await writeRow(ctx, 'followUps', uuidv7(), {
    ownerId: customer.ownerId,
    createdAt: ctx.now().toISOString(),
    customerId: customer.id,
    dueAt: dueAt.toISOString(),
    channel: 'phone',
    purpose,
    state: 'planned',
    completedAt: null,
    outcome: null,
    result: '',
    kind: 'sales',
  });
}

async function cancelScheduled(
  ctx: WriteContext,
  delivery: Delivery,
  reason: string,
): Promise<Delivery> {
  const cancelled = await writeRow(ctx, 'deliveries', delivery.id, {
    state: 'cancelled',
    cancelReason: reason,
    cancelledAt: ctx.now().toISOString(),
  });
  for (const followUp of await plannedHandovers(ctx, delivery)) {
    await writeRow(ctx, 'followUps', followUp.id, { state: 'cancelled' });
  }
  return cancelled;
}

/**
 * Cancels a handover (the car was damaged, the customer cannot come): the delivery and its
 * follow-up are cancelled, the customer stays ordered and gets a call planned to book a new one.
 */
export async function cancelDelivery(
  ctx: WriteContext,
  deliveryId: string,
  values: CancellationValues,
): Promise<Delivery> {
  return inWriteTransaction(
    ctx,
    ['customers', 'deliveries', 'followUps', 'timeline', 'settings'],
    async () => {
      const delivery = await requireScheduledDelivery(ctx, deliveryId);
      const customer = await requireCustomer(ctx, delivery.customerId);
      const cancelled = await cancelScheduled(ctx, delivery, values.reason);
      await addTimelineEntry(ctx, customer, {
        kind: 'delivery_cancelled',
        text: values.reason,
        changes: [{ field: 'vin', from: delivery.vin, to: '' }],
      });
      if (isActiveStatus(customer.status)) {
        await keepCustomerPlanned(ctx, customer, customer.status, 'rebook_handover');
      }
      return cancelled;
    },
  );
}

/**
 * Cancels an order (the customer withdrew, the contract was replaced): its open handover is
 * cancelled with it; without another active order the customer goes back to following, the
 * contract amount is cleared and a follow-up is planned by the cadence. A completed delivery is
 * history and stays.
 */
export async function cancelOrder(
  ctx: WriteContext,
  orderId: string,
  values: CancellationValues,
): Promise<Order> {
  return inWriteTransaction(
    ctx,
    ['customers', 'orders', 'deliveries', 'followUps', 'timeline', 'settings'],
    async () => {
      const order = await ctx.db.orders.get(orderId);
      if (!order || order.deleted) throw new Error(`Order ${orderId} not found`);
      if (order.state !== 'active') throw new DeliveryStateError(order.state);
      const customer = await requireCustomer(ctx, order.customerId);
      const cancelled = await writeRow(ctx, 'orders', orderId, {
        state: 'cancelled',
        cancelReason: values.reason,
        cancelledAt: ctx.now().toISOString(),
      });
      const deliveries = await ctx.db.deliveries.where('customerId').equals(customer.id).toArray();
      for (const delivery of deliveries) {
        if (delivery.state === 'scheduled' && !delivery.deleted && delivery.orderId === orderId) {
          await cancelScheduled(ctx, delivery, values.reason);
        }
      }
      const orders = await ctx.db.orders.where('customerId').equals(customer.id).toArray();
      const stillActive = orders
        .filter((row) => row.id !== orderId && row.state === 'active' && !row.deleted)
        .sort(
          (a, b) =>
            b.orderedOn.localeCompare(a.orderedOn) || b.createdAt.localeCompare(a.createdAt),
        )[0];
      const customerChanges: Partial<Customer> =
        customer.status !== 'ordered'
          ? {}
          : stillActive
            ? { contractAmount: stillActive.amount }
            : { status: 'following', contractAmount: null };
      const changes = describeChanges(customer, customerChanges);
      const updated =
        changes.length > 0
          ? await writeRow(ctx, 'customers', customer.id, customerChanges)
          : customer;
      await addTimelineEntry(ctx, updated, {
        kind: 'order_cancelled',
        text: values.reason,
        // The customer's own changes (status, contract amount) follow the order's kind.
        changes: [{ field: 'orderKind', from: order.kind, to: '' }, ...changes],
      });
      if (isActiveStatus(updated.status)) {
        await keepCustomerPlanned(ctx, updated, updated.status, 'order_cancelled');
      }
      return cancelled;
    },
  );
}
