import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rebaseOnServer } from '../../shared/sync/apply-mutation';
import { compareHlc } from '../../shared/sync/hlc';
import type { Change } from '../../shared/sync/protocol';
import { createCustomer, customerToFormValues, updateCustomer } from '../db/customers-repo';
import { customerForm, openTestDb } from '../test-support/test-db';
import { applyPullPage, applyPushResponse, readCursor } from './local-apply';

describe('applyPushResponse', () => {
  it('deletes only the outbox entries that were acked', async () => {
    const { db, ctx, clock } = await openTestDb();
    await createCustomer(ctx, customerForm());
    const batch = await db.outbox.toArray();
    expect(batch).toHaveLength(3);
    const [first, , third] = batch;
    const summary = await applyPushResponse(
      db,
      batch,
      {
        acks: [
          { seq: first?.seq ?? 0, status: 'applied' },
          { seq: third?.seq ?? 0, status: 'applied', replayed: true },
        ],
        serverHlc: '001773135000000:00000:server',
      },
      clock.now(),
    );
    expect(summary).toEqual({ acked: 2, applied: 2, rejected: 0 });
    expect((await db.outbox.toArray()).map((entry) => entry.seq)).toEqual([batch[1]?.seq]);
  });
});

describe('applyPushResponse of a change that lost a field', () => {
  it('takes the winning row the applied ack carries, keeping newer changes still waiting', async () => {
    const { db, ctx, clock } = await openTestDb();
    const card = await createCustomer(ctx, customerForm({ city: '广州' }));
    await db.outbox.clear();
    clock.advance(1_000);
    await updateCustomer(ctx, card.id, { ...customerToFormValues(card), city: '佛山' });
    const entry = (await db.outbox.toArray()).find((pending) => pending.table === 'customers');
    if (!entry?.seq) throw new Error('no outbox entry');
    const batch = [entry];
    const local = await db.customers.get(card.id);
    if (!local) throw new Error('no card');
    // Typed while the push was on its way: newer than anything the server has.
    clock.advance(1_000);
    await updateCustomer(ctx, card.id, { ...customerToFormValues(local), notes: '周末再来' });

    // On the server a newer city had won; the ack of our older city says so with the row.
    const newer = `${String(clock.now().getTime() - 500).padStart(15, '0')}:00000:other`;
    const { clocks, ...data } = local;
    const summary = await applyPushResponse(
      db,
      batch,
      {
        acks: [
          {
            seq: entry.seq,
            status: 'applied',
            current: {
              table: 'customers',
              id: card.id,
              data: { ...data, city: '深圳', notes: '服务器的备注', updatedAt: 'x' },
              clocks: { ...clocks, city: newer, notes: newer, updatedAt: newer },
            },
          },
        ],
        serverHlc: newer.replace(/other$/, 'server'),
      },
      clock.now(),
    );

    expect(summary).toEqual({ acked: 1, applied: 1, rejected: 0 });
    const after = await db.customers.get(card.id);
    expect(after).toMatchObject({ city: '深圳', notes: '周末再来' });
    expect(after?.clocks.city).toBe(newer);
    expect(after?.updatedAt).not.toBe('x');
    const waiting = (await db.outbox.toArray()).filter((pending) => pending.table === 'customers');
    expect(waiting.map((pending) => pending.fields.notes)).toEqual(['周末再来']);
    expect(await db.rejections.count()).toBe(0);
  });

  it('ignores a row of another table or id in an applied ack', async () => {
    const { db, ctx, clock } = await openTestDb();
    const card = await createCustomer(ctx, customerForm({ city: '广州' }));
    const [entry] = await db.outbox.toArray();
    if (!entry?.seq) throw new Error('no outbox entry');
    await applyPushResponse(
      db,
      [entry],
      {
        acks: [
          {
            seq: entry.seq,
            status: 'applied',
            current: { table: 'customers', id: 'another', data: { city: 'x' }, clocks: {} },
          },
        ],
        serverHlc: '001773135000000:00000:server',
      },
      clock.now(),
    );
    expect(await db.customers.get('another')).toBeUndefined();
    expect((await db.customers.get(card.id))?.city).toBe('广州');
  });
});

describe('applyPullPage', () => {
  it('stores the cursor with the page, and a later change of a row in the page wins', async () => {
    const { db, clock } = await openTestDb();
    const hlc = '001773135000000:00000:other';
    const row = (name: string) => ({
      id: 'c1',
      name,
      dealershipId: 'd',
      ownerId: 'u',
    });
    await applyPullPage(
      db,
      {
        changes: [
          {
            kind: 'upsert',
            seq: '5',
            table: 'customers',
            id: 'c1',
            data: row('甲'),
            clocks: { name: hlc },
          },
          { kind: 'remove', seq: '6', table: 'customers', id: 'c1' },
          {
            kind: 'upsert',
            seq: '7',
            table: 'followUps',
            id: 'f1',
            data: { id: 'f1', customerId: 'c1' },
            clocks: {},
          },
        ],
        cursor: '7',
        hasMore: false,
        remaining: 0,
      },
      clock.now(),
    );
    expect(await db.customers.get('c1')).toBeUndefined();
    expect(await db.followUps.get('f1')).toBeDefined();
    expect(await readCursor(db)).toBe('7');
  });
});

describe('applyPullPage after a merge', () => {
  it('keeps the merged card’s rows that arrive under the survivor, whatever their order', async () => {
    const { db, ctx, clock } = await openTestDb();
    const merged = await createCustomer(ctx, customerForm({ name: '张叁' }));
    const survivor = await createCustomer(ctx, customerForm({ name: '张三' }));
    const rows = await db.followUps.where('customerId').equals(merged.id).toArray();
    expect(rows).toHaveLength(1);
    const [followUp] = rows;
    if (!followUp) throw new Error('no follow-up');
    await db.outbox.clear();
    const moved = { ...followUp, customerId: survivor.id };
    const { clocks, ...data } = moved;
    await applyPullPage(
      db,
      {
        changes: [
          // The row under the survivor first, the merged card's removal after it.
          { kind: 'upsert', seq: '10', table: 'followUps', id: followUp.id, data, clocks },
          { kind: 'remove', seq: '11', table: 'customers', id: merged.id },
        ],
        cursor: '11',
        hasMore: false,
        remaining: 0,
      },
      clock.now(),
    );
    expect(await db.customers.get(merged.id)).toBeUndefined();
    expect((await db.followUps.get(followUp.id))?.customerId).toBe(survivor.id);
    // The merged card's timeline entry, still under it here, goes with it.
    expect(
      await db.timeline
        .where('[customerId+at]')
        .between([merged.id, ''], [merged.id, '\uffff'])
        .count(),
    ).toBe(0);
  });
});

describe('applyPullPage keeps the convergence rule (property)', () => {
  const FIELDS = ['name', 'city', 'notes'] as const;
  const hlcAt = (millis: number, node: string) =>
    `${String(1_773_135_000_000 + millis).padStart(15, '0')}:00000:${node}`;
  const clockOf = fc.integer({ min: 0, max: 20 });
  const row = fc.record({
    id: fc.constantFrom('c0', 'c1', 'c2', 'c3', 'c4'),
    table: fc.constantFrom('customers', 'followUps'),
  });
  const scenario = fc.record({
    // Rows the laptop holds before the page, with each field's clock.
    locals: fc.uniqueArray(fc.record({ at: row, clocks: fc.tuple(clockOf, clockOf, clockOf) }), {
      selector: ({ at }) => `${at.table}/${at.id}`,
      maxLength: 6,
    }),
    // Changes still in the outbox: some fields of some rows, each at a clock.
    pending: fc.array(
      fc.record({ at: row, fields: fc.subarray([...FIELDS], { minLength: 1 }), clock: clockOf }),
      { maxLength: 6 },
    ),
    // The page: upserts, in server order (a row may come twice).
    page: fc.array(fc.record({ at: row, clocks: fc.tuple(clockOf, clockOf, clockOf) }), {
      minLength: 1,
      maxLength: 8,
    }),
  });

  it('gives every pulled row what rebaseOnServer gives it over the local row and the outbox', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ locals, pending, page }) => {
        const { db, clock } = await openTestDb();
        const valueOf = (source: string, field: string, at: number) => `${source}-${field}-${at}`;
        for (const { at, clocks } of locals) {
          const fields = Object.fromEntries(
            FIELDS.map((field, index) => [field, valueOf('local', field, clocks[index] ?? 0)]),
          );
          await db.table(at.table).put({
            id: at.id,
            customerId: 'c0',
            ...fields,
            clocks: Object.fromEntries(
              FIELDS.map((field, index) => [field, hlcAt(clocks[index] ?? 0, 'laptop')]),
            ),
          });
        }
        for (const entry of pending) {
          await db.outbox.add({
            table: entry.at.table,
            rowId: entry.at.id,
            fields: Object.fromEntries(entry.fields.map((field) => [field, 'typed'])),
            hlc: hlcAt(entry.clock, 'laptop'),
            createdAt: clock.now().toISOString(),
          });
        }
        const localBefore = new Map<
          string,
          Record<string, unknown> & { clocks: Record<string, string> }
        >();
        for (const table of ['customers', 'followUps'] as const) {
          for (const local of await db.table(table).toArray()) {
            localBefore.set(`${table}/${local.id}`, local);
          }
        }
        const changes: Change[] = page.map(({ at: target, clocks }, index) => ({
          kind: 'upsert',
          seq: String(index + 1),
          table: target.table,
          id: target.id,
          data: {
            customerId: 'c0',
            ...Object.fromEntries(
              FIELDS.map((field, position) => [
                field,
                valueOf('server', field, clocks[position] ?? 0),
              ]),
            ),
          },
          clocks: Object.fromEntries(
            FIELDS.map((field, position) => [field, hlcAt(clocks[position] ?? 0, 'server')]),
          ),
        }));

        await applyPullPage(
          db,
          { changes, cursor: String(changes.length), hasMore: false, remaining: 0 },
          clock.now(),
        );

        const last = new Map(changes.map((change) => [`${change.table}/${change.id}`, change]));
        for (const [key, change] of last) {
          if (change.kind !== 'upsert') continue;
          const newest = new Map<string, string>();
          for (const entry of pending) {
            if (`${entry.at.table}/${entry.at.id}` !== key) continue;
            for (const field of entry.fields) {
              const known = newest.get(field);
              const hlc = hlcAt(entry.clock, 'laptop');
              if (known === undefined || compareHlc(hlc, known) > 0) newest.set(field, hlc);
            }
          }
          const expected = {
            ...rebaseOnServer(change, localBefore.get(key), newest),
            id: change.id,
          };
          expect(await db.table(change.table).get(change.id)).toEqual(expected);
        }
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
