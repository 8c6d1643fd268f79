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

/** Why the form does not let the status be picked: a lost request waits for the manager, an owner
 * (delivered) is made only by completing a delivery. */
export type StatusLock = 'lost' | 'owner';

export function statusLock(stored: CustomerStatus | null): StatusLock | null {
  if (stored === 'lost' || stored === 'lost_requested') return 'lost';
  if (stored === 'delivered') return 'owner';
  return null;
}

/**
 * The statuses the card form offers for a card stored with `stored` (null: a new card). Lost is
 * requested on its own path, and delivered comes only from a completed delivery (the delivery
 * writes the warranty and aftercare plans that an owner must have), so neither is picked by hand.
 * A lost card's form shows the status before the request (the Select is locked then).
 */
export function statusesOfferedByHand(stored: CustomerStatus | null): readonly CustomerStatus[] {
  return stored === 'delivered' ? ['delivered'] : ACTIVE_STATUSES;
}

/** The status a form edit leaves: the requested one only where the form may set it. */
export function statusAfterEdit(stored: CustomerStatus, requested: CustomerStatus): CustomerStatus {
  if (statusLock(stored) !== null) return stored;
  return (ACTIVE_STATUSES as readonly CustomerStatus[]).includes(requested) ? requested : stored;
}
