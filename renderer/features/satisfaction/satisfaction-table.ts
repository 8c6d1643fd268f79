// 满意度 per consultant: the surveys of a period grouped by the consultant who sold the car, each
// group summarized (count, each indicator's mean, C, loyalty shares), plus the showroom's total.

import dayjs from 'dayjs';
import { summarizeSurveys, type Survey, type SurveySummary } from '../../../shared/domain/survey';

export type SatisfactionPeriod = '30d' | '90d' | 'year' | 'all';
export const SATISFACTION_PERIODS = [
  '30d',
  '90d',
  'year',
  'all',
] as const satisfies readonly SatisfactionPeriod[];

/** The first instant of a period ending now (ISO, for the surveyedAt index); null: no bound. */
export function periodStart(period: SatisfactionPeriod, now: Date): string | null {
  const today = dayjs(now).startOf('day');
  switch (period) {
    case '30d':
      return today.subtract(29, 'day').toISOString();
    case '90d':
      return today.subtract(89, 'day').toISOString();
    case 'year':
      return today.startOf('year').toISOString();
    case 'all':
      return null;
  }
}

export type ConsultantSatisfaction = {
  consultantId: string;
  /** From the team list; empty when this laptop does not know the consultant. */
  consultantName: string;
  summary: SurveySummary;
};

export function satisfactionByConsultant(
  surveys: readonly Survey[],
  names: ReadonlyMap<string, string>,
): { rows: ConsultantSatisfaction[]; total: SurveySummary } {
  const live = surveys.filter((survey) => !survey.deleted);
  const byConsultant = new Map<string, Survey[]>();
  for (const survey of live) {
    const group = byConsultant.get(survey.consultantId);
    if (group) group.push(survey);
    else byConsultant.set(survey.consultantId, [survey]);
  }
  const rows = [...byConsultant].map(([consultantId, group]) => ({
    consultantId,
    consultantName: names.get(consultantId) ?? '',
    summary: summarizeSurveys(group),
  }));
  // By name (unknown consultants last); the table sorts by any score on a click.
  rows.sort(
    (a, b) =>
      Number(a.consultantName === '') - Number(b.consultantName === '') ||
      a.consultantName.localeCompare(b.consultantName, 'zh-CN') ||
      a.consultantId.localeCompare(b.consultantId),
  );
  return { rows, total: summarizeSurveys(live) };
}

/** A ratio (C, a share) as a whole percentage; an em dash when there is nothing to show. */
export function formatPercent(value: number | null): string {
  return value === null ? '—' : `${Math.round(value * 100)}%`;
}

/** A mean score with one decimal; an em dash when there is nothing to show. */
export function formatScore(value: number | null): string {
  return value === null ? '—' : value.toFixed(1);
}

/** The colour of a C value: met or beaten expectations are green, a shortfall warns. */
export function satisfactionColour(value: number | null): 'green' | 'gold' | 'red' | 'default' {
  if (value === null) return 'default';
  if (value >= 1) return 'green';
  if (value >= 0.8) return 'gold';
  return 'red';
}
