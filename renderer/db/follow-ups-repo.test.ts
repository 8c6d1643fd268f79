import { describe, expect, it } from 'vitest';
import { addDays, localDay } from '../../shared/domain/dates';
import type { FollowUpCompletionValues } from '../../shared/domain/schemas';
import { createCustomer } from './customers-repo';
import {
  answerPlanWithContact,
  cancelFollowUp,
  completeFollowUp,
  planFollowUp,
  recordVisitAnsweringPlan,
} from './follow-ups-repo';
import { customerForm, DAY, HOUR, openTestDb, timelineOf } from '../test-support/test-db';
import { addNote } from './timeline-repo';
import type { WriteContext } from './write-path';

/** A new customer and its auto-planned first contact. */
async function newCustomerWithPlan(
  ctx: WriteContext,
  overrides: Parameters<typeof customerForm>[0] = {},
) {
  const customer = await createCustomer(ctx, customerForm(overrides));
  const [plan] = await ctx.db.followUps.where('customerId').equals(customer.id).toArray();
  if (!plan) throw new Error('expected a first-contact plan');
  return { customer, plan };
}

function completion(overrides: Partial<FollowUpCompletionValues> = {}): FollowUpCompletionValues {
  return {
    outcome: 'contacted',
    result: '客户对动力满意，想再比较价格',
    intentLevel: null,
    planNext: false,
    next: { dueAt: null, channel: 'phone', purpose: '' },
    ...overrides,
  };
}

describe('completeFollowUp', () => {
  it('marks the follow-up done, moves a new customer to following, re-assesses intent and plans the next', async () => {
    const { db, ctx, clock } = await openTestDb();
    const { customer, plan } = await newCustomerWithPlan(ctx);
    expect(customer.status).toBe('new');
    expect(customer.intentLevel).toBeNull();

    clock.advance(3 * HOUR);
    const nextDue = new Date(ctx.now().getTime() + 7 * DAY);
    const { completed, next } = await completeFollowUp(
      ctx,
      plan.id,
      completion({
        outcome: 'visited',
        result: '到店看车，已安排试驾',
        intentLevel: 'A',
        planNext: true,
        next: { dueAt: nextDue, channel: 'test_drive', purpose: '邀约试驾' },
      }),
    );

    expect(completed).toMatchObject({
      id: plan.id,
      state: 'done',
      completedAt: ctx.now().toISOString(),
      outcome: 'visited',
      result: '到店看车，已安排试驾',
      dueAt: plan.dueAt,
    });
    expect(await db.followUps.get(plan.id)).toEqual(completed);

    const today = localDay(ctx.now());
    const after = await db.customers.get(customer.id);
    expect(after).toMatchObject({
      status: 'following',
      intentLevel: 'A',
      expectedPurchaseDate: addDays(today, 30),
    });

    expect(next).not.toBeNull();
    expect(next).toMatchObject({
      customerId: customer.id,
      ownerId: customer.ownerId,
      state: 'planned',
      dueAt: nextDue.toISOString(),
      channel: 'test_drive',
      purpose: '邀约试驾',
      completedAt: null,
      outcome: null,
    });
    expect(await db.followUps.get(next!.id)).toEqual(next);

    const timeline = await timelineOf(db, customer.id);
    expect(timeline.map((entry) => entry.kind)).toEqual([
      'created',
      'follow_up_done',
      'changed',
      'follow_up_planned',
    ]);
    expect(timeline[1]).toMatchObject({
      text: '到店看车，已安排试驾',
      changes: [
        { field: 'channel', from: '', to: 'phone' },
        { field: 'outcome', from: '', to: 'visited' },
      ],
    });
    expect(timeline[2]!.changes).toEqual([
      { field: 'status', from: 'new', to: 'following' },
      { field: 'expectedPurchaseDate', from: '', to: addDays(today, 30) },
      { field: 'intentLevel', from: '', to: 'A' },
    ]);
    expect(timeline[3]).toMatchObject({
      text: '邀约试驾',
      changes: [{ field: 'dueAt', from: '', to: nextDue.toISOString() }],
    });

    // Everything went through the outbox: the completion, the customer change, the plan, 3 entries.
    const outbox = await db.outbox.orderBy('seq').toArray();
    const since = outbox.findIndex(
      (entry) =>
        entry.table === 'followUps' && entry.rowId === plan.id && entry.fields.state === 'done',
    );
    expect(outbox.slice(since).map((entry) => entry.table)).toEqual([
      'followUps',
      'timeline',
      'customers',
      'timeline',
      'followUps',
      'timeline',
    ]);
    expect(outbox[since]!.fields).toEqual({
      state: 'done',
      completedAt: ctx.now().toISOString(),
      outcome: 'visited',
      result: '到店看车，已安排试驾',
      updatedAt: ctx.now().toISOString(),
    });
  });

  it.each([
    ['H', 7, 'H'],
    ['A', 30, 'A'],
    ['B', 90, 'B'],
    ['C', 180, 'C'],
  ] as const)(
    're-assesses intent %s as the far end of its window (+%i days)',
    async (level, days, expected) => {
      const { db, ctx } = await openTestDb();
      const { customer, plan } = await newCustomerWithPlan(ctx);
      await completeFollowUp(ctx, plan.id, completion({ intentLevel: level }));
      const after = await db.customers.get(customer.id);
      expect(after?.intentLevel).toBe(expected);
      expect(after?.expectedPurchaseDate).toBe(addDays(localDay(ctx.now()), days));
    },
  );

  it('leaves a following customer untouched when no intent is given, and plans nothing without planNext', async () => {
    const { db, ctx } = await openTestDb();
    const { customer, plan } = await newCustomerWithPlan(ctx, {
      status: 'following',
      expectedPurchaseDate: addDays(localDay(new Date('2026-03-10T09:30:00.000Z')), 20),
    });
    const { next } = await completeFollowUp(
      ctx,
      plan.id,
      completion({ outcome: 'no_answer', result: '未接通' }),
    );
    expect(next).toBeNull();
    expect(await db.customers.get(customer.id)).toEqual(customer);
    expect((await timelineOf(db, customer.id)).map((entry) => entry.kind)).toEqual([
      'created',
      'follow_up_done',
    ]);
    expect(
      await db.followUps.where('[state+customerId]').equals(['planned', customer.id]).count(),
    ).toBe(0);
  });

  it('does not plan a next follow-up without a due date', async () => {
    const { db, ctx } = await openTestDb();
    const { customer, plan } = await newCustomerWithPlan(ctx);
    const { next } = await completeFollowUp(
      ctx,
      plan.id,
      completion({ planNext: true, next: { dueAt: null, channel: 'phone', purpose: '回访' } }),
    );
    expect(next).toBeNull();
    expect(await db.followUps.where('customerId').equals(customer.id).count()).toBe(1);
  });

  it('refuses to complete a follow-up twice, or a cancelled or unknown one, writing nothing', async () => {
    const { db, ctx, clock } = await openTestDb();
    const { plan } = await newCustomerWithPlan(ctx);
    await completeFollowUp(ctx, plan.id, completion());
    const outboxBefore = await db.outbox.count();
    const doneRow = await db.followUps.get(plan.id);

    clock.advance(HOUR);
    await expect(completeFollowUp(ctx, plan.id, completion({ result: '第二次' }))).rejects.toThrow(
      /already done/,
    );
    expect(await db.followUps.get(plan.id)).toEqual(doneRow);

    const other = await newCustomerWithPlan(ctx, { phones: [{ number: '13900001111' }] });
    await cancelFollowUp(ctx, other.plan.id);
    const outboxAfterCancel = await db.outbox.count();
    await expect(completeFollowUp(ctx, other.plan.id, completion())).rejects.toThrow(
      /already cancelled/,
    );
    await expect(completeFollowUp(ctx, 'missing', completion())).rejects.toThrow(/not found/);
    expect(await db.outbox.count()).toBe(outboxAfterCancel);
    expect(outboxAfterCancel).toBeGreaterThan(outboxBefore);
  });
});

describe('planFollowUp', () => {
  it('plans a follow-up for the customer with a timeline entry', async () => {
    const { db, ctx } = await openTestDb();
    const { customer } = await newCustomerWithPlan(ctx);
    const dueAt = new Date('2026-03-15T02:00:00.000Z');
    const plan = await planFollowUp(ctx, customer.id, {
      dueAt,
      channel: 'wechat',
      purpose: '介绍金融方案',
    });
    expect(plan).toMatchObject({
      customerId: customer.id,
      ownerId: customer.ownerId,
      dueAt: dueAt.toISOString(),
      channel: 'wechat',
      purpose: '介绍金融方案',
      state: 'planned',
    });
    expect(await db.followUps.get(plan.id)).toEqual(plan);
    expect((await timelineOf(db, customer.id)).at(-1)).toMatchObject({
      kind: 'follow_up_planned',
      text: '介绍金融方案',
      changes: [{ field: 'dueAt', from: '', to: dueAt.toISOString() }],
    });
    expect(await db.outbox.where('[table+rowId]').equals(['followUps', plan.id]).count()).toBe(1);
  });

  it('refuses an unknown customer, writing nothing', async () => {
    const { db, ctx } = await openTestDb();
    await expect(
      planFollowUp(ctx, 'missing', { dueAt: new Date(), channel: 'phone', purpose: 'x' }),
    ).rejects.toThrow(/Customer missing not found/);
    expect(await db.followUps.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('cancelFollowUp', () => {
  it('cancels a planned follow-up with a timeline entry, and only once', async () => {
    const { db, ctx } = await openTestDb();
    const { customer, plan } = await newCustomerWithPlan(ctx);
    await cancelFollowUp(ctx, plan.id);
    expect((await db.followUps.get(plan.id))?.state).toBe('cancelled');
    expect((await timelineOf(db, customer.id)).at(-1)).toMatchObject({
      kind: 'follow_up_cancelled',
      text: plan.purpose,
    });
    const outboxBefore = await db.outbox.count();
    await expect(cancelFollowUp(ctx, plan.id)).rejects.toThrow(/is not planned/);
    expect(await db.outbox.count()).toBe(outboxBefore);
  });
});

describe('addNote', () => {
  it('appends a note to the customer timeline through the outbox', async () => {
    const { db, ctx, clock, profile } = await openTestDb();
    const { customer } = await newCustomerWithPlan(ctx);
    clock.advance(HOUR);
    const note = await addNote(ctx, customer.id, '客户下周出差');
    expect(note).toMatchObject({
      kind: 'note',
      text: '客户下周出差',
      customerId: customer.id,
      ownerId: customer.ownerId,
      actorId: profile.userId,
      at: ctx.now().toISOString(),
    });
    expect((await timelineOf(db, customer.id)).map((entry) => entry.kind)).toEqual([
      'created',
      'note',
    ]);
    expect(await db.outbox.where('[table+rowId]').equals(['timeline', note.id]).count()).toBe(1);
    await expect(addNote(ctx, 'missing', 'x')).rejects.toThrow(/not found/);
  });
});

describe('a contact logged outside a plan', () => {
  it('completes the automatic first contact when the lead is seen at the show, and plans the next', async () => {
    const { db, ctx, clock } = await openTestDb();
    const { customer, plan } = await newCustomerWithPlan(ctx);
    expect(plan.purpose).toBe('first_contact');

    clock.advance(2 * HOUR);
    const { answer } = await recordVisitAnsweringPlan(
      ctx,
      customer.id,
      { model: '汉EV', note: '带家人来看车' },
      '秋季车展',
    );

    expect(answer.answered).toMatchObject({
      id: plan.id,
      state: 'done',
      outcome: 'visited',
      result: '带家人来看车',
    });
    const stored = await db.customers.get(customer.id);
    expect(stored?.status).toBe('following');
    // Never left without a plan: the next one by the cadence, its purpose from the stage.
    const open = await db.followUps.where('[state+customerId]').equals(['planned', customer.id]);
    const planned = await open.toArray();
    expect(planned).toHaveLength(1);
    expect(planned[0]).toMatchObject({ purpose: 'follow_up', id: answer.next?.id });
    expect(Date.parse(planned[0]!.dueAt)).toBeGreaterThan(ctx.now().getTime());
    const kinds = (await timelineOf(db, customer.id)).map((entry) => entry.kind);
    expect(kinds).toContain('event_visit');
    expect(kinds).toContain('follow_up_done');
  });

  it('leaves a later plan open, and asks when several plans could be the one', async () => {
    const { db, ctx, clock } = await openTestDb();
    const { customer, plan } = await newCustomerWithPlan(ctx);
    await completeFollowUp(ctx, plan.id, completion());
    const later = await planFollowUp(ctx, customer.id, {
      dueAt: new Date(ctx.now().getTime() + 3 * DAY),
      channel: 'phone',
      purpose: '报价',
    });
    const none = await answerPlanWithContact(ctx, customer.id, { outcome: 'visited', result: '' });
    expect(none).toEqual({ answered: null, unclear: [], next: null });
    expect((await db.followUps.get(later.id))?.state).toBe('planned');

    await planFollowUp(ctx, customer.id, {
      dueAt: new Date(ctx.now().getTime() + HOUR),
      channel: 'wechat',
      purpose: '发配置单',
    });
    clock.advance(4 * DAY);
    const unclear = await answerPlanWithContact(ctx, customer.id, {
      outcome: 'visited',
      result: '',
    });
    expect(unclear.answered).toBeNull();
    expect(unclear.unclear.map((followUp) => followUp.purpose)).toEqual(['发配置单', '报价']);
    const states = (await db.followUps.where('customerId').equals(customer.id).toArray()).map(
      (followUp) => followUp.state,
    );
    expect(states.filter((state) => state === 'planned')).toHaveLength(2);
  });
});
