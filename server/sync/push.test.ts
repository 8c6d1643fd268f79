import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { SyncConflict } from '../../shared/sync/conflict';
import { parseHlc } from '../../shared/sync/hlc';
import type { Change, Mutation, MutationAck } from '../../shared/sync/protocol';
import {
  clientClock,
  createTestApp,
  customerFields,
  describeEachBackend,
  followUpFields,
  hlcOf,
  newRowId,
  seedDealership,
  timelineFields,
  type SeededDealership,
  type SeededUser,
  type TestApp,
} from '../test-support';

type Session = { user: SeededUser; token: string; tick: () => string; seq: number };

type Upsert = Extract<Change, { kind: 'upsert' }>;

function upserts(changes: Change[], table?: string): Upsert[] {
  return changes.filter(
    (change): change is Upsert => change.kind === 'upsert' && (!table || change.table === table),
  );
}

function conflictsOf(changes: Change[]): SyncConflict[] {
  return upserts(changes, 'conflicts').map((change) => change.data as SyncConflict);
}

describeEachBackend('push', (backend) => {
  let t: TestApp;
  let shop: SeededDealership;
  let a: Session;
  let b: Session;
  let manager: Session;

  const open = async (user: SeededUser): Promise<Session> => ({
    user,
    token: (await t.http.login(user)).accessToken,
    tick: clientClock(user.clientId),
    seq: 0,
  });

  /** Pushes one change per call with the session's next seq. */
  const write = async (
    session: Session,
    change: Omit<Mutation, 'seq' | 'hlc'> & { hlc?: string },
  ): Promise<MutationAck> => {
    session.seq += 1;
    const response = await t.http.push(session.token, session.user.clientId, [
      { ...change, seq: session.seq, hlc: change.hlc ?? session.tick() },
    ]);
    const [ack] = response.acks;
    if (!ack) throw new Error('no ack');
    return ack;
  };

  const rowOf = async (session: Session, table: string, id: string) => {
    const changes = await t.http.pullAll(session.token);
    return upserts(changes, table).find((change) => change.id === id);
  };

  beforeAll(async () => {
    t = await createTestApp(backend);
  }, 60_000);
  afterAll(async () => t?.close());

  beforeEach(async () => {
    shop = await seedDealership(t.db);
    a = await open(shop.consultantA);
    b = await open(shop.consultantB);
    manager = await open(shop.manager);
  });

  it('creates a customer and its rows; the server sets owner and dealership', async () => {
    const customerId = newRowId();
    const followUpId = newRowId();
    const noteId = newRowId();
    const hlc = a.tick();
    const response = await t.http.push(a.token, a.user.clientId, [
      {
        seq: 1,
        table: 'customers',
        rowId: customerId,
        hlc,
        fields: customerFields({ ownerId: 'someone-else', dealershipId: 'local' }),
      },
      {
        seq: 2,
        table: 'followUps',
        rowId: followUpId,
        hlc: a.tick(),
        fields: followUpFields(customerId),
      },
      {
        seq: 3,
        table: 'timeline',
        rowId: noteId,
        hlc: a.tick(),
        // The author as the server knows it: nothing to restamp, so no row comes back.
        fields: timelineFields(customerId, a.user.id, { actorName: a.user.name }),
      },
    ]);
    expect(response.acks.map(({ seq, status }) => ({ seq, status }))).toEqual([
      { seq: 1, status: 'applied' },
      { seq: 2, status: 'applied' },
      { seq: 3, status: 'applied' },
    ]);
    // The server replaced owner and dealership: that ack brings the row as the server holds it.
    expect(response.acks[0]?.current?.data).toMatchObject({
      ownerId: a.user.id,
      dealershipId: shop.dealershipId,
    });
    expect(response.acks.slice(1).map((ack) => ack.current)).toEqual([undefined, undefined]);
    expect(response.serverHlc).toMatch(/:server$/);
    expect(response.serverHlc > hlc).toBe(true);

    const changes = await t.http.pullAll(a.token);
    const customer = upserts(changes, 'customers').find((change) => change.id === customerId);
    expect(customer?.data).toMatchObject({
      id: customerId,
      name: '张伟',
      ownerId: a.user.id,
      dealershipId: shop.dealershipId,
    });
    // The replaced values carry a newer server stamp, so the client takes them.
    expect(parseHlc(customer?.clocks.ownerId ?? '').node).toBe('server');
    expect((customer?.clocks.ownerId ?? '') > hlc).toBe(true);
    expect(customer?.clocks.name).toBe(hlc);
    const children = changes.filter((change) => change.id === followUpId || change.id === noteId);
    expect(children).toHaveLength(2);
    for (const child of upserts(children)) {
      expect(child.data).toMatchObject({ ownerId: a.user.id, customerId });
    }
  });

  it('repeats the stored acks for a replayed batch and changes nothing twice', async () => {
    const customerId = newRowId();
    const mutations: Mutation[] = [
      { seq: 1, table: 'customers', rowId: customerId, hlc: a.tick(), fields: customerFields() },
      {
        seq: 2,
        table: 'customers',
        rowId: newRowId(),
        hlc: a.tick(),
        fields: customerFields({ colour: 42 }),
      },
      {
        seq: 3,
        table: 'timeline',
        rowId: newRowId(),
        hlc: a.tick(),
        fields: timelineFields(customerId, a.user.id),
      },
    ];
    const first = await t.http.push(a.token, a.user.clientId, mutations);
    const cursorAfterFirst = (await t.http.pull(a.token)).cursor;
    const second = await t.http.push(a.token, a.user.clientId, mutations);
    expect(first.acks.map((ack) => ack.status)).toEqual(['applied', 'rejected', 'applied']);
    expect(second.acks).toEqual(
      first.acks.map((ack) => ({
        ...ack,
        replayed: true,
        ...(ack.status === 'rejected' ? { current: null } : {}),
      })),
    );
    const after = await t.http.pull(a.token);
    expect(after.cursor).toBe(cursorAfterFirst);
    expect(upserts(after.changes, 'timeline')).toHaveLength(1);
  });

  it('treats a seq repeated inside one batch as a replay of its first occurrence', async () => {
    const customerId = newRowId();
    const create: Mutation = {
      seq: 1,
      table: 'customers',
      rowId: customerId,
      hlc: a.tick(),
      fields: customerFields(),
    };
    const response = await t.http.push(a.token, a.user.clientId, [
      create,
      { ...create, hlc: a.tick(), fields: { city: '重庆' } },
      { seq: 2, table: 'customers', rowId: customerId, hlc: a.tick(), fields: { city: '天津' } },
    ]);
    const stored = await rowOf(a, 'customers', customerId);
    expect(response.acks).toEqual([
      { seq: 1, status: 'applied' },
      // Its city was never applied: the ack brings the row as it is after the batch.
      {
        seq: 1,
        status: 'applied',
        replayed: true,
        current: { table: 'customers', id: customerId, data: stored?.data, clocks: stored?.clocks },
      },
      { seq: 2, status: 'applied' },
    ]);
    expect((await rowOf(a, 'customers', customerId))?.data.city).toBe('天津');
  });

  it('merges per field: a change on top of the stored value wins without a conflict', async () => {
    const id = newRowId();
    const created = a.tick();
    await write(a, { table: 'customers', rowId: id, hlc: created, fields: customerFields() });
    const ack1 = await write(a, {
      table: 'customers',
      rowId: id,
      fields: { city: '北京', updatedAt: new Date().toISOString() },
      base: { city: created, updatedAt: created },
    });
    const ack2 = await write(manager, {
      table: 'customers',
      rowId: id,
      fields: { budgetMax: 30 },
      base: { budgetMax: created },
    });
    expect([ack1.status, ack2.status]).toEqual(['applied', 'applied']);
    const row = await rowOf(manager, 'customers', id);
    expect(row?.data).toMatchObject({ city: '北京', budgetMax: 30, name: '张伟' });
    expect(conflictsOf(await t.http.pullAll(manager.token))).toEqual([]);
  });

  it('keeps the older of two concurrent values as a conflict when the newer arrives second', async () => {
    const id = newRowId();
    const created = a.tick();
    await write(a, { table: 'customers', rowId: id, hlc: created, fields: customerFields() });
    // Both edit the city without seeing each other; the manager's edit is newer and arrives last.
    const older = hlcOf(a.user.clientId, Date.now() + 1000);
    const newer = hlcOf(manager.user.clientId, Date.now() + 2000);
    const updatedAt = new Date().toISOString();
    await write(a, {
      table: 'customers',
      rowId: id,
      hlc: older,
      fields: { city: '北京', updatedAt },
      base: { city: created, updatedAt: created },
    });
    await write(manager, {
      table: 'customers',
      rowId: id,
      hlc: newer,
      fields: { city: '广州', updatedAt: new Date(Date.now() + 5).toISOString() },
      base: { city: created, updatedAt: created },
    });
    const changes = await t.http.pullAll(a.token);
    expect(upserts(changes, 'customers').find((c) => c.id === id)?.data.city).toBe('广州');
    const conflicts = conflictsOf(changes);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      customerId: id,
      rowTable: 'customers',
      rowId: id,
      field: 'city',
      keptValue: '广州',
      keptHlc: newer,
      keptBy: manager.user.id,
      keptByName: manager.user.name,
      lostValue: '北京',
      lostHlc: older,
      lostBy: a.user.id,
      lostByName: a.user.name,
      ownerId: a.user.id,
      dealershipId: shop.dealershipId,
      resolution: null,
      deleted: false,
    });
  });

  it('keeps the older of two concurrent values as a conflict when it arrives second', async () => {
    const id = newRowId();
    const created = a.tick();
    await write(a, { table: 'customers', rowId: id, hlc: created, fields: customerFields() });
    const older = hlcOf(a.user.clientId, Date.now() + 1000);
    const newer = hlcOf(manager.user.clientId, Date.now() + 2000);
    await write(manager, {
      table: 'customers',
      rowId: id,
      hlc: newer,
      fields: { notes: 'VIP', updatedAt: new Date().toISOString() },
      base: { notes: created },
    });
    const ack = await write(a, {
      table: 'customers',
      rowId: id,
      hlc: older,
      fields: { notes: 'Prefers WeChat', updatedAt: new Date().toISOString() },
      base: { notes: created, updatedAt: created },
    });
    expect(ack.status).toBe('applied');
    const changes = await t.http.pullAll(manager.token);
    expect(upserts(changes, 'customers').find((c) => c.id === id)?.data.notes).toBe('VIP');
    const conflicts = conflictsOf(changes);
    // updatedAt lost too, but it never makes a conflict row.
    expect(conflicts.map((conflict) => conflict.field)).toEqual(['notes']);
    expect(conflicts[0]).toMatchObject({
      keptValue: 'VIP',
      lostValue: 'Prefers WeChat',
      lostBy: a.user.id,
    });
  });

  it('acks a change that lost a field with the row holding the winner, also when replayed', async () => {
    const id = newRowId();
    const created = a.tick();
    await write(a, { table: 'customers', rowId: id, hlc: created, fields: customerFields() });
    const older = hlcOf(a.user.clientId, Date.now() + 1000);
    const newer = hlcOf(manager.user.clientId, Date.now() + 2000);
    const clean = await write(manager, {
      table: 'customers',
      rowId: id,
      hlc: newer,
      fields: { city: '深圳', updatedAt: new Date(Date.now() + 5).toISOString() },
      base: { city: created, updatedAt: created },
    });
    expect(clean).toEqual({ seq: manager.seq, status: 'applied' });

    // Alice's older edit of the city (and of the budget, which nobody else touched) arrives last.
    a.seq += 1;
    const lost: Mutation = {
      seq: a.seq,
      table: 'customers',
      rowId: id,
      hlc: older,
      fields: { city: '佛山', budgetMax: 25, updatedAt: new Date().toISOString() },
      base: { city: created, budgetMax: created, updatedAt: created },
    };
    const [ack] = (await t.http.push(a.token, a.user.clientId, [lost])).acks;
    expect(ack).toMatchObject({ seq: a.seq, status: 'applied' });
    const held = await rowOf(a, 'customers', id);
    expect(ack?.current).toEqual({
      table: 'customers',
      id,
      data: held?.data,
      clocks: held?.clocks,
    });
    expect(ack?.current?.data).toMatchObject({ city: '深圳', budgetMax: 25 });
    expect(ack?.current?.clocks).toMatchObject({ city: newer, budgetMax: older });

    // The answer was lost: the replay says the same.
    const [replayed] = (await t.http.push(a.token, a.user.clientId, [lost])).acks;
    expect(replayed).toEqual({ ...ack, replayed: true });
    // Nothing typed is lost: Alice's city is a conflict.
    expect(conflictsOf(await t.http.pullAll(manager.token))).toMatchObject([
      { field: 'city', keptValue: '深圳', lostValue: '佛山' },
    ]);
  });

  it('recomputes the grade from the merged facts and never makes a conflict of it or confirmedAt', async () => {
    const id = newRowId();
    const created = a.tick();
    const facts = { hasConfidence: false, hasNeed: false, hasPurchasingPower: false };
    await write(a, {
      table: 'customers',
      rowId: id,
      hlc: created,
      fields: customerFields({
        ...facts,
        qualificationGrade: 'N',
        confirmedAt: new Date().toISOString(),
      }),
    });
    // Each ticks one fact without seeing the other's; each client's grade saw only its own fact.
    const base = {
      hasNeed: created,
      hasPurchasingPower: created,
      qualificationGrade: created,
      confirmedAt: created,
    };
    await write(a, {
      table: 'customers',
      rowId: id,
      hlc: hlcOf(a.user.clientId, Date.now() + 1000),
      fields: { hasNeed: true, qualificationGrade: 'N', confirmedAt: new Date().toISOString() },
      base,
    });
    await write(manager, {
      table: 'customers',
      rowId: id,
      hlc: hlcOf(manager.user.clientId, Date.now() + 2000),
      fields: {
        hasPurchasingPower: true,
        qualificationGrade: 'N',
        confirmedAt: new Date(Date.now() + 7).toISOString(),
      },
      base,
    });
    const changes = await t.http.pullAll(a.token);
    const row = upserts(changes, 'customers').find((change) => change.id === id);
    expect(row?.data).toMatchObject({
      hasNeed: true,
      hasPurchasingPower: true,
      qualificationGrade: 'B',
    });
    expect(parseHlc(row?.clocks.qualificationGrade ?? '').node).toBe('server');
    expect(conflictsOf(changes)).toEqual([]);
  });

  it('rejects an invalid field with a reason naming it, and goes on with the queue', async () => {
    const id = newRowId();
    const response = await t.http.push(a.token, a.user.clientId, [
      {
        seq: 1,
        table: 'customers',
        rowId: id,
        hlc: a.tick(),
        fields: customerFields({ budgetMax: 'lots' }),
      },
      {
        seq: 2,
        table: 'customers',
        rowId: newRowId(),
        hlc: a.tick(),
        fields: { favouriteColour: 'red' },
      },
      { seq: 3, table: 'customers', rowId: id, hlc: a.tick(), fields: customerFields() },
    ]);
    expect(response.acks.map((ack) => [ack.status, ack.reason])).toEqual([
      ['rejected', 'invalid'],
      ['rejected', 'invalid'],
      ['applied', undefined],
    ]);
    expect(response.acks[0]?.message).toContain('budgetMax');
    expect(response.acks[1]?.message).toContain('favouriteColour');
    expect(response.acks[0]?.current).toBeNull();
  });

  it('rejects a clock too far ahead and a malformed or foreign clock', async () => {
    const farAhead = hlcOf(a.user.clientId, Date.now() + 10 * 60 * 1000);
    const response = await t.http.push(a.token, a.user.clientId, [
      { seq: 1, table: 'customers', rowId: newRowId(), hlc: farAhead, fields: customerFields() },
      { seq: 2, table: 'customers', rowId: newRowId(), hlc: 'yesterday', fields: customerFields() },
      {
        seq: 3,
        table: 'customers',
        rowId: newRowId(),
        hlc: hlcOf(b.user.clientId),
        fields: customerFields(),
      },
    ]);
    expect(response.acks.map((ack) => ack.reason)).toEqual(['clock_drift', 'invalid', 'invalid']);
    // The refused clock did not pull the server's clock forward.
    expect(response.serverHlc < farAhead).toBe(true);
  });

  it('lets managers write settings and refuses consultants', async () => {
    const consultant = await write(a, {
      table: 'settings',
      rowId: 'dealership',
      fields: { intentThresholds: { H: 3, A: 20, B: 60 } },
    });
    expect(consultant).toMatchObject({ status: 'rejected', reason: 'forbidden' });
    expect(consultant.current?.data).toMatchObject({ intentThresholds: { H: 7, A: 30, B: 90 } });
    const ack = await write(manager, {
      table: 'settings',
      rowId: 'dealership',
      fields: { intentThresholds: { H: 3, A: 20, B: 60 } },
    });
    expect(ack.status).toBe('applied');
    // Consultants read the dealership's settings.
    const settings = await rowOf(a, 'settings', 'dealership');
    expect(settings?.data).toMatchObject({ intentThresholds: { H: 3, A: 20, B: 60 } });
    // The one settings row is `dealership`; a UUIDv7 is a row id, but not the settings row's.
    const wrongId = await write(manager, {
      table: 'settings',
      rowId: newRowId(),
      fields: { deleted: false },
    });
    expect(wrongId.reason).toBe('invalid');
    // Any other id is no row id at all: the request is refused.
    const noRowId = await t.http.request({
      url: '/v1/push',
      token: manager.token,
      body: {
        clientId: manager.user.clientId,
        mutations: [{ seq: 99, table: 'settings', rowId: 'mine', hlc: manager.tick(), fields: {} }],
      },
    });
    expect(noRowId.status).toBe(400);
  });

  it('keeps the escalation threshold as a dealership setting within 1..720 hours', async () => {
    // A new dealership's row has the default; a manager changes it and everyone reads it.
    expect((await rowOf(a, 'settings', 'dealership'))?.data.escalationHours).toBe(48);
    expect(
      (
        await write(manager, {
          table: 'settings',
          rowId: 'dealership',
          fields: { escalationHours: 24 },
        })
      ).status,
    ).toBe('applied');
    expect((await rowOf(a, 'settings', 'dealership'))?.data.escalationHours).toBe(24);
    for (const escalationHours of [0, 721, 1.5]) {
      const ack = await write(manager, {
        table: 'settings',
        rowId: 'dealership',
        fields: { escalationHours },
      });
      expect(ack.reason, String(escalationHours)).toBe('invalid');
    }
    const consultant = await write(a, {
      table: 'settings',
      rowId: 'dealership',
      fields: { escalationHours: 12 },
    });
    expect(consultant.reason).toBe('forbidden');
  });

  it('refuses a change of owner or dealership on an existing row', async () => {
    const id = newRowId();
    const created = a.tick();
    await write(a, { table: 'customers', rowId: id, hlc: created, fields: customerFields() });
    for (const field of ['ownerId', 'dealershipId']) {
      const ack = await write(manager, {
        table: 'customers',
        rowId: id,
        fields: { [field]: b.user.id },
        base: { [field]: created },
      });
      expect(ack).toMatchObject({ status: 'rejected', reason: 'read_only_field' });
      expect(ack.current?.data.ownerId).toBe(a.user.id);
    }
  });

  it('refuses a child row of an unknown customer', async () => {
    const ack = await write(a, {
      table: 'followUps',
      rowId: newRowId(),
      fields: followUpFields(newRowId()),
    });
    expect(ack).toMatchObject({ status: 'rejected', reason: 'unknown_customer' });
    const missing = await write(a, {
      table: 'followUps',
      rowId: newRowId(),
      fields: { purpose: 'x' },
    });
    expect(missing.reason).toBe('invalid');
  });

  it('lets clients resolve conflicts but never create them or change their values', async () => {
    const forged = await write(a, {
      table: 'conflicts',
      rowId: newRowId(),
      fields: { resolution: 'dismissed' },
    });
    expect(forged).toMatchObject({ status: 'rejected', reason: 'forbidden' });

    const id = newRowId();
    const created = a.tick();
    await write(a, { table: 'customers', rowId: id, hlc: created, fields: customerFields() });
    await write(manager, {
      table: 'customers',
      rowId: id,
      hlc: hlcOf(manager.user.clientId, Date.now() + 2000),
      fields: { city: '广州' },
      base: { city: created },
    });
    await write(a, {
      table: 'customers',
      rowId: id,
      hlc: hlcOf(a.user.clientId, Date.now() + 1000),
      fields: { city: '北京' },
      base: { city: created },
    });
    const [conflict] = conflictsOf(await t.http.pullAll(a.token));
    expect(conflict).toBeDefined();
    const changed = await write(a, {
      table: 'conflicts',
      rowId: conflict?.id ?? '',
      hlc: hlcOf(a.user.clientId, Date.now() + 3000),
      fields: { lostValue: 'hacked' },
    });
    expect(changed).toMatchObject({ status: 'rejected', reason: 'read_only_field' });
    const resolvedAt = new Date().toISOString();
    const resolved = await write(a, {
      table: 'conflicts',
      rowId: conflict?.id ?? '',
      hlc: hlcOf(a.user.clientId, Date.now() + 3000, 1),
      fields: { resolution: 'dismissed', resolvedAt, resolvedBy: a.user.id, updatedAt: resolvedAt },
    });
    expect(resolved.status).toBe('applied');
    const [after] = conflictsOf(await t.http.pullAll(manager.token));
    expect(after).toMatchObject({
      resolution: 'dismissed',
      resolvedBy: a.user.id,
      lostValue: '北京',
    });
  });

  it('never lets a consultant write or read another consultant’s customer or its rows', async () => {
    const id = newRowId();
    const created = a.tick();
    await write(a, {
      table: 'customers',
      rowId: id,
      hlc: created,
      fields: customerFields({ name: 'A的客户' }),
    });
    await write(a, { table: 'followUps', rowId: newRowId(), fields: followUpFields(id) });

    const edit = await write(b, {
      table: 'customers',
      rowId: id,
      fields: { name: 'stolen' },
      base: { name: created },
    });
    expect(edit).toMatchObject({ status: 'rejected', reason: 'forbidden', current: null });
    const child = await write(b, {
      table: 'followUps',
      rowId: newRowId(),
      fields: followUpFields(id),
    });
    expect(child).toMatchObject({ status: 'rejected', reason: 'forbidden', current: null });
    const note = await write(b, {
      table: 'timeline',
      rowId: newRowId(),
      fields: timelineFields(id, b.user.id),
    });
    expect(note.reason).toBe('forbidden');

    const seenByB = await t.http.pullAll(b.token);
    expect(seenByB.some((change) => change.id === id)).toBe(false);
    expect(upserts(seenByB).some((change) => change.data.customerId === id)).toBe(false);
    expect((await rowOf(a, 'customers', id))?.data.name).toBe('A的客户');
  });

  it('keeps dealerships apart: no reads, no writes across them', async () => {
    const id = newRowId();
    await write(a, {
      table: 'customers',
      rowId: id,
      fields: customerFields({ name: 'North only' }),
    });
    const south = await seedDealership(t.db, 'South');
    const southManager = await open(south.manager);
    const southAdmin = await open(south.admin);

    for (const session of [southManager, southAdmin]) {
      const changes = await t.http.pullAll(session.token);
      expect(changes.some((change) => change.id === id)).toBe(false);
      expect(
        upserts(changes).every((change) => change.data.dealershipId === south.dealershipId),
      ).toBe(true);
    }
    const child = await write(southManager, {
      table: 'followUps',
      rowId: newRowId(),
      fields: followUpFields(id),
    });
    expect(child.reason).toBe('unknown_customer');
    // The same id pushed in another dealership is that dealership's own row, not ours.
    const sameId = await write(southManager, {
      table: 'customers',
      rowId: id,
      fields: customerFields({ name: 'South copy' }),
    });
    expect(sameId.status).toBe('applied');
    expect((await rowOf(a, 'customers', id))?.data).toMatchObject({
      name: 'North only',
      dealershipId: shop.dealershipId,
    });
    const southRow = await rowOf(southManager, 'customers', id);
    expect(southRow?.data.dealershipId).toBe(south.dealershipId);
  });

  it('refuses a push for a client id bound to someone else, and unknown fields in the body', async () => {
    const foreign = await t.http.request({
      url: '/v1/push',
      token: b.token,
      body: {
        clientId: a.user.clientId,
        mutations: [{ seq: 1, table: 'customers', rowId: newRowId(), hlc: b.tick(), fields: {} }],
      },
    });
    expect(foreign.status).toBe(403);
    const extra = await t.http.request({
      url: '/v1/push',
      token: a.token,
      body: {
        clientId: a.user.clientId,
        mutations: [
          { seq: 1, table: 'customers', rowId: newRowId(), hlc: a.tick(), fields: {}, priority: 1 },
        ],
      },
    });
    expect(extra.status).toBe(400);
    expect(extra.body).toMatchObject({ error: 'invalid_request' });
    expect(JSON.stringify(extra.body.issues)).toContain('priority');
    const unknownTable = await t.http.request({
      url: '/v1/push',
      token: a.token,
      body: {
        clientId: a.user.clientId,
        mutations: [{ seq: 1, table: 'invoices', rowId: newRowId(), hlc: a.tick(), fields: {} }],
      },
    });
    expect(unknownTable.status).toBe(400);
    const noAuth = await t.http.request({
      url: '/v1/push',
      body: { clientId: a.user.clientId, mutations: [] },
    });
    expect(noAuth.status).toBe(401);
  });
});
