// zod schemas for every form and every settings object. Messages are i18n keys (validation.*):
// the renderer translates them, the server (later) can return them as they are.

import { z } from 'zod';
import {
  CUSTOMER_KINDS,
  CUSTOMER_SOURCES,
  GENDERS,
  PAYMENT_METHODS,
  PURCHASE_PURPOSES,
  SOURCES_WITH_DETAIL,
  type CustomerSource,
} from './customer';
import { MAX_ESCALATION_HOURS, MIN_ESCALATION_HOURS } from './escalation';
import {
  MAX_LOCK_AFTER_MINUTES,
  MAX_OFFLINE_LOCK_DAYS,
  MIN_LOCK_AFTER_MINUTES,
  MIN_OFFLINE_LOCK_DAYS,
} from './app-lock';
import { messageWithParams } from './validation-message';
import { FOLLOW_UP_CHANNELS, FOLLOW_UP_OUTCOMES } from './follow-up';
import { INTENT_LEVELS } from './intent';
import { localDay } from './dates';
import { normalizePhone, phoneProblem } from './phone';
import { textField } from './text-field';

const MAX_TEXT = 200;
const MAX_LONG_TEXT = 4000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const text = (max = MAX_TEXT) => textField(max);
const optionalDay = z.string().regex(DAY, { message: 'validation.date' }).nullable();
/** A day that has already come: a birthday cannot be in the future (checked on the typist's date). */
const pastDay = optionalDay.refine((day) => day === null || day <= localDay(new Date()), {
  message: 'validation.birthdayInFuture',
});
/**
 * When a follow-up is planned for: not in the past. A few minutes' grace, because the picker steps
 * by five minutes and the form may stay open a while.
 */
const PLAN_GRACE_MS = 10 * 60_000;
const plannedAt = z
  .date({ message: 'validation.dueAtRequired' })
  .refine((at) => at.getTime() >= Date.now() - PLAN_GRACE_MS, {
    message: 'validation.dueAtInPast',
  });

/** A phone as typed; validated (and later normalized) as a Chinese mobile or fixed line. */
export const phoneInputSchema = z.string().superRefine((value, ctx) => {
  const problem = phoneProblem(value);
  if (problem === 'empty') ctx.addIssue({ code: 'custom', message: 'validation.phoneRequired' });
  else if (problem === 'not_digits')
    ctx.addIssue({ code: 'custom', message: 'validation.phoneNotDigits' });
  else if (problem === 'invalid_mobile')
    ctx.addIssue({ code: 'custom', message: 'validation.phoneInvalidMobile' });
  else if (problem) ctx.addIssue({ code: 'custom', message: 'validation.phoneInvalid' });
});

const budget = z
  .number({ message: 'validation.number' })
  .min(0, { message: 'validation.notNegative' })
  .max(100_000, { message: 'validation.budgetTooLarge' })
  .nullable();

export const customerFormSchema = z
  .object({
    kind: z.enum(CUSTOMER_KINDS),
    name: text(60).min(1, { message: 'validation.nameRequired' }),
    phones: z
      .array(z.object({ number: phoneInputSchema }))
      .min(1, { message: 'validation.phoneRequired' })
      .max(5, { message: 'validation.tooManyPhones' }),
    wechatId: text(60),
    gender: z.enum(GENDERS),
    city: text(40),
    district: text(40),
    company: text(100),
    birthday: pastDay,

    source: z.enum(CUSTOMER_SOURCES),
    sourceDetail: text(100),

    brand: text(40),
    model: text(60),
    trim: text(60),
    colour: text(30),
    budgetMin: budget,
    budgetMax: budget,
    payment: z.enum(PAYMENT_METHODS).nullable(),
    tradeIn: text(100),
    competitors: text(200),
    purpose: z.enum(PURCHASE_PURPOSES).nullable(),

    hasConfidence: z.boolean(),
    hasNeed: z.boolean(),
    hasPurchasingPower: z.boolean(),
    expectedPurchaseDate: optionalDay,

    status: z.enum(['new', 'following', 'ordered', 'delivered']),

    contractAmount: z
      .number({ message: 'validation.number' })
      .min(0, { message: 'validation.notNegative' })
      .nullable(),
    deliveryDate: optionalDay,
    warrantyExpiry: optionalDay,
    insuranceExpiry: optionalDay,
    potentialNeeds: text(200),
    referralsMade: z
      .number({ message: 'validation.number' })
      .int({ message: 'validation.integer' })
      .min(0, { message: 'validation.notNegative' }),

    tags: z.array(text(30).min(1)).max(20, { message: 'validation.tooManyTags' }),
    notes: text(MAX_LONG_TEXT),
  })
  .superRefine((value, ctx) => {
    if (value.budgetMin !== null && value.budgetMax !== null && value.budgetMin > value.budgetMax) {
      ctx.addIssue({ code: 'custom', path: ['budgetMax'], message: 'validation.budgetRange' });
    }
    if (
      (SOURCES_WITH_DETAIL as readonly CustomerSource[]).includes(value.source) &&
      !value.sourceDetail
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['sourceDetail'],
        message: `validation.sourceDetailRequired.${value.source}`,
      });
    }
    if (value.kind === 'company' && !value.company) {
      ctx.addIssue({ code: 'custom', path: ['company'], message: 'validation.companyRequired' });
    }
    const seen = new Set<string>();
    value.phones.forEach((phone, index) => {
      // The same key the number is stored under, so "repeated" means "would be stored twice".
      const key = normalizePhone(phone.number);
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['phones', index, 'number'],
          message: 'validation.phoneRepeated',
        });
      }
      seen.add(key);
    });
  });

export type CustomerFormValues = z.infer<typeof customerFormSchema>;

/** A new card's form: what every field holds before anything is typed (or imported). */
export const EMPTY_CUSTOMER_FORM: CustomerFormValues = {
  kind: 'person',
  name: '',
  phones: [{ number: '' }],
  wechatId: '',
  gender: 'unknown',
  city: '',
  district: '',
  company: '',
  birthday: null,
  source: 'walk_in',
  sourceDetail: '',
  brand: '',
  model: '',
  trim: '',
  colour: '',
  budgetMin: null,
  budgetMax: null,
  payment: null,
  tradeIn: '',
  competitors: '',
  purpose: null,
  hasConfidence: false,
  hasNeed: false,
  hasPurchasingPower: false,
  expectedPurchaseDate: null,
  status: 'new',
  contractAmount: null,
  deliveryDate: null,
  warrantyExpiry: null,
  insuranceExpiry: null,
  potentialNeeds: '',
  referralsMade: 0,
  tags: [],
  notes: '',
};

export const quickCaptureSchema = z.object({
  name: text(60).min(1, { message: 'validation.nameRequired' }),
  phone: phoneInputSchema,
  model: text(60),
  hasConfidence: z.boolean(),
  hasNeed: z.boolean(),
  hasPurchasingPower: z.boolean(),
  note: text(500),
});

export type QuickCaptureValues = z.infer<typeof quickCaptureSchema>;

export const eventNameSchema = text(60).min(1, { message: 'validation.eventRequired' });

export const followUpPlanSchema = z.object({
  dueAt: plannedAt,
  channel: z.enum(FOLLOW_UP_CHANNELS, { message: 'validation.channelRequired' }),
  purpose: text(200).min(1, { message: 'validation.purposeRequired' }),
});

export type FollowUpPlanValues = z.infer<typeof followUpPlanSchema>;

export const followUpCompletionSchema = z
  .object({
    outcome: z.enum(FOLLOW_UP_OUTCOMES, { message: 'validation.outcomeRequired' }),
    result: text(MAX_LONG_TEXT).min(1, { message: 'validation.resultRequired' }),
    /** Re-assessed intent after this contact (null: unchanged). */
    intentLevel: z.enum(INTENT_LEVELS).nullable(),
    planNext: z.boolean(),
    next: z.object({
      dueAt: z.date({ message: 'validation.dueAtRequired' }).nullable(),
      channel: z.enum(FOLLOW_UP_CHANNELS),
      purpose: text(200),
    }),
  })
  .superRefine((value, ctx) => {
    if (!value.planNext) return;
    if (!value.next.dueAt)
      ctx.addIssue({
        code: 'custom',
        path: ['next', 'dueAt'],
        message: 'validation.dueAtRequired',
      });
    else if (value.next.dueAt.getTime() < Date.now() - PLAN_GRACE_MS)
      ctx.addIssue({
        code: 'custom',
        path: ['next', 'dueAt'],
        message: 'validation.dueAtInPast',
      });
    if (!value.next.purpose)
      ctx.addIssue({
        code: 'custom',
        path: ['next', 'purpose'],
        message: 'validation.purposeRequired',
      });
  });

export type FollowUpCompletionValues = z.infer<typeof followUpCompletionSchema>;

export const lostRequestSchema = z.object({
  reason: text(500).min(2, { message: 'validation.lostReasonRequired' }),
  competitorBought: text(100),
});

export type LostRequestValues = z.infer<typeof lostRequestSchema>;

const days = z
  .number({ message: 'validation.number' })
  .int({ message: 'validation.integer' })
  .min(1, { message: 'validation.atLeastOne' })
  .max(365, { message: 'validation.atMost365' });

/** A whole number in [min, max]; out of range, the message says the range. */
function wholeNumberBetween(min: number, max: number, rangeMessage: string) {
  const message = messageWithParams(rangeMessage, { min, max });
  return z
    .number({ message: 'validation.number' })
    .int({ message: 'validation.integer' })
    .min(min, { message })
    .max(max, { message });
}

export const dealershipSettingsSchema = z
  .object({
    cadence: z.object({
      firstContactHours: z
        .number({ message: 'validation.number' })
        .int({ message: 'validation.integer' })
        .min(1, { message: 'validation.atLeastOne' })
        .max(168, { message: 'validation.atMost168' }),
      H: days,
      A: days,
      B: days,
      C: days,
      O: days,
    }),
    intentThresholds: z.object({ H: days, A: days, B: days }),
    escalationHours: z
      .number({ message: 'validation.number' })
      .int({ message: 'validation.integer' })
      .min(MIN_ESCALATION_HOURS, { message: 'validation.atLeastOne' })
      .max(MAX_ESCALATION_HOURS, { message: 'validation.atMost720' }),
    lockAfterMinutes: wholeNumberBetween(
      MIN_LOCK_AFTER_MINUTES,
      MAX_LOCK_AFTER_MINUTES,
      'lock.settings.minutesRange',
    ),
    offlineLockDays: wholeNumberBetween(
      MIN_OFFLINE_LOCK_DAYS,
      MAX_OFFLINE_LOCK_DAYS,
      'lock.settings.daysRange',
    ),
  })
  .superRefine((value, ctx) => {
    const { H, A, B } = value.intentThresholds;
    if (!(H < A))
      ctx.addIssue({
        code: 'custom',
        path: ['intentThresholds', 'A'],
        message: 'validation.thresholdOrder',
      });
    if (!(A < B))
      ctx.addIssue({
        code: 'custom',
        path: ['intentThresholds', 'B'],
        message: 'validation.thresholdOrder',
      });
  });

export type DealershipSettingsValues = z.infer<typeof dealershipSettingsSchema>;

/** Digits with the separators people write (+86, dashes, spaces, brackets); 400 hotlines too. */
const DEALERSHIP_PHONE = /^\+?[\d\s()-]{7,20}$/;

/** The dealership's name, address and phone, printed on the delivery confirmation. */
export const dealershipIdentitySchema = z.object({
  name: text(60).min(1, { message: 'validation.dealershipNameRequired' }),
  address: text(200),
  phone: text(40).refine((value) => value === '' || DEALERSHIP_PHONE.test(value), {
    message: 'validation.dealershipPhone',
  }),
});

export type DealershipIdentityValues = z.infer<typeof dealershipIdentitySchema>;

export const profileSchema = z.object({
  displayName: text(40).min(1, { message: 'validation.nameRequired' }),
});
