import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TeamMember } from '../../shared/sync/protocol';
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
  type TestApp,
} from '../test-support';

describeEachBackend('users routes', (backend) => {
  let t: TestApp;
  let shop: SeededDealership;
  let other: SeededDealership;
  const tokens: Record<'admin' | 'manager' | 'consultant' | 'otherAdmin', string> = {
    admin: '',
    manager: '',
    consultant: '',
    otherAdmin: '',
  };

  beforeAll(async () => {
    t = await createTestApp(backend);
    shop = await seedDealership(t.db, 'North');
    other = await seedDealership(t.db, 'South');
    tokens.admin = (await t.http.login(shop.admin)).accessToken;
    tokens.manager = (await t.http.login(shop.manager)).accessToken;
    tokens.consultant = (await t.http.login(shop.consultantA)).accessToken;
    tokens.otherAdmin = (await t.http.login(other.admin)).accessToken;
  }, 60_000);
  afterAll(async () => t?.close());

  it('lets managers and admins list their own dealership only', async () => {
    for (const token of [tokens.admin, tokens.manager]) {
      const response = await t.http.request<{ users: TeamMember[] }>({ url: '/v1/users', token });
      expect(response.status).toBe(200);
      const ids = response.body.users.map((user) => user.id);
      expect(ids).toContain(shop.consultantA.id);
      expect(ids).not.toContain(other.consultantA.id);
      expect(JSON.stringify(response.body)).not.toMatch(/password/i);
    }
    const consultant = await t.http.request({ url: '/v1/users', token: tokens.consultant });
    expect(consultant.status).toBe(403);
    expect(consultant.body).toMatchObject({ error: 'forbidden' });
  });

  it('refuses weak passwords when creating a user or setting a password', async () => {
    for (const password of ['password', '12345678', '        ', 'qwertyuiop', 'password123']) {
      const created = await t.http.request<{ issues: { message: string }[] }>({
        url: '/v1/users',
        token: tokens.admin,
        body: { login: uniqueLogin('weak'), name: 'Weak', role: 'consultant', password },
      });
      expect(created.status, password).toBe(400);
      expect(created.body.issues[0]?.message).toMatch(/^password: /);
      const reset = await t.http.request({
        method: 'PATCH',
        url: `/v1/users/${shop.consultantB.id}`,
        token: tokens.admin,
        body: { password },
      });
      expect(reset.status, password).toBe(400);
    }
  });

  it('lets only admins create users', async () => {
    const body = {
      login: uniqueLogin('new'),
      name: 'New Hire',
      role: 'consultant',
      password: 'long enough',
    };
    for (const token of [tokens.consultant, tokens.manager]) {
      const refused = await t.http.request({ url: '/v1/users', token, body });
      expect(refused.status).toBe(403);
    }
    const created = await t.http.request<TeamMember>({
      url: '/v1/users',
      token: tokens.admin,
      body,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ login: body.login, role: 'consultant', active: true });
    const login = await t.http.request({
      url: '/v1/auth/login',
      body: { login: body.login, password: body.password, clientId: newClientId() },
    });
    expect(login.status).toBe(200);

    const duplicate = await t.http.request({
      url: '/v1/users',
      token: tokens.otherAdmin,
      body: { ...body, login: body.login.toUpperCase() },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toMatchObject({ error: 'conflict', reason: 'login_taken' });
  });

  it('validates new users strictly', async () => {
    const response = await t.http.request({
      url: '/v1/users',
      token: tokens.admin,
      body: { login: 'x', name: '', role: 'boss', password: 'short', extra: 1 },
    });
    expect(response.status).toBe(400);
    const paths = (response.body.issues as { path: string }[]).map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['login', 'name', 'role', 'password']));
    expect(JSON.stringify(response.body)).toContain('extra');
  });

  it('lets admins change users of their own dealership only', async () => {
    const renamed = await t.http.request<TeamMember>({
      method: 'PATCH',
      url: `/v1/users/${shop.consultantB.id}`,
      token: tokens.admin,
      body: { name: 'Consultant B (senior)' },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Consultant B (senior)');

    const manager = await t.http.request({
      method: 'PATCH',
      url: `/v1/users/${shop.consultantB.id}`,
      token: tokens.manager,
      body: { name: 'Nope' },
    });
    expect(manager.status).toBe(403);

    const foreign = await t.http.request({
      method: 'PATCH',
      url: `/v1/users/${shop.consultantB.id}`,
      token: tokens.otherAdmin,
      body: { active: false },
    });
    expect(foreign.status).toBe(404);

    const self = await t.http.request({
      method: 'PATCH',
      url: `/v1/users/${shop.admin.id}`,
      token: tokens.admin,
      body: { active: false },
    });
    expect(self.status).toBe(409);
    expect(self.body).toMatchObject({ reason: 'cannot_change_own_account' });
  });

  it('refuses to deactivate a user who still owns customers', async () => {
    const user = shop.consultantA;
    const tick = clientClock(user.clientId);
    const customerId = newRowId();
    await t.http.push(tokens.consultant, user.clientId, [
      { seq: 1, table: 'customers', rowId: customerId, hlc: tick(), fields: customerFields() },
    ]);
    const response = await t.http.request({
      method: 'PATCH',
      url: `/v1/users/${user.id}`,
      token: tokens.admin,
      body: { active: false },
    });
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ error: 'conflict', reason: 'user_owns_customers' });

    // After handing the customer over, deactivation goes through.
    const moved = await t.http.request({
      url: '/v1/commands/reassign-customers',
      token: tokens.manager,
      body: { customerIds: [customerId], toUserId: shop.consultantB.id },
    });
    expect(moved.status).toBe(200);
    const again = await t.http.request<TeamMember>({
      method: 'PATCH',
      url: `/v1/users/${user.id}`,
      token: tokens.admin,
      body: { active: false },
    });
    expect(again.status).toBe(200);
    expect(again.body.active).toBe(false);
  });

  it('brings the whole dealership to a consultant promoted to manager', async () => {
    const promoted = {
      ...shop.consultantB,
      id: '',
      login: uniqueLogin('promoted'),
      clientId: newClientId(),
    };
    const created = await t.http.request<TeamMember>({
      url: '/v1/users',
      token: tokens.admin,
      body: {
        login: promoted.login,
        name: 'Promoted',
        role: 'consultant',
        password: promoted.password,
      },
    });
    promoted.id = created.body.id;
    const session = await t.http.login(promoted);
    const before = await t.http.pullAll(session.accessToken);
    expect(before.filter((change) => change.table === 'customers')).toEqual([]);
    const cursor = before.at(-1)?.seq ?? '0';

    await t.http.request({
      method: 'PATCH',
      url: `/v1/users/${promoted.id}`,
      token: tokens.admin,
      body: { role: 'manager' },
    });
    const after = await t.http.pullAll(session.accessToken, cursor);
    expect(after.some((change) => change.table === 'customers' && change.kind === 'upsert')).toBe(
      true,
    );

    // And demoted again: those rows leave the device.
    await t.http.request({
      method: 'PATCH',
      url: `/v1/users/${promoted.id}`,
      token: tokens.admin,
      body: { role: 'consultant' },
    });
    const last = after.at(-1)?.seq ?? cursor;
    const demoted = await t.http.pullAll(session.accessToken, last);
    expect(demoted.some((change) => change.table === 'customers' && change.kind === 'remove')).toBe(
      true,
    );
  });
});
