import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { NEW_ROW_SCHEMAS } from '../../shared/sync/tables';
import {
  clientClock,
  createTestApp,
  customerFields,
  describeEachBackend,
  newRowId,
  seedDealership,
  type SeededDealership,
  type TestApp,
  upserts,
} from '../test-support';

describeEachBackend('decide-lost command', (backend) => {
  let t: TestApp;
  let shop: SeededDealership;
  const tokens = { a: '', manager: '' };
  let customerId: string;

  const decide = (token: string, body: Record<string, unknown>) =>
    t.http.request<Record<string, unknown>>({ url: '/v1/commands/decide-lost', token, body });

  beforeAll(async () => {
    t = await createTestApp(backend);
  }, 60_000);
  afterAll(async () => t?.close());

  beforeEach(async () => {
    shop = await seedDealership(t.db);
    tokens.a = (await t.http.login(shop.consultantA)).accessToken;
    tokens.manager = (await t.http.login(shop.manager)).accessToken;
    customerId = newRowId();
    const tick = clientClock(shop.consultantA.clientId);
    const response = await t.http.push(tokens.a, shop.consultantA.clientId, [
      {
        seq: 1,
        table: 'customers',
        rowId: customerId,
        hlc: tick(),
        fields: customerFields({
          status: 'lost_requested',
          statusBeforeLost: 'following',
          lostReason: '预算不够',
          lostRequestedAt: new Date().toISOString(),
        }),
      },
    ]);
    expect(response.acks[0]?.status).toBe('applied');
  });

  it('approves: the customer is lost for everyone, with the manager’s note on the timeline', async () => {
    const answer = await decide(tokens.manager, {
      customerId,
      decision: 'approve',
      note: '已确认客户购买竞品',
    });
    expect(answer).toMatchObject({ status: 200, body: { status: 'lost' } });

    const changes = await t.http.pullAll(tokens.a);
    const card = upserts(changes, 'customers').find((change) => change.id === customerId);
    expect(card?.data.status).toBe('lost');
    expect(card?.clocks.status).toMatch(/:server$/);
    const entry = upserts(changes, 'timeline').find(
      (change) => change.data.kind === 'lost_approved',
    );
    expect(entry?.data).toMatchObject({
      customerId,
      actorId: shop.manager.id,
      text: '已确认客户购买竞品',
      ownerId: shop.consultantA.id,
    });
  });

  it('sends back to the status before the request, and cannot decide twice', async () => {
    const answer = await decide(tokens.manager, { customerId, decision: 'send_back' });
    expect(answer.body).toEqual({ status: 'following' });
    const card = upserts(await t.http.pullAll(tokens.a), 'customers').find(
      (change) => change.id === customerId,
    );
    expect(card?.data).toMatchObject({ status: 'following', statusBeforeLost: null });

    const again = await decide(tokens.manager, { customerId, decision: 'approve' });
    expect(again).toMatchObject({ status: 409, body: { error: 'conflict' } });
  });

  it('plans the next follow-up of a customer sent back with no open plan, once', async () => {
    await decide(tokens.manager, { customerId, decision: 'send_back' });
    const changes = await t.http.pullAll(tokens.a);
    const plans = upserts(changes, 'followUps').filter(
      (change) => change.data.customerId === customerId,
    );
    expect(plans).toHaveLength(1);
    const plan = plans[0]!;
    // By the cadence and the stage, as a purpose code each reader's app words in its language.
    expect(plan.data).toMatchObject({
      state: 'planned',
      kind: 'sales',
      channel: 'phone',
      ownerId: shop.consultantA.id,
    });
    expect(['follow_up', 'close_deal', 'invite_visit', 'nurture']).toContain(plan.data.purpose);
    expect(Date.parse(String(plan.data.dueAt))).toBeGreaterThan(Date.now());
    expect(plan.clocks.state).toMatch(/:server$/);
    const { id: _id, dealershipId: _d, ownerId: _o, ...fields } = plan.data;
    expect(NEW_ROW_SCHEMAS.followUps.safeParse(fields).error).toBeUndefined();
    expect(
      upserts(changes, 'timeline').some(
        (change) =>
          change.data.kind === 'follow_up_planned' && change.data.customerId === customerId,
      ),
    ).toBe(true);
  });

  it('plans nothing more for a customer sent back who still has an open plan', async () => {
    const tick = clientClock(shop.consultantA.clientId);
    const pushed = await t.http.push(tokens.a, shop.consultantA.clientId, [
      {
        seq: 2,
        table: 'followUps',
        rowId: newRowId(),
        hlc: tick(),
        fields: {
          createdAt: new Date().toISOString(),
          updatedAt: new Date().toISOString(),
          deleted: false,
          customerId,
          dueAt: new Date(Date.now() + 86_400_000).toISOString(),
          channel: 'wechat',
          purpose: '再约一次试驾',
          state: 'planned',
          completedAt: null,
          outcome: null,
          result: '',
        },
      },
    ]);
    expect(pushed.acks[0]).toMatchObject({ status: 'applied' });
    await decide(tokens.manager, { customerId, decision: 'send_back' });
    const plans = upserts(await t.http.pullAll(tokens.a), 'followUps').filter(
      (change) => change.data.customerId === customerId,
    );
    expect(plans.map((plan) => plan.data.purpose)).toEqual(['再约一次试驾']);
  });

  it('is for managers only, within their dealership, with a valid body', async () => {
    const byConsultant = await decide(tokens.a, { customerId, decision: 'approve' });
    expect(byConsultant).toMatchObject({ status: 403, body: { error: 'forbidden' } });

    const south = await seedDealership(t.db, 'South');
    const southToken = (await t.http.login(south.manager)).accessToken;
    const elsewhere = await decide(southToken, { customerId, decision: 'approve' });
    expect(elsewhere).toMatchObject({ status: 404, body: { error: 'not_found' } });

    const unknownField = await decide(tokens.manager, {
      customerId,
      decision: 'approve',
      approvedBy: 'me',
    });
    expect(unknownField).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
    const badDecision = await decide(tokens.manager, { customerId, decision: 'maybe' });
    expect(badDecision.status).toBe(400);

    // Nothing of that changed the card.
    const card = upserts(await t.http.pullAll(tokens.a), 'customers').find(
      (change) => change.id === customerId,
    );
    expect(card?.data.status).toBe('lost_requested');
  });

  it('refuses a consultant’s push that marks a customer lost', async () => {
    const response = await t.http.push(tokens.a, shop.consultantA.clientId, [
      {
        seq: 2,
        table: 'customers',
        rowId: customerId,
        hlc: clientClock(shop.consultantA.clientId)(),
        fields: { status: 'lost' },
      },
    ]);
    expect(response.acks[0]).toMatchObject({ status: 'rejected', reason: 'forbidden' });
  });
});
