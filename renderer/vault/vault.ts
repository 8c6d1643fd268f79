// The vault: the one place that holds the data key, and decides whether the app is open, locked
// or wiped (the contract is vault-types.ts; docs/local-data.md explains the key hierarchy).
//
// - One random 32-byte data key per laptop user. The sealed store (sealing middleware) works with
//   the purpose keys derived from it, handed over through `keys`; they exist in memory only while
//   the vault is open.
// - On disk the data key is only ever wrapped: under the account password (also the offline
//   password check), under the PIN, by the OS keychain (for Touch ID). The one exception is a laptop
//   nobody protected (no login, no PIN): its key is kept as is (`device`), and the first login or
//   PIN replaces it with a new key and re-seals every row, so the old, unprotected key opens nothing.
// - A laptop where someone logged in before the store was sealed (an update) has a session but no
//   password wrapping: it does not open by itself, it locks (unprotected_login) until the account
//   password is given, which then wraps a new key as a first login does.
// - Wrong unlock attempts count across PIN and password: at 5 only the password opens the app, at
//   10 the data is wiped, unless changes wait to be pushed (they would be lost): then the password
//   stays required and the lock screen says how many changes are at stake.

import type { AppDB } from '../db/AppDB';
import { readSession } from '../db/session-repo';
import type { LocalKeys } from '../sync/engine';
import { deriveFieldKeys, type FieldKeys } from './field-keys';
import {
  deriveWrappingKey,
  newKdfParams,
  PBKDF2_ITERATIONS,
  randomBytes,
  unwrapKey,
  wrapKey,
} from './key-wrapping';
import { wrappingAad, type KeyringRow } from './keyring';
import type {
  LockReason,
  PinUnlockResult,
  UnlockMethods,
  UnlockRequirement,
  Vault,
  VaultState,
  WipeReason,
} from './vault-types';

/** Wrong attempts after which the PIN no longer opens the app. */
export const PIN_ATTEMPTS = 5;
/** Wrong attempts after which the local data is wiped. */
export const WIPE_AFTER_ATTEMPTS = 10;
export const MIN_PIN_LENGTH = 6;

/** Where the sealing layer gets its keys: set while open, cleared otherwise. */
export type KeyHolder = { set(keys: FieldKeys): void; clear(): void };

/** The operating system's keychain and biometric prompt, through the desktop host. */
export type OsKeychain = {
  protect(secret: Uint8Array): Promise<Uint8Array | null>;
  unprotect(sealed: Uint8Array): Promise<Uint8Array | null>;
  canPromptBiometric(): Promise<boolean>;
  promptBiometric(reason: string): Promise<boolean>;
};

/** The reason a wipe happened, kept outside the (deleted) database until the user has read it. */
export type WipeNotice = { reason: WipeReason; at: string; lostChanges?: number };

export type WipeNoticeStore = {
  read(): WipeNotice | null;
  write(notice: WipeNotice): void;
  clear(): void;
};

export type VaultDeps = {
  db: AppDB;
  keys: KeyHolder;
  os: OsKeychain;
  notice: WipeNoticeStore;
  /**
   * After the database is deleted (wipe, logout): deletes its files from the disk, where LevelDB
   * keeps deleted records until it compacts (Electron; the browser build cannot).
   */
  eraseFiles?: () => Promise<boolean>;
  now?: () => Date;
  /** Tests only: fewer PBKDF2 iterations (stored with each wrapping, so unlocking reads them back). */
  kdfIterations?: number;
  /** The reason text of the Touch ID prompt. */
  biometricReason?: string;
};

export class VaultNotOpenError extends Error {
  constructor(action: string) {
    super(`The vault must be open to ${action}`);
    this.name = 'VaultNotOpenError';
  }
}

export class InvalidPinError extends Error {
  constructor() {
    super(`A PIN has at least ${MIN_PIN_LENGTH} digits`);
    this.name = 'InvalidPinError';
  }
}

export type AppVault = Vault & {
  /** Reads the keyring and opens or locks accordingly; call once before the first render. */
  start(): Promise<VaultState>;
  /**
   * After a logout (the user's rows are already cleared): the old keys are destroyed and a new,
   * unprotected data key opens the empty store for the next user.
   */
  startOver(): Promise<void>;
  /** Whether the data key is held only unwrapped (nobody logged in, no PIN, no OS keychain). */
  isUnprotected(): Promise<boolean>;
};

const PRESERVED_PREFERENCES = ['language', 'server'] as const;

export function createVault(deps: VaultDeps): AppVault {
  const { db, keys, os, notice } = deps;
  const now = deps.now ?? (() => new Date());
  const iterations = deps.kdfIterations ?? PBKDF2_ITERATIONS;
  const listeners = new Set<() => void>();
  let state: VaultState = { kind: 'locked', reason: 'startup', requires: 'any', pinFailures: 0 };

  function setState(next: VaultState): void {
    state = next;
    listeners.forEach((listener) => listener());
  }

  function open(dataKey: Uint8Array): void {
    keys.set(deriveFieldKeys(dataKey));
    setState({ kind: 'open' });
  }

  /** Wrong attempts in a row, mirrored from the keyring's `lockout` row. */
  let failures = 0;
  /** Whether a password or a PIN protects the key (else locking would leave no way back in). */
  let userProtected = false;

  async function hasProtection(): Promise<boolean> {
    const rows = await db.keyring.bulkGet(['password', 'pin']);
    return rows.some((row) => row !== undefined);
  }

  /** Whether the account password can open the key (a login happened on this laptop). */
  let passwordWrapped = false;

  /** At 5 wrong attempts the PIN stops working, unless it is the only way in (no login here). */
  function pinLockedOut(): boolean {
    return failures >= PIN_ATTEMPTS && passwordWrapped;
  }

  function requirementFor(reason: LockReason): UnlockRequirement {
    if (reason === 'offline_too_long') return 'online_password';
    return pinLockedOut() ? 'password' : 'any';
  }

  function lockedState(reason: LockReason): VaultState {
    const shown = pinLockedOut() && reason !== 'offline_too_long' ? 'pin_lockout' : reason;
    return {
      kind: 'locked',
      reason: shown,
      requires: requirementFor(reason),
      pinFailures: failures,
    };
  }

  /** A new data key, kept by the OS keychain when there is one, else as is (unprotected). */
  async function unprotectedWrapping(dataKey: Uint8Array): Promise<KeyringRow> {
    const sealed = await os.protect(dataKey);
    return sealed ? { id: 'os', sealed } : { id: 'device', dataKey };
  }

  /**
   * Replaces the data key: every row is read with the old keys and written again with the new,
   * together with the new wrappings, in one transaction (all or nothing).
   */
  async function rotate(newDataKey: Uint8Array, wrappings: KeyringRow[]): Promise<void> {
    const dataTables = db.tables.filter((table) => table.name !== 'keyring');
    // No key yet (a first start): rows are read with the new one, which opens what an older
    // version stored in clear, as the sealing layer passes rows without a sealed part through.
    if (!openDataKey) keys.set(deriveFieldKeys(newDataKey));
    await db.transaction('rw', [...dataTables, db.keyring], async () => {
      const contents: unknown[][] = [];
      for (const table of dataTables) contents.push(await table.toArray());
      keys.set(deriveFieldKeys(newDataKey));
      for (const [index, table] of dataTables.entries()) {
        const rows = contents[index] ?? [];
        if (rows.length > 0) await table.bulkPut(rows);
      }
      await db.keyring.clear();
      await db.keyring.bulkPut(wrappings);
    });
  }

  /** The data key while open (unwrapped again from what is held: the key itself is not kept). */
  let openDataKey: Uint8Array | null = null;

  function openWith(dataKey: Uint8Array): void {
    openDataKey = dataKey;
    open(dataKey);
  }

  async function recordFailure(): Promise<number> {
    failures += 1;
    await db.keyring.put({ id: 'lockout', failures, lastFailureAt: now().toISOString() });
    return failures;
  }

  async function succeed(dataKey: Uint8Array): Promise<void> {
    await db.keyring.delete('lockout');
    failures = 0;
    openWith(dataKey);
  }

  /** After a wrong attempt: lock out the PIN, or wipe when nothing would be lost. */
  async function afterFailure(): Promise<PinUnlockResult> {
    if (failures >= WIPE_AFTER_ATTEMPTS) {
      const pendingChanges = await db.outbox.count();
      if (pendingChanges === 0) {
        await vault.destroy('pin_failures');
        return { result: 'wiped' };
      }
      setState(lockedState('pin_lockout'));
      return { result: 'wipe_pending', pendingChanges };
    }
    const reason = state.kind === 'locked' ? state.reason : 'startup';
    setState(lockedState(reason));
    if (pinLockedOut()) return { result: 'password_required' };
    const limit = passwordWrapped ? PIN_ATTEMPTS : WIPE_AFTER_ATTEMPTS;
    return { result: 'wrong', attemptsLeft: limit - failures };
  }

  async function wrapUnder(
    secret: string,
    row: { id: 'password'; userId: string } | { id: 'pin' },
    dataKey: Uint8Array,
  ): Promise<KeyringRow> {
    const kdf = newKdfParams(iterations);
    const wrapped = await wrapKey(await deriveWrappingKey(secret, kdf), dataKey, wrappingAad(row));
    const wrappedAt = now().toISOString();
    return row.id === 'password'
      ? { id: 'password', userId: row.userId, kdf, wrapped, wrappedAt }
      : { id: 'pin', kdf, wrapped, wrappedAt };
  }

  /**
   * Adds a wrapping. When the key was unprotected until now, it is replaced by a new one (the old
   * may linger on disk in clear) and the other wrappings are made again for the new key.
   */
  async function protect(
    secret: string,
    row: { id: 'password'; userId: string } | { id: 'pin' },
  ): Promise<void> {
    if (state.kind !== 'open' || !openDataKey) throw new VaultNotOpenError('protect the data key');
    await protectKey(secret, row, openDataKey);
  }

  /** protect(), with the key now in use (also while still locked, for unprotected_login). */
  async function protectKey(
    secret: string,
    row: { id: 'password'; userId: string } | { id: 'pin' },
    dataKey: Uint8Array,
  ): Promise<void> {
    const device = await db.keyring.get('device');
    userProtected = true;
    if (!device) {
      await db.keyring.put(await wrapUnder(secret, row, dataKey));
      return;
    }
    const newDataKey = randomBytes(32);
    const wrappings: KeyringRow[] = [await wrapUnder(secret, row, newDataKey)];
    const sealed = await os.protect(newDataKey);
    if (sealed) wrappings.push({ id: 'os', sealed });
    await rotate(newDataKey, wrappings);
    openDataKey = newDataKey;
  }

  /** The key as the laptop alone holds it (OS keychain, else in clear), or null. */
  async function laptopHeldKey(): Promise<Uint8Array | null> {
    const [osRow, deviceRow] = await db.keyring.bulkGet(['os', 'device']);
    if (osRow?.id === 'os') {
      const dataKey = await os.unprotect(osRow.sealed);
      if (dataKey) return dataKey;
    }
    return deviceRow?.id === 'device' ? deviceRow.dataKey : null;
  }

  /** The OS keychain wraps the key too (for Touch ID), when there is one and it does not yet. */
  async function addOsWrapping(dataKey: Uint8Array): Promise<void> {
    if (await db.keyring.get('os')) return;
    const sealed = await os.protect(dataKey);
    if (sealed) await db.keyring.put({ id: 'os', sealed });
  }

  /**
   * unprotected_login: the password (checked by the server first when it answers: lock-flow)
   * wraps the key the laptop holds alone, which is replaced and every row re-sealed, as at a first
   * login; then the app opens.
   */
  async function enrollFirstPassword(password: string): Promise<'ok' | 'wrong'> {
    const session = await readSession(db);
    const current = await laptopHeldKey();
    if (session === null || current === null) return 'wrong';
    // The rows are read with the current key inside the rotation, while the screen stays locked.
    openDataKey = current;
    keys.set(deriveFieldKeys(current));
    try {
      await protectKey(password, { id: 'password', userId: session.id }, current);
      passwordWrapped = true;
      await addOsWrapping(openDataKey);
    } catch (error) {
      keys.clear();
      openDataKey = null;
      throw error;
    }
    await succeed(openDataKey);
    return 'ok';
  }

  const vault: AppVault = {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async start() {
      const wiped = notice.read();
      if (wiped) {
        keys.clear();
        setState({ kind: 'wiped', ...wiped });
        return state;
      }
      const lockout = await db.keyring.get('lockout');
      failures = lockout?.id === 'lockout' ? lockout.failures : 0;
      userProtected = await hasProtection();
      passwordWrapped = (await db.keyring.get('password')) !== undefined;
      if (userProtected) {
        keys.clear();
        setState(lockedState('startup'));
        return state;
      }
      let dataKey = await laptopHeldKey();
      if (!dataKey) {
        // No key yet (a new laptop, or one from before the store was sealed): make one, and seal
        // what an older version stored in clear.
        dataKey = randomBytes(32);
        await rotate(dataKey, [await unprotectedWrapping(dataKey)]);
      }
      if ((await readSession(db)) !== null) {
        // Logged in before the store was sealed: the laptop alone must not open it.
        keys.clear();
        openDataKey = null;
        setState({
          kind: 'locked',
          reason: 'unprotected_login',
          requires: 'enroll_password',
          pinFailures: failures,
        });
        return state;
      }
      openWith(dataKey);
      return state;
    },

    async methods(): Promise<UnlockMethods> {
      const [password, pin, osRow] = await db.keyring.bulkGet(['password', 'pin', 'os']);
      return {
        password: password !== undefined,
        pin: pin !== undefined,
        biometric: osRow !== undefined && (await os.canPromptBiometric()),
      };
    },

    async unlockWithPassword(password) {
      if (state.kind !== 'locked') return state.kind === 'open' ? 'ok' : 'wrong';
      if (state.requires === 'enroll_password') return enrollFirstPassword(password);
      const row = await db.keyring.get('password');
      if (row?.id !== 'password') return 'wrong';
      const dataKey = await unwrapKey(
        await deriveWrappingKey(password, row.kdf),
        row.wrapped,
        wrappingAad(row),
      );
      if (dataKey) {
        await succeed(dataKey);
        return 'ok';
      }
      await recordFailure();
      await afterFailure();
      return 'wrong';
    },

    async unlockWithPin(pin) {
      if (state.kind === 'open') return { result: 'ok' };
      if (state.kind !== 'locked') return { result: 'wiped' };
      if (state.requires !== 'any') return { result: 'password_required' };
      const row = await db.keyring.get('pin');
      if (row?.id !== 'pin') return { result: 'password_required' };
      const dataKey = await unwrapKey(
        await deriveWrappingKey(pin, row.kdf),
        row.wrapped,
        wrappingAad(row),
      );
      if (dataKey) {
        await succeed(dataKey);
        return { result: 'ok' };
      }
      await recordFailure();
      return afterFailure();
    },

    async unlockWithBiometric() {
      if (state.kind === 'open') return 'ok';
      if (state.kind !== 'locked' || state.requires !== 'any') return 'unavailable';
      const row = await db.keyring.get('os');
      if (row?.id !== 'os' || !(await os.canPromptBiometric())) return 'unavailable';
      if (!(await os.promptBiometric(deps.biometricReason ?? 'unlock DealerDesk')))
        return 'cancelled';
      const dataKey = await os.unprotect(row.sealed);
      if (!dataKey) return 'unavailable';
      await succeed(dataKey);
      return 'ok';
    },

    lock(reason) {
      // Nothing to unlock with: a laptop nobody protected stays open (settings warns about it).
      if (state.kind !== 'open' || !userProtected) return;
      keys.clear();
      openDataKey = null;
      setState(lockedState(reason));
    },

    async setPin(pin) {
      if (!new RegExp(`^\\d{${MIN_PIN_LENGTH},}$`).test(pin)) throw new InvalidPinError();
      await protect(pin, { id: 'pin' });
    },

    async removePin() {
      if (state.kind !== 'open' || !openDataKey) throw new VaultNotOpenError('remove the PIN');
      const dataKey = openDataKey;
      const password = await db.keyring.get('password');
      if (password) {
        await db.keyring.delete('pin');
        return;
      }
      userProtected = false;
      // Without a PIN and a login nothing protects the key any more: keep it as the OS (or the
      // laptop, unprotected) holds it, so the app still opens.
      const wrapping = await unprotectedWrapping(dataKey);
      await db.transaction('rw', db.keyring, async () => {
        await db.keyring.delete('pin');
        await db.keyring.put(wrapping);
      });
    },

    async enrollPassword(password) {
      const session = await db.preferences.get('session');
      if (session?.key !== 'session') throw new Error('enrollPassword needs a logged-in user');
      await protect(password, { id: 'password', userId: session.user.id });
      passwordWrapped = true;
      if (state.kind === 'open' && openDataKey) await addOsWrapping(openDataKey);
    },

    async destroy(reason: WipeReason, lostChanges = 0) {
      keys.clear();
      openDataKey = null;
      userProtected = false;
      passwordWrapped = false;
      failures = 0;
      const kept = await db.preferences.bulkGet([...PRESERVED_PREFERENCES]);
      const pendingExports = await db.pendingExports.toArray();
      await db.delete();
      // What LevelDB still held of the deleted database (the sealed rows, the old key's wrapping
      // under the password) goes with the files. A failure leaves the tombstoned records only.
      await deps.eraseFiles?.().catch(() => false);
      await db.open();
      await db.transaction('rw', db.preferences, db.pendingExports, async () => {
        await db.preferences.bulkPut(kept.filter((row) => row !== undefined));
        await db.pendingExports.bulkPut(pendingExports);
      });
      const at = now().toISOString();
      if (reason !== 'logout') notice.write({ reason, at, lostChanges });
      setState({ kind: 'wiped', reason, at, lostChanges });
    },

    async startOver() {
      keys.clear();
      openDataKey = null;
      userProtected = false;
      passwordWrapped = false;
      failures = 0;
      const dataKey = randomBytes(32);
      const wrapping = await unprotectedWrapping(dataKey);
      await db.transaction('rw', db.keyring, async () => {
        await db.keyring.clear();
        await db.keyring.put(wrapping);
      });
      openWith(dataKey);
    },

    async isUnprotected() {
      return (await db.keyring.get('device')) !== undefined && !(await hasProtection());
    },

    dismissWipeNotice() {
      notice.clear();
    },
  };
  return vault;
}

/**
 * The vault's part of a login and a logout: a new user first gets a new data key (the previous
 * user's is destroyed with their rows), then the password wraps it; a logout destroys the key.
 * A login while locked (the offline-too-long check) wraps nothing: the lock screen unlocks next.
 */
export function localKeysOf(vault: AppVault): LocalKeys {
  return {
    async afterLogin(password, newUser) {
      if (newUser) await vault.startOver();
      if (vault.getState().kind === 'open') await vault.enrollPassword(password);
    },
    afterLogout: () => vault.startOver(),
  };
}
