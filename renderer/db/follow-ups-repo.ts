// Follow-ups: plan, complete (outcome + result, re-assessed intent, next plan), reschedule, cancel.

import { v7 as uuidv7 } from 'uuid';
import type { Customer } from '../../shared/domain/customer';
import { localDay } from '../../shared/domain/dates';
import type { FollowUp } from '../../shared/domain/follow-up';
import { expectedDateForLevel, intentLevel } from '../../shared/domain/intent';
import type { FollowUpCompletionValues, FollowUpPlanValues } from '../../shared/domain/schemas';
import { describeChanges } from './customers-repo';
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
