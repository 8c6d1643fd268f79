import { readFileSync } from 'node:fs';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import type { Customer } from '../../shared/domain/customer';
import { openImportFile } from '../../shared/import/read-file';
import type { SheetGrid } from '../../shared/import/grid';
import type { AppDB } from './AppDB';
import { createCustomer, updateCustomer, customerToFormValues } from './customers-repo';
import {
  applyImport,
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
    const li = (await db.customers.where('phones').equals('13900139000').first()) as Customer;
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

  it('keeps a created card the server already holds and says so', async () => {
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
    expect(result).toMatchObject({ withdrawn: 0, keptOnServer: [card.id] });
    expect(await db.customers.get(card.id)).toBeDefined();
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
