import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { DeletedCustomersResponse } from '../../shared/sync/protocol';
import {
  clientClock,
  createTestApp,
  customerFields,
  describeEachBackend,
  followUpFields,
  newRowId,
  seedDealership,
  type SeededDealership,
  type TestApp,
  upserts,
} from '../test-support';

describeEachBackend('delete and restore a customer', (backend) => {
  let t: TestApp;
  let shop: SeededDealership;
  const tokens = { a: '', manager: '' };
  let customerId: string;
  let followUpId: string;
  let seq: number;
  let tick: () => string;

  beforeAll(async () => {
    t = await createTestApp(backend);
  }, 60_000);
  afterAll(async () => t?.close());

  const command = (path: string, token: string, body: unknown) =>
    t.http.request<Record<string, unknown>>({ url: `/v1/commands/${path}`, token, body });
  const deleted = async (token: string) =>
    t.http.request<DeletedCustomersResponse>({ url: '/v1/deleted-customers', token });

  beforeEach(async () => {
    shop = await seedDealership(t.db);
    tokens.a = (await t.http.login(shop.consultantA)).accessToken;
    tokens.manager = (await t.http.login(shop.manager)).accessToken;
    tick = clientClock(shop.consultantA.clientId);
    customerId = newRowId();
    followUpId = newRowId();
    seq = 2;
    const response = await t.http.push(tokens.a, shop.consultantA.clientId, [
      { seq: 1, table: 'customers', rowId: customerId, hlc: tick(), fields: customerFields() },
      {
        seq: 2,
        table: 'followUps',
        rowId: followUpId,
        hlc: tick(),
        fields: followUpFields(customerId),
      },
    ]);
    expect(response.acks.map((ack) => ack.status)).toEqual(['applied', 'applied']);
  });

  it('lets a manager delete a card for everyone; the owning consultant may not', async () => {
    const byConsultant = await command('delete-customer', tokens.a, { customerId });
    expect(byConsultant.status).toBe(403);
    expect((await deleted(tokens.a)).status).toBe(403);
    const cursorA = (await t.http.pull(tokens.a)).cursor;
    const cursorManager = (await t.http.pull(tokens.manager)).cursor;

    const response = await command('delete-customer', tokens.manager, {
      customerId,
      reason: '重复录入',
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ customerId, deleted: true });
    // A retry (the answer was lost) changes nothing.
    expect((await command('delete-customer', tokens.manager, { customerId })).status).toBe(200);

    for (const [token, cursor] of [
      [tokens.a, cursorA],
      [tokens.manager, cursorManager],
    ] as const) {
      const changes = await t.http.pullAll(token, cursor);
      expect(changes.at(-1)).toMatchObject({ kind: 'remove', table: 'customers', id: customerId });
    }
    const list = await deleted(tokens.manager);
    expect(list.body.customers).toEqual([
      expect.objectContaining({
        id: customerId,
        name: '张伟',
        ownerId: shop.consultantA.id,
        ownerName: shop.consultantA.name,
        deletedById: shop.manager.id,
        deletedByName: shop.manager.name,
        reason: '重复录入',
      }),
    ]);

    // The old owner's laptop cannot bring it back, nor add to it.
    const late = await t.http.push(tokens.a, shop.consultantA.clientId, [
      { seq: ++seq, table: 'customers', rowId: customerId, hlc: tick(), fields: { city: '苏州' } },
      {
        seq: ++seq,
        table: 'followUps',
        rowId: newRowId(),
        hlc: tick(),
        fields: followUpFields(customerId),
      },
    ]);
    expect(late.acks).toMatchObject([
      { status: 'rejected', reason: 'unknown_customer', current: null },
      { status: 'rejected', reason: 'unknown_customer' },
    ]);
  });

  it('restores a deleted card with its rows and tells it on the timeline', async () => {
    await command('delete-customer', tokens.manager, { customerId, reason: '误删测试' });
    const cursorA = (await t.http.pull(tokens.a)).cursor;
    const byConsultant = await command('restore-customer', tokens.a, { customerId });
    expect(byConsultant.status).toBe(403);

    const response = await command('restore-customer', tokens.manager, { customerId });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ customerId, deleted: false });

    const back = upserts(await t.http.pullAll(tokens.a, cursorA));
    expect(back[0]).toMatchObject({ table: 'customers', id: customerId });
    expect(back[0]?.data.deleted).toBe(false);
    expect(back.map((change) => change.id)).toContain(followUpId);
    const story = back
      .filter((change) => change.table === 'timeline')
      .map((change) => [change.data.kind, change.data.actorId, change.data.text]);
    expect(story).toEqual([
      ['customer_deleted', shop.manager.id, '误删测试'],
      ['customer_restored', shop.manager.id, ''],
    ]);
    expect((await deleted(tokens.manager)).body.customers).toEqual([]);
    // The owner works on it again.
    const edit = await t.http.push(tokens.a, shop.consultantA.clientId, [
      { seq: ++seq, table: 'customers', rowId: customerId, hlc: tick(), fields: { city: '苏州' } },
    ]);
    expect(edit.acks[0]?.status).toBe('applied');
  });

  it(`restores only within 30 days`, async () => {
    await command('delete-customer', tokens.manager, { customerId });
    await t.db.query(
      `UPDATE customer_deletions SET deleted_at = now() - interval '31 days'
       WHERE customer_id = $1`,
      [customerId],
    );
    expect((await deleted(tokens.manager)).body.customers).toEqual([]);
    const response = await command('restore-customer', tokens.manager, { customerId });
    expect(response.status).toBe(409);
    const unknown = await command('restore-customer', tokens.manager, { customerId: newRowId() });
    expect(unknown.status).toBe(404);
  });
});
