import { describe, expect, it } from 'vitest';
import { DEFAULT_POST_DELIVERY_CADENCE, postDeliveryPlan } from './post-delivery';

const local = (day: string, time = '10:00') => new Date(`${day}T${time}:00`);

describe('post-delivery follow-ups', () => {
  it('schedules the default cadence from the handover day, at 10:00', () => {
    const plan = postDeliveryPlan(
      local('2026-11-24', '15:40'),
      '1990-03-15',
      DEFAULT_POST_DELIVERY_CADENCE,
    );
    expect(plan.map((entry) => [entry.kind, entry.dueAt, entry.channel])).toEqual([
      ['consultant_call', local('2026-11-27'), 'phone'],
      ['survey_call', local('2026-12-01'), 'phone'],
      ['month_call', local('2026-12-24'), 'phone'],
      ['first_service', local('2027-02-22'), 'service_reminder'],
      ['birthday_care', local('2027-03-15'), 'care'],
      // One year of insurance from 24 Nov 2026, renewal call 30 days before it ends.
      ['insurance_renewal', local('2027-10-25'), 'phone'],
    ]);
  });

  it('plans the renewal call before the insurance term the dealership sells ends', () => {
    const plan = postDeliveryPlan(local('2026-11-24'), null, {
      ...DEFAULT_POST_DELIVERY_CADENCE,
      insuranceYears: 2,
    });
    expect(plan.find((entry) => entry.kind === 'insurance_renewal')?.dueAt).toEqual(
      local('2028-10-25'),
    );
  });

  it('follows an edited cadence and leaves out birthday care when switched off or unknown', () => {
    const cadence = {
      ...DEFAULT_POST_DELIVERY_CADENCE,
      consultantCallDays: 2,
      insuranceRenewalDaysBefore: 45,
      birthdayCare: false,
    };
    const plan = postDeliveryPlan(local('2026-11-24'), '1990-03-15', cadence);
    expect(plan.find((entry) => entry.kind === 'consultant_call')?.dueAt).toEqual(
      local('2026-11-26'),
    );
    expect(plan.find((entry) => entry.kind === 'insurance_renewal')?.dueAt).toEqual(
      local('2027-10-10'),
    );
    expect(plan.some((entry) => entry.kind === 'birthday_care')).toBe(false);
    const unknown = postDeliveryPlan(local('2026-11-24'), null, DEFAULT_POST_DELIVERY_CADENCE);
    expect(unknown.some((entry) => entry.kind === 'birthday_care')).toBe(false);
  });

  it('takes this year’s birthday when it is still ahead, and keeps 29 February in February', () => {
    const ahead = postDeliveryPlan(
      local('2026-11-24'),
      '1985-12-02',
      DEFAULT_POST_DELIVERY_CADENCE,
    );
    expect(ahead.find((entry) => entry.kind === 'birthday_care')?.dueAt).toEqual(
      local('2026-12-02'),
    );
    const leap = postDeliveryPlan(local('2026-11-24'), '1992-02-29', DEFAULT_POST_DELIVERY_CADENCE);
    expect(leap.find((entry) => entry.kind === 'birthday_care')?.dueAt).toEqual(
      local('2027-02-28'),
    );
  });
});
