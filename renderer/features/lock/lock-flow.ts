// What the lock screen does with each attempt, apart from React: it asks the vault and turns the
// answer into what the screen says next (a notice, and whether the PIN field gives way to the
// password). Pure over the Vault type, so it is tested against a fake vault.

import { MIN_PIN_LENGTH } from '../../../shared/domain/app-lock';
import type { UnlockMethods, Vault, VaultState } from '../../vault/vault-types';

export type UnlockMode = 'pin' | 'password';

export type LockNotice =
  | { kind: 'wrong_pin'; attemptsLeft: number }
  | { kind: 'wrong_password' }
  | { kind: 'password_required' }
  | { kind: 'wipe_pending'; pendingChanges: number }
  | { kind: 'biometric_failed' }
  | { kind: 'biometric_unavailable' }
  | { kind: 'no_network' }
  | { kind: 'wrong_locally' }
  | { kind: 'error'; message: string };

/** The screen after an attempt: a notice (or none), and the mode it must switch to, if any. */
export type UnlockOutcome = { notice: LockNotice | null; mode?: UnlockMode };

/**
 * Unlocking a laptop that was offline too long: the server checks the password, then it opens
 * the vault (sync-runtime's unlockWithOnlinePassword). `wrong_locally`: the server took it, but
 * this laptop's key is protected by an older password.
 */
export type OnlineUnlock = (
  password: string,
) => Promise<'ok' | 'wrong' | 'offline' | 'wrong_locally'>;

type LockedState = Extract<VaultState, { kind: 'locked' }>;

/** Whether customer data may be shown now (notifications ask this at the moment they show). */
export function isVaultOpen(vault: Pick<Vault, 'getState'>): boolean {
  return vault.getState().kind === 'open';
}

/** Ten wrong PINs (the data would be wiped but for changes waiting to be pushed). */
export const WIPE_AFTER_PIN_FAILURES = 10;

/** The PIN field's own check before the vault is asked (a typo is not a wrong PIN). */
export function pinEntryProblem(pin: string): string | null {
  if (pin === '') return 'lock.pinNeeded';
  if (!/^\d+$/.test(pin)) return 'lock.pinDigitsOnly';
  if (pin.length < MIN_PIN_LENGTH) return 'lock.pin.tooShort';
  return null;
}

/** The field the screen opens with: the PIN when one is set and still accepted. */
export function initialMode(state: LockedState, methods: UnlockMethods): UnlockMode {
  return state.requires === 'any' && methods.pin ? 'pin' : 'password';
}

/** The notice a locked state carries by itself (after a reload, say). */
export function standingNotice(state: LockedState, pendingChanges: number): LockNotice | null {
  if (state.requires !== 'password') return null;
  if (state.pinFailures >= WIPE_AFTER_PIN_FAILURES && pendingChanges > 0) {
    return { kind: 'wipe_pending', pendingChanges };
  }
  return state.reason === 'pin_lockout' ? null : { kind: 'password_required' };
}

function errorNotice(error: unknown): LockNotice {
  return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
}

export async function submitPin(vault: Vault, pin: string): Promise<UnlockOutcome> {
  try {
    const answer = await vault.unlockWithPin(pin);
    switch (answer.result) {
      case 'ok':
      case 'wiped':
        // The vault's new state (open, or wiped) replaces the screen.
        return { notice: null };
      case 'wrong':
        return { notice: { kind: 'wrong_pin', attemptsLeft: answer.attemptsLeft } };
      case 'password_required':
        return { notice: { kind: 'password_required' }, mode: 'password' };
      case 'wipe_pending':
        return {
          notice: { kind: 'wipe_pending', pendingChanges: answer.pendingChanges },
          mode: 'password',
        };
    }
  } catch (error) {
    return { notice: errorNotice(error) };
  }
}

/**
 * The password: offline against the vault, except after too long away from the server, when the
 * server must accept it first (an account disabled meanwhile must not open the laptop), and on a
 * laptop logged in before its store was sealed, where the password is about to wrap the key.
 */
export async function submitPassword(
  vault: Vault,
  password: string,
  requires: LockedState['requires'],
  unlockOnline: OnlineUnlock,
): Promise<UnlockOutcome> {
  try {
    if (requires === 'online_password' || requires === 'enroll_password') {
      const verdict = await unlockOnline(password);
      if (verdict === 'ok') return { notice: null };
      if (verdict === 'offline' && requires === 'enroll_password') {
        // No verifier exists on this laptop yet (no wrapping was ever made with the password), so
        // offline it is taken as typed and wraps the key; a typo here becomes the unlock password
        // until the next login. The server could not be asked: waiting for it would leave the
        // consultant without their customers, which the app promises never to do offline.
        const answer = await vault.unlockWithPassword(password);
        return answer === 'ok' ? { notice: null } : { notice: { kind: 'wrong_password' } };
      }
      if (verdict === 'offline') return { notice: { kind: 'no_network' } };
      return { notice: { kind: verdict === 'wrong' ? 'wrong_password' : 'wrong_locally' } };
    }
    const answer = await vault.unlockWithPassword(password);
    return answer === 'ok' ? { notice: null } : { notice: { kind: 'wrong_password' } };
  } catch (error) {
    return { notice: errorNotice(error) };
  }
}

export async function submitBiometric(vault: Vault): Promise<UnlockOutcome> {
  try {
    const answer = await vault.unlockWithBiometric();
    if (answer === 'ok') return { notice: null };
    return {
      notice: { kind: answer === 'cancelled' ? 'biometric_failed' : 'biometric_unavailable' },
    };
  } catch (error) {
    return { notice: errorNotice(error) };
  }
}
