// The cipher of the sealed store: AES-256-GCM over one JSON document per row, synchronous.
//
// Why synchronous (pure JavaScript, @noble/ciphers) and not Web Crypto: an IndexedDB transaction
// commits as soon as the code awaits anything that is not an IndexedDB request. The write path and
// sync apply read, merge and write rows inside one Dexie transaction; an `await
// crypto.subtle.encrypt(…)` in the middle would commit it half done (or make Dexie throw
// TransactionInactiveError). A synchronous cipher seals and opens rows in between IndexedDB
// requests and keeps every transaction whole.
//
// Format of a sealed blob: [version byte][12-byte random nonce][ciphertext + 16-byte tag].
// The additional data binds the blob to its row (table + '\0' + the row's identity), so a blob
// copied onto another row, or another table, fails to open instead of showing the wrong person.

import { gcm } from '@noble/ciphers/aes.js';
import { randomBytes } from '@noble/ciphers/utils.js';

export const SEALED_FORMAT_VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/** A sealed blob that cannot be opened: wrong key, moved to another row, or altered. */
export class SealedBlobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealedBlobError';
  }
}

/** The additional data of a row's blob: it names the table and the row. */
export function rowBinding(table: string, identity: string): Uint8Array {
  return encoder.encode(`${table}\0${identity}`);
}

/** Seals a JSON document (the personal part of one row) for the given row binding. */
export function sealDocument(key: Uint8Array, binding: Uint8Array, document: unknown): Uint8Array {
  const nonce = randomBytes(NONCE_BYTES);
  const plaintext = encoder.encode(JSON.stringify(document));
  const ciphertext = gcm(key, nonce, binding).encrypt(plaintext);
  const blob = new Uint8Array(1 + NONCE_BYTES + ciphertext.length);
  blob[0] = SEALED_FORMAT_VERSION;
  blob.set(nonce, 1);
  blob.set(ciphertext, 1 + NONCE_BYTES);
  return blob;
}

/** Opens a blob made by sealDocument with the same key and binding; throws SealedBlobError otherwise. */
export function openDocument(key: Uint8Array, binding: Uint8Array, blob: Uint8Array): unknown {
  if (blob.length < 1 + NONCE_BYTES + TAG_BYTES) throw new SealedBlobError('Sealed blob too short');
  if (blob[0] !== SEALED_FORMAT_VERSION) {
    throw new SealedBlobError(`Unknown sealed blob version ${String(blob[0])}`);
  }
  const nonce = blob.subarray(1, 1 + NONCE_BYTES);
  let plaintext: Uint8Array;
  try {
    plaintext = gcm(key, nonce, binding).decrypt(blob.subarray(1 + NONCE_BYTES));
  } catch {
    throw new SealedBlobError('Sealed blob does not open with this key for this row');
  }
  const document: unknown = JSON.parse(decoder.decode(plaintext));
  return document;
}
