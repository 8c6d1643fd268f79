// Live reads of a customer's orders and deliveries, and of one delivery with its checklist.

import { useLiveQuery } from 'dexie-react-hooks';
import type { Delivery, DeliveryItem } from '../../../../shared/domain/delivery';
import type { Order } from '../../../../shared/domain/order';
import { db } from '../../../db/db';
import { deliveryItems } from '../../../db/deliveries-repo';

/** undefined while loading. Newest first. */
export function useCustomerOrders(customerId: string): Order[] | undefined {
  return useLiveQuery(
    async () =>
      (await db.orders.where('customerId').equals(customerId).toArray())
        .filter((order) => !order.deleted)
        .sort((a, b) => b.orderedOn.localeCompare(a.orderedOn)),
    [customerId],
  );
}

/** undefined while loading. Newest first. */
export function useCustomerDeliveries(customerId: string): Delivery[] | undefined {
  return useLiveQuery(
    async () =>
      (await db.deliveries.where('customerId').equals(customerId).toArray())
        .filter((delivery) => !delivery.deleted)
        .sort((a, b) => b.scheduledAt.localeCompare(a.scheduledAt)),
    [customerId],
  );
}

export type DeliveryWithItems = { delivery: Delivery | null; items: DeliveryItem[] };

/** undefined while loading; `delivery: null` when there is no such delivery (any more). */
export function useDeliveryChecklist(deliveryId: string): DeliveryWithItems | undefined {
  return useLiveQuery(async () => {
    const delivery = await db.deliveries.get(deliveryId);
    if (!delivery || delivery.deleted) return { delivery: null, items: [] };
    return { delivery, items: await deliveryItems({ db }, deliveryId) };
  }, [deliveryId]);
}
