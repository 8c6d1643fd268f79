import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  describeEachBackend,
  newRowId,
  openFreshDatabase,
  type FreshDatabase,
} from '../test-support';
import { getCustomerChildren, saveRecord } from './records';

describeEachBackend('records', (backend) => {
  let fresh: FreshDatabase;
  beforeEach(async () => {
    fresh = await openFreshDatabase(backend);
  }, 60_000);
  afterEach(async () => fresh?.drop());

  it("gives a customer's rows in seq order, also across a digit boundary (999, 1000)", async () => {
    const db = fresh.database;
    const dealershipId = newRowId();
    await db.query('INSERT INTO dealerships (id, name) VALUES ($1, $2)', [dealershipId, 'Shop']);
    const customerId = newRowId();
    const row = (table: 'customers' | 'followUps', id: string) => ({
      dealershipId,
      table,
      id,
      ownerId: null,
      customerId: table === 'customers' ? null : customerId,
      data: {},
      clocks: {},
    });
    await saveRecord(db, row('customers', customerId));
    // The next seqs are 999, 1000, 1001: as text, '1000' and '1001' would come before '999'.
    await db.query("SELECT setval('sync_seq', 998)");
    const ids = [newRowId(), newRowId(), newRowId()];
    const seqs = [];
    for (const id of ids) seqs.push(await saveRecord(db, row('followUps', id)));
    expect(seqs).toEqual(['999', '1000', '1001']);

    const children = await getCustomerChildren(db, dealershipId, customerId);
    expect(children.map((child) => child.seq)).toEqual(['999', '1000', '1001']);
    expect(children.map((child) => child.id)).toEqual(ids);
  });
});
