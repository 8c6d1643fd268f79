// Follow-ups: plan, complete (outcome + result, re-assessed intent, next plan), reschedule, cancel.

import dayjs from 'dayjs';
import { v7 as uuidv7 } from 'uuid';
import type { Customer } from '../../shared/domain/customer';
import { localDay } from '../../shared/domain/dates';
import { proposeNextFollowUpAt } from '../../shared/domain/cadence';
import type { FollowUp, FollowUpOutcome } from '../../shared/domain/follow-up';
import { planAnsweredByContact, proposeFollowUpPurpose } from '../../shared/domain/next-follow-up';
import { expectedDateForLevel, intentLevel } from '../../shared/domain/intent';
import type { FollowUpCompletionValues, FollowUpPlanValues } from '../../shared/domain/schemas';
import { describeChanges, recordEventVisit } from './customers-repo';
import { readDealershipSettings } from './settings-repo';
import { addTimelineEntry } from './timeline-repo';
import { inWriteTransaction, writeRow, type WriteContext } from './write-path';

export async function planFollowUp(
  ctx: WriteContext,
  customerId: string,
  plan: FollowUpPlanValues,
): Promise<FollowUp> {
  return inWriteTransaction(ctx, ['customers', 'followUps', 'timeline'], async () => {
    const customer = await requireCustomer(ctx, customerId);
    return insertPlan(ctx, customer, plan);
  });
}

async function insertPlan(
  ctx: WriteContext,
  customer: Customer,
  plan: FollowUpPlanValues,
): Promise<FollowUp> {
  const followUp = await writeRow(ctx, 'followUps', uuidv7(), {
    ownerId: customer.ownerId,
    customerId: customer.id,
    dueAt: plan.dueAt.toISOString(),
    channel: plan.channel,
    purpose: plan.purpose,
    state: 'planned',
    completedAt: null,
    outcome: null,
    result: '',
  });
  await addTimelineEntry(ctx, customer, {
    kind: 'follow_up_planned',
    text: plan.purpose,
    changes: [{ field: 'dueAt', from: '', to: followUp.dueAt }],
  });
  return followUp;
}

export async function completeFollowUp(
  ctx: WriteContext,
  followUpId: string,
  values: FollowUpCompletionValues,
): Promise<{ completed: FollowUp; next: FollowUp | null }> {
  return inWriteTransaction(ctx, ['followUps', 'customers', 'timeline', 'settings'], async () => {
    const followUp = await ctx.db.followUps.get(followUpId);
    if (!followUp) throw new Error(`Follow-up ${followUpId} not found`);
    if (followUp.state !== 'planned')
      throw new Error(`Follow-up ${followUpId} is already ${followUp.state}`);
    let customer = await requireCustomer(ctx, followUp.customerId);
    const now = ctx.now();
    const completed = await writeRow(ctx, 'followUps', followUpId, {
      state: 'done',
      completedAt: now.toISOString(),
      outcome: values.outcome,
      result: values.result,
    });
    await addTimelineEntry(ctx, customer, {
      kind: 'follow_up_done',
      text: values.result,
      changes: [
        { field: 'channel', from: '', to: followUp.channel },
        { field: 'outcome', from: '', to: values.outcome },
      ],
    });

    // The contact re-assesses the customer: a new lead is now in follow-up, at the level heard.
    const customerChanges: Partial<Customer> = {};
    if (customer.status === 'new') customerChanges.status = 'following';
    if (values.intentLevel) {
      const settings = await readDealershipSettings(ctx.db);
      const today = localDay(now);
      const expected = expectedDateForLevel(values.intentLevel, today, settings.intentThresholds);
      customerChanges.expectedPurchaseDate = expected;
      customerChanges.intentLevel = intentLevel(expected, today, settings.intentThresholds);
    }
    const changes = describeChanges(customer, customerChanges);
    if (changes.length > 0) {
      customer = await writeRow(ctx, 'customers', customer.id, customerChanges);
      await addTimelineEntry(ctx, customer, { kind: 'changed', changes });
    }

    const next =
      values.planNext && values.next.dueAt
        ? await insertPlan(ctx, customer, {
            dueAt: values.next.dueAt,
            channel: values.next.channel,
            purpose: values.next.purpose,
          })
        : null;
    return { completed, next };
  });
}

export type ContactAnswer = {
  /** The plan the contact completed. */
  answered: FollowUp | null;
  /** Several open plans could be the one: none was completed, the user is asked to pick. */
  unclear: FollowUp[];
  /** Planned by the cadence because the customer was left with no plan. */
  next: FollowUp | null;
};

/**
 * A contact logged outside a plan (a known customer seen at the show) completes the open plan it
 * answers (planAnsweredByContact), so the automatic first contact does not stay open after the
 * lead has been met. A new lead is then in follow-up; a customer left with no open plan gets the
 * next one by the cadence, with the purpose of its stage. Runs inside the caller's transaction
 * when there is one.
 */
export async function answerPlanWithContact(
  ctx: WriteContext,
  customerId: string,
  contact: { outcome: FollowUpOutcome; result: string },
): Promise<ContactAnswer> {
  return inWriteTransaction(ctx, ['customers', 'followUps', 'timeline', 'settings'], async () => {
    let customer = await requireCustomer(ctx, customerId);
    const now = ctx.now();
    const open = await ctx.db.followUps
      .where('[state+customerId]')
      .equals(['planned', customerId])
      .toArray();
    const startOfTomorrow = dayjs(now).add(1, 'day').startOf('day').toDate();
    const answer = planAnsweredByContact(open, customerId, startOfTomorrow);
    if (answer.kind === 'unclear')
      return { answered: null, unclear: answer.candidates, next: null };
    if (answer.kind === 'none') return { answered: null, unclear: [], next: null };

    const answered = await writeRow(ctx, 'followUps', answer.followUp.id, {
      state: 'done',
      completedAt: now.toISOString(),
      outcome: contact.outcome,
      result: contact.result,
    });
    await addTimelineEntry(ctx, customer, {
      kind: 'follow_up_done',
      text: contact.result,
      changes: [
        { field: 'channel', from: '', to: answered.channel },
        { field: 'outcome', from: '', to: contact.outcome },
      ],
    });
    if (customer.status === 'new') {
      const changes = describeChanges(customer, { status: 'following' });
      customer = await writeRow(ctx, 'customers', customer.id, { status: 'following' });
      await addTimelineEntry(ctx, customer, { kind: 'changed', changes });
    }
    const stillOpen = open.some(
      (followUp) =>
        followUp.id !== answered.id && !followUp.deleted && followUp.state === 'planned',
    );
    if (stillOpen) return { answered, unclear: [], next: null };
    const settings = await readDealershipSettings(ctx.db);
    const dueAt = proposeNextFollowUpAt(customer, now, settings.cadence);
    const purpose = proposeFollowUpPurpose(customer);
    const next =
      dueAt && purpose
        ? await insertPlan(ctx, customer, { dueAt, channel: 'phone', purpose })
        : null;
    return { answered, unclear: [], next };
  });
}

/**
 * A known customer seen again at an event (quick capture): the visit goes on the card and
 * answers the open plan it meets, in one transaction.
 */
export async function recordVisitAnsweringPlan(
  ctx: WriteContext,
  customerId: string,
  values: Parameters<typeof recordEventVisit>[2],
  eventName: string,
): Promise<{ customer: Customer; answer: ContactAnswer }> {
  return inWriteTransaction(ctx, ['customers', 'followUps', 'timeline', 'settings'], async () => {
    await recordEventVisit(ctx, customerId, values, eventName);
    const answer = await answerPlanWithContact(ctx, customerId, {
      outcome: 'visited',
      result: values.note.trim(),
    });
    return { customer: await requireCustomer(ctx, customerId), answer };
  });
}

export async function cancelFollowUp(ctx: WriteContext, followUpId: string): Promise<void> {
  await inWriteTransaction(ctx, ['customers', 'followUps', 'timeline'], async () => {
    const followUp = await ctx.db.followUps.get(followUpId);
    if (!followUp || followUp.state !== 'planned')
      throw new Error(`Follow-up ${followUpId} is not planned`);
    const customer = await requireCustomer(ctx, followUp.customerId);
    await writeRow(ctx, 'followUps', followUpId, { state: 'cancelled' });
    await addTimelineEntry(ctx, customer, { kind: 'follow_up_cancelled', text: followUp.purpose });
  });
}

async function requireCustomer(ctx: WriteContext, customerId: string): Promise<Customer> {
  const customer = await ctx.db.customers.get(customerId);
  if (!customer) throw new Error(`Customer ${customerId} not found`);
  return customer;
}
