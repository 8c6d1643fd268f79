import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { isActiveStatus } from '../../shared/domain/customer-status';
import { followUpBucket, type FollowUp, type FollowUpBucket } from '../../shared/domain/follow-up';
import type { AppDB } from './AppDB';
import { createCustomer, requestLost } from './customers-repo';
import {
  countFollowUpViews,
  followUpRowsById,
  followUpsFallingDue,
  listFollowUpView,
  listNoPlanCustomers,
  noPlanCustomerIds,
  plannedInView,
  UPCOMING_DAYS,
  viewRange,
} from './follow-up-queries';
import { cancelFollowUp, completeFollowUp, planFollowUp } from './follow-ups-repo';
import { loadSampleShowroom } from './sample-data-repo';
import { customerForm, DAY, openTestDb } from '../test-support/test-db';
import { inWriteTransaction, writeRow, type WriteContext } from './write-path';

/** Loading sample showrooms into fake-indexeddb is slow on a busy machine. */
const SLOW = { timeout: 30_000 };

const BUCKETS: FollowUpBucket[] = ['past_due', 'due_today', 'upcoming'];

let phoneCounter = 0;
function nextPhone(): string {
  phoneCounter += 1;
  return `139${String(phoneCounter).padStart(8, '0')}`;
}

/** Places a plan in time (the app itself never moves a planned follow-up's due date). */
function moveDueAt(ctx: WriteContext, followUpId: string, dueAt: Date): Promise<FollowUp> {
  return inWriteTransaction(ctx, ['followUps'], () =>
    writeRow(ctx, 'followUps', followUpId, { dueAt: dueAt.toISOString() }),
  );
}

/** A following customer whose only plan is due at `dueAt`. */
async function customerDueAt(ctx: WriteContext, dueAt: Date, name = '客户') {
  const customer = await createCustomer(
    ctx,
    customerForm({ name, status: 'following', phones: [{ number: nextPhone() }] }),
  );
  const [plan] = await ctx.db.followUps.where('customerId').equals(customer.id).toArray();
  const followUp = await moveDueAt(ctx, plan!.id, dueAt);
  return { customer, followUp };
}

const done = {
  outcome: 'contacted',
  result: '已联系',
  intentLevel: null,
  planNext: false,
  next: { dueAt: null, channel: 'phone', purpose: '' },
} as const;

async function viewIds(db: AppDB, view: FollowUpBucket, now: Date): Promise<string[]> {
  return (await listFollowUpView(db, view, now)).map((row) => row.followUp.id);
}

describe('follow-up views', SLOW, () => {
  it('puts planned follow-ups into past due, due today and upcoming by the local day of now', async () => {
    const { db, ctx } = await openTestDb({ start: '2026-03-10T09:30:00.000Z' });
    const now = ctx.now();
    const startOfToday = dayjs(now).startOf('day').toDate();
    const startOfTomorrow = dayjs(now).startOf('day').add(1, 'day').toDate();
    const endOfUpcoming = dayjs(startOfTomorrow).add(UPCOMING_DAYS, 'day').toDate();
    const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

    const cases: [string, Date, FollowUpBucket | null][] = [
      ['long past due', at(startOfToday, -20 * DAY), 'past_due'],
      ['just before today', at(startOfToday, -1), 'past_due'],
      ['start of today', startOfToday, 'due_today'],
      ['now', now, 'due_today'],
      ['end of today', at(startOfTomorrow, -1), 'due_today'],
      ['start of tomorrow', startOfTomorrow, 'upcoming'],
      ['in a week', at(startOfTomorrow, 7 * DAY), 'upcoming'],
      ['last moment of upcoming', at(endOfUpcoming, -1), 'upcoming'],
      ['just beyond 30 days', endOfUpcoming, null],
      ['far beyond', at(endOfUpcoming, 60 * DAY), null],
    ];
    const expected: Record<FollowUpBucket, string[]> = {
      past_due: [],
      due_today: [],
      upcoming: [],
    };
    for (const [label, dueAt, bucket] of cases) {
      const { followUp } = await customerDueAt(ctx, dueAt, label);
      if (bucket) expected[bucket].push(followUp.id);
    }
    // Done and cancelled follow-ups are in no view, whenever they were due.
    const doneOne = await customerDueAt(ctx, now, 'done today');
    await completeFollowUp(ctx, doneOne.followUp.id, done);
    const cancelled = await customerDueAt(ctx, at(startOfToday, -DAY), 'cancelled');
    await cancelFollowUp(ctx, cancelled.followUp.id);

    for (const bucket of BUCKETS) {
      const rows = await listFollowUpView(db, bucket, now);
      expect(rows.map((row) => row.followUp.id).sort(), bucket).toEqual(
        [...expected[bucket]].sort(),
      );
      // Each row comes with its customer, ordered by due time.
      for (const row of rows) expect(row.customer.id).toBe(row.followUp.customerId);
      const dues = rows.map((row) => row.followUp.dueAt);
      expect(dues).toEqual([...dues].sort());
      // The pure bucket rule of the domain agrees with the index ranges.
      for (const row of rows)
        expect(followUpBucket(row.followUp.dueAt, startOfToday, startOfTomorrow)).toBe(bucket);
    }
    expect(await countFollowUpViews(db, now)).toEqual({
      past_due: expected.past_due.length,
      due_today: expected.due_today.length,
      upcoming: expected.upcoming.length,
      no_plan: 2,
    });
  });

  it('lists every planned follow-up of a view, past the 2,000 rows a page once stopped at', async () => {
    const { db, ctx } = await openTestDb({ start: '2026-03-10T09:30:00.000Z' });
    const now = ctx.now();
    const kept = await customerDueAt(ctx, new Date(now.getTime() + 2 * DAY), '留下');
    const gone = await customerDueAt(ctx, new Date(now.getTime() + 3 * DAY), '已删');
    // Many plans of one customer stand in for many customers: the view reads plans only.
    const many = Array.from({ length: 2_100 }, (_, index) => ({
      ...kept.followUp,
      id: `bulk-${String(index).padStart(5, '0')}`,
      dueAt: new Date(now.getTime() + 5 * DAY + index * 60_000).toISOString(),
    }));
    await db.followUps.bulkAdd(many);
    await db.customers.update(gone.customer.id, { deleted: true });

    const listed = await plannedInView(db, 'upcoming', now);
    expect(listed).toHaveLength(2_102);
    const dues = listed.map((followUp) => followUp.dueAt);
    expect(dues).toEqual([...dues].sort());
    expect(listed[0]!.id).toBe(kept.followUp.id);

    // The rows on screen come with their customers; a deleted card's plan is left out.
    const rows = await followUpRowsById(db, [kept.followUp.id, gone.followUp.id, 'bulk-02099']);
    expect([...rows.keys()]).toEqual([kept.followUp.id, 'bulk-02099']);
    expect(rows.get('bulk-02099')!.customer.name).toBe('留下');
  });

  it('shifts the buckets as time passes', async () => {
    const { db, ctx } = await openTestDb({ start: '2026-03-10T09:30:00.000Z' });
    const { followUp } = await customerDueAt(ctx, new Date('2026-03-11T08:00:00.000Z'));
    // Whatever the machine's zone, a follow-up is upcoming the local day before, due that day and past due after.
    const dueDay = dayjs(followUp.dueAt);
    const dayBefore = dueDay.subtract(1, 'day').startOf('day').add(12, 'hour').toISOString();
    const sameDay = dueDay.startOf('day').add(1, 'minute').toISOString();
    const dayAfter = dueDay.add(1, 'day').startOf('day').add(1, 'minute').toISOString();
    expect(await viewIds(db, 'upcoming', new Date(dayBefore))).toEqual([followUp.id]);
    expect(await viewIds(db, 'due_today', new Date(sameDay))).toEqual([followUp.id]);
    expect(await viewIds(db, 'past_due', new Date(dayAfter))).toEqual([followUp.id]);
    expect(await viewIds(db, 'due_today', new Date(dayAfter))).toEqual([]);
  });

  it('counts exactly what it lists, over a sample showroom', async () => {
    const { db, ctx } = await openTestDb({ start: '2026-03-10T09:30:00.000Z' });
    await loadSampleShowroom(ctx, { customers: 300, seed: 3 });
    const now = ctx.now();
    const counts = await countFollowUpViews(db, now);
    const planned = (await db.followUps.toArray()).filter((row) => row.state === 'planned');
    for (const bucket of BUCKETS) {
      const listed = await listFollowUpView(db, bucket, now);
      expect(counts[bucket], bucket).toBe(listed.length);
      // Brute force: every planned follow-up whose due time falls in the view's range.
      const [from, to] = viewRange(bucket, now);
      const inRange = planned.filter((row: FollowUp) => row.dueAt >= from && row.dueAt < to);
      expect(listed.map((row) => row.followUp.id).sort()).toEqual(
        inRange.map((row) => row.id).sort(),
      );
    }
    expect(counts.past_due + counts.due_today + counts.upcoming).toBeGreaterThan(0);
    expect(counts.no_plan).toBe((await noPlanCustomerIds(db)).length);
    expect(counts.no_plan).toBe((await listNoPlanCustomers(db)).length);
  });
});

describe('no plan', SLOW, () => {
  it('lists the active customers without a planned follow-up', async () => {
    const { db, ctx } = await openTestDb();
    const withPlan = await createCustomer(
      ctx,
      customerForm({ name: '有计划', phones: [{ number: nextPhone() }] }),
    );
    const ordered = await createCustomer(
      ctx,
      customerForm({ name: '已订车', status: 'ordered', phones: [{ number: nextPhone() }] }),
    );
    const delivered = await createCustomer(
      ctx,
      customerForm({ name: '已交车', status: 'delivered', phones: [{ number: nextPhone() }] }),
    );
    const cancelled = await createCustomer(
      ctx,
      customerForm({ name: '取消', status: 'following', phones: [{ number: nextPhone() }] }),
    );
    const completed = await createCustomer(
      ctx,
      customerForm({ name: '完成', phones: [{ number: nextPhone() }] }),
    );
    const lost = await createCustomer(
      ctx,
      customerForm({ name: '战败', status: 'following', phones: [{ number: nextPhone() }] }),
    );
    expect(await noPlanCustomerIds(db)).toEqual([]);

    const planOf = async (customerId: string) =>
      (await db.followUps.where('[state+customerId]').equals(['planned', customerId]).first())!;
    await cancelFollowUp(ctx, (await planOf(cancelled.id)).id);
    await completeFollowUp(ctx, (await planOf(completed.id)).id, done);
    await requestLost(ctx, lost.id, { reason: '已购竞品', competitorBought: '雅阁' });

    const ids = await noPlanCustomerIds(db);
    expect(ids.sort()).toEqual([cancelled.id, completed.id].sort());
    expect(ids).not.toContain(delivered.id);
    expect(ids).not.toContain(lost.id);
    expect(ids).not.toContain(withPlan.id);
    expect(ids).not.toContain(ordered.id);
    expect((await listNoPlanCustomers(db)).map((row) => row.name).sort()).toEqual(
      ['取消', '完成'].sort(),
    );
    expect((await countFollowUpViews(db, ctx.now())).no_plan).toBe(2);

    // Planning again takes a customer off the list.
    await planFollowUp(ctx, cancelled.id, {
      dueAt: new Date(ctx.now().getTime() + DAY),
      channel: 'phone',
      purpose: '再次联系',
    });
    expect(await noPlanCustomerIds(db)).toEqual([completed.id]);
    // A delivered customer never shows up, even with no plan at all.
    expect(await db.followUps.where('customerId').equals(delivered.id).count()).toBe(0);
  });

  it('agrees with a brute-force check over a sample showroom', async () => {
    const { db, ctx } = await openTestDb();
    await loadSampleShowroom(ctx, { customers: 300, seed: 5 });
    const customers = await db.customers.toArray();
    const followUps = await db.followUps.toArray();
    const planned = new Set(
      followUps.filter((row) => row.state === 'planned').map((row) => row.customerId),
    );
    const expected = customers
      .filter((customer) => isActiveStatus(customer.status) && !planned.has(customer.id))
      .map((customer) => customer.id);
    expect(expected.length).toBeGreaterThan(0);
    expect((await noPlanCustomerIds(db)).sort()).toEqual(expected.sort());
  });
});

describe('followUpsFallingDue', () => {
  it('returns planned follow-ups due after `since` and up to and including `until`', async () => {
    const { db, ctx } = await openTestDb({ start: '2026-03-10T09:30:00.000Z' });
    const until = ctx.now();
    const since = new Date(until.getTime() - 60 * 60_000);
    const at = (base: Date, ms: number) => new Date(base.getTime() + ms);

    const atSince = await customerDueAt(ctx, since, 'at since');
    const afterSince = await customerDueAt(ctx, at(since, 1), 'just after since');
    const middle = await customerDueAt(ctx, at(since, 30 * 60_000), 'middle');
    const atUntil = await customerDueAt(ctx, until, 'at until');
    const afterUntil = await customerDueAt(ctx, at(until, 1), 'just after until');
    const doneInWindow = await customerDueAt(ctx, at(since, 10 * 60_000), 'done');
    await completeFollowUp(ctx, doneInWindow.followUp.id, done);

    const rows = await followUpsFallingDue(db, since, until);
    expect(rows.map((row) => row.followUp.id)).toEqual([
      afterSince.followUp.id,
      middle.followUp.id,
      atUntil.followUp.id,
    ]);
    expect(rows.map((row) => row.customer.name)).toEqual([
      'just after since',
      'middle',
      'at until',
    ]);
    expect(rows.map((row) => row.followUp.id)).not.toContain(atSince.followUp.id);
    expect(rows.map((row) => row.followUp.id)).not.toContain(afterUntil.followUp.id);

    // Consecutive windows never notify twice and never miss one.
    const next = await followUpsFallingDue(db, until, at(until, 60_000));
    expect(next.map((row) => row.followUp.id)).toEqual([afterUntil.followUp.id]);
    const earlier = await followUpsFallingDue(db, at(since, -60_000), since);
    expect(earlier.map((row) => row.followUp.id)).toEqual([atSince.followUp.id]);
    expect(await followUpsFallingDue(db, until, until)).toEqual([]);
  });
});
