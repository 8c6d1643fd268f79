import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type {
  DeletedCustomersResponse,
  WithdrawImportedCustomersResponse,
} from '../../shared/sync/protocol';
import {
  clientClock,
  createTestApp,
  customerFields,
  describeEachBackend,
  followUpFields,
  newRowId,
  seedDealership,
  timelineFields,
  upserts,
  type SeededDealership,
  type SeededUser,
  type TestApp,
} from '../test-support';

describeEachBackend('withdraw imported customers', (backend) => {
  let t: TestApp;
  let shop: SeededDealership;
  const tokens = { a: '', b: '', manager: '' };
  const seqs = new Map<string, number>();

  beforeAll(async () => {
    t = await createTestApp(backend);
  }, 60_000);
  afterAll(async () => t?.close());

  beforeEach(async () => {
    shop = await seedDealership(t.db);
    tokens.a = (await t.http.login(shop.consultantA)).accessToken;
    tokens.b = (await t.http.login(shop.consultantB)).accessToken;
    tokens.manager = (await t.http.login(shop.manager)).accessToken;
    seqs.clear();
  });

  const withdraw = (token: string, customerIds: string[], fileName = '车展名单.xlsx') =>
    t.http.request<WithdrawImportedCustomersResponse>({
      url: '/v1/commands/withdraw-imported-customers',
      token,
      body: { customerIds, fileName },
    });

  /** Pushes rows as `user`'s laptop; every change must be applied. */
  async function push(
    user: SeededUser,
    token: string,
    rows: { table: string; rowId: string; fields: Record<string, unknown> }[],
  ): Promise<void> {
    const tick = clientClock(user.clientId);
    let seq = seqs.get(user.clientId) ?? 0;
    const mutations = rows.map((row) => ({ ...row, seq: ++seq, hlc: tick() }));
    seqs.set(user.clientId, seq);
    const response = await t.http.push(token, user.clientId, mutations as never);
    expect(response.acks.map((ack) => ack.status)).toEqual(rows.map(() => 'applied'));
  }

  /** An imported card as the import writes it: the card, its first follow-up, a timeline entry. */
  async function importCard(user: SeededUser, token: string): Promise<string> {
    const id = newRowId();
    await push(user, token, [
      { table: 'customers', rowId: id, fields: customerFields() },
      { table: 'followUps', rowId: newRowId(), fields: followUpFields(id) },
      {
        table: 'timeline',
        rowId: newRowId(),
        fields: timelineFields(id, user.id, {
          kind: 'created',
          text: '',
          changes: [{ field: 'importFile', from: '', to: '车展名单.xlsx' }],
        }),
      },
    ]);
    return id;
  }

  it('lets the creator withdraw their cards; a retry changes nothing; a manager restores', async () => {
    const cards = [
      await importCard(shop.consultantA, tokens.a),
      await importCard(shop.consultantA, tokens.a),
    ];
    const cursorA = (await t.http.pull(tokens.a)).cursor;

    const response = await withdraw(tokens.a, cards);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ withdrawn: cards, refused: [] });

    // Gone from the creator's laptop, after a deletion entry naming the file.
    const changes = await t.http.pullAll(tokens.a, cursorA);
    for (const id of cards) {
      expect(changes).toContainEqual(
        expect.objectContaining({ kind: 'remove', table: 'customers', id }),
      );
    }
    const entries = upserts(changes, 'timeline').map((change) => change.data);
    expect(entries).toEqual(
      cards.map((id) =>
        expect.objectContaining({
          customerId: id,
          kind: 'customer_deleted',
          actorId: shop.consultantA.id,
          changes: [{ field: 'importFile', from: '车展名单.xlsx', to: '' }],
        }),
      ),
    );
    const afterWithdraw = (await t.http.pull(tokens.a, cursorA)).cursor;

    // A retry (the answer was lost): the same answer, nothing written again.
    const retry = await withdraw(tokens.a, cards);
    expect(retry.body).toEqual({ withdrawn: cards, refused: [] });
    expect(await t.http.pullAll(tokens.a, afterWithdraw)).toEqual([]);

    // The manager sees them among the deleted cards and brings one back, with its rows.
    const deleted = await t.http.request<DeletedCustomersResponse>({
      url: '/v1/deleted-customers',
      token: tokens.manager,
    });
    expect(deleted.body.customers.map((card) => [card.id, card.deletedById]).sort()).toEqual(
      cards.map((id) => [id, shop.consultantA.id]).sort(),
    );
    const restore = await t.http.request({
      url: '/v1/commands/restore-customer',
      token: tokens.manager,
      body: { customerId: cards[0] },
    });
    expect(restore.body).toEqual({ customerId: cards[0], deleted: false });
    const back = upserts(await t.http.pullAll(tokens.a, afterWithdraw));
    expect(back[0]).toMatchObject({ table: 'customers', id: cards[0], data: { deleted: false } });
    expect(back.map((change) => change.table)).toContain('followUps');
    // Restored by the manager: no longer the consultant's alone to take back.
    const again = await withdraw(tokens.a, [cards[0] ?? '']);
    expect(again.body).toEqual({
      withdrawn: [],
      refused: [{ customerId: cards[0], reason: 'others_activity' }],
    });
  });

  it("refuses another consultant's cards, unknown cards and a consultant's reassigned card", async () => {
    const card = await importCard(shop.consultantA, tokens.a);
    const reassigned = await importCard(shop.consultantA, tokens.a);
    const unknown = newRowId();

    const byB = await withdraw(tokens.b, [card, unknown]);
    expect(byB.status).toBe(200);
    expect(byB.body).toEqual({
      withdrawn: [],
      refused: [
        { customerId: card, reason: 'not_creator' },
        { customerId: unknown, reason: 'not_found' },
      ],
    });

    const moved = await t.http.request({
      url: '/v1/commands/reassign-customers',
      token: tokens.manager,
      body: { customerIds: [reassigned], toUserId: shop.consultantB.id },
    });
    expect(moved.status).toBe(200);
    const byA = await withdraw(tokens.a, [card, reassigned]);
    expect(byA.body).toEqual({
      withdrawn: [card],
      refused: [{ customerId: reassigned, reason: 'not_owner' }],
    });
  });

  it('refuses a card the manager edited since, or wrote on; the rest of the request goes through', async () => {
    const edited = await importCard(shop.consultantA, tokens.a);
    const followedUp = await importCard(shop.consultantA, tokens.a);
    const untouched = await importCard(shop.consultantA, tokens.a);
    await push(shop.manager, tokens.manager, [
      { table: 'customers', rowId: edited, fields: { city: '苏州' } },
      { table: 'followUps', rowId: newRowId(), fields: followUpFields(followedUp) },
    ]);
    // The creator's own edits since are theirs: no reason to refuse.
    await push(shop.consultantA, tokens.a, [
      { table: 'customers', rowId: untouched, fields: { notes: '周末再来' } },
    ]);

    const response = await withdraw(tokens.a, [edited, followedUp, untouched]);
    expect(response.body).toEqual({
      withdrawn: [untouched],
      refused: [
        { customerId: edited, reason: 'others_activity' },
        { customerId: followedUp, reason: 'others_activity' },
      ],
    });
    const cards = upserts(await t.http.pullAll(tokens.manager), 'customers');
    const live = cards.filter((change) => change.data.deleted !== true).map((change) => change.id);
    expect(live.sort()).toEqual([edited, followedUp].sort());
  });

  it("lets a manager withdraw an import they assigned to consultants, and not a consultant's", async () => {
    // A new card is its writer's: the import assigns it afterwards, as a reassignment does.
    const forB = await importCard(shop.manager, tokens.manager);
    const assigned = await t.http.request({
      url: '/v1/commands/reassign-customers',
      token: tokens.manager,
      body: { customerIds: [forB], toUserId: shop.consultantB.id },
    });
    expect(assigned.status).toBe(200);
    const ofA = await importCard(shop.consultantA, tokens.a);
    const cursorB = (await t.http.pull(tokens.b)).cursor;

    expect((await withdraw(tokens.b, [forB])).body).toEqual({
      withdrawn: [],
      refused: [{ customerId: forB, reason: 'not_creator' }],
    });
    const response = await withdraw(tokens.manager, [forB, ofA]);
    expect(response.body).toEqual({
      withdrawn: [forB],
      refused: [{ customerId: ofA, reason: 'not_creator' }],
    });
    // The consultant the card was assigned to loses it too.
    expect(await t.http.pullAll(tokens.b, cursorB)).toContainEqual(
      expect.objectContaining({ kind: 'remove', table: 'customers', id: forB }),
    );
  });

  it("refuses a card that was typed in, not imported: deleting it is a manager's", async () => {
    const typed = newRowId();
    await push(shop.consultantA, tokens.a, [
      { table: 'customers', rowId: typed, fields: customerFields() },
      {
        table: 'timeline',
        rowId: newRowId(),
        fields: timelineFields(typed, shop.consultantA.id, { kind: 'created', text: '' }),
      },
    ]);
    expect((await withdraw(tokens.a, [typed])).body).toEqual({
      withdrawn: [],
      refused: [{ customerId: typed, reason: 'not_imported' }],
    });
  });

  it('checks the request: at most 1000 cards, row ids only', async () => {
    const tooMany = Array.from({ length: 1001 }, () => newRowId());
    expect((await withdraw(tokens.a, tooMany)).status).toBe(400);
    expect((await withdraw(tokens.a, [])).status).toBe(400);
    expect((await withdraw(tokens.a, ['not-an-id'])).status).toBe(400);
  });
});
