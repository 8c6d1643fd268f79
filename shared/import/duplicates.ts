// Duplicates, by the app's one rule: the same normalized phone number (shared/domain/phone,
// the rule of the form's duplicate warning and of the server's duplicate claims). A name alone
// never makes two lines or a line and a card one customer.

import type { UpdatableField } from './imported-customer';

/** An existing card holding a phone number, as the laptop knows it. */
export type ExistingCard = { customerId: string; ownerId: string; name?: string };

/** Normalized phone → the live cards holding it (the write side builds it from the database). */
export type ExistingPhones = ReadonlyMap<string, readonly ExistingCard[]>;

/** What to do with a line whose customer already has a card. */
export type DuplicateChoice =
  | { mode: 'skip' }
  /** Fill the card's empty fields; add new phone numbers, the tag and the notes. */
  | { mode: 'fill' }
  /** Overwrite these fields with the file's values; fill the other empty ones. */
  | { mode: 'overwrite'; fields: UpdatableField[] };

/** The choice for all duplicates, and per line where the user chose otherwise. */
export type DuplicatePolicy = {
  default: DuplicateChoice;
  byLine?: Readonly<Record<number, DuplicateChoice>>;
};

export const SKIP_DUPLICATES: DuplicatePolicy = { default: { mode: 'skip' } };

/** The distinct existing cards any of the phones belongs to, in phone order. */
export function existingCardsFor(
  phones: readonly string[],
  existing: ExistingPhones,
): ExistingCard[] {
  const cards = new Map<string, ExistingCard>();
  for (const phone of phones) {
    for (const card of existing.get(phone) ?? []) {
      if (!cards.has(card.customerId)) cards.set(card.customerId, card);
    }
  }
  return [...cards.values()];
}

/** Phone → the first line of the file that claimed it. */
export class LinePhoneIndex {
  private readonly firstLine = new Map<string, number>();

  /** The earliest line already holding one of these phones, or null. */
  earlierLine(phones: readonly string[]): number | null {
    let earliest: number | null = null;
    for (const phone of phones) {
      const line = this.firstLine.get(phone);
      if (line !== undefined && (earliest === null || line < earliest)) earliest = line;
    }
    return earliest;
  }

  claim(phones: readonly string[], line: number): void {
    for (const phone of phones) if (!this.firstLine.has(phone)) this.firstLine.set(phone, line);
  }
}
