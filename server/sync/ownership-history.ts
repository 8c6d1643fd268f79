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

/** One reassignment of a customer, as the verdict needs it. */
export type OwnershipStep = { fromUser: string; toUser: string; hlc: string };

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
  return verdictFromHistory(
    history.map((step) => ({ fromUser: step.from_user, toUser: step.to_user, hlc: step.hlc })),
    userId,
    hlc,
  );
}

/** The verdict from a customer's reassignments, oldest first (by HLC, then as recorded). */
export function verdictFromHistory(
  history: readonly OwnershipStep[],
  userId: string,
  hlc: string,
): OwnershipVerdict {
  const first = history[0];
  if (!first) return 'never_owned';
  let ownerThen = first.fromUser;
  for (const step of history) {
    if (step.hlc < hlc) ownerThen = step.toUser;
    else break;
  }
  if (ownerThen === userId) return 'owned_then';
  const everOwned = history.some((step) => step.fromUser === userId || step.toUser === userId);
  return everOwned ? 'reassigned' : 'never_owned';
}
