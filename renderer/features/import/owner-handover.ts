// A manager's import that gives cards to consultants. The server decides who owns a card: a new
// card pushed by the manager becomes the manager's, whatever the laptop wrote. So after the cards
// are pushed, they are handed to their consultants with the server's reassign command (the same
// one 转移客户 uses, so each consultant's laptop receives its cards in the ordered stream).
// Which card goes to whom comes from the plan; a card is found by its first phone, which is
// unique among the created lines (a repeated phone makes a duplicate line, never a card).

import type { ImportPlan } from '../../../shared/import/plan';

export type CreatedCard = { id: string; phones: readonly string[] };

/** New owner → the created cards that go to them (the importer's own cards stay out). */
export function handoverPlan(
  plan: Pick<ImportPlan, 'rows'>,
  cards: readonly CreatedCard[],
  importerId: string,
): Map<string, string[]> {
  const ownerOfPhone = new Map<string, string>();
  for (const row of plan.rows) {
    const phone = row.customer?.phones[0];
    if (row.action !== 'create' || !row.ownerId || phone === undefined) continue;
    if (row.ownerId !== importerId) ownerOfPhone.set(phone, row.ownerId);
  }
  const handover = new Map<string, string[]>();
  for (const card of cards) {
    const owner = card.phones
      .map((phone) => ownerOfPhone.get(phone))
      .find((found) => found !== undefined);
    if (owner === undefined) continue;
    handover.set(owner, [...(handover.get(owner) ?? []), card.id]);
  }
  return handover;
}
