import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameFieldValue } from './field-value';

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
});
