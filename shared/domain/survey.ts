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

/**
 * A score as it arrived: a row synced from an older or faulty client may lack one, and one
 * missing number must not turn a whole report into NaN or an error. Missing reads as null.
 */
function scoreOf(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** C of a synced survey; null when expectation or perception is missing. */
export function storedSatisfactionRatio(survey: Partial<Survey>): number | null {
  const expectation = scoreOf(survey.expectation);
  const perception = scoreOf(survey.perception);
  return expectation === null || perception === null || expectation === 0
    ? null
    : perception / expectation;
}

/** The mean of the indicators a synced survey has; null when it has none. */
export function storedIndicatorAverage(survey: Partial<Survey>): number | null {
  const scores = SURVEY_INDICATORS.map((indicator) => scoreOf(survey[indicator])).filter(
    (score): score is number => score !== null,
  );
  return scores.length === 0 ? null : scores.reduce((sum, score) => sum + score, 0) / scores.length;
}

/** Each figure is the mean over the surveys that have it (a survey lacking a score is not a 0). */
export function summarizeSurveys(surveys: readonly Survey[]): SurveySummary {
  const live = surveys.filter((survey) => !survey.deleted);
  const count = live.length;
  const mean = (value: (survey: Survey) => number | null) => {
    const values = live.map(value).filter((item): item is number => item !== null);
    return values.length === 0 ? null : values.reduce((sum, item) => sum + item, 0) / values.length;
  };
  const indicators = Object.fromEntries(
    SURVEY_INDICATORS.map((indicator) => [indicator, mean((survey) => scoreOf(survey[indicator]))]),
  ) as Record<SurveyIndicator, number | null>;
  return {
    count,
    indicators,
    indicatorAverage: mean(storedIndicatorAverage),
    satisfaction: mean(storedSatisfactionRatio),
    repurchaseYes: mean((survey) => (survey.repurchaseIntent === 'yes' ? 1 : 0)),
    referralYes: mean((survey) => (survey.referralIntent === 'yes' ? 1 : 0)),
  };
}
