// 满意度调查: recording a customer's survey. Usually it is the day-7 call (a follow-up of kind
// 'survey_call'); recording the survey is what completes that call, in the same transaction.

import { v7 as uuidv7 } from 'uuid';
import type { Customer } from '../../shared/domain/customer';
import type { FollowUp } from '../../shared/domain/follow-up';
import { surveyFormSchema, type SurveyFormValues } from '../../shared/domain/post-delivery-schemas';
import { indicatorAverage, satisfactionRatio, type Survey } from '../../shared/domain/survey';
import type { AppDB } from './AppDB';
import { addTimelineEntry } from './timeline-repo';
import { inWriteTransaction, writeRow, type WriteContext } from './write-path';

export type RecordSurveyOptions = {
  /** The planned follow-up (the day-7 survey call) this survey completes, if any. */
  followUpId?: string | null;
};

export async function recordSurvey(
  ctx: WriteContext,
  customerId: string,
  values: SurveyFormValues,
  options: RecordSurveyOptions = {},
): Promise<{ survey: Survey; completed: FollowUp | null }> {
  // The form validated already; parsing again keeps a caller that skipped it from storing a
  // survey the server would refuse (every score in range, every intent given).
  const survey = surveyFormSchema.parse(values);
  return inWriteTransaction(
    ctx,
    ['customers', 'surveys', 'followUps', 'deliveries', 'timeline'],
    async () => {
      const customer = await ctx.db.customers.get(customerId);
      if (!customer || customer.deleted) throw new Error(`Customer ${customerId} not found`);
      const followUp = options.followUpId
        ? await requirePlannedFollowUp(ctx.db, options.followUpId, customer)
        : null;
      const now = ctx.now().toISOString();
      const stored = await writeRow(ctx, 'surveys', uuidv7(), {
        ownerId: customer.ownerId,
        customerId: customer.id,
        deliveryId: followUp?.deliveryId ?? (await latestDeliveryId(ctx.db, customer.id)),
        // Results are reported per consultant: the one who sold the car, whoever makes the call.
        consultantId: customer.ownerId,
        ...survey,
        surveyedAt: now,
        surveyedBy: ctx.actorId,
        surveyedByName: ctx.actorName,
      });
      await addTimelineEntry(ctx, customer, {
        kind: 'survey_recorded',
        text: survey.comment,
        changes: surveyTimelineChanges(stored),
      });

      let completed: FollowUp | null = null;
      if (followUp) {
        completed = await writeRow(ctx, 'followUps', followUp.id, {
          state: 'done',
          completedAt: now,
          outcome: 'contacted',
          result: survey.comment,
        });
        await addTimelineEntry(ctx, customer, {
          kind: 'follow_up_done',
          text: followUp.purpose,
          changes: [
            { field: 'channel', from: '', to: followUp.channel },
            { field: 'outcome', from: '', to: 'contacted' },
          ],
        });
      }
      return { survey: stored, completed };
    },
  );
}

/** The survey's headline numbers, as the timeline shows them (language-neutral values). */
function surveyTimelineChanges(survey: Survey) {
  return [
    { field: 'satisfaction', from: '', to: `${Math.round(satisfactionRatio(survey) * 100)}%` },
    { field: 'indicatorAverage', from: '', to: indicatorAverage(survey).toFixed(1) },
    { field: 'repurchaseIntent', from: '', to: survey.repurchaseIntent },
    { field: 'referralIntent', from: '', to: survey.referralIntent },
  ];
}

async function requirePlannedFollowUp(
  db: AppDB,
  followUpId: string,
  customer: Customer,
): Promise<FollowUp> {
  const followUp = await db.followUps.get(followUpId);
  if (!followUp || followUp.deleted) throw new Error(`Follow-up ${followUpId} not found`);
  if (followUp.customerId !== customer.id)
    throw new Error(`Follow-up ${followUpId} belongs to another customer`);
  if (followUp.state !== 'planned')
    throw new Error(`Follow-up ${followUpId} is already ${followUp.state}`);
  return followUp;
}

/** The car the survey is about when no follow-up says so: the customer's latest handover. */
async function latestDeliveryId(db: AppDB, customerId: string): Promise<string | null> {
  const deliveries = await db.deliveries.where('customerId').equals(customerId).toArray();
  const completed = deliveries
    .filter((delivery) => !delivery.deleted && delivery.state === 'completed')
    .sort((a, b) => (b.completedAt ?? '').localeCompare(a.completedAt ?? ''));
  return completed[0]?.id ?? null;
}

/** The planned day-7 survey call of a customer, if one is waiting: the card offers to complete it. */
export async function plannedSurveyCall(db: AppDB, customerId: string): Promise<FollowUp | null> {
  const planned = await db.followUps
    .where('[state+customerId]')
    .equals(['planned', customerId])
    .toArray();
  const calls = planned
    .filter((followUp) => followUp.kind === 'survey_call' && !followUp.deleted)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  return calls[0] ?? null;
}

/** A customer's surveys, newest first. */
export async function customerSurveys(db: AppDB, customerId: string): Promise<Survey[]> {
  const surveys = await db.surveys.where('customerId').equals(customerId).toArray();
  return surveys
    .filter((survey) => !survey.deleted)
    .sort((a, b) => b.surveyedAt.localeCompare(a.surveyedAt));
}

/** The surveys taken since `from` (an ISO instant), or all of them when `from` is null. */
export function surveysSince(db: AppDB, from: string | null): Promise<Survey[]> {
  return from === null
    ? db.surveys.toArray()
    : db.surveys.where('surveyedAt').aboveOrEqual(from).toArray();
}
