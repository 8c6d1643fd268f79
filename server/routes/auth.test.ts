import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeResponse, TokenResponse } from '../../shared/sync/protocol';
import {
  createTestApp,
  describeEachBackend,
  newClientId,
  seedDealership,
  TEST_JWT_SECRET,
  type SeededDealership,
  type TestApp,
} from '../test-support';

describeEachBackend('auth routes', (backend) => {
  let t: TestApp;
  let shop: SeededDealership;

  beforeAll(async () => {
    t = await createTestApp(backend, { loginRateLimit: 5 });
    shop = await seedDealership(t.db);
  }, 60_000);
  afterAll(async () => t?.close());

  it('answers /health without the protocol header', async () => {
    const response = await t.http.request({ url: '/health', noProtocol: true });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'ok',
      protocol: 1,
      database: backend,
      certificateFingerprint: null,
    });
  });

  it('refuses /v1 requests without the right protocol version with 426', async () => {
    const variants: Record<string, string>[] = [
      {},
      { 'x-dealerdesk-protocol': '0' },
      { 'x-dealerdesk-protocol': '2' },
    ];
    for (const headers of variants) {
      const response = await t.http.request({
        url: '/v1/auth/login',
        body: { login: 'x', password: 'y', clientId: 'c' },
        noProtocol: true,
        headers,
      });
      expect(response.status).toBe(426);
      expect(response.body).toMatchObject({ error: 'protocol_outdated', serverProtocol: 1 });
    }
  });

  it('logs in and answers /v1/me with the team', async () => {
    const tokens = await t.http.login(shop.consultantA);
    expect(tokens.user).toMatchObject({
      id: shop.consultantA.id,
      role: 'consultant',
      dealershipId: shop.dealershipId,
      dealershipName: 'Showroom',
    });
    expect(new Date(tokens.accessExpiresAt).getTime()).toBeGreaterThan(Date.now());
    const me = await t.http.request<MeResponse>({ url: '/v1/me', token: tokens.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(shop.consultantA.id);
    expect(me.body.team.map((member) => member.id).sort()).toEqual(
      [shop.admin, shop.manager, shop.consultantA, shop.consultantB].map((u) => u.id).sort(),
    );
  });

  it('accepts the login in any case', async () => {
    const tokens = await t.http.login({ ...shop.manager, login: shop.manager.login.toUpperCase() });
    expect(tokens.user.id).toBe(shop.manager.id);
  });

  it('refuses a wrong password and an unknown login alike', async () => {
    const wrong = await t.http.request({
      url: '/v1/auth/login',
      body: { login: shop.admin.login, password: 'wrong password', clientId: newClientId() },
    });
    const unknown = await t.http.request({
      url: '/v1/auth/login',
      body: { login: 'nobody.here', password: 'wrong password', clientId: newClientId() },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body).toMatchObject({ error: 'unauthorized' });
  });

  it('refuses a login body with an unknown field, naming it', async () => {
    const response = await t.http.request({
      url: '/v1/auth/login',
      body: {
        login: shop.admin.login,
        password: shop.admin.password,
        clientId: newClientId(),
        rememberMe: true,
      },
    });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_request', reason: 'validation_failed' });
    expect(JSON.stringify(response.body)).toContain('rememberMe');
  });

  it('refuses malformed JSON with 400', async () => {
    const response = await t.http.request({ url: '/v1/auth/login', body: '{"login": ' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_request', reason: 'malformed_request' });
  });

  it('refuses a client id bound to another user with 403', async () => {
    const shared = newClientId();
    await t.http.login({ ...shop.consultantA, clientId: shared });
    const response = await t.http.request({
      url: '/v1/auth/login',
      body: {
        login: shop.consultantB.login,
        password: shop.consultantB.password,
        clientId: shared,
      },
    });
    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({ error: 'forbidden' });
  });

  it('rate limits login attempts per address and login with 429', async () => {
    const target = 'somebody.guessing';
    const attempt = () =>
      t.http.request({
        url: '/v1/auth/login',
        body: { login: target, password: 'guess guess', clientId: newClientId() },
      });
    for (let i = 0; i < 5; i += 1) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: 'rate_limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another login from the same address is not affected.
    expect((await t.http.login(shop.admin)).user.id).toBe(shop.admin.id);
  });

  it('rotates refresh tokens and revokes the family when a spent one comes back', async () => {
    const first = await t.http.login(shop.manager);
    const second = await t.http.request<TokenResponse>({
      url: '/v1/auth/refresh',
      body: { refreshToken: first.refreshToken },
    });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    const me = await t.http.request({ url: '/v1/me', token: second.body.accessToken });
    expect(me.status).toBe(200);

    // Past the reuse window, in which a retried refresh would get the same pair again.
    await t.db.query(
      `UPDATE refresh_tokens SET used_at = used_at - interval '1 hour' WHERE used_at IS NOT NULL`,
    );
    const replay = await t.http.request({
      url: '/v1/auth/refresh',
      body: { refreshToken: first.refreshToken },
    });
    expect(replay.status).toBe(401);
    expect(replay.body).toMatchObject({ error: 'unauthorized' });
    // The newest token of the family is dead too.
    const afterReuse = await t.http.request({
      url: '/v1/auth/refresh',
      body: { refreshToken: second.body.refreshToken },
    });
    expect(afterReuse.status).toBe(401);
  });

  it('logs out: the refresh token no longer works', async () => {
    const tokens = await t.http.login(shop.manager);
    const out = await t.http.request({
      url: '/v1/auth/logout',
      body: { refreshToken: tokens.refreshToken },
    });
    expect(out.status).toBe(204);
    const again = await t.http.request({
      url: '/v1/auth/refresh',
      body: { refreshToken: tokens.refreshToken },
    });
    expect(again.status).toBe(401);
  });

  it('answers 401 token_expired for an expired access token, unauthorized for a bad one', async () => {
    const key = new TextEncoder().encode(TEST_JWT_SECRET);
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = await new SignJWT({ dealershipId: shop.dealershipId, role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(shop.admin.id)
      .setIssuedAt(past - 900)
      .setExpirationTime(past)
      .sign(key);
    const response = await t.http.request({ url: '/v1/me', token: expired });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: 'token_expired' });

    const forged = await new SignJWT({ dealershipId: shop.dealershipId, role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(shop.admin.id)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('another-secret-another-secret-another-secret'));
    for (const token of [forged, 'not-a-jwt']) {
      const bad = await t.http.request({ url: '/v1/me', token });
      expect(bad.status).toBe(401);
      expect(bad.body).toMatchObject({ error: 'unauthorized' });
    }
    const none = await t.http.request({ url: '/v1/me' });
    expect(none.status).toBe(401);
  });

  it('refuses a deactivated user at login, at refresh and on every request', async () => {
    const admin = await t.http.login(shop.admin);
    const user = shop.consultantB;
    const session = await t.http.login({ ...user, clientId: newClientId() });
    const patch = await t.http.request({
      method: 'PATCH',
      url: `/v1/users/${user.id}`,
      token: admin.accessToken,
      body: { active: false },
    });
    expect(patch.status).toBe(200);

    // The laptop's session is told to wipe itself (server/devices.ts), and reads nothing; the
    // pair a refresh still gives it serves only its one last push.
    const me = await t.http.request({ url: '/v1/me', token: session.accessToken });
    expect(me.status).toBe(410);
    expect(me.body).toMatchObject({ error: 'device_wiped', wipeMode: 'after_push' });
    const refreshed = await t.http.request<{ accessToken: string }>({
      url: '/v1/auth/refresh',
      body: { refreshToken: session.refreshToken },
    });
    expect(refreshed.status).toBe(200);
    for (const url of ['/v1/me', '/v1/pull?cursor=0', '/v1/users']) {
      const read = await t.http.request({ url, token: refreshed.body.accessToken });
      expect(read.status, url).toBe(410);
    }
    const login = await t.http.request({
      url: '/v1/auth/login',
      body: { login: user.login, password: user.password, clientId: newClientId() },
    });
    expect(login.status).toBe(401);
    expect(login.body).toMatchObject({
      error: 'unauthorized',
      message: expect.stringMatching(/deactivated/),
    });
  });

  it('answers CORS preflight for the app origin only', async () => {
    const allowed = await t.http.request({
      method: 'OPTIONS',
      url: '/v1/push',
      noProtocol: true,
      headers: {
        origin: 'app://dealerdesk',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-dealerdesk-protocol',
      },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe('app://dealerdesk');
    expect(String(allowed.headers['access-control-allow-headers'])).toContain(
      'x-dealerdesk-protocol',
    );

    const other = await t.http.request({
      method: 'OPTIONS',
      url: '/v1/push',
      noProtocol: true,
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers unknown routes with the error body', async () => {
    const response = await t.http.request({ url: '/v1/nothing-here' });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ error: 'not_found', reason: 'route_not_found' });
  });
});

describe('body limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', { bodyLimitBytes: 2048 });
  }, 60_000);
  afterAll(async () => t?.close());

  it('refuses a body over the limit with 413 and the error body', async () => {
    const response = await t.http.request({
      url: '/v1/auth/login',
      body: { login: 'x'.repeat(4000), password: 'y', clientId: 'c' },
    });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ error: 'invalid_request', reason: 'body_too_large' });
  });
});
