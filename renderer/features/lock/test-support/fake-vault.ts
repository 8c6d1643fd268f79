// A stand-in for the real vault (renderer/vault/vault.ts) with the contract's counting rules, for
// the lock screen's tests: a known PIN and password, five wrong PINs → password only, ten → wiped
// (or wipe_pending while changes wait to be pushed).

import type {
  LockReason,
  PinUnlockResult,
  UnlockMethods,
  Vault,
  VaultState,
  WipeReason,
} from '../../../vault/vault-types';

export const FAKE_PIN = '246802';
export const FAKE_PASSWORD = 'Showroom-2026';

export type FakeVault = Vault & {
  /** Changes waiting to be pushed (a tenth wrong PIN does not wipe while there are any). */
  pendingChanges: number;
  methodsOffered: UnlockMethods;
  biometricAnswer: 'ok' | 'unavailable' | 'cancelled';
  calls: string[];
};

export function createFakeVault(initial: VaultState = { kind: 'open' }): FakeVault {
  let state: VaultState = initial;
  const listeners = new Set<() => void>();
  const set = (next: VaultState): void => {
    state = next;
    listeners.forEach((listener) => listener());
  };
  let pin: string | null = FAKE_PIN;
  const failures = (): number => (state.kind === 'locked' ? state.pinFailures : 0);

  const vault: FakeVault = {
    pendingChanges: 0,
    methodsOffered: { password: true, pin: true, biometric: false },
    biometricAnswer: 'cancelled',
    calls: [],
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    methods: async () => ({
      ...vault.methodsOffered,
      pin: vault.methodsOffered.pin && pin !== null,
    }),
    async unlockWithPassword(password) {
      vault.calls.push('password');
      if (state.kind !== 'locked') return 'ok';
      if (password !== FAKE_PASSWORD) return 'wrong';
      set({ kind: 'open' });
      return 'ok';
    },
    async unlockWithPin(entered): Promise<PinUnlockResult> {
      vault.calls.push('pin');
      if (state.kind !== 'locked') return { result: 'ok' };
      if (state.requires !== 'any') return { result: 'password_required' };
      if (entered === pin) {
        set({ kind: 'open' });
        return { result: 'ok' };
      }
      const count = failures() + 1;
      if (count >= 10) {
        if (vault.pendingChanges > 0) {
          set({ ...state, requires: 'password', pinFailures: count });
          return { result: 'wipe_pending', pendingChanges: vault.pendingChanges };
        }
        set({ kind: 'wiped', reason: 'pin_failures', at: '2026-12-07T12:00:00.000Z' });
        return { result: 'wiped' };
      }
      if (count >= 5) {
        set({ kind: 'locked', reason: 'pin_lockout', requires: 'password', pinFailures: count });
        return { result: 'password_required' };
      }
      set({ ...state, pinFailures: count });
      return { result: 'wrong', attemptsLeft: 5 - count };
    },
    async unlockWithBiometric() {
      vault.calls.push('biometric');
      if (vault.biometricAnswer === 'ok') set({ kind: 'open' });
      return vault.biometricAnswer;
    },
    lock(reason: LockReason) {
      if (state.kind !== 'open') return;
      set({ kind: 'locked', reason, requires: 'any', pinFailures: 0 });
    },
    async setPin(next) {
      pin = next;
    },
    async removePin() {
      pin = null;
    },
    async enrollPassword() {},
    async destroy(reason: WipeReason) {
      set({ kind: 'wiped', reason, at: '2026-12-07T12:00:00.000Z' });
    },
    dismissWipeNotice() {},
  };
  return vault;
}

/** A locked vault, for tests that start at the lock screen. */
export function lockedFakeVault(reason: LockReason = 'startup'): FakeVault {
  return createFakeVault({ kind: 'locked', reason, requires: 'any', pinFailures: 0 });
}
