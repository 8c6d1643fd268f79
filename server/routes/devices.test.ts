import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Device, TokenResponse } from '../../shared/sync/protocol';
import {
  clientClock,
  createTestApp,
  customerFields,
  describeEachBackend,
  newClientId,
  newRowId,
  seedDealership,
  uniqueLogin,
  type SeededDealership,
  type SeededUser,
  type TestApp,
} from '../test-support';

describeEachBackend('device routes', (backend) => {
  let t: TestApp;
  let shop: SeededDealership;
  let other: SeededDealership;
  let admin = '';
  let manager = '';
  let consultant = '';
  let otherAdmin = '';

  beforeAll(async () => {
    t = await createTestApp(backend);
    shop = await seedDealership(t.db, 'North');
    other = await seedDealership(t.db, 'South');
    admin = (await t.http.login(shop.admin)).accessToken;
    manager = (await t.http.login(shop.manager)).accessToken;
    consultant = (await t.http.login(shop.consultantA)).accessToken;
    otherAdmin = (await t.http.login(other.admin)).accessToken;
  }, 60_000);
  afterAll(async () => t?.close());

  /** A consultant of their own, logged in on a laptop of their own. */
  async function newConsultant(): Promise<{ user: SeededUser; tokens: TokenResponse }> {
    const login = uniqueLogin('c');
    const created = await t.http.request<{ id: string }>({
      url: '/v1/users',
      token: admin,
      body: { login, name: 'Wang Fang', role: 'consultant', password: 'correct horse battery' },
    });
    const user: SeededUser = {
      id: created.body.id,
      login,
      name: 'Wang Fang',
      role: 'consultant',
      password: 'correct horse battery',
      clientId: newClientId(),
    };
    const response = await t.http.request<TokenResponse>({
      url: '/v1/auth/login',
      headers: { 'user-agent': 'DealerDesk/1.0 (Windows NT 10.0)' },
      body: { login, password: user.password, clientId: user.clientId },
    });
    expect(response.status).toBe(200);
    return { user, tokens: response.body };
  }

  const devicesOf = (userId: string, token = admin) =>
    t.http.request<{ devices: Device[] }>({ url: `/v1/users/${userId}/devices`, token });

  const newCustomer = (user: SeededUser, seq: number) => ({
    seq,
    table: 'customers' as const,
    rowId: newRowId(),
    hlc: clientClock(user.clientId)(),
    fields: customerFields(),
  });

  it('lets managers and admins of the dealership list devices, with label and state', async () => {
    const { user } = await newConsultant();
    for (const token of [admin, manager]) {
      const listed = await devicesOf(user.id, token);
      expect(listed.status).toBe(200);
      expect(listed.body.devices).toEqual([
        expect.objectContaining({
          clientId: user.clientId,
          label: 'DealerDesk/1.0 (Windows NT 10.0)',
          state: 'active',
          wipeMode: null,
          wipedAt: null,
        }),
      ]);
    }
  });

  it('refuses consultants and other dealerships', async () => {
    const { user } = await newConsultant();
    const byConsultant = await devicesOf(user.id, consultant);
    expect(byConsultant.status).toBe(403);
    for (const path of ['wipe', 'revoke']) {
      const refused = await t.http.request({
        url: `/v1/devices/${user.clientId}/${path}`,
        token: consultant,
        body: {},
      });
      expect(refused.status).toBe(403);
      const elsewhere = await t.http.request({
        url: `/v1/devices/${user.clientId}/${path}`,
        token: otherAdmin,
        body: {},
      });
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.body).toMatchObject({ reason: 'device_not_found' });
    }
    expect((await devicesOf(user.id, otherAdmin)).status).toBe(404);
    expect((await devicesOf(user.id)).body.devices[0]?.state).toBe('active');
  });

  it('signs a device out: its requests fail until its user logs in on it again', async () => {
    const { user, tokens } = await newConsultant();
    const revoked = await t.http.request({
      url: `/v1/devices/${user.clientId}/revoke`,
      token: manager,
      body: {},
    });
    expect(revoked.status).toBe(204);
    const me = await t.http.request({ url: '/v1/me', token: tokens.accessToken });
    expect(me.status).toBe(401);
    expect(me.body).toMatchObject({ reason: 'session_ended' });
    expect((await devicesOf(user.id)).body.devices[0]?.state).toBe('revoked');
    await t.http.login(user);
    expect((await devicesOf(user.id)).body.devices[0]?.state).toBe('active');
  });

  it('wipes a lost laptop: every request gets the wipe answer and nothing it pushes is applied', async () => {
    const { user, tokens } = await newConsultant();
    const wiped = await t.http.request({
      url: `/v1/devices/${user.clientId}/wipe`,
      token: manager,
      body: {},
    });
    expect(wiped.status).toBe(204);

    const push = await t.http.request({
      url: '/v1/push',
      token: tokens.accessToken,
      body: { clientId: user.clientId, mutations: [newCustomer(user, 1)] },
    });
    expect(push.status).toBe(410);
    expect(push.body).toMatchObject({
      error: 'device_wiped',
      reason: 'device_wiped',
      wipeMode: 'discard',
      finalPush: false,
    });
    const [count] = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM mutations WHERE client_id = $1',
      [user.clientId],
    );
    expect(count?.n).toBe(0);
    for (const url of ['/v1/me', '/v1/pull?cursor=0', '/v1/users']) {
      const answer = await t.http.request({ url, token: tokens.accessToken });
      expect(answer.status, url).toBe(410);
    }
    // A laptop whose access token expired gets a pair good for the confirmation only.
    const refresh = await t.http.request<TokenResponse>({
      url: '/v1/auth/refresh',
      body: { refreshToken: tokens.refreshToken },
    });
    expect(refresh.status).toBe(200);
    const token = refresh.body.accessToken;
    for (const url of ['/v1/me', '/v1/pull?cursor=0']) {
      expect((await t.http.request({ url, token })).status, url).toBe(410);
    }
    const pushAgain = await t.http.request({
      url: '/v1/push',
      token,
      body: { clientId: user.clientId, mutations: [newCustomer(user, 1)] },
    });
    expect(pushAgain.status).toBe(410);
    const login = await t.http.request({
      url: '/v1/auth/login',
      body: { login: user.login, password: user.password, clientId: user.clientId },
    });
    expect(login.status).toBe(410);

    const listed = (await devicesOf(user.id)).body.devices[0];
    expect(listed).toMatchObject({
      state: 'wipe_pending',
      wipeMode: 'discard',
      wipeRequestedBy: 'North Manager',
    });
    const confirmed = await t.http.request({ url: '/v1/devices/wiped', token, body: {} });
    expect(confirmed.status).toBe(204);
    expect((await devicesOf(user.id)).body.devices[0]?.state).toBe('wiped');
    const afterWipe = await t.http.request({
      url: '/v1/auth/refresh',
      body: { refreshToken: refresh.body.refreshToken },
    });
    expect(afterWipe.status).toBe(410);
  });

  it('deactivation: the laptop pushes once, then gets the wipe answer', async () => {
    const { user, tokens } = await newConsultant();
    const deactivated = await t.http.request({
      method: 'PATCH',
      url: `/v1/users/${user.id}`,
      token: admin,
      body: { active: false },
    });
    expect(deactivated.status).toBe(200);

    const pull = await t.http.request({ url: '/v1/pull?cursor=0', token: tokens.accessToken });
    expect(pull.status).toBe(410);
    expect(pull.body).toMatchObject({ wipeMode: 'after_push', finalPush: true });

    // The access token has expired by now on a real laptop: the refresh still gets a pair.
    const refreshed = await t.http.request<TokenResponse>({
      url: '/v1/auth/refresh',
      body: { refreshToken: tokens.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    const token = refreshed.body.accessToken;
    expect((await t.http.request({ url: '/v1/me', token })).status).toBe(410);

    const last = newCustomer(user, 1);
    const push = await t.http.request<{ acks: { seq: number; status: string }[] }>({
      url: '/v1/push',
      token,
      body: { clientId: user.clientId, mutations: [last] },
    });
    expect(push.status).toBe(200);
    expect(push.body.acks).toEqual([expect.objectContaining({ seq: 1, status: 'applied' })]);
    const [stored] = await t.db.query<{ owner_id: string }>(
      "SELECT owner_id::text FROM records WHERE table_name = 'customers' AND id = $1",
      [last.rowId],
    );
    expect(stored?.owner_id).toBe(user.id);

    const again = await t.http.request({
      url: '/v1/push',
      token,
      body: { clientId: user.clientId, mutations: [newCustomer(user, 2)] },
    });
    expect(again.status).toBe(410);
    expect(again.body).toMatchObject({ wipeMode: 'after_push', finalPush: false });
    const spent = await t.http.request({
      url: '/v1/auth/refresh',
      body: { refreshToken: tokens.refreshToken },
    });
    expect(spent.status).toBe(410);

    const listed = (await devicesOf(user.id)).body.devices[0];
    expect(listed).toMatchObject({
      state: 'wipe_pending',
      wipeMode: 'after_push',
      wipeRequestedBy: 'North Admin',
    });
    expect((await t.http.request({ url: '/v1/devices/wiped', token, body: {} })).status).toBe(204);
    expect((await devicesOf(user.id)).body.devices[0]?.state).toBe('wiped');
  });

  it('refuses a confirmation from a device that was not marked', async () => {
    const answer = await t.http.request({ url: '/v1/devices/wiped', token: consultant, body: {} });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ reason: 'device_not_marked' });
  });
});
