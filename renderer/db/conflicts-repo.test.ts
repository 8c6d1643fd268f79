import { describe, expect, it } from 'vitest';
import type { SyncConflict } from '../../shared/sync/conflict';
import {
  countSyncIssues,
  dismissConflict,
  dismissRejection,
  reapplyConflict,
  reapplyRejection,
  RowMissingError,
  unresolvedConflicts,
} from './conflicts-repo';
import { createCustomer } from './customers-repo';
import { customerForm, openTestDb, type TestDb } from '../test-support/test-db';

const H = (millis: number, node: string) => `${String(millis).padStart(15, '0')}:00000:${node}`;

async function withConflict(
  test: TestDb,
  customerId: string,
  overrides: Partial<SyncConflict> = {},
) {
  const conflict: SyncConflict = {
    id: 'conflict-1',
    dealershipId: test.profile.dealershipId,
    ownerId: test.profile.userId,
    createdAt: '2026-03-10T09:00:00.000Z',
    updatedAt: '2026-03-10T09:00:00.000Z',
    deleted: false,
    clocks: { resolution: H(1, 'server'), resolvedAt: H(1, 'server') },
    customerId,
    rowTable: 'customers',
    rowId: customerId,
    field: 'city',
    keptValue: '苏州',
    keptHlc: H(2, 'other'),
    keptBy: 'someone',
    keptByName: '王强',
    lostValue: '南京',
    lostHlc: H(1, 'mine'),
    lostBy: test.profile.userId,
    lostByName: '李娜',
    detectedAt: '2026-03-10T09:00:00.000Z',
    resolution: null,
    resolvedAt: null,
    resolvedBy: null,
    ...overrides,
  };
  await test.db.conflicts.put(conflict);
  return conflict;
}

describe('conflicts', () => {
  it('re-applies the losing value as the newest write and marks the conflict resolved', async () => {
    const test = await openTestDb();
    const customer = await createCustomer(test.ctx, customerForm({ city: '苏州' }));
    await withConflict(test, customer.id);
    await test.db.outbox.clear();
    expect(await countSyncIssues(test.db)).toBe(1);

    test.clock.advance(60_000);
    await reapplyConflict(test.ctx, 'conflict-1');

    expect((await test.db.customers.get(customer.id))?.city).toBe('南京');
    const conflict = await test.db.conflicts.get('conflict-1');
    expect(conflict).toMatchObject({
      resolution: 'reapplied',
      resolvedAt: test.clock.now().toISOString(),
      resolvedBy: test.profile.userId,
    });
    const outbox = await test.db.outbox.toArray();
    expect(outbox.map((entry) => [entry.table, Object.keys(entry.fields).sort()])).toEqual([
      ['customers', ['city', 'updatedAt']],
      ['timeline', expect.arrayContaining(['kind', 'changes'])],
      ['conflicts', ['resolution', 'resolvedAt', 'resolvedBy', 'updatedAt']],
    ]);
    // Newest write: its clock is after both sides of the conflict.
    expect((outbox[0]?.hlc ?? '') > H(2, 'other')).toBe(true);
    expect(await unresolvedConflicts(test.db)).toEqual([]);
    expect(await countSyncIssues(test.db)).toBe(0);
  });

  it('re-applying a fact recomputes the grade with it', async () => {
    const test = await openTestDb();
    const customer = await createCustomer(
      test.ctx,
      customerForm({ hasNeed: true, hasConfidence: false, hasPurchasingPower: true }),
    );
    expect(customer.qualificationGrade).toBe('B');
    await withConflict(test, customer.id, {
      field: 'hasConfidence',
      keptValue: false,
      lostValue: true,
    });

    await reapplyConflict(test.ctx, 'conflict-1');

    expect(await test.db.customers.get(customer.id)).toMatchObject({
      hasConfidence: true,
      qualificationGrade: 'A',
    });
  });

  it('dismissing keeps the value and writes only the resolution', async () => {
    const test = await openTestDb();
    const customer = await createCustomer(test.ctx, customerForm({ city: '苏州' }));
    await withConflict(test, customer.id);
    await test.db.outbox.clear();
    await dismissConflict(test.ctx, 'conflict-1');
    expect((await test.db.customers.get(customer.id))?.city).toBe('苏州');
    expect((await test.db.conflicts.get('conflict-1'))?.resolution).toBe('dismissed');
    expect((await test.db.outbox.toArray()).map((entry) => entry.table)).toEqual(['conflicts']);
  });

  it('refuses to re-apply onto a row that is not here, writing nothing', async () => {
    const test = await openTestDb();
    await withConflict(test, 'gone');
    await expect(reapplyConflict(test.ctx, 'conflict-1')).rejects.toBeInstanceOf(RowMissingError);
    expect(await test.db.outbox.count()).toBe(0);
    expect((await test.db.conflicts.get('conflict-1'))?.resolution).toBeNull();
  });
});

describe('rejections', () => {
  it('re-applies a refused change through the write path and forgets it', async () => {
    const test = await openTestDb();
    const customer = await createCustomer(test.ctx, customerForm());
    await test.db.outbox.clear();
    await test.db.rejections.put({
      seq: 7,
      table: 'customers',
      rowId: customer.id,
      fields: { notes: '想要白色', ownerId: 'someone-else', updatedAt: '2026-01-01T00:00:00.000Z' },
      reason: 'clock_drift',
      message: 'clock too far ahead',
      rejectedAt: '2026-03-10T09:00:00.000Z',
    });
    expect(await countSyncIssues(test.db)).toBe(1);
    await reapplyRejection(test.ctx, 7);
    expect((await test.db.customers.get(customer.id))?.notes).toBe('想要白色');
    const [entry] = await test.db.outbox.toArray();
    expect(Object.keys(entry?.fields ?? {}).sort()).toEqual(['notes', 'updatedAt']);
    expect(entry?.fields.updatedAt).toBe(test.clock.now().toISOString());
    expect(await test.db.rejections.count()).toBe(0);
  });

  it('dismissing deletes only the local rejection', async () => {
    const test = await openTestDb();
    await test.db.rejections.put({
      seq: 3,
      table: 'settings',
      rowId: 'dealership',
      fields: { cadence: {} },
      reason: 'forbidden',
      message: '',
      rejectedAt: '2026-03-10T09:00:00.000Z',
    });
    await dismissRejection(test.db, 3);
    expect(await test.db.rejections.count()).toBe(0);
    expect(await test.db.outbox.count()).toBe(0);
  });
});
