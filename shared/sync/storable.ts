// What the database can store, as zod pieces every protocol schema is built from. A value that
// passes validation but fails in SQL used to fail a whole push batch, which the laptop then sent
// again for ever, blocking everything queued behind it. So validation refuses it first:
// - text: PostgreSQL's text and jsonb cannot hold U+0000, and half of a surrogate pair (an emoji
//   cut in two) has no UTF-8 form. Such text is refused, never cleaned: the server does not alter
//   what a user typed behind their back; the change is refused with a reason and stays on the
//   laptop to be corrected.
// - instants and days: years 0001–9999 (PostgreSQL has no year 0; nobody books a follow-up in
//   the year 20000), in the ISO form the app writes (`2026-11-24` or `2026-11-24T08:00:00.000Z`).
// - row ids: UUIDv7 (lowercase, as `uuid`'s v7() makes them), or the id of a one-per-dealership
//   row (`dealership`).

import { z } from 'zod';
import { DEALERSHIP_SETTINGS_ID } from '../domain/settings';

const NUL = '\u0000';
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const NOT_STORABLE_TEXT =
  'contains a character that cannot be stored (U+0000 or half of an emoji)';
export const NOT_STORABLE_DATE = 'must be an ISO date or instant in the years 0001–9999';

export function isStorableText(value: string): boolean {
  return !value.includes(NUL) && !LONE_SURROGATE.test(value);
}

/** Every string and every key of a JSON value is storable (for values kept as they came). */
export function isStorableJson(value: unknown): boolean {
  if (typeof value === 'string') return isStorableText(value);
  if (Array.isArray(value)) return value.every(isStorableJson);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).every(
      ([key, inner]) => isStorableText(key) && isStorableJson(inner),
    );
  }
  return true;
}

/** Text the database can store; chain .max()/.min()/.trim() as on any string. */
export function storableText() {
  return z.string().refine(isStorableText, { message: NOT_STORABLE_TEXT });
}

/** Any JSON value whose strings and keys are all storable. */
export const storableJson = z.unknown().refine(isStorableJson, { message: NOT_STORABLE_TEXT });

/** The name of a field (a key of a pushed change or of its base). */
export const fieldNameSchema = storableText().min(1).max(64);

const ISO_DATE =
  /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export function isStorableDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  return year >= 1 && year <= 9999 && Number.isFinite(Date.parse(value));
}

/** A day (`YYYY-MM-DD`) or an instant (`…T08:00:00.000Z`) the database can store. */
export const storableDateTime = z
  .string()
  .max(40)
  .refine(isStorableDate, { message: NOT_STORABLE_DATE });

/** An instant with a time and an offset (`z.iso.datetime`), in the years 0001–9999. */
export const storableInstant = z.iso
  .datetime({ offset: true })
  .refine(isStorableDate, { message: NOT_STORABLE_DATE });

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Ids of the rows there is one of per dealership (settings, checklist template). */
export const SINGLE_ROW_IDS: readonly string[] = [DEALERSHIP_SETTINGS_ID];

/** A row made by a client or the server: a lowercase UUIDv7. */
export const uuidV7Schema = z.string().regex(UUID_V7, { message: 'must be a lowercase UUIDv7' });

/** Any synced row's id: a UUIDv7, or `dealership` for the one-per-dealership rows. */
export const rowIdSchema = z
  .string()
  .refine((value) => UUID_V7.test(value) || SINGLE_ROW_IDS.includes(value), {
    message: `must be a lowercase UUIDv7 (or "${DEALERSHIP_SETTINGS_ID}")`,
  });
