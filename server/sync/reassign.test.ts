import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { SyncConflict } from '../../shared/sync/conflict';
import { NEW_ROW_SCHEMAS } from '../../shared/sync/tables';
import {
  createTestApp,
  customerFields,
  describeEachBackend,
  followUpFields,
  hlcOf,
  newRowId,
  seedDealership,
  timelineFields,
  type SeededDealership,
  type TestApp,
  upserts,
} from '../test-support';

describeEachBackend('reassign customers', (backend) => {
  let t: TestApp;
  let shop: SeededDealership;
  const tokens = { a: '', b: '', manager: '', admin: '' };
  let customerId: string;
  let followUpId: string;
  let noteId: string;
  let created: string;
  let cursorA: string;
  let cursorB: string;
  let seqA: number;

  beforeAll(async () => {
    t = await createTestApp(backend);
  }, 60_000);
  afterAll(async () => t?.close());

  beforeEach(async () => {
    shop = await seedDealership(t.db);
    tokens.a = (await t.http.login(shop.consultantA)).accessToken;
    tokens.b = (await t.http.login(shop.consultantB)).accessToken;
    tokens.manager = (await t.http.login(shop.manager)).accessToken;
    tokens.admin = (await t.http.login(shop.admin)).accessToken;
    customerId = newRowId();
    followUpId = newRowId();
    noteId = newRowId();
    // The customer was created two minutes ago, so offline edits can be placed before "now".
    created = hlcOf(shop.consultantA.clientId, Date.now() - 120_000);
    const response = await t.http.push(tokens.a, shop.consultantA.clientId, [
      { seq: 1, table: 'customers', rowId: customerId, hlc: created, fields: customerFields() },
      {
        seq: 2,
        table: 'followUps',
        rowId: followUpId,
        hlc: hlcOf(shop.consultantA.clientId, Date.now() - 120_000, 1),
        fields: followUpFields(customerId),
      },
      {
        seq: 3,
        table: 'timeline',
        rowId: noteId,
        hlc: hlcOf(shop.consultantA.clientId, Date.now() - 120_000, 2),
        fields: timelineFields(customerId, shop.consultantA.id),
      },
    ]);
    expect(response.acks.every((ack) => ack.status === 'applied')).toBe(true);
    seqA = 3;
    cursorA = (await t.http.pull(tokens.a)).cursor;
    cursorB = (await t.http.pull(tokens.b)).cursor;
  });

  const reassign = (token: string, customerIds: string[], toUserId: string) =>
    t.http.request<{ reassigned: number; skipped: string[] }>({
      url: '/v1/commands/reassign-customers',
      token,
      body: { customerIds, toUserId },
    });

  it('is for managers and admins only, towards an active user of the dealership', async () => {
    const consultant = await reassign(tokens.a, [customerId], shop.consultantB.id);
    expect(consultant.status).toBe(403);
    const south = await seedDealership(t.db, 'South');
    const foreign = await reassign(tokens.manager, [customerId], south.consultantA.id);
    expect(foreign.status).toBe(404);
    const southManager = (await t.http.login(south.manager)).accessToken;
    const fromOutside = await reassign(southManager, [customerId], south.consultantA.id);
    expect(fromOutside.body).toEqual({ reassigned: 0, skipped: [customerId] });
    const invalid = await t.http.request({
      url: '/v1/commands/reassign-customers',
      token: tokens.manager,
      body: { customerIds: [], toUserId: shop.consultantB.id, note: 'x' },
    });
    expect(invalid.status).toBe(400);
  });

  it('moves the customer and its rows: removes for the old owner, rows for the new', async () => {
    const unknown = newRowId();
    const response = await reassign(tokens.manager, [customerId, unknown], shop.consultantB.id);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ reassigned: 1, skipped: [unknown] });
    const again = await reassign(tokens.admin, [customerId], shop.consultantB.id);
    expect(again.body).toEqual({ reassigned: 0, skipped: [customerId] });

    const forA = await t.http.pullAll(tokens.a, cursorA);
    expect(forA.map((change) => [change.kind, change.id]).sort()).toEqual(
      [
        ['remove', customerId],
        ['remove', followUpId],
        ['remove', noteId],
      ].sort(),
    );
    const forB = upserts(await t.http.pullAll(tokens.b, cursorB));
    const byId = new Map(forB.map((change) => [change.id, change]));
    expect(byId.get(customerId)?.data.ownerId).toBe(shop.consultantB.id);
    expect(byId.get(customerId)?.clocks.ownerId).toMatch(/:server$/);
    expect(byId.get(followUpId)?.data.ownerId).toBe(shop.consultantB.id);
    expect(byId.get(noteId)?.data.ownerId).toBe(shop.consultantB.id);
    const entry = forB.find(
      (change) => change.table === 'timeline' && change.data.kind === 'reassigned',
    );
    expect(entry?.data).toMatchObject({
      customerId,
      ownerId: shop.consultantB.id,
      actorId: shop.manager.id,
      actorName: shop.manager.name,
      changes: [{ field: 'ownerId', from: shop.consultantA.name, to: shop.consultantB.name }],
      // A code and its names, not a sentence in one language: each reader's app words it.
      text: '',
      noteCode: 'reassigned',
      noteParams: { from: shop.consultantA.name, to: shop.consultantB.name },
    });
    // The entry is a row the shared schemas accept, as a client's would be.
    const { id: _id, dealershipId: _d, ownerId: _o, ...fields } = entry?.data ?? {};
    expect(NEW_ROW_SCHEMAS.timeline.safeParse(fields).error).toBeUndefined();
    // A can no longer touch it.
    expect(
      (await t.http.pullAll(tokens.a)).some(
        (change) => change.kind === 'upsert' && change.id === customerId,
      ),
    ).toBe(false);
  });

  it('applies the old owner’s changes made before the reassignment', async () => {
    const before = hlcOf(shop.consultantA.clientId, Date.now() - 60_000);
    const newFollowUp = newRowId();
    await reassign(tokens.manager, [customerId], shop.consultantB.id);
    const response = await t.http.push(tokens.a, shop.consultantA.clientId, [
      {
        seq: ++seqA,
        table: 'customers',
        rowId: customerId,
        hlc: before,
        fields: { city: '苏州' },
        base: { city: created },
      },
      {
        seq: ++seqA,
        table: 'followUps',
        rowId: newFollowUp,
        hlc: hlcOf(shop.consultantA.clientId, Date.now() - 60_000, 1),
        fields: followUpFields(customerId),
      },
    ]);
    expect(response.acks.map((ack) => ack.status)).toEqual(['applied', 'applied']);

    const forB = upserts(await t.http.pullAll(tokens.b));
    const customer = forB.find((change) => change.id === customerId);
    expect(customer?.data).toMatchObject({ city: '苏州', ownerId: shop.consultantB.id });
    expect(forB.find((change) => change.id === newFollowUp)?.data.ownerId).toBe(
      shop.consultantB.id,
    );
    expect(forB.some((change) => change.table === 'conflicts')).toBe(false);
    // The follow-up A made offline leaves A's device too.
    const forA = await t.http.pullAll(tokens.a, cursorA);
    expect(forA).toContainEqual(expect.objectContaining({ kind: 'remove', id: newFollowUp }));
    expect(forA.some((change) => change.kind === 'upsert')).toBe(false);
  });

  it('refuses changes made after the reassignment and keeps them as conflicts', async () => {
    await reassign(tokens.manager, [customerId], shop.consultantB.id);
    const after = hlcOf(shop.consultantA.clientId, Date.now() + 1000);
    const response = await t.http.push(tokens.a, shop.consultantA.clientId, [
      {
        seq: ++seqA,
        table: 'customers',
        rowId: customerId,
        hlc: after,
        fields: { city: '南京', budgetMax: 40, updatedAt: new Date().toISOString() },
        base: { city: created, updatedAt: created },
      },
    ]);
    expect(response.acks[0]).toMatchObject({
      status: 'rejected',
      reason: 'reassigned',
      current: null,
    });

    const forB = upserts(await t.http.pullAll(tokens.b));
    expect(forB.find((change) => change.id === customerId)?.data.city).toBe('上海');
    const conflicts = forB
      .filter((change) => change.table === 'conflicts')
      .map((change) => change.data as SyncConflict);
    expect(conflicts.map((conflict) => conflict.field).sort()).toEqual(['budgetMax', 'city']);
    expect(conflicts.find((conflict) => conflict.field === 'city')).toMatchObject({
      customerId,
      rowTable: 'customers',
      keptValue: '上海',
      lostValue: '南京',
      lostHlc: after,
      lostBy: shop.consultantA.id,
      lostByName: shop.consultantA.name,
      ownerId: shop.consultantB.id,
    });
    expect(conflicts.find((conflict) => conflict.field === 'budgetMax')?.keptValue).toBeNull();
    const forManager = upserts(await t.http.pullAll(tokens.manager));
    expect(forManager.filter((change) => change.table === 'conflicts')).toHaveLength(2);
    const forA = await t.http.pullAll(tokens.a, cursorA);
    expect(forA.some((change) => change.table === 'conflicts')).toBe(false);

    // Replaying the same batch does not make the conflicts twice.
    const replay = await t.http.push(tokens.a, shop.consultantA.clientId, [
      {
        seq: seqA,
        table: 'customers',
        rowId: customerId,
        hlc: after,
        fields: { city: '南京', budgetMax: 40 },
      },
    ]);
    expect(replay.acks[0]).toMatchObject({
      status: 'rejected',
      reason: 'reassigned',
      replayed: true,
    });
    const conflictsAfterReplay = upserts(await t.http.pullAll(tokens.manager)).filter(
      (change) => change.table === 'conflicts',
    );
    expect(conflictsAfterReplay).toHaveLength(2);
  });

  it('keeps a reassigned-back customer working for its first owner', async () => {
    await reassign(tokens.manager, [customerId], shop.consultantB.id);
    await reassign(tokens.manager, [customerId], shop.consultantA.id);
    const changes = await t.http.pullAll(tokens.a, cursorA);
    // Removed, then back: the upsert comes after the remove in the stream.
    const kinds = changes.filter((change) => change.id === customerId).map((change) => change.kind);
    expect(kinds).toEqual(['remove', 'upsert']);
    const response = await t.http.push(tokens.a, shop.consultantA.clientId, [
      {
        seq: ++seqA,
        table: 'customers',
        rowId: customerId,
        hlc: hlcOf(shop.consultantA.clientId, Date.now() + 1000),
        fields: { city: '无锡' },
        base: { city: created },
      },
    ]);
    expect(response.acks[0]?.status).toBe('applied');
  });
});
