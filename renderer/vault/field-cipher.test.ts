import { randomBytes } from '@noble/ciphers/utils.js';
import { describe, expect, it } from 'vitest';
import {
  SEALED_FORMAT_VERSION,
  SealedBlobError,
  openDocument,
  rowBinding,
  sealDocument,
} from './field-cipher';

const key = randomBytes(32);
const binding = rowBinding('customers', '0190aaaa-0000-7000-8000-000000000001');
const document = { name: '王伟', phones: ['13800138000'], notes: 'VIP, 喜欢 SUV' };

describe('field cipher', () => {
  it('opens what it sealed, with the same key and row', () => {
    const blob = sealDocument(key, binding, document);
    expect(openDocument(key, binding, blob)).toEqual(document);
  });

  it('writes the version byte, a 12-byte nonce, then the ciphertext with its 16-byte tag', () => {
    const blob = sealDocument(key, binding, document);
    const plaintextBytes = new TextEncoder().encode(JSON.stringify(document)).length;
    expect(blob[0]).toBe(SEALED_FORMAT_VERSION);
    expect(blob.length).toBe(1 + 12 + plaintextBytes + 16);
    expect(new TextDecoder().decode(blob)).not.toContain('王伟');
  });

  it('uses a fresh nonce for every seal', () => {
    const first = sealDocument(key, binding, document);
    const second = sealDocument(key, binding, document);
    expect(first.subarray(1, 13)).not.toEqual(second.subarray(1, 13));
    expect(first).not.toEqual(second);
  });

  it('refuses another key', () => {
    const blob = sealDocument(key, binding, document);
    expect(() => openDocument(randomBytes(32), binding, blob)).toThrow(SealedBlobError);
  });

  it('refuses a blob moved to another row or another table', () => {
    const blob = sealDocument(key, binding, document);
    const otherRow = rowBinding('customers', '0190aaaa-0000-7000-8000-000000000002');
    const otherTable = rowBinding('followUps', '0190aaaa-0000-7000-8000-000000000001');
    expect(() => openDocument(key, otherRow, blob)).toThrow(SealedBlobError);
    expect(() => openDocument(key, otherTable, blob)).toThrow(SealedBlobError);
  });

  it('refuses any altered byte', () => {
    const blob = sealDocument(key, binding, document);
    for (const position of [1, 12, 13, 20, blob.length - 1]) {
      const tampered = blob.slice();
      tampered[position] = (tampered[position] ?? 0) ^ 0x01;
      expect(() => openDocument(key, binding, tampered), `byte ${position}`).toThrow(
        SealedBlobError,
      );
    }
  });

  it('refuses an unknown version and a truncated blob', () => {
    const blob = sealDocument(key, binding, document);
    const future = blob.slice();
    future[0] = SEALED_FORMAT_VERSION + 1;
    expect(() => openDocument(key, binding, future)).toThrow(/version/);
    expect(() => openDocument(key, binding, blob.subarray(0, 20))).toThrow(/too short/);
  });
});
