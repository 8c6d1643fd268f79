import { describe, expect, it } from 'vitest';
import { indicatorAverage, satisfactionRatio, summarizeSurveys, type Survey } from './survey';

function survey(overrides: Partial<Survey>): Survey {
  return {
    id: 's',
    dealershipId: 'd',
    ownerId: 'o',
    createdAt: '2026-11-24T00:00:00.000Z',
    updatedAt: '2026-11-24T00:00:00.000Z',
    deleted: false,
    clocks: {},
    customerId: 'c',
    deliveryId: null,
    consultantId: 'o',
    attitude: 5,
    expertise: 4,
    proactiveAdvice: 3,
    testDriveOffered: 5,
    deliveryPleasant: 4,
    contactedAfterDelivery: 5,
    afterSalesIntroduced: 2,
    expectation: 8,
    perception: 6,
    repurchaseIntent: 'yes',
    referralIntent: 'maybe',
    comment: '',
    surveyedAt: '2026-11-24T00:00:00.000Z',
    surveyedBy: 'm',
    surveyedByName: '周经理',
    ...overrides,
  };
}

describe('satisfaction', () => {
  it('is perceived over expected', () => {
    expect(satisfactionRatio({ expectation: 8, perception: 6 })).toBe(0.75);
    expect(satisfactionRatio({ expectation: 5, perception: 10 })).toBe(2);
  });

  it('averages the seven indicators', () => {
    expect(indicatorAverage(survey({}))).toBeCloseTo(28 / 7);
  });

  it('summarizes surveys, leaving out deleted ones', () => {
    const summary = summarizeSurveys([
      survey({}),
      survey({
        attitude: 3,
        expectation: 5,
        perception: 5,
        repurchaseIntent: 'no',
        referralIntent: 'yes',
      }),
      survey({ attitude: 1, deleted: true }),
    ]);
    expect(summary.count).toBe(2);
    expect(summary.indicators.attitude).toBe(4);
    expect(summary.satisfaction).toBeCloseTo((0.75 + 1) / 2);
    expect(summary.repurchaseYes).toBe(0.5);
    expect(summary.referralYes).toBe(0.5);
  });

  it('has no averages without surveys', () => {
    const summary = summarizeSurveys([]);
    expect(summary.count).toBe(0);
    expect(summary.satisfaction).toBeNull();
    expect(summary.indicators.expertise).toBeNull();
  });

  it('reads a synced survey lacking a score as missing, not as zero or NaN', () => {
    const partial = survey({});
    // A row from an older client: no perception, no attitude.
    delete (partial as Partial<Survey>).perception;
    delete (partial as Partial<Survey>).attitude;
    const summary = summarizeSurveys([partial, survey({ attitude: 3 })]);
    expect(summary.count).toBe(2);
    expect(summary.satisfaction).toBe(0.75);
    expect(summary.indicators.attitude).toBe(3);
    expect(summary.indicators.expertise).toBe(4);
    expect(Number.isNaN(summary.indicatorAverage)).toBe(false);
    expect(summary.indicatorAverage).not.toBeNull();
  });
});
