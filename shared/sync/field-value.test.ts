import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyMutation } from './apply-mutation';
import { mergeFields } from './field-merge';
import { sameFieldValue, sameFieldValues } from './field-value';
import { formatHlc } from './hlc';

/** What the server gives back for a value: JSON, with every object's keys in reverse order. */
function throughServer(value: unknown): unknown {
  const reorder = (inner: unknown): unknown => {
    if (Array.isArray(inner)) return inner.map(reorder);
    if (inner === null || typeof inner !== 'object') return inner;
    return Object.fromEntries(
      Object.entries(inner)
        .reverse()
        .map(([key, item]) => [key, reorder(item)]),
    );
  };
  return reorder(JSON.parse(JSON.stringify(value ?? null)));
}

/** The reference: the same tree, object keys in any order (values as the server returns them). */
function sameTree(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, index) => sameTree(item, b[index]))
    );
  }
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const other = new Map(Object.entries(b));
    const entries = Object.entries(a);
    return (
      entries.length === other.size &&
      entries.every(([key, item]) => other.has(key) && sameTree(item, other.get(key)))
    );
  }
  return Object.is(a, b);
}

/** The same tree with every object's keys in another order, drawn from `tape` (lists keep theirs). */
function shuffledKeys(value: unknown, tape: readonly number[]): unknown {
  let position = 0;
  const draw = (below: number) => (tape[position++ % tape.length] ?? 0) % below;
  const shuffle = (inner: unknown): unknown => {
    if (Array.isArray(inner)) return inner.map(shuffle);
    if (inner === null || typeof inner !== 'object') return inner;
    const entries = Object.entries(inner);
    const shuffled: [string, unknown][] = [];
    while (entries.length > 0) shuffled.push(...entries.splice(draw(entries.length), 1));
    return Object.fromEntries(shuffled.map(([key, item]) => [key, shuffle(item)]));
  };
  return shuffle(value);
}

/** A few values that are often the same as one another, so that equal triples come up. */
const nearValue = fc.constantFrom<unknown>(
  undefined,
  null,
  '',
  0,
  false,
  [],
  {},
  [null],
  [undefined],
  { a: 1, b: null },
  { b: null, a: 1 },
  { a: 1 },
  { a: 1, c: undefined },
  { a: [1, { x: 'y' }] },
  { a: [1, { x: 'y', z: undefined }] },
);

const fieldValue = fc.oneof(fc.jsonValue(), fc.constant(undefined));
const clock = (millis: number, node: string) => formatHlc({ millis, counter: 0, node });

describe('sameFieldValue', () => {
  it('treats a missing value as null, and object keys in any order as one value', () => {
    expect(sameFieldValue(undefined, null)).toBe(true);
    expect(
      sameFieldValue({ a: 1, b: [1, { c: 'x', d: null }] }, { b: [1, { d: null, c: 'x' }], a: 1 }),
    ).toBe(true);
    expect(sameFieldValue({ a: 1, gone: undefined }, { a: 1 })).toBe(true);
    expect(sameFieldValue(null, '')).toBe(false);
    expect(sameFieldValue(0, false)).toBe(false);
    expect(sameFieldValue([1, 2], [2, 1])).toBe(false);
    expect(sameFieldValue({ a: null }, {})).toBe(false);
    expect(sameFieldValue('1', 1)).toBe(false);
  });

  it('holds a value the same as itself after a round trip through the server (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(sameFieldValue(value, throughServer(value))).toBe(true);
        expect(sameFieldValue(throughServer(value), value)).toBe(true);
      }),
    );
  });

  it('is exactly structural equality of what the server keeps (property)', () => {
    const value = fc.oneof(fc.jsonValue(), fc.constant(undefined));
    fc.assert(
      fc.property(value, value, (a, b) => {
        const expected = sameTree(throughServer(a), throughServer(b));
        expect(sameFieldValue(a, b)).toBe(expected);
        expect(sameFieldValue(b, a)).toBe(expected);
      }),
    );
  });

  it('tells a value from the same value with one leaf changed (property)', () => {
    const leafChange = fc
      .dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 })
      .chain((object) =>
        fc.tuple(fc.constant(object), fc.constantFrom(...Object.keys(object)), fc.jsonValue()),
      );
    fc.assert(
      fc.property(leafChange, ([object, key, replacement]) => {
        fc.pre(!sameTree(throughServer(object[key]), throughServer(replacement)));
        expect(sameFieldValue(object, { ...object, [key]: replacement })).toBe(false);
      }),
    );
  });

  it('is an equivalence: reflexive, symmetric and transitive (property)', () => {
    fc.assert(
      fc.property(fieldValue, (value) => {
        expect(sameFieldValue(value, value)).toBe(true);
        expect(sameFieldValue(value, structuredClone(value))).toBe(true);
      }),
    );
    fc.assert(
      fc.property(nearValue, nearValue, nearValue, (a, b, c) => {
        expect(sameFieldValue(a, b)).toBe(sameFieldValue(b, a));
        if (sameFieldValue(a, b) && sameFieldValue(b, c)) expect(sameFieldValue(a, c)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });

  it('ignores the order of object keys at every depth, never the order of a list (property)', () => {
    const tape = fc.array(fc.nat(), { minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(fc.jsonValue(), tape, (value, draws) => {
        expect(sameFieldValue(value, shuffledKeys(value, draws))).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 2 }), (list) => {
        const reversed = [...list].reverse();
        expect(sameFieldValue(list, reversed)).toBe(
          list.every((item, index) => sameFieldValue(item, reversed[index])),
        );
      }),
    );
  });

  it('takes a missing value as null: at the top and in lists; in an object, as a missing member (property)', () => {
    expect(sameFieldValue(undefined, null)).toBe(true);
    fc.assert(
      fc.property(fc.array(fc.jsonValue()), fc.nat(), (list, at) => {
        const index = list.length === 0 ? 0 : at % list.length;
        const withNull = list.map((item, position) => (position === index ? null : item));
        const withUndefined = list.map((item, position) => (position === index ? undefined : item));
        expect(sameFieldValue(withNull, withUndefined)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), (object, key) => {
        const { [key]: _dropped, ...without } = object;
        expect(sameFieldValue({ ...without, [key]: undefined }, without)).toBe(true);
        // A member that is null is a value the server keeps: not the same as no member.
        expect(sameFieldValue({ ...without, [key]: null }, without)).toBe(false);
      }),
    );
  });

  it('agrees with the field merge: an older write of the same value is no conflict, of another value is one (property)', () => {
    fc.assert(
      fc.property(fieldValue, fieldValue, (stored, older) => {
        const row = { note: stored, clocks: { note: clock(2_000, 'laptopa') } };
        const merged = mergeFields(row, { fields: { note: older }, hlc: clock(1_000, 'laptopb') });
        expect(merged.appliedFields).toEqual([]);
        expect(merged.losing.length === 0).toBe(sameFieldValue(stored, older));
      }),
    );
    fc.assert(
      fc.property(fieldValue, fieldValue, (stored, newer) => {
        // A newer write made without having seen the stored value (another base): a conflict
        // exactly when it changes the value.
        const applied = applyMutation(
          { data: { note: stored }, clocks: { note: clock(1_000, 'laptopa') } },
          { fields: { note: newer }, hlc: clock(2_000, 'laptopb'), base: {} },
        );
        expect(applied.appliedFields).toEqual(['note']);
        expect(applied.conflicts.length === 0).toBe(sameFieldValue(stored, newer));
      }),
    );
  });
});

describe('sameFieldValues', () => {
  const record = fc.dictionary(fc.string({ maxLength: 4 }), fieldValue, { maxKeys: 6 });

  it('compares field by field: a missing, undefined or null field is one and the same', () => {
    expect(sameFieldValues({ a: 1, b: null }, { a: 1 })).toBe(true);
    expect(sameFieldValues({ a: 1, b: undefined }, { b: null, a: 1 })).toBe(true);
    expect(sameFieldValues({ a: { x: 1, y: 2 } }, { a: { y: 2, x: 1 } })).toBe(true);
    expect(sameFieldValues({ a: 1 }, { a: 1, b: '' })).toBe(false);
    expect(sameFieldValues({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameFieldValues({}, { toString: null })).toBe(true);
    expect(sameFieldValues({}, { constructor: 'x' })).toBe(false);
  });

  it('is sameFieldValue of every field of either record (property)', () => {
    fc.assert(
      fc.property(record, record, (a, b) => {
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        const expected = [...keys].every((key) =>
          sameFieldValue(
            Object.hasOwn(a, key) ? a[key] : undefined,
            Object.hasOwn(b, key) ? b[key] : undefined,
          ),
        );
        expect(sameFieldValues(a, b)).toBe(expected);
        expect(sameFieldValues(b, a)).toBe(expected);
        expect(sameFieldValues(a, a)).toBe(true);
      }),
    );
  });

  it('does not care about the order of the fields, nor about fields left empty (property)', () => {
    fc.assert(
      fc.property(record, fc.array(fc.string({ maxLength: 4 })), (a, emptyKeys) => {
        const reversed = Object.fromEntries(Object.entries(a).reverse());
        expect(sameFieldValues(a, reversed)).toBe(true);
        const padded: Record<string, unknown> = { ...a };
        for (const key of emptyKeys) if (!Object.hasOwn(a, key)) padded[key] = null;
        expect(sameFieldValues(a, padded)).toBe(true);
      }),
    );
  });
});
