// The pipeline: where a customer stands, from a new lead to delivered or lost. Which customers
// count as active (and so must always have a next planned follow-up).

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
