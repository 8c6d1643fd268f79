import { describe, expect, it } from 'vitest';
import {
  isStorableDate,
  isStorableJson,
  isStorableText,
  rowIdSchema,
  storableInstant,
} from './storable';

describe('storable text', () => {
  it('refuses U+0000 and lone surrogates, keeps every whole character', () => {
    expect(isStorableText('张伟 😀 café')).toBe(true);
    expect(isStorableText('')).toBe(true);
    expect(isStorableText('a\u0000b')).toBe(false);
    expect(isStorableText('a\ud83d')).toBe(false);
    expect(isStorableText('\ude00a')).toBe(false);
    expect(isStorableText('\ude00\ud83d')).toBe(false);
  });

  it('looks into every string and key of a JSON value', () => {
    expect(isStorableJson({ a: ['x', { b: 1 }], c: null })).toBe(true);
    expect(isStorableJson({ a: ['x', { b: 'y\u0000' }] })).toBe(false);
    expect(isStorableJson({ ['k\ud800']: 1 })).toBe(false);
  });
});

describe('storable dates', () => {
  it('takes days and instants of the years 0001–9999', () => {
    for (const value of [
      '2026-11-24',
      '2026-11-24T08:00:00.000Z',
      '2026-11-24T08:00:00+08:00',
      '0001-01-01T00:00:00Z',
      '9999-12-31T23:59:59.999Z',
    ]) {
      expect(isStorableDate(value)).toBe(true);
    }
    for (const value of [
      '0000-01-01T00:00:00.000Z',
      '+010000-01-01T00:00:00.000Z',
      '2026-13-01',
      'tomorrow',
      '2026-11-24 08:00',
    ]) {
      expect(isStorableDate(value)).toBe(false);
    }
    expect(storableInstant.safeParse('0000-01-01T00:00:00Z').success).toBe(false);
    expect(storableInstant.safeParse('2026-11-24').success).toBe(false);
  });
});

describe('row ids', () => {
  it('are lowercase UUIDv7s or the dealership row', () => {
    expect(rowIdSchema.safeParse('0193c3f2-1a2b-7c3d-8e4f-0123456789ab').success).toBe(true);
    expect(rowIdSchema.safeParse('dealership').success).toBe(true);
    expect(rowIdSchema.safeParse('0193C3F2-1A2B-7C3D-8E4F-0123456789AB').success).toBe(false);
    expect(rowIdSchema.safeParse('0193c3f2-1a2b-4c3d-8e4f-0123456789ab').success).toBe(false);
    expect(rowIdSchema.safeParse('not-a-uuid').success).toBe(false);
  });
});
