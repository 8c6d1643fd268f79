// The app's one vault, over the app's database, the desktop host's keychain and this profile's
// localStorage (for the wipe notice, which must outlive the deleted database).

import { useSyncExternalStore } from 'react';
import { appKeys, db } from '../db/db';
import { clearProjection, startProjection } from '../db/projection/projection-store';
import { desktop } from '../desktop/desktop';
import { createVault, type OsKeychain, type WipeNoticeStore } from './vault';
import type { VaultState, WipeReason } from './vault-types';

const WIPE_NOTICE_KEY = 'dealerdesk.wipe-notice';
const WIPE_REASONS: readonly WipeReason[] = [
  'pin_failures',
  'remote_wipe',
  'deactivated',
  'logout',
];

const localStorageNotice: WipeNoticeStore = {
  read() {
    try {
      const value: unknown = JSON.parse(localStorage.getItem(WIPE_NOTICE_KEY) ?? 'null');
      if (typeof value !== 'object' || value === null) return null;
      const { reason, at, lostChanges } = value as {
        reason?: unknown;
        at?: unknown;
        lostChanges?: unknown;
      };
      const known = WIPE_REASONS.find((candidate) => candidate === reason);
      if (!known || typeof at !== 'string') return null;
      // A notice written by an older version has no count: the screen then says nothing of it.
      return typeof lostChanges === 'number' && Number.isInteger(lostChanges) && lostChanges >= 0
        ? { reason: known, at, lostChanges }
        : { reason: known, at };
    } catch {
      return null;
    }
  },
  write: (notice) => localStorage.setItem(WIPE_NOTICE_KEY, JSON.stringify(notice)),
  clear: () => localStorage.removeItem(WIPE_NOTICE_KEY),
};

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
}

/**
 * The desktop host's keychain (safeStorage; none in the browser build or on Linux's basic_text)
 * and its OS prompt (Touch ID: false in the browser build and off macOS). What crosses to the
 * host is base64 text: a typed, checked payload on both sides.
 */
const desktopKeychain: OsKeychain = {
  async protect(secret) {
    const sealed = await desktop.protectWithOs(toBase64(secret));
    return sealed === null ? null : fromBase64(sealed);
  },
  async unprotect(sealed) {
    const dataKey = await desktop.unprotectWithOs(toBase64(sealed));
    return dataKey === null ? null : fromBase64(dataKey);
  },
  canPromptBiometric: () => desktop.canPromptBiometric(),
  promptBiometric: (reason) => desktop.promptBiometric(reason),
};

export const vault = createVault({
  db,
  keys: appKeys,
  os: desktopKeychain,
  notice: localStorageNotice,
  eraseFiles: () => desktop.eraseLocalDatabases(),
});

// The lists answer from memory while open; nothing of the customers stays in memory otherwise.
vault.subscribe(() => {
  const { kind } = vault.getState();
  if (kind === 'open') void startProjection(db);
  else clearProjection(db, { keepSnapshot: kind === 'locked' });
});

export function useVaultState(): VaultState {
  return useSyncExternalStore(vault.subscribe, vault.getState);
}
