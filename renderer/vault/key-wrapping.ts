// How the data key is kept on disk: never in clear once someone protects the laptop, only wrapped
// (AES-256-GCM) under a key derived from the account password or the PIN (PBKDF2-SHA256, 600,000
// iterations, the OWASP figure for PBKDF2-SHA256), or by the operating system's keychain. The
// wrapping's authentication tag is also the offline password check: a wrong password cannot unwrap.
// Web Crypto does the work here: unlocking happens outside any database transaction.

/** OWASP's current recommendation for PBKDF2-HMAC-SHA256. */
export const PBKDF2_ITERATIONS = 600_000;

export type KdfParams = { name: 'PBKDF2-SHA256'; iterations: number; salt: Uint8Array };

/** The data key encrypted under a derived key; `aad` binds it to its purpose (and user). */
export type WrappedKey = { nonce: Uint8Array; ciphertext: Uint8Array };

const encoder = new TextEncoder();

/** Copies into a fresh ArrayBuffer-backed array: what Web Crypto's BufferSource type accepts. */
function bytes(source: Uint8Array): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(source.length);
  copy.set(source);
  return copy;
}

export function randomBytes(length: number): Uint8Array<ArrayBuffer> {
  return crypto.getRandomValues(new Uint8Array(length));
}

export function newKdfParams(iterations = PBKDF2_ITERATIONS): KdfParams {
  return { name: 'PBKDF2-SHA256', iterations, salt: randomBytes(16) };
}

/** The wrapping key for a password or a PIN (NFC-normalized, so the same text typed on any keyboard matches). */
export async function deriveWrappingKey(secret: string, params: KdfParams): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret.normalize('NFC')),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: bytes(params.salt), iterations: params.iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function wrapKey(
  wrappingKey: CryptoKey,
  dataKey: Uint8Array,
  aad: string,
): Promise<WrappedKey> {
  const nonce = randomBytes(12);
  const ciphertext = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: nonce, additionalData: encoder.encode(aad) },
    wrappingKey,
    bytes(dataKey),
  );
  return { nonce, ciphertext: new Uint8Array(ciphertext) };
}

/** The data key, or null when the wrapping key (the password or PIN) is wrong or the row was altered. */
export async function unwrapKey(
  wrappingKey: CryptoKey,
  wrapped: WrappedKey,
  aad: string,
): Promise<Uint8Array | null> {
  try {
    const plain = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: bytes(wrapped.nonce), additionalData: encoder.encode(aad) },
      wrappingKey,
      bytes(wrapped.ciphertext),
    );
    return new Uint8Array(plain);
  } catch {
    return null;
  }
}
