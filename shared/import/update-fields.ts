// How a line changes the existing card it duplicates (the user's choice per duplicate): new
// phone numbers, the import's tag and the line's notes are always added (nothing of the file is
// lost); 'fill' sets only the card's empty fields; 'overwrite' also replaces the chosen ones.

import type { CustomerFields } from '../domain/customer';
import { sameFieldValue } from '../sync/field-value';
import type { DuplicateChoice } from './duplicates';
import { UPDATABLE_FIELDS, type ImportedCustomer, type UpdatableField } from './imported-customer';

/** A card has at most five phone numbers (the form's rule). */
const MAX_PHONES = 5;

type CardValues = Pick<CustomerFields, UpdatableField>;

function isEmptyValue(field: UpdatableField, value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  // 'unknown' is what the form starts with: nobody chose it.
  return field === 'gender' && value === 'unknown';
}

/** The fields to write on the card; empty when the line adds nothing. */
export function updateFields(
  card: CardValues,
  incoming: ImportedCustomer,
  choice: Exclude<DuplicateChoice, { mode: 'skip' }>,
): Partial<CardValues> {
  const overwrite = new Set<UpdatableField>(choice.mode === 'overwrite' ? choice.fields : []);
  const next: Record<string, unknown> = {};
  for (const field of UPDATABLE_FIELDS) {
    const value = incoming[field];
    if (value === undefined || isEmptyValue(field, value)) continue;
    const current = card[field];
    if (field === 'phones' && !overwrite.has('phones')) {
      const phones = [...new Set([...card.phones, ...incoming.phones])].slice(0, MAX_PHONES);
      if (!sameFieldValue(phones, current)) next.phones = phones;
    } else if (field === 'tags') {
      const tags = [...new Set([...card.tags, ...(incoming.tags ?? [])])];
      if (!sameFieldValue(tags, current)) next.tags = tags;
    } else if (field === 'notes' && !overwrite.has('notes')) {
      const notes = incoming.notes ?? '';
      if (!card.notes.includes(notes))
        next.notes = card.notes === '' ? notes : `${card.notes}\n${notes}`;
    } else if (overwrite.has(field) || isEmptyValue(field, current)) {
      if (!sameFieldValue(value, current)) next[field] = value;
    }
  }
  return next as Partial<CardValues>;
}
