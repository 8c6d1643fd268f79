// The reads behind 转移客户 (ownedCustomers, countOwnedCustomers) and the card page's single-card
// read, against a real (fake-indexeddb) database.

import { describe, expect, it } from 'vitest';
import { countOwnedCustomers, ownedCustomers, readCustomer } from './customer-queries';
import { createCustomer, formValuesToFields } from './customers-repo';
import { customerForm, openTestDb } from '../test-support/test-db';
import { inWriteTransaction, writeRow } from './write-path';

describe('owned customers', () => {
  it('lists one owner’s cards by name, leaves deleted ones out, and counts per owner', async () => {
    const { db, ctx } = await openTestDb();
    const zhang = await createCustomer(ctx, customerForm({ name: '张伟' }));
    await createCustomer(ctx, customerForm({ name: '李娜', phones: [{ number: '13900000002' }] }));
    const gone = await createCustomer(
      ctx,
      customerForm({ name: '王芳', phones: [{ number: '13900000003' }] }),
    );
    // A card deleted on the server arrives as a deleted row (the laptop never deletes by itself).
    await db.customers.update(gone.id, { deleted: true });
    // Someone else's card: not listed, counted under its own owner.
    await inWriteTransaction(ctx, ['customers'], () =>
      writeRow(ctx, 'customers', '0190a000-0000-7000-8000-000000000001', {
        ...formValuesToFields(customerForm({ phones: [{ number: '13900000004' }] })),
        ownerId: 'someone-else',
      }),
    );

    expect((await ownedCustomers(db, ctx.actorId)).map((customer) => customer.name)).toEqual([
      '李娜',
      '张伟',
    ]);
    const counts = await countOwnedCustomers(db, [ctx.actorId, 'someone-else', 'nobody']);
    expect(Object.fromEntries(counts)).toEqual({
      [ctx.actorId]: 2,
      'someone-else': 1,
      nobody: 0,
    });
    expect((await readCustomer(db, zhang.id))?.name).toBe('张伟');
    expect(await readCustomer(db, 'no-such-card')).toBeNull();
  });

  it('lists a book in the customer list’s order: pinyin, a surname by its surname reading', async () => {
    const { db, ctx } = await openTestDb();
    for (const [index, name] of ['曾芳', '王伟', 'Anna', '单磊', '白雪'].entries()) {
      await createCustomer(ctx, customerForm({ name, phones: [{ number: `1390000010${index}` }] }));
    }
    // 单 is read shàn and 曾 zēng as surnames: after 王 (wang), not among the c and d names.
    expect((await ownedCustomers(db, ctx.actorId)).map((customer) => customer.name)).toEqual([
      'Anna',
      '白雪',
      '单磊',
      '王伟',
      '曾芳',
    ]);
  });
});
