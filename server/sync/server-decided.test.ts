import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Change, Mutation } from '../../shared/sync/protocol';
import {
  clientClock,
  createTestApp,
  customerFields,
  describeEachBackend,
  newRowId,
  seedDealership,
  timelineFields,
  type SeededDealership,
  type TestApp,
} from '../test-support';

type Upsert = Extract<Change, { kind: 'upsert' }>;

describeEachBackend('fields only the server decides', (backend) => {
  let t: TestApp;
  let shop: SeededDealership;
  const tokens = { a: '', manager: '' };
  let customerId: string;
  let seq: number;
  let tick: () => string;

  beforeAll(async () => {
    t = await createTestApp(backend);
  }, 60_000);
  afterAll(async () => t?.close());

  const pushAsA = async (
    table: Mutation['table'],
    rowId: string,
    fields: Record<string, unknown>,
  ) => {
    const response = await t.http.push(tokens.a, shop.consultantA.clientId, [
      { seq: ++seq, table, rowId, hlc: tick(), fields },
    ]);
    return response.acks[0];
  };

  const serverRow = async (id: string): Promise<Upsert | undefined> =>
    (await t.http.pullAll(tokens.manager)).find(
      (change): change is Upsert => change.kind === 'upsert' && change.id === id,
    );

  beforeEach(async () => {
    shop = await seedDealership(t.db);
    tokens.a = (await t.http.login(shop.consultantA)).accessToken;
    tokens.manager = (await t.http.login(shop.manager)).accessToken;
    tick = clientClock(shop.consultantA.clientId);
    seq = 0;
    customerId = newRowId();
    expect((await pushAsA('customers', customerId, customerFields()))?.status).toBe('applied');
  });

  it('refuses timeline entries of the kinds the server writes, in anyone’s name', async () => {
    for (const kind of ['lost_approved', 'reassigned', 'merged', 'customer_deleted']) {
      const id = newRowId();
      const ack = await pushAsA(
        'timeline',
        id,
        timelineFields(customerId, shop.manager.id, { kind, actorName: shop.manager.name }),
      );
      expect(ack).toMatchObject({ status: 'rejected', reason: 'forbidden' });
      expect(await serverRow(id)).toBeUndefined();
    }
  });

  it('stamps the caller as the author of a timeline entry', async () => {
    const forged = newRowId();
    const ack = await pushAsA(
      'timeline',
      forged,
      timelineFields(customerId, shop.manager.id, { actorName: shop.manager.name }),
    );
    expect(ack?.status).toBe('applied');
    const row = await serverRow(forged);
    expect(row?.data).toMatchObject({
      actorId: shop.consultantA.id,
      actorName: shop.consultantA.name,
    });
    // A newer server stamp: the writer's laptop takes the server's value.
    expect(row?.clocks.actorId).toMatch(/:server$/);

    // Its own entry, as the app writes it, goes through untouched.
    const own = newRowId();
    await pushAsA(
      'timeline',
      own,
      timelineFields(customerId, shop.consultantA.id, { actorName: shop.consultantA.name }),
    );
    const ownRow = await serverRow(own);
    expect(ownRow?.clocks.actorId).toMatch(new RegExp(`:${shop.consultantA.clientId}$`));

    // An entry cannot be handed to someone else afterwards either.
    expect((await pushAsA('timeline', own, { actorId: shop.manager.id }))?.status).toBe('applied');
    expect((await serverRow(own))?.data.actorId).toBe(shop.consultantA.id);
  });

  it('stamps the caller as who ticked a checklist item and who took a survey', async () => {
    const now = new Date().toISOString();
    const item = newRowId();
    await pushAsA('deliveryItems', item, {
      createdAt: now,
      updatedAt: now,
      deleted: false,
      customerId,
      deliveryId: newRowId(),
      sectionKey: 'docs',
      sectionTitle: 'Documents',
      itemKey: 'invoice',
      label: 'Invoice',
      required: true,
      position: 0,
      state: 'done',
      doneAt: now,
      doneBy: shop.manager.id,
      doneByName: shop.manager.name,
      note: '',
      notApplicableReason: '',
      photo: '',
    });
    expect((await serverRow(item))?.data).toMatchObject({
      doneBy: shop.consultantA.id,
      doneByName: shop.consultantA.name,
    });
    // Un-ticking clears it: nobody to stamp.
    await pushAsA('deliveryItems', item, { state: 'open', doneBy: null, doneByName: '' });
    expect((await serverRow(item))?.data).toMatchObject({ doneBy: null, doneByName: '' });

    const survey = newRowId();
    const score = 5;
    await pushAsA('surveys', survey, {
      createdAt: now,
      updatedAt: now,
      deleted: false,
      customerId,
      deliveryId: null,
      consultantId: shop.consultantA.id,
      attitude: score,
      expertise: score,
      proactiveAdvice: score,
      testDriveOffered: score,
      deliveryPleasant: score,
      contactedAfterDelivery: score,
      afterSalesIntroduced: score,
      expectation: 9,
      perception: 9,
      repurchaseIntent: 'yes',
      referralIntent: 'yes',
      comment: '',
      surveyedAt: now,
      surveyedBy: shop.manager.id,
      surveyedByName: 'Local user',
    });
    expect((await serverRow(survey))?.data).toMatchObject({
      surveyedBy: shop.consultantA.id,
      surveyedByName: shop.consultantA.name,
    });
  });

  it('stamps the caller as who resolved a conflict', async () => {
    const created = (await serverRow(customerId))?.clocks.city ?? '';
    const managerTick = clientClock(shop.manager.clientId, Date.now() + 1_000);
    await t.http.push(tokens.manager, shop.manager.clientId, [
      {
        seq: 1,
        table: 'customers',
        rowId: customerId,
        hlc: managerTick(),
        fields: { city: '北京' },
      },
    ]);
    // A's edit was made on top of the old value and is older: it loses, and a conflict is kept.
    await t.http.push(tokens.a, shop.consultantA.clientId, [
      {
        seq: ++seq,
        table: 'customers',
        rowId: customerId,
        hlc: tick(),
        fields: { city: '南京' },
        base: { city: created },
      },
    ]);
    const conflict = (await t.http.pullAll(tokens.a)).find(
      (change): change is Upsert => change.kind === 'upsert' && change.table === 'conflicts',
    );
    expect(conflict?.data.field).toBe('city');
    // Resolved on A's laptop after it pulled the conflict (its clock now past the server's).
    const resolvedAt = clientClock(shop.consultantA.clientId, Date.now() + 2_000);
    const [ack] = (
      await t.http.push(tokens.a, shop.consultantA.clientId, [
        {
          seq: ++seq,
          table: 'conflicts',
          rowId: conflict?.id ?? '',
          hlc: resolvedAt(),
          fields: {
            resolution: 'dismissed',
            resolvedAt: new Date().toISOString(),
            resolvedBy: shop.manager.id,
          },
        },
      ])
    ).acks;
    expect(ack?.status).toBe('applied');
    expect((await serverRow(conflict?.id ?? ''))?.data).toMatchObject({
      resolution: 'dismissed',
      resolvedBy: shop.consultantA.id,
    });
  });

  it('refuses a pushed deleted flag: nobody deletes a card by a field write', async () => {
    const ack = await pushAsA('customers', customerId, { deleted: true });
    expect(ack).toMatchObject({ status: 'rejected', reason: 'read_only_field' });
    expect((await serverRow(customerId))?.data.deleted).toBe(false);
    const fresh = newRowId();
    const born = await pushAsA('customers', fresh, customerFields({ deleted: true }));
    expect(born).toMatchObject({ status: 'rejected', reason: 'read_only_field' });
  });
});
