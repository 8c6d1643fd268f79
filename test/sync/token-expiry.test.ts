// A login that expires while the laptop is offline: nothing is lost, sync waits for a new login,
// then everything goes up. Real expiry on a real server process with the shortest lifetimes its
// configuration allows (access 10 s, refresh 60 s), so this file takes a minute of waiting.

import { afterAll, expect, it } from 'vitest';
import { LoginRequiredError } from '../../renderer/sync/errors';
import { addAccounts, createClient, serverSnapshot, type Client } from '../support/sync-clients';
import { addCard, editCard, login } from '../support/sync-scenario';
import { ADMIN, serverForThisFile } from '../support/server-process';

const ACCESS_TTL_S = 10;
const REFRESH_TTL_S = 60;

const server = serverForThisFile('expiry', '深圳南山店', {
  DEALERDESK_ACCESS_TTL_SECONDS: String(ACCESS_TTL_S),
  DEALERDESK_REFRESH_TTL_SECONDS: String(REFRESH_TTL_S),
});
const open: Client[] = [];

afterAll(async () => {
  await Promise.all(open.map((client) => client.close()));
});

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

it(
  'refreshes an expired access token by itself; a login expired offline keeps every change until the user logs in again',
  async () => {
    const api = server.api;
    const [alice, bob] = await addAccounts(api, ADMIN, [
      { name: '李娜', role: 'consultant' },
      { name: '王强', role: 'consultant' },
    ]);
    if (!alice || !bob) throw new Error('accounts not created');
    const a = await login(await createClient('alice', server.url), alice);
    const b = await login(await createClient('bob', server.url), bob);
    open.push(a, b);
    // As in the app: the engine watches the outbox (the status's pending count) and the network.
    await a.engine.start();
    const card = await addCard(a, '吴先生');
    await a.engine.syncNow();
    await b.engine.syncNow();

    a.setOnline(false);
    await editCard(a, card.id, { notes: '离线时记下的需求：七座' });
    const second = await addCard(a, '离线新客户');
    const waiting = await a.db.outbox.count();
    expect(waiting).toBeGreaterThan(0);

    // Past the access token's life: Bob's next sync refreshes on its own.
    await sleep(ACCESS_TTL_S + 2);
    await addCard(b, '刷新后的客户');
    await expect(b.engine.syncNow()).resolves.toBeDefined();
    expect(b.engine.getStatus().state).toBe('idle');
    expect(await b.db.outbox.count()).toBe(0);

    // Past the refresh token's life too, still offline.
    await sleep(REFRESH_TTL_S - ACCESS_TTL_S);
    a.setOnline(true);
    await expect(a.engine.syncNow()).rejects.toBeInstanceOf(LoginRequiredError);
    await a.engine.whenIdle();
    expect(a.engine.getStatus()).toMatchObject({
      state: 'login_required',
      user: { id: alice.id },
      pending: waiting,
    });
    expect(await a.db.outbox.count()).toBe(waiting);
    expect((await a.db.customers.get(card.id))?.notes).toBe('离线时记下的需求：七座');

    await a.engine.login(alice.login, alice.password);
    await a.engine.syncNow();
    expect(await a.db.outbox.count()).toBe(0);
    const onServer = await serverSnapshot(api, alice.login, alice.password);
    expect(onServer.customers[card.id]?.notes).toBe('离线时记下的需求：七座');
    expect(onServer.customers[second.id]?.name).toBe('离线新客户');
  },
  (REFRESH_TTL_S + 60) * 1000,
);
