import { describe, expect, it, vi } from 'vitest';
import {
  initialMode,
  pinEntryProblem,
  standingNotice,
  submitBiometric,
  submitPassword,
  submitPin,
  type OnlineUnlock,
} from './lock-flow';
import { FAKE_PASSWORD, FAKE_PIN, lockedFakeVault } from './test-support/fake-vault';

const WRONG_PIN = '135790';
const neverOnline: OnlineUnlock = async () => {
  throw new Error('not asked: the vault alone checks this password');
};

async function wrongPins(vault: ReturnType<typeof lockedFakeVault>, times: number) {
  let last = null;
  for (let index = 0; index < times; index += 1) last = await submitPin(vault, WRONG_PIN);
  return last;
}

describe('the PIN', () => {
  it('opens the vault with the right PIN', async () => {
    const vault = lockedFakeVault();
    await expect(submitPin(vault, FAKE_PIN)).resolves.toEqual({ notice: null });
    expect(vault.getState()).toEqual({ kind: 'open' });
  });

  it('says how many attempts are left after a wrong PIN', async () => {
    const vault = lockedFakeVault();
    await expect(submitPin(vault, WRONG_PIN)).resolves.toEqual({
      notice: { kind: 'wrong_pin', attemptsLeft: 4 },
    });
    await expect(submitPin(vault, WRONG_PIN)).resolves.toEqual({
      notice: { kind: 'wrong_pin', attemptsLeft: 3 },
    });
    expect(vault.getState()).toMatchObject({ kind: 'locked', pinFailures: 2 });
  });

  it('switches to the password after the fifth wrong PIN, and the password opens', async () => {
    const vault = lockedFakeVault();
    await expect(wrongPins(vault, 5)).resolves.toEqual({
      notice: { kind: 'password_required' },
      mode: 'password',
    });
    // The right PIN no longer helps.
    await expect(submitPin(vault, FAKE_PIN)).resolves.toMatchObject({ mode: 'password' });
    expect(vault.getState()).toMatchObject({ kind: 'locked', requires: 'password' });
    await expect(submitPassword(vault, 'nope', 'password', neverOnline)).resolves.toEqual({
      notice: { kind: 'wrong_password' },
    });
    await expect(submitPassword(vault, FAKE_PASSWORD, 'password', neverOnline)).resolves.toEqual({
      notice: null,
    });
    expect(vault.getState()).toEqual({ kind: 'open' });
  });

  it('reports the changes that would be lost instead of wiping while some wait', async () => {
    const vault = lockedFakeVault();
    vault.pendingChanges = 7;
    // Five wrong in 'any' mode; the fake then refuses further PINs like the real vault.
    await wrongPins(vault, 5);
    const state = vault.getState();
    if (state.kind !== 'locked') throw new Error('expected locked');
    expect(standingNotice({ ...state, pinFailures: 10 }, 7)).toEqual({
      kind: 'wipe_pending',
      pendingChanges: 7,
    });
  });

  it('turns a wipe_pending answer into its notice and the password field', async () => {
    const vault = lockedFakeVault();
    vault.unlockWithPin = async () => ({ result: 'wipe_pending', pendingChanges: 3 });
    await expect(submitPin(vault, WRONG_PIN)).resolves.toEqual({
      notice: { kind: 'wipe_pending', pendingChanges: 3 },
      mode: 'password',
    });
  });

  it('leaves the screen to the wiped state after the tenth wrong PIN with nothing pending', async () => {
    const vault = lockedFakeVault();
    vault.unlockWithPin = async () => {
      await vault.destroy('pin_failures');
      return { result: 'wiped' };
    };
    await expect(submitPin(vault, WRONG_PIN)).resolves.toEqual({ notice: null });
    expect(vault.getState()).toMatchObject({ kind: 'wiped', reason: 'pin_failures' });
  });

  it('checks the entry before asking the vault, so a typo costs no attempt', () => {
    expect(pinEntryProblem('')).toBe('lock.pinNeeded');
    expect(pinEntryProblem('24680a')).toBe('lock.pinDigitsOnly');
    expect(pinEntryProblem('24680')).toBe('lock.pin.tooShort');
    expect(pinEntryProblem(FAKE_PIN)).toBeNull();
  });

  it('shows a failure of the vault as an error notice, not a wrong PIN', async () => {
    const vault = lockedFakeVault();
    vault.unlockWithPin = async () => {
      throw new Error('IndexedDB unavailable');
    };
    await expect(submitPin(vault, FAKE_PIN)).resolves.toEqual({
      notice: { kind: 'error', message: 'IndexedDB unavailable' },
    });
  });
});

describe('which field the screen opens with', () => {
  const locked = { kind: 'locked', reason: 'idle', requires: 'any', pinFailures: 0 } as const;
  it('is the PIN when one is set and accepted, else the password', () => {
    expect(initialMode(locked, { password: true, pin: true, biometric: false })).toBe('pin');
    expect(initialMode(locked, { password: true, pin: false, biometric: true })).toBe('password');
    expect(
      initialMode(
        { ...locked, requires: 'password' },
        { password: true, pin: true, biometric: false },
      ),
    ).toBe('password');
    expect(standingNotice({ ...locked, requires: 'password' }, 0)).toEqual({
      kind: 'password_required',
    });
    expect(standingNotice(locked, 0)).toBeNull();
  });
});

describe('offline too long', () => {
  it('unlocks only through the server check, and says why it did not', async () => {
    const vault = lockedFakeVault('offline_too_long');
    const unlockOnline = vi.fn<OnlineUnlock>(async () => 'offline');
    const submit = (password: string) =>
      submitPassword(vault, password, 'online_password', unlockOnline);
    await expect(submit(FAKE_PASSWORD)).resolves.toEqual({ notice: { kind: 'no_network' } });
    unlockOnline.mockResolvedValueOnce('wrong');
    await expect(submit('old password')).resolves.toEqual({ notice: { kind: 'wrong_password' } });
    unlockOnline.mockResolvedValueOnce('wrong_locally');
    await expect(submit('new password')).resolves.toEqual({ notice: { kind: 'wrong_locally' } });
    // The vault's own offline check is never used for this lock.
    expect(vault.calls).toEqual([]);
    unlockOnline.mockResolvedValueOnce('ok');
    await expect(submit(FAKE_PASSWORD)).resolves.toEqual({ notice: null });
    expect(unlockOnline).toHaveBeenLastCalledWith(FAKE_PASSWORD);
    expect(unlockOnline).toHaveBeenCalledTimes(4);
  });
});

describe('logged in before the store was sealed (an update)', () => {
  it('asks the server first; offline it takes the password, which protects the data from now on', async () => {
    const vault = lockedFakeVault('unprotected_login');
    const unlockOnline = vi.fn<OnlineUnlock>(async () => 'wrong');
    const submit = (password: string) =>
      submitPassword(vault, password, 'enroll_password', unlockOnline);
    // The server refuses it: the vault is not asked, nothing is wrapped with a wrong password.
    await expect(submit('a typo')).resolves.toEqual({ notice: { kind: 'wrong_password' } });
    expect(vault.calls).toEqual([]);
    // No server: nothing on the laptop can check it yet, so the vault takes it.
    unlockOnline.mockResolvedValueOnce('offline');
    await expect(submit(FAKE_PASSWORD)).resolves.toEqual({ notice: null });
    expect(vault.calls).toEqual(['password']);
    expect(vault.getState()).toEqual({ kind: 'open' });
  });

  it('opens when the server accepted the password (the online path opened the vault)', async () => {
    const vault = lockedFakeVault('unprotected_login');
    const unlockOnline = vi.fn<OnlineUnlock>(async () => 'ok');
    await expect(
      submitPassword(vault, FAKE_PASSWORD, 'enroll_password', unlockOnline),
    ).resolves.toEqual({ notice: null });
    expect(unlockOnline).toHaveBeenCalledWith(FAKE_PASSWORD);
  });
});

describe('the OS prompt', () => {
  it('opens on success and explains a cancel or an unavailable prompt', async () => {
    const vault = lockedFakeVault();
    await expect(submitBiometric(vault)).resolves.toEqual({ notice: { kind: 'biometric_failed' } });
    vault.biometricAnswer = 'unavailable';
    await expect(submitBiometric(vault)).resolves.toEqual({
      notice: { kind: 'biometric_unavailable' },
    });
    vault.biometricAnswer = 'ok';
    await expect(submitBiometric(vault)).resolves.toEqual({ notice: null });
    expect(vault.getState()).toEqual({ kind: 'open' });
  });
});
