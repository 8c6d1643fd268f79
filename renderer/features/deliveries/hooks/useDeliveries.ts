// Live reads of a customer's orders and deliveries, and of one delivery with its checklist.

import { useLiveQuery } from 'dexie-react-hooks';
import type { Delivery } from '../../../../shared/domain/delivery';
import type { Order } from '../../../../shared/domain/order';
import { db } from '../../../db/db';
import {
  customerDeliveries,
  customerOrders,
  readDeliveryChecklist,
  type DeliveryWithItems,
} from '../../../db/delivery-queries';

/** undefined while loading. Newest first. */
export function useCustomerOrders(customerId: string): Order[] | undefined {
  return useLiveQuery(() => customerOrders(db, customerId), [customerId]);
}

/** undefined while loading. Newest first. */
export function useCustomerDeliveries(customerId: string): Delivery[] | undefined {
  return useLiveQuery(() => customerDeliveries(db, customerId), [customerId]);
}

/** undefined while loading; `delivery: null` when there is no such delivery (any more). */
export function useDeliveryChecklist(deliveryId: string): DeliveryWithItems | undefined {
  return useLiveQuery(() => readDeliveryChecklist(db, deliveryId), [deliveryId]);
}
