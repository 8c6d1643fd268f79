import { describe, expect, it } from 'vitest';
import { seededRandom } from './random';

const take = (seed: number, n: number) => {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => random.next());
};

describe('seededRandom', () => {
  it('gives the same sequence for the same seed', () => {
    expect(take(42, 100)).toEqual(take(42, 100));
  });

  it('gives different sequences for different seeds', () => {
    expect(take(42, 20)).not.toEqual(take(43, 20));
    expect(take(0, 20)).not.toEqual(take(1, 20));
  });

  it('is a fixed algorithm (mulberry32): the sequence is the same on every machine', () => {
    // Reference values of mulberry32 for seed 1.
    expect(take(1, 3)).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
  });

  it('treats the seed as an unsigned 32-bit integer', () => {
    expect(take(-1, 10)).toEqual(take(0xffffffff, 10));
    expect(take(2 ** 32 + 5, 10)).toEqual(take(5, 10));
  });

  it('next() stays in [0, 1) and is roughly uniform', () => {
    const values = take(7, 20_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const buckets = new Array<number>(10).fill(0);
    for (const value of values) buckets[Math.floor(value * 10)]! += 1;
    for (const count of buckets) expect(count).toBeGreaterThan(1_800);
    for (const count of buckets) expect(count).toBeLessThan(2_200);
  });

  it('int() covers both inclusive bounds and nothing outside them', () => {
    const random = seededRandom(3);
    const seen = new Set<number>();
    for (let i = 0; i < 5_000; i += 1) seen.add(random.int(-2, 3));
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3]);
    expect(random.int(5, 5)).toBe(5);
  });

  it('pick() returns every item eventually and throws on an empty list', () => {
    const random = seededRandom(4);
    const items = ['a', 'b', 'c'] as const;
    const seen = new Set<string>();
    for (let i = 0; i < 300; i += 1) seen.add(random.pick(items));
    expect([...seen].sort()).toEqual(['a', 'b', 'c']);
    expect(() => random.pick([])).toThrow(/empty/);
  });

  it('chance() honours the probability', () => {
    const random = seededRandom(5);
    let hits = 0;
    for (let i = 0; i < 10_000; i += 1) if (random.chance(0.3)) hits += 1;
    expect(hits).toBeGreaterThan(2_800);
    expect(hits).toBeLessThan(3_200);
    expect(Array.from({ length: 100 }, () => random.chance(0)).some(Boolean)).toBe(false);
    expect(Array.from({ length: 100 }, () => random.chance(1)).every(Boolean)).toBe(true);
  });
});
