// 订单: a deposit or a signed contract for a vehicle. Recording one moves the customer to O.

import type { SyncedRow } from './synced-row';

export type OrderKind = 'deposit' | 'contract';
export const ORDER_KINDS = ['deposit', 'contract'] as const satisfies readonly OrderKind[];

export type OrderState = 'active' | 'cancelled';

export type Order = SyncedRow & {
  customerId: string;
  kind: OrderKind;
  /** 元: the contract amount (for a deposit: the car's agreed price). */
  amount: number;
  /** 元: the deposit paid; null when none. */
  depositAmount: number | null;
  brand: string;
  model: string;
  trim: string;
  colour: string;
  /** Local day of signing, YYYY-MM-DD. */
  orderedOn: string;
  note: string;
  state: OrderState;
  /** Why the order was cancelled ('' while active; absent on rows from before cancelling existed). */
  cancelReason?: string;
  cancelledAt?: string | null;
};
