import { describe, expect, it } from 'vitest';
import type { SurveyFormValues } from '../../shared/domain/post-delivery-schemas';
import { createCustomer } from './customers-repo';
import { planFollowUp } from './follow-ups-repo';
import { customerSurveys, plannedSurveyCall, recordSurvey } from './surveys-repo';
import {
  customerForm,
  DAY,
  expectOutboxAcceptedByServer,
  HOUR,
  openTestDb,
  timelineOf,
} from '../test-support/test-db';
import { inWriteTransaction, writeRow, type WriteContext } from './write-path';

const ANSWERS: SurveyFormValues = {
  attitude: 5,
  expertise: 4,
  proactiveAdvice: 3,
  testDriveOffered: 5,
  deliveryPleasant: 4,
  contactedAfterDelivery: 5,
  afterSalesIntroduced: 2,
  expectation: 8,
  perception: 9,
  repurchaseIntent: 'yes',
  referralIntent: 'maybe',
  comment: '交车仪式很用心',
};

/** An owner with the day-7 survey call planned, as a completed delivery leaves it. */
async function ownerWithSurveyCall(ctx: WriteContext) {
  const customer = await createCustomer(ctx, customerForm({ status: 'delivered' }));
  const call = await planFollowUp(ctx, customer.id, {
    dueAt: new Date(ctx.now().getTime() + 7 * DAY),
    channel: 'phone',
    purpose: '交车第 7 天满意度回访',
  });
  const surveyCall = await inWriteTransaction(ctx, ['followUps'], () =>
    writeRow(ctx, 'followUps', call.id, { kind: 'survey_call', deliveryId: 'delivery-1' }),
  );
  return { customer, surveyCall };
}

describe('recordSurvey', () => {
  it('stores the answers for the consultant who sold the car and adds a timeline entry', async () => {
    const { db, ctx, clock, profile } = await openTestDb();
    const customer = await createCustomer(ctx, customerForm({ status: 'delivered' }));
    clock.advance(2 * HOUR);

    const { survey, completed } = await recordSurvey(ctx, customer.id, ANSWERS);

    expect(completed).toBeNull();
    expect(survey).toMatchObject({
      ...ANSWERS,
      customerId: customer.id,
      ownerId: customer.ownerId,
      consultantId: customer.ownerId,
      deliveryId: null,
      surveyedAt: ctx.now().toISOString(),
      surveyedBy: profile.userId,
      surveyedByName: profile.displayName,
      deleted: false,
    });
    expect(await db.surveys.get(survey.id)).toEqual(survey);
    expect(await customerSurveys(db, customer.id)).toEqual([survey]);

    // Data and outbox together: the survey goes up with the next sync.
    const outbox = (await db.outbox.toArray()).filter((entry) => entry.rowId === survey.id);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ table: 'surveys', fields: { perception: 9 } });

    const timeline = await timelineOf(db, customer.id);
    const entry = timeline.find((item) => item.kind === 'survey_recorded');
    expect(entry).toMatchObject({
      text: '交车仪式很用心',
      changes: [
        { field: 'satisfaction', from: '', to: '113%' },
        { field: 'indicatorAverage', from: '', to: '4.0' },
        { field: 'repurchaseIntent', from: '', to: 'yes' },
        { field: 'referralIntent', from: '', to: 'maybe' },
      ],
    });
    await expectOutboxAcceptedByServer(db);
  });

  it('completes the survey call it answers, in the same write', async () => {
    const { db, ctx, clock } = await openTestDb();
    const { customer, surveyCall } = await ownerWithSurveyCall(ctx);
    expect(await plannedSurveyCall(db, customer.id)).toMatchObject({ id: surveyCall.id });
    clock.advance(7 * DAY);

    const { survey, completed } = await recordSurvey(ctx, customer.id, ANSWERS, {
      followUpId: surveyCall.id,
    });

    expect(survey.deliveryId).toBe('delivery-1');
    expect(completed).toMatchObject({
      id: surveyCall.id,
      state: 'done',
      completedAt: ctx.now().toISOString(),
      outcome: 'contacted',
      result: '交车仪式很用心',
    });
    expect(await db.followUps.get(surveyCall.id)).toEqual(completed);
    expect(await plannedSurveyCall(db, customer.id)).toBeNull();
    const kinds = (await timelineOf(db, customer.id)).map((entry) => entry.kind);
    expect(kinds.slice(-2)).toEqual(['survey_recorded', 'follow_up_done']);
  });

  it('refuses a follow-up that is done already or belongs to another customer, writing nothing', async () => {
    const { db, ctx } = await openTestDb();
    const { customer, surveyCall } = await ownerWithSurveyCall(ctx);
    const other = await createCustomer(
      ctx,
      customerForm({ name: '刘洋', phones: [{ number: '13900001111' }] }),
    );

    await expect(
      recordSurvey(ctx, other.id, ANSWERS, { followUpId: surveyCall.id }),
    ).rejects.toThrow('belongs to another customer');

    await recordSurvey(ctx, customer.id, ANSWERS, { followUpId: surveyCall.id });
    const outboxBefore = await db.outbox.count();
    await expect(
      recordSurvey(ctx, customer.id, ANSWERS, { followUpId: surveyCall.id }),
    ).rejects.toThrow('already done');
    expect(await db.surveys.count()).toBe(1);
    expect(await db.outbox.count()).toBe(outboxBefore);
  });

  it('refuses an incomplete survey before touching the database', async () => {
    const { db, ctx } = await openTestDb();
    const customer = await createCustomer(ctx, customerForm({ status: 'delivered' }));
    const outboxBefore = await db.outbox.count();
    const unrated = { ...ANSWERS, attitude: 0 };
    await expect(recordSurvey(ctx, customer.id, unrated)).rejects.toThrow(
      'validation.indicatorRequired',
    );
    await expect(recordSurvey(ctx, 'no-such-customer', ANSWERS)).rejects.toThrow('not found');
    expect(await db.surveys.count()).toBe(0);
    expect(await db.outbox.count()).toBe(outboxBefore);
  });
});
