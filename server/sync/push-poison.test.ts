// No change may block a laptop's queue: a change the database cannot store, a row id that is no
// row id, an incomplete new row or a row of a deleted card is refused alone, with its reason in
// its ack, and everything else in the batch goes through.

import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { Change, Mutation, MutationAck } from '../../shared/sync/protocol';
import { isStorableText } from '../../shared/sync/storable';
import {
  clientClock,
  createTestApp,
  customerFields,
  describeEachBackend,
  followUpFields,
  newRowId,
  seedDealership,
  timelineFields,
  type SeededDealership,
  type TestApp,
} from '../test-support';

type Draft = Omit<Mutation, 'seq' | 'hlc'>;

describeEachBackend('push of poisonous changes', (backend) => {
  let t: TestApp;
  let shop: SeededDealership;
  let token: string;
  let tick: () => string;
  let seq = 0;

  beforeAll(async () => {
    t = await createTestApp(backend);
  }, 60_000);
  afterAll(async () => t?.close());

  beforeEach(async () => {
    shop = await seedDealership(t.db);
    token = (await t.http.login(shop.consultantA)).accessToken;
    tick = clientClock(shop.consultantA.clientId);
  });

  const batch = (drafts: Draft[]): Mutation[] =>
    drafts.map((draft) => ({ ...draft, seq: (seq += 1), hlc: tick() }));

  const push = (drafts: Draft[]) => t.http.push(token, shop.consultantA.clientId, batch(drafts));

  const rowIds = async (table: string): Promise<string[]> =>
    (await t.http.pullAll(token))
      .filter((change: Change) => change.kind === 'upsert' && change.table === table)
      .map((change) => change.id);

  const statuses = (acks: MutationAck[]) => acks.map((ack) => ack.reason ?? ack.status);

  it('refuses text and dates the database cannot store, change by change', async () => {
    const good = newRowId();
    const customerId = newRowId();
    const drafts: Draft[] = [
      { table: 'customers', rowId: good, fields: customerFields() },
      { table: 'customers', rowId: newRowId(), fields: customerFields({ name: 'a\u0000b' }) },
      { table: 'customers', rowId: newRowId(), fields: customerFields({ notes: 'half \ud83d' }) },
      { table: 'customers', rowId: newRowId(), fields: customerFields({ tags: ['\udc00'] }) },
      { table: 'customers', rowId: customerId, fields: customerFields() },
      {
        table: 'followUps',
        rowId: newRowId(),
        fields: followUpFields(customerId, { dueAt: '0000-01-01T00:00:00.000Z' }),
      },
      {
        table: 'followUps',
        rowId: newRowId(),
        fields: followUpFields(customerId, { completedAt: '10000-01-01T00:00:00.000Z' }),
      },
      // An unknown field whose very name cannot be stored or quoted.
      { table: 'customers', rowId: good, fields: { 'x\u0000y': 1 } },
      { table: 'customers', rowId: good, fields: { city: '杭州' }, base: { 'c\ud800': 'x' } },
      {
        table: 'deliveryItems',
        rowId: newRowId(),
        fields: { photo: 'data:image/jpeg;base64,\u0000' },
      },
      {
        table: 'timeline',
        rowId: newRowId(),
        fields: timelineFields(customerId, shop.consultantA.id, {
          changes: [{ field: 'name', from: '\ud83d', to: 'b' }],
        }),
      },
      { table: 'followUps', rowId: newRowId(), fields: followUpFields(customerId) },
    ];
    const { acks } = await push(drafts);
    expect(statuses(acks)).toEqual([
      'applied',
      'invalid',
      'invalid',
      'invalid',
      'applied',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'applied',
    ]);
    for (const ack of acks) {
      // The refusal is stored and sent back: it must be storable itself.
      expect(isStorableText(ack.message ?? '')).toBe(true);
    }
    expect(await rowIds('customers')).toEqual(expect.arrayContaining([good, customerId]));
    expect(await rowIds('followUps')).toHaveLength(1);
  });

  it('refuses a row id that is not a UUIDv7 (or the dealership row)', async () => {
    for (const rowId of ['not-a-uuid', '0193c3f2-1a2b-4c3d-8e4f-000000000000', 'a\u0000']) {
      const response = await t.http.request({
        url: '/v1/push',
        token,
        body: {
          clientId: shop.consultantA.clientId,
          mutations: batch([{ table: 'customers', rowId, fields: customerFields() }]),
        },
      });
      expect(response.status).toBe(400);
    }
    expect(await rowIds('customers')).toEqual([]);
  });

  it('rolls back and refuses the one change the database refuses; the batch goes on', async () => {
    await t.db.exec(`
      CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.data->>'name' = 'refused by the database' THEN
          RAISE EXCEPTION 'refused' USING ERRCODE = '22000';
        END IF;
        IF NEW.data->>'name' = 'connection lost' THEN
          RAISE EXCEPTION 'gone' USING ERRCODE = '08006';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_poison BEFORE INSERT OR UPDATE ON records
        FOR EACH ROW EXECUTE FUNCTION refuse_poison();
    `);
    try {
      const [before, poisoned, after] = [newRowId(), newRowId(), newRowId()];
      const { acks } = await push([
        { table: 'customers', rowId: before, fields: customerFields() },
        {
          table: 'customers',
          rowId: poisoned,
          fields: customerFields({ name: 'refused by the database' }),
        },
        { table: 'customers', rowId: after, fields: customerFields() },
      ]);
      expect(statuses(acks)).toEqual(['applied', 'invalid', 'applied']);
      expect(acks[1]?.message).not.toContain('refused by the database');
      expect((await rowIds('customers')).sort()).toEqual([before, after].sort());

      // A lost connection says nothing about the change: the whole request fails, nothing stays.
      const lost = newRowId();
      const response = await t.http.request({
        url: '/v1/push',
        token,
        body: {
          clientId: shop.consultantA.clientId,
          mutations: batch([
            { table: 'customers', rowId: lost, fields: customerFields() },
            {
              table: 'customers',
              rowId: newRowId(),
              fields: customerFields({ name: 'connection lost' }),
            },
          ]),
        },
      });
      expect(response.status).toBeGreaterThanOrEqual(500);
      expect(await rowIds('customers')).not.toContain(lost);
    } finally {
      await t.db.exec('DROP TRIGGER refuse_poison ON records; DROP FUNCTION refuse_poison();');
    }
  });

  it('refuses an incomplete new row, not a partial change of an existing one', async () => {
    const whole = newRowId();
    const bare = newRowId();
    const { acks } = await push([
      {
        table: 'customers',
        rowId: bare,
        fields: { name: '张伟', updatedAt: new Date().toISOString() },
      },
      { table: 'customers', rowId: newRowId(), fields: customerFields({ phones: [] }) },
      { table: 'customers', rowId: newRowId(), fields: customerFields({ name: '  ' }) },
      { table: 'customers', rowId: newRowId(), fields: customerFields({ phones: ['12345'] }) },
      { table: 'customers', rowId: whole, fields: customerFields() },
      { table: 'followUps', rowId: newRowId(), fields: followUpFields(whole, { purpose: '' }) },
      {
        table: 'followUps',
        rowId: newRowId(),
        fields: { customerId: whole, dueAt: new Date().toISOString() },
      },
      { table: 'customers', rowId: whole, fields: { city: '杭州' } },
    ]);
    expect(statuses(acks)).toEqual([
      'invalid',
      'invalid',
      'invalid',
      'invalid',
      'applied',
      'invalid',
      'invalid',
      'applied',
    ]);
    expect(await rowIds('customers')).toEqual([whole]);
    expect(await rowIds('followUps')).toEqual([]);
  });

  it('refuses new rows and changes to rows of a deleted card that was not merged', async () => {
    const customerId = newRowId();
    const followUpId = newRowId();
    await push([
      { table: 'customers', rowId: customerId, fields: customerFields() },
      { table: 'followUps', rowId: followUpId, fields: followUpFields(customerId) },
    ]);
    // Deleting is a manager's command (a pushed `deleted` is read-only).
    const managerToken = (await t.http.login(shop.manager)).accessToken;
    await t.http.request({
      url: '/v1/commands/delete-customer',
      token: managerToken,
      body: { customerId },
    });
    const { acks } = await push([
      { table: 'followUps', rowId: newRowId(), fields: followUpFields(customerId) },
      {
        table: 'timeline',
        rowId: newRowId(),
        fields: timelineFields(customerId, shop.consultantA.id),
      },
      { table: 'followUps', rowId: followUpId, fields: { purpose: 'Still calling?' } },
    ]);
    expect(statuses(acks)).toEqual(['unknown_customer', 'unknown_customer', 'unknown_customer']);
  });
});
