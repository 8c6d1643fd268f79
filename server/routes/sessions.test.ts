// Sessions end at once: a logout, a new password or a deactivation stops the access tokens and the
// event streams of the session, not when the token expires. A refresh whose answer was lost, or
// two racing refreshes, keep the session (the reuse window); a spent token after the window ends it.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROTOCOL_HEADER, type TokenResponse } from '../../shared/sync/protocol';
import {
  createTestApp,
  describeEachBackend,
  newClientId,
  seedDealership,
  TEST_JWT_SECRET,
  type SeededDealership,
  type SeededUser,
  type TestApp,
} from '../test-support';
import { SignJWT } from 'jose';

describeEachBackend('sessions', (backend) => {
  let t: TestApp;
  let shop: SeededDealership;
  let baseUrl: string;

  beforeAll(async () => {
    t = await createTestApp(backend);
    shop = await seedDealership(t.db);
    baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  }, 60_000);
  afterAll(async () => t?.close());

  const me = (token: string) => t.http.request({ url: '/v1/me', token });
  const refresh = (refreshToken: string) =>
    t.http.request<TokenResponse>({ url: '/v1/auth/refresh', body: { refreshToken } });
  const loginFresh = (user: SeededUser) => t.http.login({ ...user, clientId: newClientId() });
  const adminToken = async () => (await loginFresh(shop.admin)).accessToken;

  it('ends the access token at once on logout, and only that session', async () => {
    const session = await loginFresh(shop.consultantA);
    const otherSession = await loginFresh(shop.consultantA);
    expect((await me(session.accessToken)).status).toBe(200);
    const out = await t.http.request({
      url: '/v1/auth/logout',
      body: { refreshToken: session.refreshToken },
    });
    expect(out.status).toBe(204);
    const after = await me(session.accessToken);
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ error: 'unauthorized' });
    expect((await me(otherSession.accessToken)).status).toBe(200);
  });

  it('ends every access token of a user at once when an admin sets a new password', async () => {
    const session = await loginFresh(shop.consultantB);
    expect((await me(session.accessToken)).status).toBe(200);
    const reset = await t.http.request({
      method: 'PATCH',
      url: `/v1/users/${shop.consultantB.id}`,
      token: await adminToken(),
      body: { password: 'a brand new secret' },
    });
    expect(reset.status).toBe(200);
    expect((await me(session.accessToken)).status).toBe(401);
    expect((await refresh(session.refreshToken)).status).toBe(401);
    shop.consultantB.password = 'a brand new secret';
  });

  it('closes the event stream of a session that logs out', async () => {
    const session = await loginFresh(shop.manager);
    const response = await fetch(`${baseUrl}/v1/events`, {
      headers: { authorization: `Bearer ${session.accessToken}`, [PROTOCOL_HEADER]: '1' },
    });
    expect(response.status).toBe(200);
    const body = response.body;
    if (!body) throw new Error('no stream');
    const reader = body.getReader();
    await reader.read(); // "connected"
    const ended = (async () => {
      for (;;) if ((await reader.read()).done) return 'ended';
    })();
    await t.http.request({ url: '/v1/auth/logout', body: { refreshToken: session.refreshToken } });
    // Far less than the 25 s keep-alive: the logout itself ends the stream.
    const timeout = new Promise((resolve) => setTimeout(() => resolve('still open'), 3000));
    expect(await Promise.race([ended, timeout])).toBe('ended');
    await reader.cancel().catch(() => {});
  });

  it('answers a retried refresh within the reuse window with the same pair, and both work', async () => {
    const session = await loginFresh(shop.consultantA);
    const first = await refresh(session.refreshToken);
    expect(first.status).toBe(200);
    // The answer was lost: the client retries with the token it still has.
    const retried = await refresh(session.refreshToken);
    expect(retried.status).toBe(200);
    expect(retried.body.accessToken).toBe(first.body.accessToken);
    expect(retried.body.refreshToken).toBe(first.body.refreshToken);
    expect(retried.body.refreshExpiresAt).toBe(first.body.refreshExpiresAt);
    expect((await me(retried.body.accessToken)).status).toBe(200);
    const next = await refresh(retried.body.refreshToken);
    expect(next.status).toBe(200);
    expect((await me(next.body.accessToken)).status).toBe(200);
  });

  it('gives two simultaneous refreshes one pair, and keeps the session', async () => {
    const session = await loginFresh(shop.consultantA);
    const [a, b] = await Promise.all([
      refresh(session.refreshToken),
      refresh(session.refreshToken),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.refreshToken).toBe(b.body.refreshToken);
    expect(a.body.accessToken).toBe(b.body.accessToken);
    expect((await refresh(a.body.refreshToken)).status).toBe(200);
  });

  it('revokes the family when a spent token comes back after the reuse window', async () => {
    const session = await loginFresh(shop.consultantA);
    const next = await refresh(session.refreshToken);
    expect(next.status).toBe(200);
    // The window (60 s by default) has passed.
    await t.db.query(
      `UPDATE refresh_tokens SET used_at = used_at - interval '10 minutes' WHERE used_at IS NOT NULL`,
    );
    const replay = await refresh(session.refreshToken);
    expect(replay.status).toBe(401);
    expect((await refresh(next.body.refreshToken)).status).toBe(401);
    expect((await me(next.body.accessToken)).status).toBe(401);
  });

  it('revokes the family when a spent token comes back after its successor was used', async () => {
    const session = await loginFresh(shop.consultantA);
    const second = await refresh(session.refreshToken);
    const third = await refresh(second.body.refreshToken);
    expect(third.status).toBe(200);
    // Within the window, but the client already moved on: this is a copy.
    expect((await refresh(session.refreshToken)).status).toBe(401);
    expect((await refresh(third.body.refreshToken)).status).toBe(401);
    expect((await me(third.body.accessToken)).status).toBe(401);
  });

  it('asks a client with an access token of no session to refresh it', async () => {
    const token = await new SignJWT({ dealershipId: shop.dealershipId, role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(shop.admin.id)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const response = await me(token);
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ error: 'token_expired' });
  });
});
