import { describe, expect, it } from 'vitest';
import type { Survey } from '../../../shared/domain/survey';
import { periodStart, satisfactionByConsultant } from './satisfaction-table';

let counter = 0;
function survey(consultantId: string, overrides: Partial<Survey> = {}): Survey {
  counter += 1;
  return {
    id: `s${counter}`,
    dealershipId: 'd',
    ownerId: consultantId,
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
    deleted: false,
    clocks: {},
    customerId: `c${counter}`,
    deliveryId: null,
    consultantId,
    attitude: 5,
    expertise: 5,
    proactiveAdvice: 5,
    testDriveOffered: 5,
    deliveryPleasant: 5,
    contactedAfterDelivery: 5,
    afterSalesIntroduced: 5,
    expectation: 10,
    perception: 10,
    repurchaseIntent: 'yes',
    referralIntent: 'yes',
    comment: '',
    surveyedAt: '2026-03-01T00:00:00.000Z',
    surveyedBy: 'm',
    surveyedByName: '周经理',
    ...overrides,
  };
}

describe('satisfactionByConsultant', () => {
  it('summarizes each consultant and the showroom, by name, unknown consultants last', () => {
    const names = new Map([
      ['lina', '李娜'],
      ['wanglei', '王磊'],
    ]);
    const { rows, total } = satisfactionByConsultant(
      [
        survey('wanglei', { attitude: 3, expectation: 8, perception: 6, referralIntent: 'no' }),
        survey('lina'),
        survey('wanglei', {
          attitude: 4,
          expectation: 8,
          perception: 8,
          repurchaseIntent: 'maybe',
        }),
        survey('gone'),
        survey('lina', { deleted: true, attitude: 1 }),
      ],
      names,
    );
    expect(rows.map((row) => [row.consultantId, row.consultantName, row.summary.count])).toEqual([
      ['lina', '李娜', 1],
      ['wanglei', '王磊', 2],
      ['gone', '', 1],
    ]);
    const wanglei = rows[1]!.summary;
    expect(wanglei.indicators.attitude).toBe(3.5);
    expect(wanglei.satisfaction).toBeCloseTo((0.75 + 1) / 2);
    expect(wanglei.repurchaseYes).toBe(0.5);
    expect(wanglei.referralYes).toBe(0.5);
    expect(total.count).toBe(4);
    expect(total.indicators.attitude).toBe((3 + 5 + 4 + 5) / 4);
  });

  it('has no rows and empty means without surveys', () => {
    const { rows, total } = satisfactionByConsultant([], new Map());
    expect(rows).toEqual([]);
    expect(total).toMatchObject({ count: 0, satisfaction: null, indicatorAverage: null });
  });
});

describe('periodStart', () => {
  it('counts whole local days back from today, or the year, or nothing', () => {
    const now = new Date('2026-03-15T15:20:00');
    expect(periodStart('30d', now)).toBe(new Date('2026-02-14T00:00:00').toISOString());
    expect(periodStart('90d', now)).toBe(new Date('2025-12-16T00:00:00').toISOString());
    expect(periodStart('year', now)).toBe(new Date('2026-01-01T00:00:00').toISOString());
    expect(periodStart('all', now)).toBeNull();
  });
});
