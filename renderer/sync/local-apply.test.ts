import { describe, expect, it } from 'vitest';
import { createCustomer } from '../db/customers-repo';
import { customerForm, openTestDb } from '../db/test-support';
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
