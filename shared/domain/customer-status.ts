// The pipeline. While in follow-up the displayed status letter is the intent level (H/A/B/C);
// the stored status says where in the pipeline the customer is.

import type { IntentLevel } from './intent';

export type CustomerStatus =
  'new' | 'following' | 'ordered' | 'delivered' | 'lost_requested' | 'lost';

export const CUSTOMER_STATUSES = [
  'new',
  'following',
  'ordered',
  'delivered',
  'lost_requested',
  'lost',
] as const satisfies readonly CustomerStatus[];

/** Active customers must always have a next planned follow-up. */
export const ACTIVE_STATUSES = [
  'new',
  'following',
  'ordered',
] as const satisfies readonly CustomerStatus[];

export function isActiveStatus(status: CustomerStatus): boolean {
  return (ACTIVE_STATUSES as readonly CustomerStatus[]).includes(status);
}

export type StatusLetter = 'N' | IntentLevel | 'O' | 'D' | 'F';

export function statusLetter(status: CustomerStatus, intent: IntentLevel | null): StatusLetter {
  switch (status) {
    case 'new':
      return 'N';
    case 'following':
      return intent ?? 'N';
    case 'ordered':
      return 'O';
    case 'delivered':
      return 'D';
    case 'lost_requested':
    case 'lost':
      return 'F';
  }
}
