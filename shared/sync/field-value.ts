// When two values of a field are the same value. Field values travel as JSON and the server keeps
// them as jsonb, which keeps neither the order of an object's keys nor `undefined`: a value must
// equal what it becomes after a round trip through the server, or a laptop would see a "change"
// (an outbox entry, a conflict, a timeline line) where there is none. One definition for the
// client's write path and the server's merge: they must never disagree.

/** Equal as JSON, object keys in any order; a missing (undefined) value is the same as null. */
export function sameFieldValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  // JSON.stringify already drops undefined object members, writes undefined array items and
  // non-finite numbers as null and calls toJSON; the replacer only puts keys in one order.
  return JSON.stringify(value ?? null, sortedKeys);
}

function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
}

/**
 * Two records (a form's values, a row's fields) hold the same values: field by field by
 * sameFieldValue, so a field that is missing, undefined or null is one and the same, and the
 * order of the fields does not matter. For comparing whole forms; a single field's value (which
 * may itself be an object) is compared with sameFieldValue.
 */
export function sameFieldValues(
  a: Readonly<Record<string, unknown>>,
  b: Readonly<Record<string, unknown>>,
): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (!sameFieldValue(ownValue(a, key), ownValue(b, key))) return false;
  }
  return true;
}

/** A record's own field: `toString` or `constructor` of a record without them is missing. */
function ownValue(record: Readonly<Record<string, unknown>>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
