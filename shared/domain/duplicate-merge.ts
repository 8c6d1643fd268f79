// Merging duplicate customer cards (重复客户合并): the field rules, pure, so the server applies
// them in the merge-customers command and in late changes, and tests can pin them down.
//
// Nothing typed is lost, since either card may hold what a consultant wrote: the survivor's phones
// and tags become the union of both cards, the merged card's notes are appended under a line naming
// it, fields the survivor leaves empty are filled from the merged card, and every value of the
// merged card that does not make it onto the survivor is listed in the `merged` timeline entry (and
// the merged card itself stays on the server, soft-deleted). Related fields move together (city
// with district, brand with model, the expected date with its intent level): filling half a group
// from another card would make a card that describes nobody.
//
// Cards are plain records here because the server keeps rows as JSON (older rows may lack newer
// fields); the typed Customer is assignable to them.

import type { FieldChange } from './timeline';
import { normalizedPhones } from './duplicates';
import { sameFieldValue } from '../sync/field-value';

export type CardData = Readonly<Record<string, unknown>>;

/** Row identity and bookkeeping: never carried from one card to the other. */
const META_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'dealershipId',
  'ownerId',
  'createdAt',
  'updatedAt',
  'deleted',
  'confirmedAt',
  'clocks',
  // Follows from the three facts, which stay the survivor's.
  'qualificationGrade',
]);

/** Every value of both cards, each once. */
const UNION_FIELDS: ReadonlySet<string> = new Set(['phones', 'tags']);

/**
 * Filled from the merged card when every field of the group is empty on the survivor; otherwise
 * the survivor's stay and the merged card's differing values go to the timeline.
 */
export const FILL_GROUPS: readonly (readonly string[])[] = [
  ['wechatId'],
  ['gender'],
  ['city', 'district'],
  ['company'],
  ['birthday'],
  ['brand', 'model', 'trim', 'colour'],
  ['budgetMin', 'budgetMax'],
  ['payment'],
  ['tradeIn'],
  ['competitors'],
  ['purpose'],
  ['expectedPurchaseDate', 'intentLevel'],
  ['contractAmount'],
  ['deliveryDate'],
  ['warrantyExpiry'],
  ['insuranceExpiry'],
  ['potentialNeeds'],
];

const GROUP_OF = new Map<string, readonly string[]>(
  FILL_GROUPS.flatMap((group) => group.map((field) => [field, group] as const)),
);

/**
 * The survivor's identity and workflow (name, kind, source, the qualification facts, the pipeline
 * status and a lost request): the manager chose this card, so these are never overwritten; a
 * differing value of the merged card is recorded on the timeline.
 */
export const KEPT_FIELDS: ReadonlySet<string> = new Set([
  'kind',
  'name',
  'source',
  'sourceDetail',
  'hasConfidence',
  'hasNeed',
  'hasPurchasingPower',
  'status',
  'statusBeforeLost',
  'lostReason',
  'lostCompetitor',
  'lostRequestedAt',
]);

/**
 * First entry of a `merged` timeline entry's changes: which card was merged in
 * (`from`: its id, `to`: its name). The second is `ownerId` (`from`: the merged card's
 * consultant, `to`: the survivor's consultant after the merge, both as names). The rest are
 * fields: `from` the merged card's value, `to` the survivor's value after the merge (equal when
 * the survivor took it).
 */
export const MERGED_CARD_FIELD = 'mergedCustomer';

export function isEmptyValue(field: string, value: unknown): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  // 性别未知 is what a card says when nobody asked.
  return field === 'gender' && value === 'unknown';
}

/** A value as the timeline shows it (the same text form as the card's own change entries). */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Whether a union differs from the stored list (a missing list and an empty union are alike). */
function changesList(union: string[], stored: unknown): boolean {
  return Array.isArray(stored) ? !sameFieldValue(union, stored) : union.length > 0;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : [];
}

function unionOf(field: string, survivor: unknown, other: unknown): string[] {
  if (field === 'phones') return normalizedPhones([...stringList(survivor), ...stringList(other)]);
  return [
    ...new Set([...stringList(survivor), ...stringList(other)].map((tag) => tag.trim())),
  ].filter((tag) => tag !== '');
}

/** The line that introduces a merged card's notes inside the survivor's. */
export function notesSeparator(label: string): string {
  return `—— 合并自 ${label} ——`;
}

function appendNotes(survivor: unknown, other: unknown, label: string): string | null {
  const mine = typeof survivor === 'string' ? survivor : '';
  const theirs = typeof other === 'string' ? other.trim() : '';
  if (theirs === '' || mine.includes(theirs)) return null;
  const block = `${notesSeparator(label)}\n${theirs}`;
  return mine.trim() === '' ? block : `${mine}\n\n${block}`;
}

export type DuplicateCardMerge = {
  /** The fields of the survivor that change (only those). */
  fields: Record<string, unknown>;
  /**
   * For the timeline: each field where the merged card had a value, `from` the merged card's
   * value and `to` the survivor's after the merge (so a value that was not taken is visible).
   */
  changes: FieldChange[];
};

/**
 * Folds `merged` into `survivor`. `label` names the merged card in the notes separator
 * (e.g. "张三（李娜）").
 */
export function mergeDuplicateCards(
  survivor: CardData,
  merged: CardData,
  label: string,
): DuplicateCardMerge {
  const fields: Record<string, unknown> = {};
  const after = (field: string) => (field in fields ? fields[field] : survivor[field]);

  for (const field of UNION_FIELDS) {
    const union = unionOf(field, survivor[field], merged[field]);
    if (changesList(union, survivor[field])) fields[field] = union;
  }
  const notes = appendNotes(survivor.notes, merged.notes, label);
  if (notes !== null) fields.notes = notes;
  const referrals = Math.max(numberOr0(survivor.referralsMade), numberOr0(merged.referralsMade));
  if (referrals !== numberOr0(survivor.referralsMade)) fields.referralsMade = referrals;
  for (const group of FILL_GROUPS) {
    const survivorEmpty = group.every((field) => isEmptyValue(field, survivor[field]));
    const mergedHas = group.some((field) => !isEmptyValue(field, merged[field]));
    if (!survivorEmpty || !mergedHas) continue;
    for (const field of group) {
      if (!sameFieldValue(merged[field], survivor[field]) && merged[field] !== undefined) {
        fields[field] = merged[field];
      }
    }
  }

  const changes: FieldChange[] = [];
  const fieldNames = new Set([...Object.keys(merged), ...Object.keys(survivor)]);
  for (const field of fieldNames) {
    if (META_FIELDS.has(field) || field === 'notes') continue;
    const theirs = merged[field];
    if (isEmptyValue(field, theirs)) continue;
    // A value the survivor already had, unchanged, tells nothing.
    if (sameFieldValue(theirs, survivor[field]) && !(field in fields)) continue;
    if (UNION_FIELDS.has(field) && !(field in fields)) continue;
    changes.push({ field, from: valueText(theirs), to: valueText(after(field)) });
  }
  return { fields, changes };
}

function numberOr0(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

export type LateChange = {
  /** Fields of the survivor that change. */
  fields: Record<string, unknown>;
  /** Values the survivor keeps its own for: kept as conflicts for its owner to see and re-apply. */
  conflicts: Array<{ field: string; survivorValue: unknown; value: unknown }>;
};

/**
 * A change pushed after the merge to the merged (deleted) card, by a laptop that had not heard of
 * the merge yet: the same rules, applied to just the fields it changes. What merging would have
 * kept lands on the survivor (phones and tags joined, notes appended, empty fields filled); a
 * value the survivor holds differently becomes a conflict instead of overwriting the card the
 * manager chose, so it stays visible and can be re-applied.
 */
export function lateChangeOntoSurvivor(
  survivor: CardData,
  change: CardData,
  label: string,
): LateChange {
  const fields: Record<string, unknown> = {};
  const conflicts: LateChange['conflicts'] = [];
  for (const [field, value] of Object.entries(change)) {
    if (META_FIELDS.has(field)) continue;
    const current = survivor[field];
    if (UNION_FIELDS.has(field)) {
      const union = unionOf(field, current, value);
      if (changesList(union, current)) fields[field] = union;
      continue;
    }
    if (field === 'notes') {
      const notes = appendNotes(current, value, label);
      if (notes !== null) fields.notes = notes;
      continue;
    }
    if (field === 'referralsMade') {
      if (numberOr0(value) > numberOr0(current)) fields.referralsMade = value;
      continue;
    }
    if (sameFieldValue(value, current) || isEmptyValue(field, value)) continue;
    const group = GROUP_OF.get(field);
    if (group && group.every((member) => isEmptyValue(member, survivor[member]))) {
      fields[field] = value;
      continue;
    }
    // The intent level follows the expected date, which keeps a conflict of its own.
    if (field === 'intentLevel') continue;
    conflicts.push({ field, survivorValue: current ?? null, value });
  }
  return { fields, conflicts };
}

/**
 * The order in which `cards` can be merged into a survivor with `survivorPhones`, each sharing a
 * number with the survivor as it grows (the survivor takes every merged card's numbers), or null
 * when some card shares none: those are not the same customer by the rule the claims use.
 */
export function phoneConnectedOrder(
  survivorPhones: readonly string[],
  cards: ReadonlyArray<{ id: string; phones: readonly string[] }>,
): string[] | null {
  const known = new Set(normalizedPhones(survivorPhones));
  const left = cards.map((card) => ({ id: card.id, phones: normalizedPhones(card.phones) }));
  const order: string[] = [];
  while (left.length > 0) {
    const index = left.findIndex((card) => card.phones.some((phone) => known.has(phone)));
    if (index < 0) return null;
    const [next] = left.splice(index, 1);
    if (!next) return null;
    for (const phone of next.phones) known.add(phone);
    order.push(next.id);
  }
  return order;
}
