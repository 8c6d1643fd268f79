// Who owned a customer when a change was made. Reassignments are recorded with the server's HLC,
// so an offline change can be placed before or after them by its own HLC: a change its writer
// made while owning the customer is still applied, one made after losing it is refused.

import type { Queryable } from '../db/database';

export type OwnershipVerdict =
  /** The writer owned the customer at the change's HLC: apply it. */
  | 'owned_then'
  /** The writer owned it once, but not at the change's HLC: refuse as `reassigned`. */
  | 'reassigned'
  /** The writer never owned it. */
  | 'never_owned';

export async function ownershipAt(
  tx: Queryable,
  dealershipId: string,
  customerId: string,
  userId: string,
  hlc: string,
): Promise<OwnershipVerdict> {
  const history = await tx.query<{ from_user: string; to_user: string; hlc: string }>(
    `SELECT from_user::text, to_user::text, hlc FROM reassignments
     WHERE dealership_id = $1 AND customer_id = $2 ORDER BY hlc, id`,
    [dealershipId, customerId],
  );
  const first = history[0];
  if (!first) return 'never_owned';
  let ownerThen = first.from_user;
  for (const step of history) {
    if (step.hlc < hlc) ownerThen = step.to_user;
    else break;
  }
  if (ownerThen === userId) return 'owned_then';
  const everOwned = history.some((step) => step.from_user === userId || step.to_user === userId);
  return everOwned ? 'reassigned' : 'never_owned';
}
