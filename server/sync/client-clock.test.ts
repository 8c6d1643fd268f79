import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Mutation, PullResponse, PushResponse } from '../../shared/sync/protocol';
import {
  createTestApp,
  customerFields,
  describeEachBackend,
  followUpFields,
  hlcOf,
  newRowId,
  seedDealership,
  type SeededDealership,
  type TestApp,
} from '../test-support';

type Report = { seenHlc: string; outboxSeq: number };

describeEachBackend('clock bounds of a client', (backend) => {
  let t: TestApp;
  let shop: SeededDealership;
  const tokens = { a: '', manager: '' };
  let clientA: string;
  let customerId: string;
  let otherId: string;
  let created: string;
  /** The last server HLC consultant A's laptop folded in. */
  let seenByA: string;

  beforeAll(async () => {
    t = await createTestApp(backend);
  }, 60_000);
  afterAll(async () => t?.close());

  const push = async (mutations: Mutation[], report?: Report) => {
    const response = await t.http.request<PushResponse>({
      url: '/v1/push',
      token: tokens.a,
      body: { clientId: clientA, mutations, ...report },
    });
    expect(response.status).toBe(200);
    seenByA = response.body.serverHlc;
    return response.body;
  };

  const pull = async (report?: Report) => {
    const query = new URLSearchParams({ cursor: '0', clientId: clientA });
    if (report) {
      query.set('seenHlc', report.seenHlc);
      query.set('outboxSeq', String(report.outboxSeq));
    }
    return t.http.request<PullResponse>({ url: `/v1/pull?${query}`, token: tokens.a });
  };

  const reassignToB = async () => {
    const response = await t.http.request({
      url: '/v1/commands/reassign-customers',
      token: tokens.manager,
      body: { customerIds: [customerId], toUserId: shop.consultantB.id },
    });
    expect(response.status).toBe(200);
    // The reassignment's own HLC, as B's laptop sees it on the customer.
    const changes = await t.http.pullAll((await t.http.login(shop.consultantB)).accessToken);
    const card = changes.find((change) => change.kind === 'upsert' && change.id === customerId);
    if (card?.kind !== 'upsert') throw new Error('B did not get the card');
    return Number((card.clocks.ownerId ?? '').split(':')[0]);
  };

  const cityChange = (seq: number, hlc: string): Mutation => ({
    seq,
    table: 'customers',
    rowId: customerId,
    hlc,
    fields: { city: '南京' },
    base: { city: created },
  });

  beforeEach(async () => {
    shop = await seedDealership(t.db);
    clientA = shop.consultantA.clientId;
    tokens.a = (await t.http.login(shop.consultantA)).accessToken;
    tokens.manager = (await t.http.login(shop.manager)).accessToken;
    customerId = newRowId();
    otherId = newRowId();
    created = hlcOf(clientA, Date.now() - 120_000);
    const response = await push([
      { seq: 1, table: 'customers', rowId: customerId, hlc: created, fields: customerFields() },
      {
        seq: 2,
        table: 'customers',
        rowId: otherId,
        hlc: hlcOf(clientA, Date.now() - 120_000, 1),
        fields: customerFields({ name: '李娜', phones: ['13900139000'] }),
      },
    ]);
    expect(response.acks.map((ack) => ack.status)).toEqual(['applied', 'applied']);
  });

  it('refuses a change dated before one the client already sent (the clock went backwards)', async () => {
    const reassignedAt = await reassignToB();
    // A keeps working on another card, with an honest clock.
    const now = await push([
      {
        seq: 3,
        table: 'customers',
        rowId: otherId,
        hlc: hlcOf(clientA, Date.now()),
        fields: { city: '杭州' },
      },
    ]);
    expect(now.acks[0]?.status).toBe('applied');
    // Then claims to have changed the reassigned card (and planned a call) just before it lost it.
    const backdated = await push([
      cityChange(4, hlcOf(clientA, reassignedAt - 1_500)),
      {
        seq: 5,
        table: 'followUps',
        rowId: newRowId(),
        hlc: hlcOf(clientA, reassignedAt - 1_500, 1),
        fields: followUpFields(customerId),
      },
    ]);
    expect(backdated.acks).toMatchObject([
      { status: 'rejected', reason: 'invalid', message: expect.stringMatching(/backwards/) },
      { status: 'rejected', reason: 'invalid', message: expect.stringMatching(/backwards/) },
    ]);
    const forManager = await t.http.pullAll(tokens.manager);
    const card = forManager.find((change) => change.kind === 'upsert' && change.id === customerId);
    expect(card?.kind === 'upsert' && card.data.city).toBe('上海');
    expect(forManager.some((change) => change.table === 'followUps')).toBe(false);
  });

  it('refuses a change made after a contact but dated before it', async () => {
    const reassignedAt = await reassignToB();
    // A's laptop pulls (and learns of the reassignment) with its outbox empty up to seq 2.
    const answer = await pull({ seenHlc: seenByA, outboxSeq: 2 });
    expect(answer.status).toBe(200);
    const handed = answer.body.serverHlc ?? '';
    expect(handed).toMatch(/:server$/);
    expect(answer.body.changes).toContainEqual(
      expect.objectContaining({ kind: 'remove', id: customerId }),
    );
    // Seq 3 was made after A folded that answer in (its outbox then ended at 2), yet claims a
    // time before the reassignment.
    const response = await push([cityChange(3, hlcOf(clientA, reassignedAt - 1_500))], {
      seenHlc: handed,
      outboxSeq: 2,
    });
    expect(response.acks[0]).toMatchObject({
      status: 'rejected',
      reason: 'invalid',
      message: expect.stringMatching(/heard from the server/),
    });
    // Even when the next push leaves the report out: the contact is remembered.
    const again = await push([cityChange(4, hlcOf(clientA, reassignedAt - 1_000))]);
    expect(again.acks[0]).toMatchObject({ status: 'rejected', reason: 'invalid' });
  });

  it('applies changes made offline before the reassignment and pushed after a pull', async () => {
    // Made offline (seqs 3 and 4) before the reassignment; the laptop pulls before it pushes.
    const before = Date.now() - 60_000;
    const reassignedAt = await reassignToB();
    const answer = await pull({ seenHlc: seenByA, outboxSeq: 4 });
    const handed = answer.body.serverHlc ?? '';
    const first = await push([cityChange(3, hlcOf(clientA, before))], {
      seenHlc: handed,
      outboxSeq: 4,
    });
    // The batch split in two: the second half comes with the first half's answer folded in.
    const second = await push(
      [
        {
          seq: 4,
          table: 'followUps',
          rowId: newRowId(),
          hlc: hlcOf(clientA, before, 1),
          fields: followUpFields(customerId),
        },
      ],
      { seenHlc: first.serverHlc, outboxSeq: 4 },
    );
    expect([...first.acks, ...second.acks].map((ack) => ack.status)).toEqual([
      'applied',
      'applied',
    ]);
    expect(before).toBeLessThan(reassignedAt);
    // A change made after that answer, with the answer folded in, is newer: judged as usual.
    const after = await push([cityChange(5, hlcOf(clientA, Date.now() + 1_000))], {
      seenHlc: second.serverHlc,
      outboxSeq: 5,
    });
    expect(after.acks[0]).toMatchObject({ status: 'rejected', reason: 'reassigned' });
  });

  it('refuses a report of a server clock never handed to the client', async () => {
    await pull({ seenHlc: seenByA, outboxSeq: 2 });
    const future = hlcOf('server', Date.now() + 60_000);
    const response = await pull({ seenHlc: future, outboxSeq: 2 });
    expect(response.status).toBe(400);
    const notServer = await pull({ seenHlc: hlcOf(clientA, Date.now()), outboxSeq: 2 });
    expect(notServer.status).toBe(400);
    const other = await t.http.request({
      url: `/v1/pull?clientId=${shop.consultantB.clientId}&seenHlc=${seenByA}&outboxSeq=2`,
      token: tokens.a,
    });
    expect(other.status).toBe(403);
  });
});
