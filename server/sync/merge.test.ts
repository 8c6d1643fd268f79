import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { MERGED_CARD_FIELD, notesSeparator } from '../../shared/domain/duplicate-merge';
import type { SyncConflict } from '../../shared/sync/conflict';
import type { Change, MergeDuplicateCustomersResponse } from '../../shared/sync/protocol';
import { createUser } from '../accounts';
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

const removedIds = (changes: Change[]) =>
  changes.filter((change) => change.kind === 'remove').map((change) => change.id);

const SHARED = '13800138000';

describeEachBackend('merge-customers command', (backend) => {
  let t: TestApp;
  let shop: SeededDealership;
  const tokens = { a: '', b: '', manager: '', admin: '' };
  /** A's card (李娜's) and its rows; B's card with the same number. */
  const ids = { cardA: '', followUpA: '', noteA: '', cardB: '', followUpB: '' };
  let conflictA: string;
  let created: number;
  let seq = { a: 0, b: 0, manager: 0 };
  let cursors = { a: '0', b: '0', manager: '0' };

  const merge = (token: string, body: Record<string, unknown>) =>
    t.http.request<MergeDuplicateCustomersResponse & { error?: string }>({
      url: '/v1/commands/merge-customers',
      token,
      body,
    });

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
    for (const key of Object.keys(ids) as Array<keyof typeof ids>) ids[key] = newRowId();
    seq = { a: 0, b: 0, manager: 0 };
    // Everything was written three minutes ago, so later offline edits fall before "now".
    created = Date.now() - 180_000;
    const a = (counter: number) => hlcOf(shop.consultantA.clientId, created, counter);
    const b = (counter: number) => hlcOf(shop.consultantB.clientId, created, counter);
    const pushedA = await t.http.push(tokens.a, shop.consultantA.clientId, [
      {
        seq: ++seq.a,
        table: 'customers',
        rowId: ids.cardA,
        hlc: a(0),
        fields: customerFields({
          name: '张叁',
          phones: [SHARED, '13700137000'],
          tags: ['车展'],
          notes: '周末有空',
          wechatId: 'zhang88',
          city: '北京',
        }),
      },
      {
        seq: ++seq.a,
        table: 'followUps',
        rowId: ids.followUpA,
        hlc: a(1),
        fields: followUpFields(ids.cardA),
      },
      {
        seq: ++seq.a,
        table: 'timeline',
        rowId: ids.noteA,
        hlc: a(2),
        fields: timelineFields(ids.cardA, shop.consultantA.id, { text: '第一次到店' }),
      },
    ]);
    const pushedB = await t.http.push(tokens.b, shop.consultantB.clientId, [
      {
        seq: ++seq.b,
        table: 'customers',
        rowId: ids.cardB,
        hlc: b(0),
        fields: customerFields({
          name: '张三',
          phones: [SHARED],
          tags: ['老客户介绍'],
          notes: '想要白色',
          wechatId: '',
          city: '上海',
        }),
      },
      {
        seq: ++seq.b,
        table: 'followUps',
        rowId: ids.followUpB,
        hlc: b(1),
        fields: followUpFields(ids.cardB),
      },
    ]);
    expect([...pushedA.acks, ...pushedB.acks].every((ack) => ack.status === 'applied')).toBe(true);
    // A conflict on A's card: the manager and A both change the city, neither seeing the other.
    await t.http.push(tokens.manager, shop.manager.clientId, [
      {
        seq: ++seq.manager,
        table: 'customers',
        rowId: ids.cardA,
        hlc: hlcOf(shop.manager.clientId, created + 1000),
        fields: { city: '天津' },
        base: { city: a(0) },
      },
    ]);
    await t.http.push(tokens.a, shop.consultantA.clientId, [
      {
        seq: ++seq.a,
        table: 'customers',
        rowId: ids.cardA,
        hlc: a(3),
        fields: { city: '北京' },
        base: { city: a(0) },
      },
    ]);
    const [conflict] = upserts(await t.http.pullAll(tokens.manager)).filter(
      (change) => change.table === 'conflicts',
    );
    if (!conflict) throw new Error('no conflict made');
    conflictA = conflict.id;
    cursors = {
      a: (await t.http.pull(tokens.a)).cursor,
      b: (await t.http.pull(tokens.b)).cursor,
      manager: (await t.http.pull(tokens.manager)).cursor,
    };
  });

  it('is for managers and admins of the dealership only, with a valid request', async () => {
    const body = { survivorId: ids.cardB, mergedIds: [ids.cardA], ownerId: shop.consultantB.id };
    expect((await merge(tokens.a, body)).status).toBe(403);
    const south = await seedDealership(t.db, 'South');
    const southManager = (await t.http.login(south.manager)).accessToken;
    expect((await merge(southManager, { ...body, ownerId: south.consultantA.id })).status).toBe(
      404,
    );
    expect((await merge(tokens.manager, { ...body, ownerId: south.consultantA.id })).status).toBe(
      404,
    );
    expect((await merge(tokens.manager, { ...body, mergedIds: [ids.cardB] })).status).toBe(400);
    expect((await merge(tokens.manager, { ...body, note: 'x' })).status).toBe(400);
    expect(
      (await merge(tokens.manager, { ...body, mergedIds: [ids.cardA, newRowId()] })).status,
    ).toBe(404);
    // Nothing happened on the way.
    expect(await t.http.pullAll(tokens.manager, cursors.manager)).toEqual([]);
  });

  it('refuses cards that share no number, a deactivated owner and an admin as owner', async () => {
    const stranger = newRowId();
    await t.http.push(tokens.a, shop.consultantA.clientId, [
      {
        seq: ++seq.a,
        table: 'customers',
        rowId: stranger,
        hlc: hlcOf(shop.consultantA.clientId, Date.now()),
        fields: customerFields({ name: '路人', phones: ['13900139000'] }),
      },
    ]);
    const apart = await merge(tokens.manager, {
      survivorId: ids.cardB,
      mergedIds: [stranger],
      ownerId: shop.consultantB.id,
    });
    expect(apart.status).toBe(409);
    expect(apart.body.error).toBe('conflict');

    const departed = await createUser(t.db, {
      dealershipId: shop.dealershipId,
      login: `gone.${newRowId().slice(0, 8)}`,
      name: '已离职',
      role: 'consultant',
      password: 'correct horse battery',
    });
    await t.db.query('UPDATE users SET active = false WHERE id = $1', [departed.id]);
    const body = { survivorId: ids.cardB, mergedIds: [ids.cardA] };
    expect((await merge(tokens.manager, { ...body, ownerId: departed.id })).status).toBe(409);
    expect((await merge(tokens.manager, { ...body, ownerId: shop.admin.id })).status).toBe(409);
  });

  it('merges into the survivor: every phone, tag, note and row kept, the old owner loses the card', async () => {
    const response = await merge(tokens.manager, {
      survivorId: ids.cardB,
      mergedIds: [ids.cardA],
      ownerId: shop.consultantB.id,
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      survivorId: ids.cardB,
      ownerId: shop.consultantB.id,
      merged: [ids.cardA],
      alreadyMerged: [],
    });

    const forB = upserts(await t.http.pullAll(tokens.b, cursors.b));
    const byId = new Map(forB.map((change) => [change.id, change]));
    const survivor = byId.get(ids.cardB);
    const label = `「张叁」（${shop.consultantA.name}）`;
    expect(survivor?.data).toMatchObject({
      name: '张三',
      ownerId: shop.consultantB.id,
      phones: [SHARED, '13700137000'],
      tags: ['老客户介绍', '车展'],
      notes: `想要白色\n\n${notesSeparator(label)}\n周末有空`,
      wechatId: 'zhang88',
      city: '上海',
      deleted: false,
    });
    expect(survivor?.clocks.phones).toMatch(/:server$/);
    // A's rows now hang off B's card, with B as their owner.
    for (const id of [ids.followUpA, ids.noteA, conflictA]) {
      expect(byId.get(id)?.data, id).toMatchObject({
        customerId: ids.cardB,
        ownerId: shop.consultantB.id,
      });
    }
    // The conflict about A's card now names the survivor, so re-applying it reaches a card.
    expect(byId.get(conflictA)?.data).toMatchObject({ rowTable: 'customers', rowId: ids.cardB });
    expect(byId.has(ids.cardA)).toBe(false);

    const entry = forB.find(
      (change) => change.table === 'timeline' && change.data.kind === 'merged',
    );
    expect(entry?.data).toMatchObject({
      customerId: ids.cardB,
      ownerId: shop.consultantB.id,
      actorId: shop.manager.id,
      actorName: shop.manager.name,
    });
    const changes = entry?.data.changes as Array<{ field: string; from: string; to: string }>;
    expect(changes[0]).toEqual({ field: MERGED_CARD_FIELD, from: ids.cardA, to: '张叁' });
    expect(changes[1]).toEqual({
      field: 'ownerId',
      from: shop.consultantA.name,
      to: shop.consultantB.name,
    });
    // The manager's 天津 won the city on A's card (北京 is a conflict there, now under B's card).
    expect(changes).toContainEqual({ field: 'city', from: '天津', to: '上海' });
    expect(changes).toContainEqual({ field: 'name', from: '张叁', to: '张三' });

    // A loses the card and every row that was on it, in the ordered stream.
    const forA = await t.http.pullAll(tokens.a, cursors.a);
    expect(forA.filter((change) => change.kind === 'upsert')).toEqual([]);
    expect(removedIds(forA).sort()).toEqual(
      [ids.cardA, ids.followUpA, ids.noteA, conflictA].sort(),
    );
    // The manager's laptop drops the merged card (a remove) and gets the rows under B's card.
    const forManager = await t.http.pullAll(tokens.manager, cursors.manager);
    expect(removedIds(forManager)).toEqual([ids.cardA]);
    const removeAt = forManager.findIndex((change) => change.id === ids.cardA);
    const rowsAt = forManager.findIndex((change) => change.id === ids.followUpA);
    expect(removeAt).toBeLessThan(rowsAt);
    // From scratch, nobody ever receives the merged card.
    const everything = await t.http.pullAll(tokens.manager);
    expect(upserts(everything).some((change) => change.id === ids.cardA)).toBe(false);
  });

  it('can give the survivor to the other consultant: their old owner loses it', async () => {
    const response = await merge(tokens.admin, {
      survivorId: ids.cardB,
      mergedIds: [ids.cardA],
      ownerId: shop.consultantA.id,
    });
    expect(response.status).toBe(200);
    const forB = await t.http.pullAll(tokens.b, cursors.b);
    expect(forB.filter((change) => change.kind === 'upsert')).toEqual([]);
    expect(removedIds(forB).sort()).toEqual([ids.cardB, ids.followUpB].sort());
    const forA = upserts(await t.http.pullAll(tokens.a, cursors.a));
    const byId = new Map(forA.map((change) => [change.id, change]));
    for (const id of [ids.cardB, ids.followUpB, ids.followUpA, ids.noteA]) {
      expect(byId.get(id)?.data.ownerId, id).toBe(shop.consultantA.id);
    }
    expect(byId.get(ids.followUpA)?.data.customerId).toBe(ids.cardB);
    // A's own card went into B's: A's laptop drops it.
    expect(
      (await t.http.pullAll(tokens.a, cursors.a)).find((change) => change.id === ids.cardA)?.kind,
    ).toBe('remove');

    // B's offline edits of the card B lost: made before the merge, applied; after it, kept aside.
    const late = await t.http.push(tokens.b, shop.consultantB.clientId, [
      {
        seq: ++seq.b,
        table: 'customers',
        rowId: ids.cardB,
        hlc: hlcOf(shop.consultantB.clientId, created + 60_000),
        fields: { company: '星辰科技' },
      },
      {
        seq: ++seq.b,
        table: 'customers',
        rowId: ids.cardB,
        hlc: hlcOf(shop.consultantB.clientId, Date.now() + 1000),
        fields: { trim: '豪华版' },
      },
    ]);
    expect(late.acks.map((ack) => [ack.status, ack.reason])).toEqual([
      ['applied', undefined],
      ['rejected', 'reassigned'],
    ]);
    const latest = upserts(await t.http.pullAll(tokens.a, cursors.a));
    expect(latest.filter((change) => change.id === ids.cardB).at(-1)?.data).toMatchObject({
      company: '星辰科技',
      ownerId: shop.consultantA.id,
    });
    expect(
      latest.some(
        (change) => change.table === 'conflicts' && (change.data as SyncConflict).field === 'trim',
      ),
    ).toBe(true);
  });

  it('answers a retry with what was done, and changes nothing twice', async () => {
    const body = { survivorId: ids.cardB, mergedIds: [ids.cardA], ownerId: shop.consultantB.id };
    expect((await merge(tokens.manager, body)).status).toBe(200);
    const { cursor } = await t.http.pull(tokens.manager, cursors.manager);
    const again = await merge(tokens.manager, body);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({
      survivorId: ids.cardB,
      ownerId: shop.consultantB.id,
      merged: [],
      alreadyMerged: [ids.cardA],
    });
    expect(await t.http.pullAll(tokens.manager, cursor)).toEqual([]);
    // The same cards with another owner, or the merged card as a survivor: refused.
    expect((await merge(tokens.manager, { ...body, ownerId: shop.consultantA.id })).status).toBe(
      409,
    );
    const reversed = await merge(tokens.manager, {
      survivorId: ids.cardA,
      mergedIds: [ids.cardB],
      ownerId: shop.consultantB.id,
    });
    expect(reversed.status).toBe(409);
    // Nor can the merged card be reassigned on its own.
    const reassign = await t.http.request<{ reassigned: number; skipped: string[] }>({
      url: '/v1/commands/reassign-customers',
      token: tokens.manager,
      body: { customerIds: [ids.cardA], toUserId: shop.consultantA.id },
    });
    expect(reassign.body).toEqual({ reassigned: 0, skipped: [ids.cardA] });
  });

  it('takes the old owner’s offline changes made before the merge onto the survivor', async () => {
    const before = created + 60_000;
    const newFollowUp = newRowId();
    await merge(tokens.manager, {
      survivorId: ids.cardB,
      mergedIds: [ids.cardA],
      ownerId: shop.consultantB.id,
    });
    const a = (counter: number) => hlcOf(shop.consultantA.clientId, before, counter);
    const response = await t.http.push(tokens.a, shop.consultantA.clientId, [
      {
        seq: ++seq.a,
        table: 'customers',
        rowId: ids.cardA,
        hlc: a(0),
        fields: { phones: [SHARED, '13700137000', '13600136000'], notes: '周末有空\n已付意向金' },
      },
      {
        seq: ++seq.a,
        table: 'customers',
        rowId: ids.cardA,
        hlc: a(1),
        fields: { district: '朝阳', name: '张叁丰' },
      },
      {
        seq: ++seq.a,
        table: 'followUps',
        rowId: ids.followUpA,
        hlc: a(2),
        fields: { state: 'done', result: '已回电' },
        base: {
          state: hlcOf(shop.consultantA.clientId, created, 1),
          result: hlcOf(shop.consultantA.clientId, created, 1),
        },
      },
      {
        seq: ++seq.a,
        table: 'followUps',
        rowId: newFollowUp,
        hlc: a(3),
        fields: followUpFields(ids.cardA, { purpose: '邀约试驾' }),
      },
    ]);
    expect(response.acks.map((ack) => ack.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
    ]);

    const forB = upserts(await t.http.pullAll(tokens.b, cursors.b));
    const latest = new Map(forB.map((change) => [change.id, change]));
    const survivor = latest.get(ids.cardB)?.data;
    expect(survivor?.phones).toEqual([SHARED, '13700137000', '13600136000']);
    expect(String(survivor?.notes)).toContain('已付意向金');
    expect(survivor?.name).toBe('张三');
    expect(latest.get(ids.followUpA)?.data).toMatchObject({
      state: 'done',
      customerId: ids.cardB,
    });
    expect(latest.get(newFollowUp)?.data).toMatchObject({
      customerId: ids.cardB,
      ownerId: shop.consultantB.id,
      purpose: '邀约试驾',
    });
    expect(latest.get(newFollowUp)?.clocks.customerId).toMatch(/:server$/);
    // What the survivor holds differently is kept as conflicts for its owner, with A's values.
    const conflicts = forB
      .filter((change) => change.table === 'conflicts' && change.id !== conflictA)
      .map((change) => change.data as SyncConflict);
    expect(conflicts.map((conflict) => conflict.field).sort()).toEqual(['district', 'name']);
    expect(conflicts.find((conflict) => conflict.field === 'name')).toMatchObject({
      customerId: ids.cardB,
      rowTable: 'customers',
      rowId: ids.cardB,
      keptValue: '张三',
      lostValue: '张叁丰',
      lostBy: shop.consultantA.id,
      ownerId: shop.consultantB.id,
    });
    // The follow-up A made offline leaves A's laptop; A sees nothing of B's card.
    const forA = await t.http.pullAll(tokens.a, cursors.a);
    expect(removedIds(forA)).toContain(newFollowUp);
    expect(forA.filter((change) => change.kind === 'upsert')).toEqual([]);
  });

  it('refuses the old owner’s changes made after the merge and keeps them as conflicts', async () => {
    await merge(tokens.manager, {
      survivorId: ids.cardB,
      mergedIds: [ids.cardA],
      ownerId: shop.consultantB.id,
    });
    const after = hlcOf(shop.consultantA.clientId, Date.now() + 1000);
    const response = await t.http.push(tokens.a, shop.consultantA.clientId, [
      {
        seq: ++seq.a,
        table: 'customers',
        rowId: ids.cardA,
        hlc: after,
        fields: { notes: '周末有空\n客户说下周再来', city: '南京' },
      },
      {
        seq: ++seq.a,
        table: 'followUps',
        rowId: ids.followUpA,
        hlc: hlcOf(shop.consultantA.clientId, Date.now() + 1000, 1),
        fields: { result: '没接' },
      },
    ]);
    expect(response.acks.map((ack) => [ack.status, ack.reason, ack.current])).toEqual([
      ['rejected', 'reassigned', null],
      ['rejected', 'reassigned', null],
    ]);
    const forB = upserts(await t.http.pullAll(tokens.b, cursors.b));
    const survivor = forB.filter((change) => change.id === ids.cardB).at(-1)?.data;
    expect(String(survivor?.notes)).not.toContain('下周再来');
    const conflicts = forB
      .filter((change) => change.table === 'conflicts' && change.id !== conflictA)
      .map((change) => change.data as SyncConflict);
    expect(conflicts.map((conflict) => conflict.field).sort()).toEqual(['city', 'notes', 'result']);
    expect(String(conflicts.find((conflict) => conflict.field === 'notes')?.lostValue)).toContain(
      '客户说下周再来',
    );
  });

  it('sends a manager’s change to the merged card on to the survivor', async () => {
    await merge(tokens.manager, {
      survivorId: ids.cardB,
      mergedIds: [ids.cardA],
      ownerId: shop.consultantB.id,
    });
    const response = await t.http.push(tokens.manager, shop.manager.clientId, [
      {
        seq: ++seq.manager,
        table: 'customers',
        rowId: ids.cardA,
        hlc: hlcOf(shop.manager.clientId, Date.now()),
        fields: { tags: ['VIP'] },
      },
    ]);
    expect(response.acks[0]?.status).toBe('applied');
    const forB = upserts(await t.http.pullAll(tokens.b, cursors.b));
    expect(forB.filter((change) => change.id === ids.cardB).at(-1)?.data.tags).toEqual([
      '老客户介绍',
      '车展',
      'VIP',
    ]);
  });
});
