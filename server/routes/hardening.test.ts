// Small leaks closed: headers on every answer, answers that confirm nothing (a guessed password of
// a deactivated account, another dealership's logins), manager-only routes that refuse before the
// body is read, and logs without customer data.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared/sync/protocol';
import { buildServer } from '../app';
import {
  createTestApp,
  describeEachBackend,
  newClientId,
  seedDealership,
  testConfig,
  uniqueLogin,
  type SeededDealership,
  type TestApp,
} from '../test-support';

describeEachBackend('hardening', (backend) => {
  let t: TestApp;
  let shop: SeededDealership;
  let other: SeededDealership;
  const tokens = { admin: '', consultant: '', otherAdmin: '' };

  beforeAll(async () => {
    t = await createTestApp(backend);
    shop = await seedDealership(t.db);
    other = await seedDealership(t.db, 'Other Showroom');
    tokens.admin = (await t.http.login(shop.admin)).accessToken;
    tokens.consultant = (await t.http.login(shop.consultantA)).accessToken;
    tokens.otherAdmin = (await t.http.login(other.admin)).accessToken;
  }, 60_000);
  afterAll(async () => t?.close());

  it('sends no-store and nosniff on token answers and every other answer', async () => {
    const login = await t.http.request({
      url: '/v1/auth/login',
      body: { login: shop.manager.login, password: shop.manager.password, clientId: newClientId() },
    });
    expect(login.status).toBe(200);
    const refreshToken = (login.body as { refreshToken: string }).refreshToken;
    const answers = [
      login,
      await t.http.request({ url: '/v1/auth/refresh', body: { refreshToken } }),
      await t.http.request({ url: '/v1/me', token: tokens.consultant }),
      await t.http.request({ url: '/v1/me' }),
      await t.http.request({ url: '/v1/nothing-here', token: tokens.consultant }),
      await t.http.request({ url: '/v1/me', noProtocol: true }),
      await t.http.request({ url: '/health', noProtocol: true }),
    ];
    for (const answer of answers) {
      expect(answer.headers['x-content-type-options'], String(answer.status)).toBe('nosniff');
      expect(answer.headers['cache-control'], String(answer.status)).toBe('no-store');
    }
  });

  it('answers a deactivated account like a wrong password, right password or not', async () => {
    const login = uniqueLogin('leaving');
    const password = 'leaving soon 2026';
    const created = await t.http.request<{ id: string }>({
      url: '/v1/users',
      token: tokens.admin,
      body: { login, name: 'Leaving', role: 'consultant', password },
    });
    const off = await t.http.request({
      method: 'PATCH',
      url: `/v1/users/${created.body.id}`,
      token: tokens.admin,
      body: { active: false },
    });
    expect(off.status).toBe(200);
    const attempt = (guess: string) =>
      t.http.request({
        url: '/v1/auth/login',
        body: { login, password: guess, clientId: newClientId() },
      });
    const right = await attempt(password);
    const wrong = await attempt('not the password at all');
    expect(right.status).toBe(401);
    expect(right.body).toEqual(wrong.body);
  });

  it("does not tell one dealership's admin which logins another dealership has", async () => {
    const create = (token: string, login: string) =>
      t.http.request<{ message: string }>({
        url: '/v1/users',
        token,
        body: { login, name: 'Somebody', role: 'consultant', password: 'a long password 1' },
      });
    const elsewhere = await create(tokens.otherAdmin, shop.consultantA.login);
    const here = await create(tokens.otherAdmin, other.consultantA.login);
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body).toEqual(here.body);
    expect(elsewhere.body.message).not.toContain(shop.consultantA.login);
  });

  it('refuses a consultant on manager-only routes with 403 before reading the body', async () => {
    const routes: { method: 'POST' | 'PATCH'; url: string }[] = [
      { method: 'POST', url: '/v1/exports' },
      { method: 'POST', url: '/v1/users' },
      { method: 'PATCH', url: `/v1/users/${shop.consultantB.id}` },
      { method: 'POST', url: '/v1/commands/reassign-customers' },
      { method: 'POST', url: '/v1/commands/decide-lost' },
      { method: 'POST', url: '/v1/commands/merge-customers' },
    ];
    for (const route of routes) {
      const response = await t.http.request({ ...route, token: tokens.consultant, body: '{"id":' });
      expect(response.status, route.url).toBe(403);
      expect(response.body, route.url).toMatchObject({ error: 'forbidden' });
    }
    // Without a token it is 401, also before the body.
    const anonymous = await t.http.request({ url: '/v1/exports', body: '{"id":' });
    expect(anonymous.status).toBe(401);
  });

  it('logs a failed request without the customer data in the error', async () => {
    const lines: string[] = [];
    const app = await buildServer(testConfig({ logLevel: 'error' }), t.db, {
      logStream: { write: (line) => lines.push(line) },
    });
    // A database error that quotes a value, as a failed write of a customer would.
    app.get('/v1/failing-write', async () => {
      await t.db.query('SELECT $1::uuid', ['13800138000']);
      return {};
    });
    await app.ready();
    try {
      const response = await app.inject({
        url: '/v1/failing-write',
        headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      });
      expect(response.statusCode).toBe(500);
      const log = lines.join('');
      expect(log).toContain('request failed');
      expect(log).toContain('22P02');
      expect(log).not.toContain('13800138000');
    } finally {
      await app.close();
    }
  });
});
