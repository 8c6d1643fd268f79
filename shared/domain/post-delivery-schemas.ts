// zod schemas of the post-delivery forms: the satisfaction survey and complaints (log, handle,
// resolve). Kept beside schemas.ts rather than in it so the delivery forms and these grow apart.
// Messages are i18n keys (validation.*), as in schemas.ts.

import { z } from 'zod';
import { textField } from './text-field';
import { COMPLAINT_CATEGORIES } from './complaint';
import { LOYALTY_INTENTS } from './survey';

const text = textField;

/**
 * A rating picked on a scale: the form starts with nothing picked (null), so the input type allows
 * null and the output does not — an unpicked scale is refused with the given message.
 */
const rating = (max: number, message: string) =>
  z
    .number()
    .nullable()
    .pipe(z.number({ message }).int({ message }).min(1, { message }).max(max, { message }));

const intent = (message: string) =>
  z.enum(LOYALTY_INTENTS).nullable().pipe(z.enum(LOYALTY_INTENTS, { message }));

export const surveyFormSchema = z.object({
  attitude: rating(5, 'validation.indicatorRequired'),
  expertise: rating(5, 'validation.indicatorRequired'),
  proactiveAdvice: rating(5, 'validation.indicatorRequired'),
  testDriveOffered: rating(5, 'validation.indicatorRequired'),
  deliveryPleasant: rating(5, 'validation.indicatorRequired'),
  contactedAfterDelivery: rating(5, 'validation.indicatorRequired'),
  afterSalesIntroduced: rating(5, 'validation.indicatorRequired'),
  expectation: rating(10, 'validation.expectationRequired'),
  perception: rating(10, 'validation.perceptionRequired'),
  repurchaseIntent: intent('validation.repurchaseIntentRequired'),
  referralIntent: intent('validation.referralIntentRequired'),
  comment: text(2000),
});

/** What the survey form holds while it is being filled (nothing picked yet is null). */
export type SurveyFormInput = z.input<typeof surveyFormSchema>;
/** A complete survey, as the repository records it. */
export type SurveyFormValues = z.output<typeof surveyFormSchema>;

export const EMPTY_SURVEY_FORM: SurveyFormInput = {
  attitude: null,
  expertise: null,
  proactiveAdvice: null,
  testDriveOffered: null,
  deliveryPleasant: null,
  contactedAfterDelivery: null,
  afterSalesIntroduced: null,
  expectation: null,
  perception: null,
  repurchaseIntent: null,
  referralIntent: null,
  comment: '',
};

/** A complaint can be logged a little after it came in, never before it happened. */
const RECEIVED_AT_SLACK_MS = 5 * 60_000;

export const complaintFormSchema = z
  .object({
    category: z
      .enum(COMPLAINT_CATEGORIES)
      .nullable()
      .pipe(z.enum(COMPLAINT_CATEGORIES, { message: 'validation.complaintCategoryRequired' })),
    description: text(2000).min(1, { message: 'validation.complaintDescriptionRequired' }),
    receivedAt: z
      .date()
      .nullable()
      .pipe(z.date({ message: 'validation.receivedAtRequired' })),
  })
  .superRefine((value, ctx) => {
    if (value.receivedAt.getTime() > Date.now() + RECEIVED_AT_SLACK_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['receivedAt'],
        message: 'validation.receivedAtInFuture',
      });
    }
  });

export type ComplaintFormInput = z.input<typeof complaintFormSchema>;
export type ComplaintFormValues = z.output<typeof complaintFormSchema>;

/**
 * The handling of a complaint: the four steps (listen, calm, empathize, act) and the resolution.
 * `resolve` says which button was pressed: saving the steps, or closing the complaint — which
 * needs a resolution.
 */
export const complaintHandlingSchema = z
  .object({
    stepListen: text(2000),
    stepCalm: text(2000),
    stepEmpathize: text(2000),
    stepAct: text(2000),
    resolution: text(2000),
    resolve: z.boolean(),
  })
  .superRefine((value, ctx) => {
    if (value.resolve && value.resolution === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['resolution'],
        message: 'validation.resolutionRequired',
      });
    }
  });

export type ComplaintHandlingValues = z.infer<typeof complaintHandlingSchema>;

export type ComplaintSteps = Pick<
  ComplaintHandlingValues,
  'stepListen' | 'stepCalm' | 'stepEmpathize' | 'stepAct'
>;
