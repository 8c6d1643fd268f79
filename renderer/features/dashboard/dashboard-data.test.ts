import { describe, expect, it } from 'vitest';
import type { FollowUp } from '../../../shared/domain/follow-up';
import { createCustomer } from '../../db/customers-repo';
import { customerForm, openTestDb } from '../../test-support/test-db';
import { loadDashboardData } from './dashboard-data';

const RANGE = { from: '2026-03-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };

function followUp(id: number, dueAt: string, state: FollowUp['state'] = 'planned'): FollowUp {
  return {
    id: `f-${String(id).padStart(6, '0')}`,
    dealershipId: 'd',
    ownerId: 'o',
    createdAt: dueAt,
    updatedAt: dueAt,
    deleted: false,
    clocks: {},
    customerId: 'c',
    dueAt,
    channel: 'phone',
    purpose: '',
    state,
    completedAt: state === 'done' ? dueAt : null,
    outcome: null,
    result: '',
  };
}

describe('loadDashboardData paging', { timeout: 60_000 }, () => {
  it('reads every row of a range exactly once, also when thousands share one key', async () => {
    const { db } = await openTestDb();
    const rows: FollowUp[] = [];
    let lastId = 0;
    const nextId = () => (lastId += 1);
    // 4,500 planned follow-ups due at the same minute: more than two pages on one key…
    for (let index = 0; index < 4_500; index += 1) {
      rows.push(followUp(nextId(), '2026-03-10T02:00:00.000Z'));
    }
    // …a page boundary falling inside a run of ties…
    for (let index = 0; index < 2_500; index += 1) {
      rows.push(
        followUp(nextId(), `2026-03-${String(11 + (index % 3)).padStart(2, '0')}T02:00:00.000Z`),
      );
    }
    // …done ones, and rows at both ends of the range (the first instant in, the last out).
    for (let index = 0; index < 2_100; index += 1) {
      rows.push(followUp(nextId(), `2026-03-20T0${index % 10}:00:00.000Z`, 'done'));
    }
    rows.push(followUp(nextId(), RANGE.from));
    rows.push(followUp(nextId(), RANGE.to));
    rows.push(followUp(nextId(), '2026-02-28T23:59:59.999Z'));
    rows.push(followUp(nextId(), '2026-03-15T02:00:00.000Z', 'cancelled'));
    rows.push({ ...followUp(nextId(), '2026-03-16T02:00:00.000Z'), deleted: true });
    await db.followUps.bulkPut(rows);

    const progress: number[] = [];
    const data = await loadDashboardData(db, RANGE, {
      onProgress: ({ read, total }) => {
        progress.push(read);
        expect(read).toBeLessThanOrEqual(total);
      },
    });
    const expected = rows
      .filter(
        (row) =>
          row.state !== 'cancelled' &&
          !row.deleted &&
          row.dueAt >= RANGE.from &&
          row.dueAt < RANGE.to,
      )
      .map((row) => row.id)
      .sort();
    const ids = data.followUps.map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(expected);
    // Deleted rows are read (and counted in the progress) but not kept.
    expect(progress.at(-1)).toBe(expected.length + 1);
  });

  it('reads customers created in the range, cut down to the fields the charts use', async () => {
    const { db, ctx, clock } = await openTestDb({ start: '2026-03-02T00:00:00.000Z' });
    const inRange = await createCustomer(ctx, customerForm({ source: 'online' }));
    clock.set('2026-04-02T00:00:00.000Z');
    await createCustomer(ctx, customerForm({ phones: [{ number: '13900139000' }] }));
    const data = await loadDashboardData(db, RANGE);
    expect(data.customers).toEqual([
      {
        id: inRange.id,
        status: 'new',
        intentLevel: null,
        source: 'online',
        createdAt: '2026-03-02T00:00:00.000Z',
        ownerId: ctx.actorId,
        deleted: false,
      },
    ]);
  });
});
