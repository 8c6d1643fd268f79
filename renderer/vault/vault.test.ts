import { beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, TEST_TEAM, type TestDb } from '../test-support/test-db';
import { createCustomer } from '../db/customers-repo';
import { customerForm } from '../test-support/test-db';
import { mutableKeySource, type MutableKeySource } from './mutable-key-source';
import { deriveFieldKeys } from './field-keys';
import { VaultLockedError } from './sealing-middleware';
import {
  createVault,
  localKeysOf,
  InvalidPinError,
  PIN_ATTEMPTS,
  WIPE_AFTER_ATTEMPTS,
  type AppVault,
  type OsKeychain,
  type WipeNoticeStore,
} from './vault';
import type { WipeReason } from './vault-types';
import { createFakeSyncServer } from '../test-support/fake-sync-server';
import { createSyncEngine } from '../sync/engine';
import { createSessionVault, memorySecretSlot } from '../../shared/sync/session-vault';

/** A keychain that "encrypts" by prefixing a marker: enough to tell it was used. */
function fakeKeychain(options: { available: boolean; biometric?: 'yes' | 'cancel' | 'none' }) {
  const keychain: OsKeychain & { prompts: number } = {
    prompts: 0,
    async protect(secret) {
      return options.available ? new Uint8Array([0xee, ...secret]) : null;
    },
    async unprotect(sealed) {
      return sealed[0] === 0xee ? sealed.slice(1) : null;
    },
    async canPromptBiometric() {
      return options.biometric === 'yes' || options.biometric === 'cancel';
    },
    async promptBiometric() {
      keychain.prompts += 1;
      return options.biometric === 'yes';
    },
  };
  return keychain;
}

function memoryNotice(): WipeNoticeStore & { value: { reason: WipeReason; at: string } | null } {
  const store = {
    value: null as { reason: WipeReason; at: string } | null,
    read: () => store.value,
    write(notice: { reason: WipeReason; at: string }) {
      store.value = notice;
    },
    clear() {
      store.value = null;
    },
  };
  return store;
}

let t: TestDb;
let keys: MutableKeySource;
let notice: ReturnType<typeof memoryNotice>;
const lina = TEST_TEAM[0]!;

function vaultOn(os = fakeKeychain({ available: false })): AppVault {
  return createVault({ db: t.db, keys, os, notice, now: t.clock.now, kdfIterations: 1_000 });
}

async function logIn(): Promise<void> {
  await t.db.preferences.put({
    key: 'session',
    user: {
      id: lina.id,
      login: lina.login,
      name: lina.name,
      role: 'consultant',
      dealershipId: t.profile.dealershipId,
      dealershipName: '星河汽车',
    },
  });
}

beforeEach(async () => {
  keys = mutableKeySource();
  t = await openTestDb({ keys });
  notice = memoryNotice();
});

describe('a laptop nobody protected', () => {
  it('opens at once with a new key kept unwrapped, and says it is unprotected', async () => {
    const vault = vaultOn();
    expect((await vault.start()).kind).toBe('open');
    expect(keys.current()?.fieldKey).toHaveLength(32);
    expect(await vault.isUnprotected()).toBe(true);
    expect((await t.db.keyring.get('device'))?.id).toBe('device');
  });

  it('keeps the key with the OS keychain when there is one, never unwrapped', async () => {
    const vault = vaultOn(fakeKeychain({ available: true }));
    await vault.start();
    expect(await t.db.keyring.get('device')).toBeUndefined();
    expect((await t.db.keyring.get('os'))?.id).toBe('os');
    expect(await vault.isUnprotected()).toBe(false);
    const again = vaultOn(fakeKeychain({ available: true }));
    expect((await again.start()).kind).toBe('open');
  });

  it('reopens with the same keys after a restart', async () => {
    await vaultOn().start();
    const first = keys.current();
    await vaultOn().start();
    expect(keys.current()?.fieldKey).toEqual(first?.fieldKey);
  });

  it('cannot be locked: nothing could open it again', async () => {
    const vault = vaultOn();
    await vault.start();
    vault.lock('manual');
    expect(vault.getState().kind).toBe('open');
  });
});

describe('the account password', () => {
  it('replaces the unprotected key with a new one at login, keeping every row', async () => {
    const vault = vaultOn();
    await vault.start();
    const before = keys.current();
    await createCustomer(t.ctx, customerForm({ name: '张伟' }));
    await logIn();
    await vault.enrollPassword('s3cret-Password');
    expect(keys.current()?.fieldKey).not.toEqual(before?.fieldKey);
    expect(await t.db.keyring.get('device')).toBeUndefined();
    expect((await t.db.customers.toArray()).map((card) => card.name)).toEqual(['张伟']);
  });

  it('opens locked after a restart, refuses a wrong password and opens with the right one', async () => {
    const vault = vaultOn();
    await vault.start();
    await createCustomer(t.ctx, customerForm({ name: '李雷' }));
    await logIn();
    await vault.enrollPassword('s3cret-Password');
    const opened = keys.current();

    const restarted = vaultOn();
    expect(await restarted.start()).toEqual({
      kind: 'locked',
      reason: 'startup',
      requires: 'any',
      pinFailures: 0,
    });
    expect(keys.current()).toBeNull();
    await expect(t.db.customers.toArray()).rejects.toBeInstanceOf(VaultLockedError);
    expect(await restarted.unlockWithPassword('wrong')).toBe('wrong');
    expect(restarted.getState()).toMatchObject({ kind: 'locked', pinFailures: 1 });
    expect(await restarted.unlockWithPassword('s3cret-Password')).toBe('ok');
    expect(keys.current()?.fieldKey).toEqual(opened?.fieldKey);
    expect((await t.db.customers.toArray()).map((card) => card.name)).toEqual(['李雷']);
    expect(await t.db.keyring.get('lockout')).toBeUndefined();
  });

  it('is wrapped again on a password change: the old one stops working', async () => {
    const vault = vaultOn();
    await vault.start();
    await logIn();
    await vault.enrollPassword('old-Password1');
    await vault.enrollPassword('new-Password2');
    vault.lock('manual');
    expect(await vault.unlockWithPassword('old-Password1')).toBe('wrong');
    expect(await vault.unlockWithPassword('new-Password2')).toBe('ok');
  });

  it('is bound to its user: a wrapping moved to another user id does not open', async () => {
    const vault = vaultOn();
    await vault.start();
    await logIn();
    await vault.enrollPassword('s3cret-Password');
    const row = await t.db.keyring.get('password');
    if (row?.id !== 'password') throw new Error('no password wrapping');
    await t.db.keyring.put({ ...row, userId: TEST_TEAM[1]!.id });
    vault.lock('manual');
    expect(await vault.unlockWithPassword('s3cret-Password')).toBe('wrong');
  });

  it('needs a logged-in user', async () => {
    const vault = vaultOn();
    await vault.start();
    await expect(vault.enrollPassword('whatever-1')).rejects.toThrow(/logged-in/);
  });
});

describe('the PIN', () => {
  async function withPin(): Promise<AppVault> {
    const vault = vaultOn();
    await vault.start();
    await logIn();
    await vault.enrollPassword('s3cret-Password');
    await vault.setPin('204816');
    vault.lock('manual');
    return vault;
  }

  it('must be at least six digits', async () => {
    const vault = vaultOn();
    await vault.start();
    await expect(vault.setPin('12345')).rejects.toBeInstanceOf(InvalidPinError);
    await expect(vault.setPin('12345a')).rejects.toBeInstanceOf(InvalidPinError);
  });

  it('opens the vault; a PIN on a laptop nobody logged in to is enough to lock it', async () => {
    const vault = vaultOn();
    await vault.start();
    await vault.setPin('204816');
    expect(await vault.isUnprotected()).toBe(false);
    vault.lock('idle');
    expect(vault.getState()).toMatchObject({ kind: 'locked', reason: 'idle', requires: 'any' });
    expect(await vault.unlockWithPin('204816')).toEqual({ result: 'ok' });
    expect(vault.getState().kind).toBe('open');
  });

  it(`counts wrong PINs down, then requires the password after ${PIN_ATTEMPTS}`, async () => {
    const vault = await withPin();
    for (let attempt = 1; attempt < PIN_ATTEMPTS; attempt += 1) {
      expect(await vault.unlockWithPin('000000')).toEqual({
        result: 'wrong',
        attemptsLeft: PIN_ATTEMPTS - attempt,
      });
    }
    expect(await vault.unlockWithPin('000000')).toEqual({ result: 'password_required' });
    expect(vault.getState()).toMatchObject({ reason: 'pin_lockout', requires: 'password' });
    // The right PIN no longer opens it, and does not count either.
    expect(await vault.unlockWithPin('204816')).toEqual({ result: 'password_required' });
    expect(vault.getState()).toMatchObject({ pinFailures: PIN_ATTEMPTS });
    // The lockout survives a restart.
    const restarted = vaultOn();
    expect(await restarted.start()).toMatchObject({ requires: 'password', pinFailures: 5 });
    expect(await restarted.unlockWithPassword('s3cret-Password')).toBe('ok');
    restarted.lock('manual');
    expect(restarted.getState()).toMatchObject({ requires: 'any', pinFailures: 0 });
    expect(await restarted.unlockWithPin('204816')).toEqual({ result: 'ok' });
  });

  it(`wipes the data after ${WIPE_AFTER_ATTEMPTS} wrong attempts when nothing waits to be pushed`, async () => {
    const vault = await withPin();
    await t.db.outbox.clear();
    await t.db.preferences.put({ key: 'language', value: 'en' });
    for (let attempt = 1; attempt <= PIN_ATTEMPTS; attempt += 1)
      await vault.unlockWithPin('111111');
    for (let attempt = PIN_ATTEMPTS + 1; attempt < WIPE_AFTER_ATTEMPTS; attempt += 1) {
      expect(await vault.unlockWithPassword('guess')).toBe('wrong');
    }
    expect(vault.getState().kind).toBe('locked');
    expect(await vault.unlockWithPassword('guess')).toBe('wrong');
    expect(vault.getState()).toMatchObject({ kind: 'wiped', reason: 'pin_failures' });
    expect(notice.value?.reason).toBe('pin_failures');
    expect(await t.db.keyring.count()).toBe(0);
    expect(await t.db.preferences.get('session')).toBeUndefined();
    // The laptop's own settings survive.
    expect(await t.db.preferences.get('language')).toEqual({ key: 'language', value: 'en' });
  });

  it('keeps the data and requires the password when the tenth failure would lose changes', async () => {
    const vault = await withPin();
    // Writing needs the key: a locked store refuses personal data.
    await expect(createCustomer(t.ctx, customerForm({ name: '赵敏' }))).rejects.toBeInstanceOf(
      VaultLockedError,
    );
    await vault.unlockWithPin('204816');
    await createCustomer(t.ctx, customerForm({ name: '赵敏' }));
    vault.lock('manual');
    const waiting = await t.db.outbox.count();
    expect(waiting).toBeGreaterThan(0);
    for (let attempt = 1; attempt <= PIN_ATTEMPTS; attempt += 1)
      await vault.unlockWithPin('111111');
    for (let attempt = PIN_ATTEMPTS + 1; attempt < WIPE_AFTER_ATTEMPTS; attempt += 1) {
      await vault.unlockWithPassword('guess');
    }
    expect(await vault.unlockWithPassword('guess')).toBe('wrong');
    expect(vault.getState()).toMatchObject({ kind: 'locked', requires: 'password' });
    expect(await vault.unlockWithPin('204816')).toEqual({ result: 'password_required' });
    expect(await vault.unlockWithPassword('s3cret-Password')).toBe('ok');
    expect(await t.db.customers.count()).toBe(1);
  });

  it('on a laptop nobody logged in to, keeps working until the wipe: there is no password', async () => {
    const vault = vaultOn();
    await vault.start();
    await vault.setPin('204816');
    vault.lock('idle');
    for (let attempt = 1; attempt < WIPE_AFTER_ATTEMPTS; attempt += 1) {
      expect(await vault.unlockWithPin('000000')).toEqual({
        result: 'wrong',
        attemptsLeft: WIPE_AFTER_ATTEMPTS - attempt,
      });
    }
    expect(vault.getState()).toMatchObject({ requires: 'any', reason: 'idle' });
    expect(await vault.unlockWithPin('000000')).toEqual({ result: 'wiped' });
  });

  it('can be removed: with a login the password still locks the app', async () => {
    const vault = await withPin();
    await vault.unlockWithPin('204816');
    await vault.removePin();
    expect((await vault.methods()).pin).toBe(false);
    vault.lock('manual');
    expect(vault.getState().kind).toBe('locked');
  });

  it('removed without a login leaves the laptop unprotected again, and open', async () => {
    const vault = vaultOn();
    await vault.start();
    await vault.setPin('204816');
    await vault.removePin();
    expect(await vault.isUnprotected()).toBe(true);
    expect((await vaultOn().start()).kind).toBe('open');
  });
});

describe('the OS prompt (Touch ID)', () => {
  it('opens the vault when the user passes the prompt, not when they cancel', async () => {
    const os = fakeKeychain({ available: true, biometric: 'yes' });
    const vault = vaultOn(os);
    await vault.start();
    await logIn();
    await vault.enrollPassword('s3cret-Password');
    expect(await vault.methods()).toEqual({ password: true, pin: false, biometric: true });
    vault.lock('os_lock');
    expect(await vault.unlockWithBiometric()).toBe('ok');
    expect(os.prompts).toBe(1);

    const cancelling = vaultOn(fakeKeychain({ available: true, biometric: 'cancel' }));
    await cancelling.start();
    expect(await cancelling.unlockWithBiometric()).toBe('cancelled');
    expect(cancelling.getState().kind).toBe('locked');
  });

  it('is not offered without a keychain', async () => {
    const vault = vaultOn(fakeKeychain({ available: false, biometric: 'yes' }));
    await vault.start();
    await logIn();
    await vault.enrollPassword('s3cret-Password');
    vault.lock('manual');
    expect(await vault.unlockWithBiometric()).toBe('unavailable');
  });
});

describe('a laptop logged in before its store was sealed (an upgrade)', () => {
  /** What an upgrade left: rows sealed under the clear `device` key, and a session. */
  async function upgradedLaptop(name: string): Promise<void> {
    await vaultOn().start();
    await createCustomer(t.ctx, customerForm({ name }));
    await logIn();
    expect((await t.db.keyring.toArray()).map((row) => row.id)).toEqual(['device']);
  }

  it('starts locked, asking the account password to protect the data', async () => {
    await upgradedLaptop('韩梅梅');
    const vault = vaultOn();
    expect(await vault.start()).toEqual({
      kind: 'locked',
      reason: 'unprotected_login',
      requires: 'enroll_password',
      pinFailures: 0,
    });
    expect(keys.current()).toBeNull();
    await expect(t.db.customers.toArray()).rejects.toBeInstanceOf(VaultLockedError);
    expect(await vault.methods()).toEqual({ password: false, pin: false, biometric: false });
    expect(await vault.unlockWithPin('204816')).toEqual({ result: 'password_required' });
  });

  it('opens with the password, which now wraps a new key: the clear one opens nothing', async () => {
    await upgradedLaptop('韩梅梅');
    const oldKey = await t.db.keyring.get('device');
    const vault = vaultOn();
    await vault.start();
    expect(await vault.unlockWithPassword('s3cret-Password')).toBe('ok');
    expect(vault.getState()).toEqual({ kind: 'open' });
    expect((await t.db.keyring.toArray()).map((row) => row.id)).toEqual(['password']);
    expect((await t.db.keyring.get('password'))?.id).toBe('password');
    if (oldKey?.id !== 'device') throw new Error('no device key before');
    expect(keys.current()?.fieldKey).not.toEqual(deriveFieldKeys(oldKey.dataKey).fieldKey);
    expect((await t.db.customers.toArray()).map((card) => card.name)).toEqual(['韩梅梅']);

    const restarted = vaultOn();
    expect(await restarted.start()).toMatchObject({ kind: 'locked', reason: 'startup' });
    expect(await restarted.unlockWithPassword('another-Password')).toBe('wrong');
    expect(await restarted.unlockWithPassword('s3cret-Password')).toBe('ok');
    expect((await t.db.customers.toArray()).map((card) => card.name)).toEqual(['韩梅梅']);
  });

  it('straight from a version without a keyring: seals the clear rows, then asks the same', async () => {
    // No key at all yet, and a session: the store of schema v8.
    keys.clear();
    expect(await t.db.keyring.count()).toBe(0);
    await logIn();
    const vault = vaultOn();
    expect(await vault.start()).toMatchObject({ kind: 'locked', reason: 'unprotected_login' });
    expect((await t.db.keyring.toArray()).map((row) => row.id)).toEqual(['device']);
    expect(await vault.unlockWithPassword('s3cret-Password')).toBe('ok');
    expect((await t.db.keyring.toArray()).map((row) => row.id)).toEqual(['password']);
  });

  it('with an OS keychain: asks the password too, and keeps the OS wrapping for Touch ID', async () => {
    const os = fakeKeychain({ available: true });
    await vaultOn(os).start();
    await createCustomer(t.ctx, customerForm({ name: '李雷' }));
    await logIn();
    const vault = vaultOn(os);
    expect(await vault.start()).toMatchObject({ kind: 'locked', reason: 'unprotected_login' });
    expect(await vault.unlockWithPassword('s3cret-Password')).toBe('ok');
    expect((await t.db.keyring.toArray()).map((row) => row.id).sort()).toEqual(['os', 'password']);
    expect((await t.db.customers.toArray()).map((card) => card.name)).toEqual(['李雷']);
  });

  it('a laptop never logged in still opens at once, unprotected', async () => {
    await vaultOn().start();
    await createCustomer(t.ctx, customerForm({ name: '王芳' }));
    const vault = vaultOn();
    expect(await vault.start()).toEqual({ kind: 'open' });
    expect(await vault.isUnprotected()).toBe(true);
    expect((await t.db.customers.toArray()).map((card) => card.name)).toEqual(['王芳']);
  });
});

describe('offline too long', () => {
  it('requires the password checked online', async () => {
    const vault = vaultOn();
    await vault.start();
    await logIn();
    await vault.enrollPassword('s3cret-Password');
    vault.lock('offline_too_long');
    expect(vault.getState()).toMatchObject({
      reason: 'offline_too_long',
      requires: 'online_password',
    });
    expect(await vault.unlockWithPin('204816')).toEqual({ result: 'password_required' });
  });
});

describe('destroy and start over', () => {
  it('a remote wipe deletes every key and row and is remembered until read', async () => {
    const vault = vaultOn();
    await vault.start();
    await createCustomer(t.ctx, customerForm());
    await vault.destroy('remote_wipe', 3);
    expect(keys.current()).toBeNull();
    expect(await t.db.customers.count()).toBe(0);
    expect(await t.db.keyring.count()).toBe(0);
    // How many changes went with it is kept for the notice, across a restart.
    expect(vault.getState()).toMatchObject({ kind: 'wiped', lostChanges: 3 });
    expect(await vaultOn().start()).toMatchObject({ kind: 'wiped', lostChanges: 3 });
    vault.dismissWipeNotice();
    expect((await vaultOn().start()).kind).toBe('open');
  });

  it('erases the database files once the database is deleted, and opens it again after', async () => {
    const order: string[] = [];
    const vault = createVault({
      db: t.db,
      keys,
      os: fakeKeychain({ available: false }),
      notice,
      now: t.clock.now,
      kdfIterations: 1_000,
      eraseFiles: async () => {
        order.push(t.db.isOpen() ? 'erase while open' : 'erase while deleted');
        return true;
      },
    });
    await vault.start();
    await createCustomer(t.ctx, customerForm());
    await vault.destroy('remote_wipe', 0);
    expect(order).toEqual(['erase while deleted']);
    expect(t.db.isOpen()).toBe(true);
    expect(await t.db.customers.count()).toBe(0);
  });

  it('still wipes when the files cannot be erased (the records stay tombstoned)', async () => {
    const vault = createVault({
      db: t.db,
      keys,
      os: fakeKeychain({ available: false }),
      notice,
      now: t.clock.now,
      kdfIterations: 1_000,
      eraseFiles: () => Promise.reject(new Error('disk busy')),
    });
    await vault.start();
    await createCustomer(t.ctx, customerForm());
    await vault.destroy('pin_failures');
    expect(vault.getState().kind).toBe('wiped');
    expect(await t.db.customers.count()).toBe(0);
  });

  it('after a logout, a new key opens the empty store and the old one is gone', async () => {
    const vault = vaultOn();
    await vault.start();
    await logIn();
    await vault.enrollPassword('s3cret-Password');
    const old = keys.current();
    await vault.startOver();
    expect(vault.getState().kind).toBe('open');
    expect(keys.current()?.fieldKey).not.toEqual(old?.fieldKey);
    expect(await t.db.keyring.get('password')).toBeUndefined();
    expect(await vault.isUnprotected()).toBe(true);
  });

  it('notifies subscribers of every change of state', async () => {
    const vault = vaultOn();
    const seen: string[] = [];
    vault.subscribe(() => seen.push(vault.getState().kind));
    await vault.start();
    await vault.setPin('204816');
    vault.lock('manual');
    await vault.unlockWithPin('204816');
    expect(seen).toEqual(['open', 'locked', 'open']);
  });
});

describe('with the sync engine', () => {
  it('a login wraps the key with the password, a switch of user and a logout destroy it', async () => {
    const server = createFakeSyncServer({ now: () => t.clock.now().getTime() });
    server.addUser({ login: 'alice', name: '李娜', role: 'consultant' });
    server.addUser({ login: 'bob', name: '王强', role: 'consultant' });
    const vault = vaultOn();
    await vault.start();
    const engine = createSyncEngine({
      db: t.db,
      baseUrl: 'http://sync.test',
      fetch: server.fetch,
      session: createSessionVault(memorySecretSlot(), server.fetch),
      now: t.clock.now,
      isOnline: () => true,
      liveEvents: false,
      pushOnWrite: false,
      localKeys: localKeysOf(vault),
    });
    await engine.login('alice', 'password1');
    const alices = keys.current();
    vault.lock('manual');
    expect(await vault.unlockWithPassword('password1')).toBe('ok');
    expect(keys.current()?.fieldKey).toEqual(alices?.fieldKey);

    await engine.logout();
    expect(vault.getState().kind).toBe('open');
    expect(keys.current()?.fieldKey).not.toEqual(alices?.fieldKey);
    expect(await t.db.keyring.get('password')).toBeUndefined();

    await engine.login('bob', 'password1');
    const [row, session] = await Promise.all([
      t.db.keyring.get('password'),
      t.db.preferences.get('session'),
    ]);
    expect(session?.key === 'session' && session.user.login).toBe('bob');
    expect(row?.id === 'password' && session?.key === 'session' && row.userId).toBe(
      session?.key === 'session' && session.user.id,
    );
    await engine.stop();
  });
});
