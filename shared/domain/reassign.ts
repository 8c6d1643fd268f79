// Handing customers over (a manager's reassignment): to one consultant, or spread round-robin
// across several. Pure, so the preview the manager sees is exactly what is sent.

/** Customers grouped by their new owner, in the order given. */
export type ReassignPlan = Map<string, string[]>;

/** Every customer to the one new owner. */
export function planToOne(customerIds: readonly string[], toUserId: string): ReassignPlan {
  return new Map(customerIds.length > 0 ? [[toUserId, [...customerIds]]] : []);
}

/**
 * Round-robin across the chosen consultants, in the order chosen: the first customer to the first
 * consultant, the second to the second, and so on around. Shares differ by at most one and the
 * earlier consultants get the extra ones. A customer listed twice is handed over once.
 */
export function planRoundRobin(
  customerIds: readonly string[],
  toUserIds: readonly string[],
): ReassignPlan {
  const targets = [...new Set(toUserIds)];
  if (targets.length === 0) throw new Error('Choose at least one consultant to hand over to');
  const plan: ReassignPlan = new Map(targets.map((id) => [id, [] as string[]]));
  [...new Set(customerIds)].forEach((customerId, index) => {
    plan.get(targets[index % targets.length]!)!.push(customerId);
  });
  for (const [id, assigned] of plan) if (assigned.length === 0) plan.delete(id);
  return plan;
}
