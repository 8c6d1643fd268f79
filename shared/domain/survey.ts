// 满意度调查: the day-7 call's survey, from the course's seven sales-process indicators (each 1–5),
// overall expectation and perception (each 1–10; satisfaction C = perceived / expected) and the
// loyalty signs (repurchase and referral intent).

import type { SyncedRow } from './synced-row';

export type SurveyIndicator =
  | 'attitude'
  | 'expertise'
  | 'proactiveAdvice'
  | 'testDriveOffered'
  | 'deliveryPleasant'
  | 'contactedAfterDelivery'
  | 'afterSalesIntroduced';

export const SURVEY_INDICATORS = [
  'attitude',
  'expertise',
  'proactiveAdvice',
  'testDriveOffered',
  'deliveryPleasant',
  'contactedAfterDelivery',
  'afterSalesIntroduced',
] as const satisfies readonly SurveyIndicator[];

export type LoyaltyIntent = 'yes' | 'maybe' | 'no';
export const LOYALTY_INTENTS = ['yes', 'maybe', 'no'] as const satisfies readonly LoyaltyIntent[];

export type SurveyScores = Record<SurveyIndicator, number>;

export type Survey = SyncedRow &
  SurveyScores & {
    customerId: string;
    deliveryId: string | null;
    /** The consultant who sold the car: results are reported per consultant. */
    consultantId: string;
    expectation: number;
    perception: number;
    repurchaseIntent: LoyaltyIntent;
    referralIntent: LoyaltyIntent;
    comment: string;
    surveyedAt: string;
    surveyedBy: string;
    surveyedByName: string;
  };

/** C = perceived / expected: above 1 the customer got more than they expected. */
export function satisfactionRatio(survey: Pick<Survey, 'expectation' | 'perception'>): number {
  return survey.perception / survey.expectation;
}

/** The mean of the seven indicators, 1–5. */
export function indicatorAverage(scores: SurveyScores): number {
  const total = SURVEY_INDICATORS.reduce((sum, indicator) => sum + scores[indicator], 0);
  return total / SURVEY_INDICATORS.length;
}

export type SurveySummary = {
  count: number;
  /** Per indicator, the mean; null when there are no surveys. */
  indicators: Record<SurveyIndicator, number | null>;
  indicatorAverage: number | null;
  satisfaction: number | null;
  /** Share of surveys answering "yes", 0–1. */
  repurchaseYes: number | null;
  referralYes: number | null;
};

export function summarizeSurveys(surveys: readonly Survey[]): SurveySummary {
  const live = surveys.filter((survey) => !survey.deleted);
  const count = live.length;
  const mean = (value: (survey: Survey) => number) =>
    count === 0 ? null : live.reduce((sum, survey) => sum + value(survey), 0) / count;
  const indicators = Object.fromEntries(
    SURVEY_INDICATORS.map((indicator) => [indicator, mean((survey) => survey[indicator])]),
  ) as Record<SurveyIndicator, number | null>;
  return {
    count,
    indicators,
    indicatorAverage: mean(indicatorAverage),
    satisfaction: mean(satisfactionRatio),
    repurchaseYes: mean((survey) => (survey.repurchaseIntent === 'yes' ? 1 : 0)),
    referralYes: mean((survey) => (survey.referralIntent === 'yes' ? 1 : 0)),
  };
}
