// 售后回访: the post-delivery follow-ups a delivery schedules, so no delivered customer is forgotten:
// the consultant's day-3 call, the manager's day-7 call with the satisfaction survey, the day-30
// call, the first-service reminder, the insurance renewal and birthday care. The cadence is a
// dealership setting.

import dayjs from 'dayjs';
import type { FollowUpChannel } from './follow-up';

export type PostDeliveryCadence = {
  consultantCallDays: number;
  surveyCallDays: number;
  monthCallDays: number;
  firstServiceDays: number;
  /** The renewal call comes this many days before the insurance sold with the car ends. */
  insuranceRenewalDaysBefore: number;
  birthdayCare: boolean;
  /** Years of the warranty (三包) from the handover; absent in settings saved before it existed. */
  warrantyYears?: number;
  /** Years of the insurance sold with the car; absent in settings saved before it existed. */
  insuranceYears?: number;
};

export const DEFAULT_WARRANTY_YEARS = 3;
export const DEFAULT_INSURANCE_YEARS = 1;

export const DEFAULT_POST_DELIVERY_CADENCE: PostDeliveryCadence = {
  consultantCallDays: 3,
  surveyCallDays: 7,
  monthCallDays: 30,
  firstServiceDays: 90,
  insuranceRenewalDaysBefore: 30,
  birthdayCare: true,
  warrantyYears: DEFAULT_WARRANTY_YEARS,
  insuranceYears: DEFAULT_INSURANCE_YEARS,
};

export type PostDeliveryKind =
  | 'consultant_call'
  | 'survey_call'
  | 'month_call'
  | 'first_service'
  | 'insurance_renewal'
  | 'birthday_care';

export const POST_DELIVERY_KINDS = [
  'consultant_call',
  'survey_call',
  'month_call',
  'first_service',
  'insurance_renewal',
  'birthday_care',
] as const satisfies readonly PostDeliveryKind[];

export type PostDeliveryPlan = { kind: PostDeliveryKind; dueAt: Date; channel: FollowUpChannel };

/** Calls land at a civil hour of their day. */
const CALL_HOUR = 10;

/**
 * The post-delivery follow-ups of a car handed over at `deliveredAt`, in date order. Insurance is
 * bought at delivery for the dealership's term (one year unless set); birthday care is the first birthday after the delivery (a
 * 29 February birthday is kept on 28 February in other years).
 */
export function postDeliveryPlan(
  deliveredAt: Date,
  birthday: string | null,
  cadence: PostDeliveryCadence,
): PostDeliveryPlan[] {
  const day = dayjs(deliveredAt).hour(CALL_HOUR).minute(0).second(0).millisecond(0);
  const plans: PostDeliveryPlan[] = [
    {
      kind: 'consultant_call',
      dueAt: day.add(cadence.consultantCallDays, 'day').toDate(),
      channel: 'phone',
    },
    {
      kind: 'survey_call',
      dueAt: day.add(cadence.surveyCallDays, 'day').toDate(),
      channel: 'phone',
    },
    { kind: 'month_call', dueAt: day.add(cadence.monthCallDays, 'day').toDate(), channel: 'phone' },
    {
      kind: 'first_service',
      dueAt: day.add(cadence.firstServiceDays, 'day').toDate(),
      channel: 'service_reminder',
    },
    {
      kind: 'insurance_renewal',
      dueAt: day
        .add(cadence.insuranceYears ?? DEFAULT_INSURANCE_YEARS, 'year')
        .subtract(cadence.insuranceRenewalDaysBefore, 'day')
        .toDate(),
      channel: 'phone',
    },
  ];
  if (cadence.birthdayCare && birthday) {
    const next = nextBirthday(birthday, day);
    if (next) plans.push({ kind: 'birthday_care', dueAt: next.toDate(), channel: 'care' });
  }
  return plans.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
}

function nextBirthday(birthday: string, after: dayjs.Dayjs): dayjs.Dayjs | null {
  const match = /^\d{4}-(\d{2})-(\d{2})$/.exec(birthday);
  if (!match) return null;
  const month = Number(match[1]) - 1;
  const date = Number(match[2]);
  for (let year = after.year(); year <= after.year() + 1; year += 1) {
    // dayjs rolls 29 Feb into March in a common year; keep the birthday in February.
    const base = after.year(year).month(month).date(1);
    const candidate = base.date(Math.min(date, base.daysInMonth()));
    if (candidate.isAfter(after, 'day')) return candidate;
  }
  return null;
}
