// The contract of the local vault: the keys that seal this laptop's customer data, and whether
// the app is open, locked or wiped. The vault itself (vault.ts) keeps the data key in memory only
// while open; the lock screen, the sync engine (remote wipe) and the in-memory lists work through
// this type, so none of them ever touches key material.

/** Why the app is locked now (shown on the lock screen in the user's words). */
export type LockReason =
  /** The app was started (or the page reloaded) with a user logged in or a PIN set. */
  | 'startup'
  /** No input for the dealership's idle time. */
  | 'idle'
  /** The operating system locked its screen. */
  | 'os_lock'
  /** The laptop went to sleep. */
  | 'suspend'
  /** The user chose 锁定. */
  | 'manual'
  /** The server has not been reached for the dealership's number of days. */
  | 'offline_too_long'
  /** Five wrong PINs: only the password opens the app now. */
  | 'pin_lockout'
  /**
   * Someone logged in before this laptop's data was sealed (an update from a version without the
   * vault): nothing but the laptop protects the key yet, so the account password must first.
   */
  | 'unprotected_login';

/** What opens the vault in its present state. */
export type UnlockRequirement =
  /** The password, a PIN (when set) or the OS prompt (when offered). */
  | 'any'
  /** Only the account password (five wrong PINs). */
  | 'password'
  /** Only the password checked by the server (offline too long): needs the network. */
  | 'online_password'
  /**
   * Only the account password, which from now on wraps the key (unprotected_login): checked by
   * the server when it answers; offline nothing on the laptop can check it yet, so it is taken.
   */
  | 'enroll_password';

/** Why the local data was destroyed (shown once, on the screen that follows). */
export type WipeReason =
  /** Ten wrong PINs with nothing waiting to be pushed. */
  | 'pin_failures'
  /** An admin wiped this laptop (lost or stolen): nothing was pushed. */
  | 'remote_wipe'
  /** The user was deactivated on the server: what could be pushed was pushed first. */
  | 'deactivated'
  /** The user logged out. */
  | 'logout';

export type VaultState =
  /** The data key is in memory: the data can be read and written. */
  | { kind: 'open' }
  | {
      kind: 'locked';
      reason: LockReason;
      requires: UnlockRequirement;
      /** Wrong PINs in a row (0–10); at 5 the PIN stops working, at 10 the data is wiped. */
      pinFailures: number;
    }
  /** The keys and the database were destroyed; the app starts over after the user read why. */
  | {
      kind: 'wiped';
      reason: WipeReason;
      at: string;
      /** Changes deleted that the server never took (unknown for a notice from an older version). */
      lostChanges?: number;
    };

/** Which ways of unlocking this laptop offers now. */
export type UnlockMethods = {
  /** The account password, checked offline against the password-wrapped key. */
  password: boolean;
  pin: boolean;
  /** Touch ID (macOS) through the desktop host; false in the browser build. */
  biometric: boolean;
};

export type PinUnlockResult =
  | { result: 'ok' }
  | { result: 'wrong'; attemptsLeft: number }
  /** The fifth wrong PIN (or later): the password is required from now on. */
  | { result: 'password_required' }
  /**
   * The tenth wrong PIN with changes waiting to be pushed: the data is not wiped yet, because
   * that would lose them; the password is required and the screen says how many would be lost.
   */
  | { result: 'wipe_pending'; pendingChanges: number }
  /** The tenth wrong PIN with nothing waiting: the data was wiped. */
  | { result: 'wiped' };

export type Vault = {
  getState(): VaultState;
  /** Called after every change of state (for useSyncExternalStore and the in-memory lists). */
  subscribe(listener: () => void): () => void;
  methods(): Promise<UnlockMethods>;
  unlockWithPassword(password: string): Promise<'ok' | 'wrong'>;
  unlockWithPin(pin: string): Promise<PinUnlockResult>;
  unlockWithBiometric(): Promise<'ok' | 'unavailable' | 'cancelled'>;
  /** Drops the data key from memory (and the in-memory lists with it). No-op when not open. */
  lock(reason: LockReason): void;
  /** Sets or replaces the PIN (6+ digits); the vault must be open. */
  setPin(pin: string): Promise<void>;
  removePin(): Promise<void>;
  /**
   * After a successful server login (or a password change): wraps the data key with this
   * password, replacing the previous password wrapping. The vault must be open.
   */
  enrollPassword(password: string): Promise<void>;
  /**
   * Destroys every key and the whole local database; the state becomes wiped. `lostChanges`: the
   * waiting changes the server never took, for the notice (0 unless given).
   */
  destroy(reason: WipeReason, lostChanges?: number): Promise<void>;
  /** The user read why the data was wiped: the next start begins afresh. */
  dismissWipeNotice(): void;
};
