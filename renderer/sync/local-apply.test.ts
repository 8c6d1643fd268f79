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
