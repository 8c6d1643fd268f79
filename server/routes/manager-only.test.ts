// The manager's workspace, seen from a consultant's token: every manager action is refused by the
// server (not just hidden in the UI), and the data behind the team board never reaches them.

import { afterAll, beforeAll, expect, it } from 'vitest';
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
} from '../test-support';

describeEachBackend('manager-only actions', (backend) => {
  let t: TestApp;
  let shop: SeededDealership;
  const tokens = { a: '', b: '', manager: '' };
  let customerOfB: string;

  beforeAll(async () => {
    t = await createTestApp(backend);
    shop = await seedDealership(t.db);
    tokens.a = (await t.http.login(shop.consultantA)).accessToken;
    tokens.b = (await t.http.login(shop.consultantB)).accessToken;
    tokens.manager = (await t.http.login(shop.manager)).accessToken;
    customerOfB = newRowId();
    const tick = clientClock(shop.consultantB.clientId);
    const pushed = await t.http.push(tokens.b, shop.consultantB.clientId, [
      {
        seq: 1,
        table: 'customers',
        rowId: customerOfB,
        hlc: tick(),
        fields: customerFields({ status: 'lost_requested', statusBeforeLost: 'following' }),
      },
      {
        seq: 2,
        table: 'followUps',
        rowId: newRowId(),
        hlc: tick(),
        fields: followUpFields(customerOfB),
      },
    ]);
    expect(pushed.acks.map((ack) => ack.status)).toEqual(['applied', 'applied']);
  }, 60_000);
  afterAll(async () => t?.close());

  it('refuses a consultant every manager command and the export log', async () => {
    const refused = [
      {
        url: '/v1/commands/reassign-customers',
        body: { customerIds: [customerOfB], toUserId: shop.consultantA.id },
      },
      { url: '/v1/commands/decide-lost', body: { customerId: customerOfB, decision: 'approve' } },
      {
        url: '/v1/commands/merge-customers',
        body: { survivorId: customerOfB, mergedIds: [newRowId()], ownerId: shop.consultantA.id },
      },
      {
        url: '/v1/exports',
        body: {
          id: '0193f1a2-0000-7000-8000-000000000001',
          format: 'xlsx',
          exportedAt: new Date().toISOString(),
          rowCount: 1,
          filter: {},
        },
      },
      { url: '/v1/exports?limit=10&offset=0' },
      { url: '/v1/users' },
    ];
    for (const request of refused) {
      const answer = await t.http.request({ ...request, token: tokens.a });
      expect({ url: request.url, status: answer.status }).toEqual({
        url: request.url,
        status: 403,
      });
    }
    // Nothing changed: the lost request still waits for a manager.
    const mine = await t.http.pullAll(tokens.b);
    const card = mine.find((change) => change.kind === 'upsert' && change.id === customerOfB);
    expect(card?.kind === 'upsert' ? card.data.status : null).toBe('lost_requested');
  });

  it('never sends a consultant the rows the team board is made of', async () => {
    const consultantView = await t.http.pullAll(tokens.a);
    const others = consultantView.filter(
      (change) =>
        change.kind === 'upsert' &&
        (change.id === customerOfB || change.data.customerId === customerOfB),
    );
    expect(others).toEqual([]);
    // The manager's laptop gets them (that is the board's input).
    const managerView = await t.http.pullAll(tokens.manager);
    const tables = managerView
      .filter(
        (change) =>
          change.kind === 'upsert' &&
          (change.id === customerOfB || change.data.customerId === customerOfB),
      )
      .map((change) => change.table)
      .sort();
    expect(tables).toContain('customers');
    expect(tables).toContain('followUps');
  });
});
