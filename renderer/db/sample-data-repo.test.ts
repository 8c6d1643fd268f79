import { describe, expect, it } from 'vitest';
import { generateShowroom } from '../../shared/sample-data/showroom';
import { rowIdSchema } from '../../shared/sync/storable';
import { NEW_ROW_SCHEMAS, SYNC_FIELD_SCHEMAS } from '../../shared/sync/tables';
import type { AppDB } from './AppDB';
import { loadSampleShowroom, type SampleLoadProgress } from './sample-data-repo';
import { openTestDb } from '../test-support/test-db';

/** Loading sample showrooms into fake-indexeddb is slow on a busy machine. */
const SLOW = { timeout: 30_000 };

const START = '2026-03-10T09:30:00.000Z';

async function namesAndPhones(db: AppDB): Promise<[string, string, string[]][]> {
  return (await db.customers.orderBy('id').toArray()).map((customer) => [
    customer.id,
    customer.name,
    customer.phones,
  ]);
}

describe('loadSampleShowroom', SLOW, () => {
  it('writes only changes the sync server accepts: whole new rows, UUIDv7 ids', async () => {
    const { db, ctx } = await openTestDb({ start: START });
    await loadSampleShowroom(ctx, { customers: 300, seed: 7 });
    const seen = new Set<string>();
    const tables = new Set<string>();
    for (const entry of await db.outbox.orderBy('seq').toArray()) {
      const key = `${entry.table}:${entry.rowId}`;
      // The first change of a row creates it on the server: it must be whole.
      const schema = seen.has(key) ? SYNC_FIELD_SCHEMAS[entry.table] : NEW_ROW_SCHEMAS[entry.table];
      const parsed = schema.safeParse(entry.fields);
      expect(parsed.success, `${key}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect(rowIdSchema.safeParse(entry.rowId).success, key).toBe(true);
      seen.add(key);
      tables.add(entry.table);
    }
    expect([...tables].sort()).toEqual(
      expect.arrayContaining(['complaints', 'customers', 'deliveries', 'followUps', 'orders']),
    );
  });

  it('loads N customers and reports progress ending at N of N', async () => {
    const { db, ctx } = await openTestDb({ start: START });
    const progress: SampleLoadProgress[] = [];
    const loaded = await loadSampleShowroom(ctx, {
      customers: 150,
      onProgress: (step) => progress.push(step),
    });
    expect(loaded).toBe(150);
    expect(await db.customers.count()).toBe(150);
    expect(progress).toEqual([{ done: 150, total: 150 }]);
  });

  it('reports progress chunk by chunk for a large load', async () => {
    const { db, ctx } = await openTestDb({ start: START });
    const progress: SampleLoadProgress[] = [];
    await loadSampleShowroom(ctx, {
      customers: 2_100,
      seed: 1,
      onProgress: (step) => progress.push(step),
    });
    expect(progress).toEqual([
      { done: 2_000, total: 2_100 },
      { done: 2_100, total: 2_100 },
    ]);
    expect(await db.customers.count()).toBe(2_100);
  }, 60_000);

  it('writes every customer, follow-up, timeline entry, order, delivery, survey and complaint through the outbox', async () => {
    const { db, ctx, profile } = await openTestDb({ start: START });
    await loadSampleShowroom(ctx, { customers: 600, seed: 42 });
    const customers = await db.customers.toArray();
    const followUps = await db.followUps.toArray();
    const timeline = await db.timeline.toArray();
    const orders = await db.orders.toArray();
    const deliveries = await db.deliveries.toArray();
    const surveys = await db.surveys.toArray();
    const complaints = await db.complaints.toArray();
    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(followUps.length).toBeGreaterThan(customers.length);
    for (const rows of [orders, deliveries, surveys, complaints])
      expect(rows.length).toBeGreaterThan(0);

    const entries = new Map(outbox.map((entry) => [`${entry.table}:${entry.rowId}`, entry]));
    expect(entries.size).toBe(outbox.length); // one entry per new row
    expect(outbox).toHaveLength(
      customers.length +
        followUps.length +
        timeline.length +
        orders.length +
        deliveries.length +
        surveys.length +
        complaints.length,
    );
    // The loading user sold every car and made every survey call.
    for (const survey of surveys) {
      expect(survey).toMatchObject({
        consultantId: profile.userId,
        surveyedBy: profile.userId,
        surveyedByName: ctx.actorName,
      });
    }
    for (const [table, rows] of [
      ['customers', customers],
      ['followUps', followUps],
      ['timeline', timeline],
      ['orders', orders],
      ['deliveries', deliveries],
      ['surveys', surveys],
      ['complaints', complaints],
    ] as const) {
      for (const row of rows) {
        const entry = entries.get(`${table}:${row.id}`);
        expect(entry, `${table}:${row.id}`).toBeDefined();
        // A new row's entry holds every field of the row; every field's clock is the entry's hlc.
        const { clocks, ...fields } = row;
        expect(entry!.fields).toEqual(fields);
        for (const field of Object.keys(fields)) expect(clocks[field]).toBe(entry!.hlc);
      }
    }
    for (const row of [
      ...customers,
      ...followUps,
      ...timeline,
      ...orders,
      ...deliveries,
      ...surveys,
      ...complaints,
    ]) {
      expect(row.ownerId).toBe(profile.userId);
      expect(row.dealershipId).toBe(profile.dealershipId);
    }

    // Every card has its 'created' entry; every done follow-up its 'follow_up_done' entry.
    const created = timeline
      .filter((entry) => entry.kind === 'created')
      .map((entry) => entry.customerId);
    expect(created.sort()).toEqual(customers.map((customer) => customer.id).sort());
    const doneEntries = timeline.filter((entry) => entry.kind === 'follow_up_done');
    expect(doneEntries).toHaveLength(followUps.filter((row) => row.state === 'done').length);

    // HLCs strictly increase in outbox order.
    for (let index = 1; index < outbox.length; index += 1) {
      expect(outbox[index]!.hlc > outbox[index - 1]!.hlc).toBe(true);
    }
  });

  it('keeps the generated history (created dates, states) rather than stamping everything now', async () => {
    const { db, ctx } = await openTestDb({ start: START });
    await loadSampleShowroom(ctx, { customers: 80, seed: 9 });
    const generated = generateShowroom({ seed: 9, customers: 80, now: ctx.now() });
    const customers = await db.customers.bulkGet(
      generated.customers.map((customer) => customer.id),
    );
    generated.customers.forEach((sample, index) => {
      expect(customers[index]).toMatchObject({
        name: sample.name,
        phones: sample.phones,
        status: sample.status,
        createdAt: sample.createdAt,
        qualificationGrade: sample.qualificationGrade,
      });
    });
    const followUps = await db.followUps.bulkGet(
      generated.followUps.map((followUp) => followUp.id),
    );
    generated.followUps.forEach((sample, index) => {
      expect(followUps[index]).toMatchObject({
        customerId: sample.customerId,
        dueAt: sample.dueAt,
        state: sample.state,
      });
    });
  });

  it('gives the same customers for the same seed in two databases, and others for another seed', async () => {
    const first = await openTestDb({ start: START });
    const second = await openTestDb({ start: START });
    const other = await openTestDb({ start: START });
    await loadSampleShowroom(first.ctx, { customers: 120, seed: 2024 });
    await loadSampleShowroom(second.ctx, { customers: 120, seed: 2024 });
    await loadSampleShowroom(other.ctx, { customers: 120, seed: 2025 });

    const a = await namesAndPhones(first.db);
    expect(a).toHaveLength(120);
    expect(await namesAndPhones(second.db)).toEqual(a);
    expect((await namesAndPhones(other.db)).map(([, name, phones]) => [name, phones])).not.toEqual(
      a.map(([, name, phones]) => [name, phones]),
    );
    // Two databases are still two clients: each owns its rows.
    const owners = async (db: AppDB) =>
      new Set((await db.customers.toArray()).map((customer) => customer.ownerId));
    expect([...(await owners(first.db))]).toEqual([first.profile.userId]);
    expect([...(await owners(second.db))]).toEqual([second.profile.userId]);
  });
});
