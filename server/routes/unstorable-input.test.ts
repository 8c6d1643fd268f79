// Text PostgreSQL cannot store (U+0000, half of a surrogate pair), a year the database has no
// room for, or bytes that are not UTF-8: every route refuses them with 400 before they reach SQL,
// never with a 500 the client would take for a passing failure and send again for ever.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared/sync/protocol';
import {
  createTestApp,
  describeEachBackend,
  newClientId,
  newRowId,
  seedDealership,
  type SeededDealership,
  type TestApp,
} from '../test-support';

const NUL = 'a\u0000b';
const HALF_EMOJI = 'a\ud83d';
const YEAR_ZERO = '0000-01-01T00:00:00.000Z';

describeEachBackend('unstorable input', (backend) => {
  let t: TestApp;
  let shop: SeededDealership;
  const tokens = { admin: '', manager: '' };

  beforeAll(async () => {
    t = await createTestApp(backend);
    shop = await seedDealership(t.db);
    tokens.admin = (await t.http.login(shop.admin)).accessToken;
    tokens.manager = (await t.http.login(shop.manager)).accessToken;
  }, 60_000);
  afterAll(async () => t?.close());

  const post = (url: string, body: unknown, token?: string) =>
    t.http.request({ url, body, ...(token ? { token } : {}) });

  it('refuses unstorable text at login, and the server’s own clock node as a client id', async () => {
    for (const login of [NUL, HALF_EMOJI]) {
      const response = await post('/v1/auth/login', {
        login,
        password: 'whatever1',
        clientId: newClientId(),
      });
      expect(response.status).toBe(400);
    }
    const server = await post('/v1/auth/login', {
      login: shop.consultantA.login,
      password: shop.consultantA.password,
      clientId: 'server',
    });
    expect(server.status).toBe(400);
  });

  it('refuses unstorable text and ids in user administration', async () => {
    for (const name of [NUL, HALF_EMOJI]) {
      const created = await post(
        '/v1/users',
        { login: `u${Date.now()}`, name, role: 'consultant', password: 'long enough' },
        tokens.admin,
      );
      expect(created.status).toBe(400);
      const renamed = await t.http.request({
        method: 'PATCH',
        url: `/v1/users/${shop.consultantB.id}`,
        token: tokens.admin,
        body: { name },
      });
      expect(renamed.status).toBe(400);
    }
    const notAnId = await t.http.request({
      method: 'PATCH',
      url: '/v1/users/not-a-uuid',
      token: tokens.admin,
      body: { name: 'Someone' },
    });
    expect(notAnId.status).toBe(400);
  });

  it('refuses an export record with a year 0 or unstorable owner ids', async () => {
    const record = (overrides: Record<string, unknown>, filter: Record<string, unknown> = {}) => ({
      id: newRowId(),
      format: 'csv',
      exportedAt: new Date().toISOString(),
      rowCount: 1,
      filter: {
        ownerIds: [],
        grades: [],
        intents: [],
        sources: [],
        range: { from: '2026-10-24T16:00:00.000Z', to: '2026-12-01T16:00:00.000Z' },
        bucket: null,
        ...filter,
      },
      ...overrides,
    });
    const cases = [
      record({ exportedAt: YEAR_ZERO }),
      record({}, { ownerIds: [NUL] }),
      record({}, { ownerIds: [HALF_EMOJI] }),
      record({}, { range: { from: YEAR_ZERO, to: '2026-12-01T16:00:00.000Z' } }),
    ];
    for (const body of cases) {
      expect((await post('/v1/exports', body, tokens.manager)).status).toBe(400);
    }
    // A sound one still goes through.
    expect((await post('/v1/exports', record({}), tokens.manager)).status).toBe(201);
  });

  it('refuses unstorable ids and notes in the commands', async () => {
    const customerId = newRowId();
    const requests: Array<[string, unknown]> = [
      ['/v1/commands/decide-lost', { customerId: NUL, decision: 'approve' }],
      ['/v1/commands/decide-lost', { customerId, decision: 'approve', note: HALF_EMOJI }],
      ['/v1/commands/decide-lost', { customerId, decision: 'approve', note: NUL }],
      ['/v1/commands/reassign-customers', { customerIds: [NUL], toUserId: shop.consultantB.id }],
      ['/v1/commands/reassign-customers', { customerIds: [customerId], toUserId: NUL }],
      ['/v1/commands/reassign-customers', { customerIds: [customerId], toUserId: 'nobody' }],
      [
        '/v1/commands/merge-customers',
        { survivorId: HALF_EMOJI, mergedIds: [customerId], ownerId: shop.consultantA.id },
      ],
      [
        '/v1/commands/merge-customers',
        { survivorId: customerId, mergedIds: [NUL], ownerId: shop.consultantA.id },
      ],
      [
        '/v1/commands/merge-customers',
        { survivorId: customerId, mergedIds: [newRowId()], ownerId: 'nobody' },
      ],
    ];
    for (const [url, body] of requests) {
      const response = await post(url, body, tokens.manager);
      expect({ url, body, status: response.status }).toEqual({ url, body, status: 400 });
    }
  });

  it('refuses a body that is not valid UTF-8 instead of storing U+FFFD', async () => {
    const json = JSON.stringify({
      login: 'PLACEHOLDER',
      password: 'whatever1',
      clientId: newClientId(),
    });
    const [before, after] = json.split('PLACEHOLDER');
    const payload = Buffer.concat([
      Buffer.from(before ?? ''),
      Buffer.from([0x61, 0xff, 0xfe, 0x62]),
      Buffer.from(after ?? ''),
    ]);
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      headers: {
        'content-type': 'application/json',
        [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
      },
      payload,
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ error: 'invalid_request' });
    // Valid UTF-8 (Chinese, a whole emoji) is read as it came.
    const fine = await post('/v1/auth/login', {
      login: '张伟😀',
      password: 'whatever1',
      clientId: newClientId(),
    });
    expect(fine.status).toBe(401);
  });
});
