import { readFileSync } from 'node:fs';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import type { Customer } from '../../shared/domain/customer';
import { openImportFile } from '../../shared/import/read-file';
import type { SheetGrid } from '../../shared/import/grid';
import type { AppDB } from './AppDB';
import {
  createCustomer,
  updateCustomer,
  customerToFormValues,
  findCustomersByPhone,
} from './customers-repo';
import {
  applyImport,
  type UndoRefusalReason,
  inspectUndo,
  listImports,
  loadImportMapping,
  planAgainstDatabase,
  saveImportMapping,
  undoImport,
} from './import-repo';
import {
  customerForm,
  expectOutboxAcceptedByServer,
  HOUR,
  openTestDb,
} from '../test-support/test-db';
import { createSessionVault, memorySecretSlot } from '../../shared/sync/session-vault';
import {
  WITHDRAW_REFUSALS,
  type WithdrawImportedCustomersResponse,
} from '../../shared/sync/protocol';
import { en } from '../i18n/en';
import { zhCN } from '../i18n/zh-CN';
import { createFakeSyncServer } from '../test-support/fake-sync-server';
import { createSyncEngine } from '../sync/engine';

const importer = (id: string) => ({ id, role: 'consultant' as const });

function grid(lines: (string | null)[][]): SheetGrid {
  return { sheet: null, rows: lines.map((cells, index) => ({ line: index + 1, cells })) };
}

/** What the data tables hold, without the write bookkeeping (clocks, updatedAt). */
async function snapshot(db: AppDB) {
  const strip = <Row extends { clocks: unknown; updatedAt: string }>({
    clocks: _clocks,
    updatedAt: _updatedAt,
    ...rest
  }: Row) => rest;
  return {
    customers: (await db.customers.orderBy('id').toArray()).map(strip),
    followUps: (await db.followUps.orderBy('id').toArray()).map(strip),
  };
}

async function timelineOf(db: AppDB, customerId: string) {
  return db.timeline
    .where('[customerId+at]')
    .between([customerId, Dexie.minKey], [customerId, Dexie.maxKey])
    .toArray();
}

describe('import', () => {
  it('creates cards through the write path with their first follow-up, tag and a timeline entry', async () => {
    const { db, ctx, profile } = await openTestDb();
    const file = await openImportFile(
      new Uint8Array(
        readFileSync(new URL('../../shared/import/fixtures/showroom-gbk.csv', import.meta.url)),
      ),
      'showroom-gbk.csv',
    );
    const plan = await planAgainstDatabase(
      db,
      { grid: file.grid(), importer: importer(profile.userId) },
      ctx.now(),
    );
    const summary = await applyImport(ctx, plan, {
      fileName: 'showroom-gbk.csv',
      importName: plan.title ?? '',
    });
    expect(summary).toMatchObject({
      state: 'done',
      counts: { created: 5, updated: 0, duplicate: 1, invalid: 2, skip: 4 },
    });

    const cards = await db.customers.toArray();
    expect(cards.map((card) => card.name).sort()).toEqual(
      ['张敏', '李娜', '杨静', '王伟', '刘洋'].sort(),
    );
    const wang = cards.find((card) => card.name === '王伟') as Customer;
    expect(wang).toMatchObject({
      ownerId: profile.userId,
      phones: ['13800138000'],
      source: 'event',
      sourceDetail: '2026广州国际车展 客户登记表',
      tags: ['2026广州国际车展 客户登记表'],
      notes: '想要白色',
      status: 'new',
    });
    expect(new Date(wang.createdAt).getDate()).toBe(3);
    const [followUp] = await db.followUps.where('customerId').equals(wang.id).toArray();
    expect(followUp).toMatchObject({
      state: 'planned',
      purpose: 'first_contact',
      channel: 'phone',
    });
    expect(new Date(followUp?.dueAt ?? '').getTime()).toBe(ctx.now().getTime() + 24 * HOUR);
    const [entry] = await timelineOf(db, wang.id);
    expect(entry).toMatchObject({
      kind: 'created',
      changes: [{ field: 'importFile', from: '', to: 'showroom-gbk.csv' }],
    });
    // Every row is in the outbox, as the server accepts it.
    expect(await db.outbox.where('[table+rowId]').equals(['customers', wang.id]).count()).toBe(1);
    expect(await db.outbox.count()).toBe(5 * 3);
    await expectOutboxAcceptedByServer(db);
    expect((await listImports(db))[0]).toMatchObject({
      fileName: 'showroom-gbk.csv',
      state: 'done',
    });
  });

  it('then undo leaves the cards as before, restores overwritten fields, and the undo syncs', async () => {
    const { db, ctx, profile, clock } = await openTestDb();
    const existing = await createCustomer(
      ctx,
      customerForm({ name: '王伟', city: '', model: '汉EV' }),
    );
    const before = await snapshot(db);
    const outboxBefore = await db.outbox.count();
    clock.advance(HOUR);
    const plan = await planAgainstDatabase(
      db,
      {
        grid: grid([
          ['姓名', '电话', '城市', '意向车型'],
          ['王先生', '138 0013 8000', '广州', '唐'],
          ['李娜', '13900139000', '深圳', '宋'],
        ]),
        importer: importer(profile.userId),
        duplicates: { default: { mode: 'overwrite', fields: ['model'] } },
        importName: '广州车展',
      },
      ctx.now(),
    );
    expect(plan.rows.map((row) => row.action)).toEqual(['skip', 'update', 'create']);
    const { id } = await applyImport(ctx, plan, { fileName: 'list.xlsx', importName: '广州车展' });
    const updated = await db.customers.get(existing.id);
    expect(updated).toMatchObject({ city: '广州', model: '唐', tags: ['广州车展'] });
    expect(await db.customers.count()).toBe(2);

    clock.advance(HOUR);
    const check = await inspectUndo(db, id);
    expect(check).toMatchObject({ keptOnServer: [], editedSince: [] });
    expect(check.withdrawable).toHaveLength(1);
    const outboxAfterImport = await db.outbox.count();
    const result = await undoImport(ctx, id);
    expect(result).toMatchObject({ withdrawn: 1, restored: 1 });
    expect(await snapshot(db)).toEqual(before);
    // The restore is a change like any other: in the outbox, to sync. The withdrawn card's rows
    // never reach the server: their outbox entries are gone with them.
    const restore = await db.outbox
      .where('[table+rowId]')
      .equals(['customers', existing.id])
      .last();
    expect(restore?.fields).toMatchObject({ city: '', model: '汉EV', tags: [] });
    // −3: the withdrawn card, its follow-up and timeline entry; +2: the restore and its entry.
    expect(await db.outbox.count()).toBe(outboxAfterImport - 3 + 2);
    expect(await db.outbox.count()).toBeGreaterThan(outboxBefore);
    await expectOutboxAcceptedByServer(db);
    expect((await db.imports.get(id))?.state).toBe('undone');
    await expect(undoImport(ctx, id)).rejects.toThrow('undone already');
  });

  it('reports cards edited since the import, and keeps what was edited', async () => {
    const { db, ctx, profile, clock } = await openTestDb();
    const existing = await createCustomer(ctx, customerForm({ name: '王伟', city: '' }));
    const plan = await planAgainstDatabase(
      db,
      {
        grid: grid([
          ['姓名', '电话', '城市'],
          ['王伟', '13800138000', '广州'],
          ['李娜', '13900139000', '深圳'],
        ]),
        importer: importer(profile.userId),
        duplicates: { default: { mode: 'fill' } },
      },
      ctx.now(),
    );
    const { id } = await applyImport(ctx, plan, { fileName: 'list.csv', importName: 'list' });
    clock.advance(HOUR);
    const [li] = (await findCustomersByPhone(db, '13900139000')) as [Customer];
    await updateCustomer(ctx, li.id, { ...customerToFormValues(li), model: '海豹' });
    const wang = (await db.customers.get(existing.id)) as Customer;
    await updateCustomer(ctx, wang.id, { ...customerToFormValues(wang), city: '佛山' });

    const check = await inspectUndo(db, id);
    expect(check.editedSince.sort()).toEqual([existing.id, li.id].sort());
    await undoImport(ctx, id);
    // The city typed after the import stays; the card the import created is withdrawn (the
    // screen warned about the edit before).
    expect((await db.customers.get(existing.id))?.city).toBe('佛山');
    expect(await db.customers.get(li.id)).toBeUndefined();
  });

  it('keeps a created card the server already holds when there is no server to ask, and says so', async () => {
    const { db, ctx, profile } = await openTestDb();
    const plan = await planAgainstDatabase(
      db,
      {
        grid: grid([
          ['姓名', '电话'],
          ['王伟', '13800138000'],
        ]),
        importer: importer(profile.userId),
      },
      ctx.now(),
    );
    const { id } = await applyImport(ctx, plan, { fileName: 'a.csv', importName: 'a' });
    // A sync round pushed everything: the server acknowledged and the outbox is empty.
    await db.outbox.clear();
    const card = (await db.customers.toArray())[0] as Customer;
    const result = await undoImport(ctx, id);
    // No server to ask (local mode): refused to retry online, and the batch can be undone again.
    expect(result).toMatchObject({
      withdrawn: 0,
      keptOnServer: [card.id],
      refused: [{ customerId: card.id, reason: 'offline' }],
      complete: false,
    });
    expect(await db.customers.get(card.id)).toBeDefined();
    expect((await db.imports.get(id))?.state).toBe('done');
  });

  it('writes in chunks with progress, and stops between chunks when cancelled', async () => {
    const { db, ctx, profile } = await openTestDb();
    const lines = [
      ['姓名', '电话'],
      ...Array.from({ length: 7 }, (_, n) => [`客户${n}`, `1380013800${n}`]),
    ];
    const plan = await planAgainstDatabase(
      db,
      { grid: grid(lines), importer: importer(profile.userId) },
      ctx.now(),
    );
    const controller = new AbortController();
    const progress: number[] = [];
    const summary = await applyImport(ctx, plan, {
      fileName: 'a.csv',
      importName: 'a',
      chunkSize: 3,
      signal: controller.signal,
      onProgress: ({ done, total }) => {
        progress.push(done);
        expect(total).toBe(7);
        if (done === 3) controller.abort();
      },
    });
    expect(progress).toEqual([0, 3]);
    expect(summary).toMatchObject({ state: 'cancelled', counts: { created: 3 } });
    expect(await db.customers.count()).toBe(3);
    await undoImport(ctx, summary.id);
    expect(await db.customers.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('remembers a mapping per header layout', async () => {
    const { db } = await openTestDb();
    await saveImportMapping(db, 'layout-v1-2-abc', {
      mapping: ['name', 'phones'],
      enumMappings: {},
    });
    expect(await loadImportMapping(db, 'layout-v1-2-abc')).toMatchObject({
      mapping: ['name', 'phones'],
    });
    expect(await loadImportMapping(db, 'other')).toBeUndefined();
  });
});

describe('undo of an import the server already holds', () => {
  const WITHDRAW = '/v1/commands/withdraw-imported-customers';

  /** A consultant's laptop logged in to the fake server, with a synced import of three cards. */
  async function syncedImport(options: { lostPushAnswer?: boolean } = {}) {
    const test = await openTestDb();
    const server = createFakeSyncServer({ now: () => test.clock.now().getTime() });
    server.addUser({ login: 'lina', name: '李娜', role: 'consultant' });
    const online = { value: true };
    const engine = createSyncEngine({
      db: test.db,
      baseUrl: 'http://sync.test:8787',
      fetch: server.fetch,
      session: createSessionVault(memorySecretSlot(), server.fetch),
      now: test.clock.now,
      isOnline: () => online.value,
      liveEvents: false,
      pushOnWrite: false,
    });
    await engine.login('lina', 'password1');
    const plan = await planAgainstDatabase(
      test.db,
      {
        grid: grid([
          ['姓名', '电话'],
          ['王伟', '13800138000'],
          ['李娜', '13900139000'],
          ['张敏', '13700137000'],
        ]),
        importer: importer(test.profile.userId),
      },
      test.ctx.now(),
    );
    const { id } = await applyImport(test.ctx, plan, { fileName: '车展.xlsx', importName: '车展' });
    if (options.lostPushAnswer) {
      server.failNext('/v1/push', 'lost_response');
      await expect(engine.syncNow()).rejects.toThrow();
    } else {
      await engine.syncNow();
      expect(await test.db.outbox.count()).toBe(0);
    }
    const cards = (await test.db.customers.orderBy('id').toArray()).map((card) => card.id);
    const requests = () =>
      server.requests.filter((request) => request.path === WITHDRAW).map((r) => r.body);
    return { ...test, server, online, engine, batchId: id, cards, requests };
  }

  it('asks the server to withdraw them; withdrawn cards leave this laptop, refused ones stay', async () => {
    const h = await syncedImport();
    const [first, second, third] = h.cards as [string, string, string];
    // The server's verdict (its own tests cover the rules): the third was worked on by a manager.
    h.server.answerCommand(WITHDRAW, (body) => {
      const { customerIds } = body as { customerIds: string[] };
      const answer: WithdrawImportedCustomersResponse = {
        withdrawn: customerIds.filter((id) => id !== third),
        refused: [{ customerId: third, reason: 'others_activity' }],
      };
      return answer;
    });
    // An edit since, not sent yet: it goes with the card, never to be pushed.
    h.clock.advance(HOUR);
    const card = (await h.db.customers.get(first)) as Customer;
    await updateCustomer(h.ctx, first, { ...customerToFormValues(card), city: '佛山' });

    const check = await inspectUndo(h.db, h.batchId);
    expect(check).toMatchObject({ withdrawable: [], editedSince: [first] });
    expect(check.keptOnServer.sort()).toEqual(h.cards);

    const result = await undoImport(h.ctx, h.batchId, {
      withdrawOnServer: (request) => h.engine.withdrawImportedCustomers(request),
    });
    expect(h.requests()).toEqual([
      { customerIds: expect.arrayContaining(h.cards), fileName: '车展.xlsx' },
    ]);
    expect(result).toMatchObject({
      withdrawn: 2,
      refused: [{ customerId: third, reason: 'others_activity' }],
      complete: true,
    });
    expect(result.withdrawnOnServer.sort()).toEqual([first, second]);
    expect((await h.db.customers.toArray()).map((row) => row.id)).toEqual([third]);
    expect((await h.db.followUps.toArray()).map((row) => row.customerId)).toEqual([third]);
    expect((await h.db.timeline.toArray()).map((row) => row.customerId)).toEqual([third]);
    expect(await h.db.outbox.count()).toBe(0);
    expect((await h.db.imports.get(h.batchId))?.state).toBe('undone');
  });

  it('asks about cards it withdrew as never sent: a push whose answer was lost reached the server', async () => {
    const h = await syncedImport({ lostPushAnswer: true });
    // The server holds the cards; this laptop still has their creations in the outbox.
    for (const id of h.cards) expect(h.server.row('customers', id)).toBeDefined();
    expect(await inspectUndo(h.db, h.batchId)).toMatchObject({ keptOnServer: [] });
    const other = h.server.addUser({ login: 'elsewhere', role: 'consultant' });
    h.server.answerCommand(WITHDRAW, (body) => {
      const { customerIds } = body as { customerIds: string[] };
      const held = customerIds.filter((id) => h.server.row('customers', id));
      // The fake's stand-in for a deletion: the cards leave this user's scope (a remove each).
      for (const id of held) h.server.reassign(id, other.id);
      return {
        withdrawn: held,
        refused: customerIds
          .filter((id) => !held.includes(id))
          .map((customerId) => ({ customerId, reason: 'not_found' })),
      };
    });

    const result = await undoImport(h.ctx, h.batchId, {
      withdrawOnServer: (request) => h.engine.withdrawImportedCustomers(request),
    });
    expect(result).toMatchObject({ withdrawn: 3, withdrawnOnServer: [], refused: [] });
    expect(h.requests()).toHaveLength(1);
    await h.engine.syncNow();
    expect(await h.db.customers.count()).toBe(0);
    expect((await h.db.imports.get(h.batchId))?.state).toBe('undone');
  });

  it('offline, refuses them to retry online and leaves the batch undoable; online it finishes', async () => {
    const h = await syncedImport();
    h.server.answerCommand(WITHDRAW, (body) => ({
      withdrawn: (body as { customerIds: string[] }).customerIds,
      refused: [],
    }));
    const withdrawOnServer = (request: { customerIds: readonly string[]; fileName: string }) =>
      h.engine.withdrawImportedCustomers(request);
    h.online.value = false;
    const offline = await undoImport(h.ctx, h.batchId, { withdrawOnServer });
    expect(offline).toMatchObject({ withdrawn: 0, withdrawnOnServer: [], complete: false });
    expect(offline.refused.map((refusal) => refusal.reason)).toEqual([
      'offline',
      'offline',
      'offline',
    ]);
    expect(h.requests()).toEqual([]);
    expect(await h.db.customers.count()).toBe(3);
    expect((await h.db.imports.get(h.batchId))?.state).toBe('done');
    // Without a server at all, the same.
    expect(await undoImport(h.ctx, h.batchId)).toMatchObject({ complete: false, withdrawn: 0 });

    h.online.value = true;
    const online = await undoImport(h.ctx, h.batchId, { withdrawOnServer });
    expect(online).toMatchObject({ withdrawn: 3, refused: [], complete: true });
    expect(await h.db.customers.count()).toBe(0);
    expect((await h.db.imports.get(h.batchId))?.state).toBe('undone');
  });

  it('has words in both languages for every reason a card can stay', () => {
    const reasons: UndoRefusalReason[] = [...WITHDRAW_REFUSALS, 'offline'];
    for (const words of [zhCN.importWithdrawRefusal, en.importWithdrawRefusal]) {
      expect(Object.keys(words).sort()).toEqual([...reasons].sort());
      for (const reason of reasons) expect(words[reason]).not.toBe('');
    }
  });
});
