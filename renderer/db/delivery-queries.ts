// Reads behind the delivery screens: a customer's orders and deliveries, one delivery with its
// checklist, and the care follow-ups a completed delivery planned.

import type { Delivery, DeliveryItem } from '../../shared/domain/delivery';
import type { FollowUp } from '../../shared/domain/follow-up';
import type { Order } from '../../shared/domain/order';
import type { AppDB } from './AppDB';
import { deliveryItems } from './deliveries-repo';

/** Newest first. */
export async function customerOrders(db: AppDB, customerId: string): Promise<Order[]> {
  return (await db.orders.where('customerId').equals(customerId).toArray())
    .filter((order) => !order.deleted)
    .sort((a, b) => b.orderedOn.localeCompare(a.orderedOn));
}

/** Newest first. */
export async function customerDeliveries(db: AppDB, customerId: string): Promise<Delivery[]> {
  return (await db.deliveries.where('customerId').equals(customerId).toArray())
    .filter((delivery) => !delivery.deleted)
    .sort((a, b) => b.scheduledAt.localeCompare(a.scheduledAt));
}

export type DeliveryWithItems = { delivery: Delivery | null; items: DeliveryItem[] };

/** `delivery: null` when there is no such delivery (any more). */
export async function readDeliveryChecklist(
  db: AppDB,
  deliveryId: string,
): Promise<DeliveryWithItems> {
  const delivery = await db.deliveries.get(deliveryId);
  if (!delivery || delivery.deleted) return { delivery: null, items: [] };
  return { delivery, items: await deliveryItems({ db }, deliveryId) };
}

/** The follow-ups a delivery planned after it (not the delivery itself), soonest first. */
export async function postDeliveryFollowUps(
  db: AppDB,
  customerId: string,
  deliveryId: string,
): Promise<FollowUp[]> {
  return (await db.followUps.where('customerId').equals(customerId).toArray())
    .filter((followUp) => followUp.deliveryId === deliveryId && followUp.kind !== 'delivery')
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
}
