// zod schemas of the delivery forms: order, delivery appointment, checklist item, template and the
// post-delivery cadence. Messages are i18n keys (validation.*), like shared/domain/schemas.ts.

import { z } from 'zod';
import { textField } from './text-field';
import { messageWithParams } from './validation-message';
import { ORDER_KINDS } from './order';
import { normalizeVin, vinProblem } from './vin';

const text = textField;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** 元, up to 100 million: no car order is larger. */
const yuan = z
  .number({ message: 'validation.number' })
  .min(0, { message: 'validation.notNegative' })
  .max(100_000_000, { message: 'validation.amountTooLarge' });

export const orderFormSchema = z
  .object({
    kind: z.enum(ORDER_KINDS),
    amount: yuan
      .nullable()
      .refine((value) => value !== null && value > 0, { message: 'validation.amountRequired' }),
    depositAmount: yuan.nullable(),
    brand: text(60),
    model: text(60).min(1, { message: 'validation.modelRequired' }),
    trim: text(60),
    colour: text(40),
    orderedOn: z.string().regex(DAY, { message: 'validation.date' }),
    note: text(1000),
  })
  .superRefine((value, ctx) => {
    if (value.kind === 'deposit' && (value.depositAmount === null || value.depositAmount <= 0)) {
      ctx.addIssue({
        code: 'custom',
        path: ['depositAmount'],
        message: 'validation.depositRequired',
      });
    }
    if (
      value.depositAmount !== null &&
      value.amount !== null &&
      value.depositAmount > value.amount
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['depositAmount'],
        message: 'validation.depositAboveAmount',
      });
    }
  });

export type OrderFormValues = z.infer<typeof orderFormSchema>;

export const vinSchema = z
  .string()
  .transform(normalizeVin)
  .superRefine((value, ctx) => {
    const problem = vinProblem(value);
    if (problem === 'empty') ctx.addIssue({ code: 'custom', message: 'validation.vinRequired' });
    else if (problem === 'length')
      ctx.addIssue({ code: 'custom', message: 'validation.vinLength' });
    else if (problem === 'characters')
      ctx.addIssue({ code: 'custom', message: 'validation.vinCharacters' });
    else if (problem === 'check_digit')
      ctx.addIssue({ code: 'custom', message: 'validation.vinCheckDigit' });
  });

export const deliveryFormSchema = z.object({
  vin: vinSchema,
  engineNumber: text(40)
    .min(1, { message: 'validation.engineNumberRequired' })
    .regex(/^[A-Za-z0-9-]*$/, { message: 'validation.engineNumberCharacters' }),
  brand: text(60),
  model: text(60).min(1, { message: 'validation.modelRequired' }),
  colour: text(40).min(1, { message: 'validation.colourRequired' }),
  plate: text(12),
  scheduledAt: z.date({ message: 'validation.deliveryDateRequired' }),
});

export type DeliveryFormInput = z.input<typeof deliveryFormSchema>;
export type DeliveryFormValues = z.output<typeof deliveryFormSchema>;

/** Cancelling an order or a handover: the reason is required, it is what the manager reads. */
export const cancellationSchema = z.object({
  reason: text(500).min(2, { message: 'validation.cancelReasonRequired' }),
});
export type CancellationValues = z.infer<typeof cancellationSchema>;

/** Moving a handover: the new time, and optionally why (the customer asked, the car is late…). */
export const rescheduleDeliverySchema = z.object({
  scheduledAt: z.date({ message: 'validation.deliveryDateRequired' }),
  reason: text(500),
});
export type RescheduleDeliveryValues = z.infer<typeof rescheduleDeliverySchema>;

export const notApplicableSchema = z.object({
  reason: text(500).min(2, { message: 'validation.notApplicableReasonRequired' }),
});

export const signatureSchema = z.object({
  signedBy: text(60).min(1, { message: 'validation.signedByRequired' }),
});

const templateItem = z.object({
  key: z.string().min(1),
  label: text(200),
  required: z.boolean(),
});

/** The template editor's sections; a default item or section may keep its empty (translated) text. */
export const checklistTemplateFormSchema = z.object({
  sections: z
    .array(
      z.object({
        key: z.string().min(1),
        title: text(100),
        items: z.array(templateItem).min(1, { message: 'validation.sectionNeedsItem' }).max(100),
      }),
    )
    .min(1, { message: 'validation.templateNeedsSection' })
    .max(30),
});

const cadenceDays = z
  .number({ message: 'validation.number' })
  .int({ message: 'validation.integer' })
  .min(1, { message: 'validation.atLeastOne' })
  .max(365, { message: 'validation.atMost365' });

export const postDeliveryCadenceSchema = z
  .object({
    consultantCallDays: cadenceDays,
    surveyCallDays: cadenceDays,
    monthCallDays: cadenceDays,
    firstServiceDays: cadenceDays,
    insuranceRenewalDaysBefore: z
      .number({ message: 'validation.number' })
      .int({ message: 'validation.integer' })
      .min(0, { message: 'validation.notNegative' })
      .max(180, { message: 'validation.atMost180' }),
    birthdayCare: z.boolean(),
    warrantyYears: z
      .number({ message: 'validation.number' })
      .int({ message: 'validation.integer' })
      .min(1, { message: 'validation.atLeastOne' })
      .max(10, { message: messageWithParams('validation.atMostYears', { max: 10 }) }),
    insuranceYears: z
      .number({ message: 'validation.number' })
      .int({ message: 'validation.integer' })
      .min(1, { message: 'validation.atLeastOne' })
      .max(5, { message: messageWithParams('validation.atMostYears', { max: 5 }) }),
  })
  .superRefine((value, ctx) => {
    // The thank-you call comes before the survey call: a survey before the thank-you reads oddly.
    if (!(value.consultantCallDays < value.surveyCallDays))
      ctx.addIssue({
        code: 'custom',
        path: ['surveyCallDays'],
        message: 'validation.cadenceOrder',
      });
    if (!(value.surveyCallDays < value.monthCallDays))
      ctx.addIssue({ code: 'custom', path: ['monthCallDays'], message: 'validation.cadenceOrder' });
  });

export type PostDeliveryCadenceValues = z.infer<typeof postDeliveryCadenceSchema>;
