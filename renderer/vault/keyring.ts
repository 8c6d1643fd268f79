// The keyring: the local-only, clear table that holds the data key's wrappings and the count of
// wrong unlock attempts. Nothing here opens the data without a secret the user knows or the
// operating system holds, except the `device` row, which exists only while nobody has protected
// the laptop (no login, no PIN) and is replaced, with a new data key, as soon as someone does.

import type { KdfParams, WrappedKey } from './key-wrapping';

export type KeyringRow =
  /** The data key under the account password of `userId` (the offline password check too). */
  | { id: 'password'; userId: string; kdf: KdfParams; wrapped: WrappedKey; wrappedAt: string }
  /** The data key under the PIN. */
  | { id: 'pin'; kdf: KdfParams; wrapped: WrappedKey; wrappedAt: string }
  /** The data key sealed by the operating system's keychain (Electron safeStorage). */
  | { id: 'os'; sealed: Uint8Array }
  /** Unprotected: the data key itself, for a laptop nobody logged in to and without a PIN. */
  | { id: 'device'; dataKey: Uint8Array }
  /** Wrong unlock attempts in a row (PIN or password), and the last one. */
  | { id: 'lockout'; failures: number; lastFailureAt: string };

export type KeyringId = KeyringRow['id'];

/** Wrapped-key rows are bound to their purpose (and user) through the AEAD's associated data. */
export function wrappingAad(row: { id: 'password'; userId: string } | { id: 'pin' }): string {
  return row.id === 'password'
    ? `dealerdesk data key v1|password|${row.userId}`
    : 'dealerdesk data key v1|pin';
}
