// The engine and a server that marked this laptop for wipe (410 device_wiped): what it pushes
// first, what it confirms, and that the local data goes through the injected onWipe.

import { describe, expect, it, vi } from 'vitest';
import type { PushRequest, WipeMode } from '../../shared/sync/protocol';
import { createSessionVault, memorySecretSlot } from '../../shared/sync/session-vault';
import { createCustomer } from '../db/customers-repo';
import { ensureProfile, writeContextFor } from '../db/profile-repo';
import { createFakeSyncServer } from '../test-support/fake-sync-server';
import { customerForm, openTestDb } from '../test-support/test-db';
import type { WipeReason } from '../vault/vault-types';
import { createSyncEngine } from './engine';
import { DeviceWipedError } from './errors';

const BASE_URL = 'http://sync.test:8787';

/** The fake server behind a gate that answers like a server that marked this device. */
async function setup(options: { pushBatchSize?: number } = {}) {
  const test = await openTestDb();
  const server = createFakeSyncServer({ now: () => test.clock.now().getTime() });
  server.addUser({ login: 'alice', name: '李娜', role: 'consultant' });
  const mark: { mode: WipeMode | null; finalPushUsed: boolean } = {
    mode: null,
    finalPushUsed: false,
  };
  const seen: { path: string; body: unknown }[] = [];
  const confirmations: string[] = [];
  const json = (status: number, body: unknown) =>
    new Response(body === null ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json' },
    });
  const fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const path = new URL(input).pathname;
    seen.push({ path, body: typeof init?.body === 'string' ? JSON.parse(init.body) : null });
    if (mark.mode === null || path === '/v1/auth/refresh') return server.fetch(input, init);
    if (path === '/v1/devices/wiped') {
      confirmations.push(String(new Headers(init?.headers).get('authorization')));
      return json(204, null);
    }
    const finalPush = mark.mode === 'after_push' && !mark.finalPushUsed;
    if (path === '/v1/push' && finalPush) {
      mark.finalPushUsed = true;
      return server.fetch(input, init);
    }
    return json(410, {
      error: 'device_wiped',
      reason: 'device_wiped',
      message: 'This device has been marked for wipe',
      wipeMode: mark.mode,
      finalPush,
    });
  };
  const secrets = memorySecretSlot();
  const wipes: WipeReason[] = [];
  /** Changes deleted with the data without the server having taken them, per wipe. */
  const lost: number[] = [];
  const onWipe = vi.fn(async (reason: WipeReason, lostChanges: number) => {
    wipes.push(reason);
    lost.push(lostChanges);
  });
  const engine = createSyncEngine({
    db: test.db,
    baseUrl: BASE_URL,
    fetch,
    session: createSessionVault(secrets, fetch),
    now: test.clock.now,
    isOnline: () => true,
    liveEvents: false,
    pushOnWrite: false,
    ...(options.pushBatchSize === undefined ? {} : { pushBatchSize: options.pushBatchSize }),
    onWipe,
  });
  await engine.login('alice', 'password1');
  const addCustomer = async (name: string, phone: string) =>
    createCustomer(
      await writeContextFor(test.db, await ensureProfile(test.db), test.clock.now),
      customerForm({ name, phones: [{ number: phone }] }),
    );
  const pushed = () =>
    seen
      .filter((request) => request.path === '/v1/push')
      .flatMap((request) => (request.body as PushRequest).mutations);
  return {
    ...test,
    server,
    mark,
    seen,
    confirmations,
    secrets,
    wipes,
    lost,
    onWipe,
    engine,
    addCustomer,
    pushed,
  };
}

describe('remote wipe', () => {
  it("an admin's wipe pushes nothing, confirms, forgets the session and wipes at once", async () => {
    const h = await setup();
    const customer = await h.addCustomer('王伟', '13800138000');
    h.mark.mode = 'discard';
    const waiting = await h.db.outbox.count();
    expect(waiting).toBeGreaterThan(0);

    await expect(h.engine.syncNow()).rejects.toBeInstanceOf(DeviceWipedError);

    expect(h.server.row('customers', customer.id)).toBeUndefined();
    expect(h.confirmations).toHaveLength(1);
    expect(h.wipes).toEqual(['remote_wipe']);
    // Every waiting change went with the data: the notice says how many.
    expect(h.lost).toEqual([waiting]);
    expect(h.secrets.value).toBeNull();
    expect(h.engine.getStatus().state).toBe('wiped');
  });

  it('a deactivation pushes the outbox once, then confirms and wipes', async () => {
    const h = await setup();
    const first = await h.addCustomer('王伟', '13800138000');
    const second = await h.addCustomer('李强', '13900139000');
    h.mark.mode = 'after_push';

    // A pull learns it first: the outbox goes up in the one push the server still takes.
    await expect(h.engine.pull()).rejects.toBeInstanceOf(DeviceWipedError);

    expect(h.server.row('customers', first.id)?.data.name).toBe('王伟');
    expect(h.server.row('customers', second.id)?.data.name).toBe('李强');
    expect(h.seen.filter((request) => request.path === '/v1/push')).toHaveLength(1);
    expect(h.confirmations).toHaveLength(1);
    expect(h.wipes).toEqual(['deactivated']);
    // The one push took them all: nothing was lost.
    expect(h.lost).toEqual([0]);
    expect(h.engine.getStatus().state).toBe('wiped');
  });

  it('a deactivation counts what its one push could not carry as lost', async () => {
    const h = await setup({ pushBatchSize: 2 });
    await h.addCustomer('王伟', '13800138000');
    await h.addCustomer('李强', '13900139000');
    const waiting = await h.db.outbox.count();
    h.mark.mode = 'after_push';
    await expect(h.engine.pull()).rejects.toBeInstanceOf(DeviceWipedError);
    expect(h.pushed()).toHaveLength(2);
    expect(h.lost).toEqual([waiting - 2]);
  });

  it('after the wipe, nothing reaches the server any more and the wipe is not repeated', async () => {
    const h = await setup();
    h.mark.mode = 'discard';
    await expect(h.engine.refreshMe()).rejects.toBeInstanceOf(DeviceWipedError);
    const requests = h.seen.length;

    await expect(h.engine.syncNow()).rejects.toBeInstanceOf(DeviceWipedError);
    await expect(h.engine.listDevices('someone')).rejects.toBeInstanceOf(DeviceWipedError);

    expect(h.seen).toHaveLength(requests);
    expect(h.onWipe).toHaveBeenCalledTimes(1);
  });

  it('without an injected onWipe, clears the synced tables', async () => {
    const test = await openTestDb();
    const server = createFakeSyncServer({ now: () => test.clock.now().getTime() });
    server.addUser({ login: 'alice', name: '李娜', role: 'consultant' });
    let marked = false;
    const fetch = async (input: string, init?: RequestInit): Promise<Response> => {
      const path = new URL(input).pathname;
      if (!marked || path === '/v1/auth/refresh') return server.fetch(input, init);
      if (path === '/v1/devices/wiped') return new Response(null, { status: 204 });
      return new Response(
        JSON.stringify({ error: 'device_wiped', message: 'wipe', wipeMode: 'discard' }),
        { status: 410, headers: { 'content-type': 'application/json' } },
      );
    };
    const engine = createSyncEngine({
      db: test.db,
      baseUrl: BASE_URL,
      fetch,
      session: createSessionVault(memorySecretSlot(), fetch),
      now: test.clock.now,
      isOnline: () => true,
      liveEvents: false,
      pushOnWrite: false,
    });
    await engine.login('alice', 'password1');
    await createCustomer(
      await writeContextFor(test.db, await ensureProfile(test.db), test.clock.now),
      customerForm(),
    );
    marked = true;
    await expect(engine.syncNow()).rejects.toBeInstanceOf(DeviceWipedError);
    expect(await test.db.customers.count()).toBe(0);
    expect(await test.db.outbox.count()).toBe(0);
  });
});
