// The keys the sealed store works with, derived from the one data key: a key per purpose, so the
// blind phone index can never be used to decrypt and the cipher key never leaks through an index.
// The sealing layer asks `current()` at each read and write: null means the vault is locked.

import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';

export type FieldKeys = {
  /** AES-256-GCM key for the personal fields of every row. */
  fieldKey: Uint8Array;
  /** HMAC-SHA256 key for the blind index of phone numbers (exact lookups without the number). */
  phoneIndexKey: Uint8Array;
};

export type FieldKeySource = {
  /** The keys while the vault is open; null while it is locked or wiped. */
  current(): FieldKeys | null;
};

const encoder = new TextEncoder();

/** Derives the purpose keys from the 32-byte data key (HKDF-SHA256, fixed salt per purpose). */
export function deriveFieldKeys(dataKey: Uint8Array): FieldKeys {
  if (dataKey.length !== 32) throw new Error('The data key must be 32 bytes');
  const derive = (purpose: string) =>
    hkdf(sha256, dataKey, encoder.encode('dealerdesk'), encoder.encode(purpose), 32);
  return {
    fieldKey: derive('personal fields v1'),
    phoneIndexKey: derive('phone index v1'),
  };
}

/** A fixed source: tests, benchmarks and tools that open a database with a known key. */
export function fixedKeySource(keys: FieldKeys | null): FieldKeySource {
  return { current: () => keys };
}

/** The app's source: the vault sets the keys on unlock and clears them on lock. */
export function mutableKeySource(): FieldKeySource & { set(keys: FieldKeys): void; clear(): void } {
  let keys: FieldKeys | null = null;
  return {
    current: () => keys,
    set(next) {
      keys = next;
    },
    clear() {
      keys = null;
    },
  };
}
