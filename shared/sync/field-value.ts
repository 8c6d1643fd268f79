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
