// 经营看板: what the manager's dashboard counts, as pure functions over rows. Each function takes
// whatever rows it is given and applies its own definition of "in the range", so the same
// functions run over the loader's index reads (dashboard-data.ts) and, in the tests, over full
// table scans. The components only draw what comes out of here.
//
// What each chart counts, for a range [from, to) of whole local days:
// - funnel and conversion: customers created in the range, by their status now;
// - follow-up compliance: follow-ups due in the range (cancelled ones left out: cancelling is a
//   decision, not a missed contact), per the customer's consultant now;
// - satisfaction: surveys taken in the range, per the consultant who sold the car;
// - complaints: those received in the range, per category or per consultant; and besides, every
//   complaint open now whenever it came in (an old open complaint is the one to chase).

import {
  CUSTOMER_SOURCES,
  type Customer,
  type CustomerSource,
} from '../../../shared/domain/customer';
import {
  COMPLAINT_CATEGORIES,
  complaintOverdue,
  type Complaint,
  type ComplaintCategory,
} from '../../../shared/domain/complaint';
import type { FollowUp } from '../../../shared/domain/follow-up';
import { INTENT_LEVELS, type IntentLevel } from '../../../shared/domain/intent';
import { summarizeSurveys, type Survey, type SurveySummary } from '../../../shared/domain/survey';
import type { TeamMember } from '../../../shared/sync/protocol';
import type { DashboardRange } from './date-range';

/** What the dashboard needs of a customer (the loader keeps only this of each card). */
export type CustomerFacts = Pick<
  Customer,
  'id' | 'status' | 'intentLevel' | 'source' | 'createdAt' | 'ownerId' | 'deleted'
>;
export type FollowUpFacts = Pick<
  FollowUp,
  'id' | 'state' | 'dueAt' | 'completedAt' | 'ownerId' | 'deleted'
>;
export type ComplaintFacts = Pick<
  Complaint,
  | 'id'
  | 'category'
  | 'receivedAt'
  | 'firstContactAt'
  | 'firstContactDueAt'
  | 'resultDueAt'
  | 'resolvedAt'
  | 'ownerId'
  | 'deleted'
>;

export type DashboardData = {
  customers: readonly CustomerFacts[];
  followUps: readonly FollowUpFacts[];
  surveys: readonly Survey[];
  complaints: readonly ComplaintFacts[];
  team: readonly TeamMember[];
};

/** The range as milliseconds, parsed once rather than once per row. */
function within(range: DashboardRange): (at: string | null) => boolean {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  return (at) => {
    if (at === null) return false;
    const time = Date.parse(at);
    return time >= from && time < to;
  };
}

/** Names from the team list; anyone not on it (a user not synced yet) by the start of their id. */
export function consultantNames(team: readonly TeamMember[]): (userId: string) => string {
  const names = new Map(team.map((member) => [member.id, member.name]));
  return (userId) => names.get(userId) ?? userId.slice(0, 8);
}

function byName<Row extends { name: string; userId: string }>(a: Row, b: Row): number {
  return a.name.localeCompare(b.name, 'zh-CN') || a.userId.localeCompare(b.userId);
}

/** Active consultants first get a row of their own, so one with nothing to show is seen as such. */
function activeConsultants(team: readonly TeamMember[]): TeamMember[] {
  return team.filter((member) => member.role === 'consultant' && member.active);
}

// --- funnel ----------------------------------------------------------------------------------

/** The pipeline in order: N new, H/A/B/C in follow-up, O ordered, D delivered; F lost beside it. */
export type FunnelStage = 'N' | 'following' | 'O' | 'D' | 'F';
export const FUNNEL_STAGES = [
  'N',
  'following',
  'O',
  'D',
  'F',
] as const satisfies readonly FunnelStage[];

export type StatusFunnel = {
  /** Customers created in the range. */
  total: number;
  stages: Record<FunnelStage, number>;
  /** The in-follow-up stage by intent level ('none': no expected purchase date yet). */
  following: Record<IntentLevel | 'none', number>;
  /** The F stage: approved lost, and lost requests still waiting for the manager. */
  lost: { approved: number; requested: number };
  /** Ordered or delivered. */
  converted: number;
  /** converted ÷ total; null when no customer was created in the range. */
  conversion: number | null;
};

function stageOf(status: Customer['status']): FunnelStage {
  switch (status) {
    case 'new':
      return 'N';
    case 'following':
      return 'following';
    case 'ordered':
      return 'O';
    case 'delivered':
      return 'D';
    case 'lost_requested':
    case 'lost':
      return 'F';
  }
}

export function statusFunnel(
  customers: readonly CustomerFacts[],
  range: DashboardRange,
): StatusFunnel {
  const stages: Record<FunnelStage, number> = { N: 0, following: 0, O: 0, D: 0, F: 0 };
  const following: Record<IntentLevel | 'none', number> = { H: 0, A: 0, B: 0, C: 0, none: 0 };
  const lost = { approved: 0, requested: 0 };
  const inRange = within(range);
  let total = 0;
  for (const customer of customers) {
    if (customer.deleted || !inRange(customer.createdAt)) continue;
    total += 1;
    const stage = stageOf(customer.status);
    stages[stage] += 1;
    if (stage === 'following') following[customer.intentLevel ?? 'none'] += 1;
    if (customer.status === 'lost') lost.approved += 1;
    if (customer.status === 'lost_requested') lost.requested += 1;
  }
  const converted = stages.O + stages.D;
  return {
    total,
    stages,
    following,
    lost,
    converted,
    conversion: total === 0 ? null : converted / total,
  };
}

// --- conversion by source --------------------------------------------------------------------

export type SourceConversion = {
  source: CustomerSource;
  customers: number;
  /** Ordered or delivered now. */
  converted: number;
  /** converted ÷ customers (never null: a source appears only with customers). */
  rate: number;
};

/** One row per source that brought customers in the range, the largest first. */
export function conversionBySource(
  customers: readonly CustomerFacts[],
  range: DashboardRange,
): SourceConversion[] {
  const counts = new Map<CustomerSource, { customers: number; converted: number }>();
  const inRange = within(range);
  for (const customer of customers) {
    if (customer.deleted || !inRange(customer.createdAt)) continue;
    const row = counts.get(customer.source) ?? { customers: 0, converted: 0 };
    row.customers += 1;
    if (customer.status === 'ordered' || customer.status === 'delivered') row.converted += 1;
    counts.set(customer.source, row);
  }
  return [...counts.entries()]
    .map(([source, row]) => ({ source, ...row, rate: row.converted / row.customers }))
    .sort(
      (a, b) =>
        b.customers - a.customers ||
        CUSTOMER_SOURCES.indexOf(a.source) - CUSTOMER_SOURCES.indexOf(b.source),
    );
}

// --- follow-up compliance --------------------------------------------------------------------

/**
 * How a follow-up due in the range stands. On time: done before its due day ended (local
 * midnight after dueAt; done early counts too). Late: done after that. Overdue: still planned
 * after its due day ended. Pending: still planned and its due day not over yet, so it can still
 * be on time; it is shown but not judged.
 */
export type ComplianceOutcome = 'onTime' | 'late' | 'overdue' | 'pending';

export function complianceOutcome(
  followUp: Pick<FollowUpFacts, 'state' | 'dueAt' | 'completedAt'>,
  now: Date,
): ComplianceOutcome | null {
  if (followUp.state === 'cancelled') return null;
  // The next local midnight (setHours rolls 24 over into the next day, across DST as well);
  // native Date rather than dayjs: this runs for every follow-up of a 100,000-customer showroom.
  const dueDayEnd = new Date(followUp.dueAt).setHours(24, 0, 0, 0);
  if (followUp.state === 'done') {
    // A done follow-up with no completion time (never written by the app) cannot prove it.
    if (followUp.completedAt === null) return 'late';
    return Date.parse(followUp.completedAt) < dueDayEnd ? 'onTime' : 'late';
  }
  return now.getTime() >= dueDayEnd ? 'overdue' : 'pending';
}

export type ComplianceCounts = Record<ComplianceOutcome, number>;

export type ConsultantCompliance = {
  userId: string;
  name: string;
  counts: ComplianceCounts;
  /** onTime ÷ (onTime + late + overdue); null when none of them. */
  compliance: number | null;
};

export type FollowUpCompliance = {
  consultants: ConsultantCompliance[];
  total: ConsultantCompliance['counts'];
  compliance: number | null;
};

function complianceRate(counts: ComplianceCounts): number | null {
  const judged = counts.onTime + counts.late + counts.overdue;
  return judged === 0 ? null : counts.onTime / judged;
}

const noCompliance = (): ComplianceCounts => ({ onTime: 0, late: 0, overdue: 0, pending: 0 });

export function followUpCompliance(
  followUps: readonly FollowUpFacts[],
  range: DashboardRange,
  now: Date,
  team: readonly TeamMember[],
): FollowUpCompliance {
  const nameOf = consultantNames(team);
  const rows = new Map<string, ComplianceCounts>();
  for (const member of activeConsultants(team)) rows.set(member.id, noCompliance());
  const total = noCompliance();
  const inRange = within(range);
  for (const followUp of followUps) {
    if (followUp.deleted || !inRange(followUp.dueAt)) continue;
    const outcome = complianceOutcome(followUp, now);
    if (outcome === null) continue;
    const counts = rows.get(followUp.ownerId) ?? noCompliance();
    counts[outcome] += 1;
    rows.set(followUp.ownerId, counts);
    total[outcome] += 1;
  }
  const consultants = [...rows.entries()]
    .map(([userId, counts]) => ({
      userId,
      name: nameOf(userId),
      counts,
      compliance: complianceRate(counts),
    }))
    .sort(byName);
  return { consultants, total, compliance: complianceRate(total) };
}

// --- satisfaction ----------------------------------------------------------------------------

export type ConsultantSatisfaction = { userId: string; name: string; summary: SurveySummary };

export type Satisfaction = {
  /** Consultants with at least one survey in the range. */
  consultants: ConsultantSatisfaction[];
  overall: SurveySummary;
};

export function satisfactionByConsultant(
  surveys: readonly Survey[],
  range: DashboardRange,
  team: readonly TeamMember[],
): Satisfaction {
  const nameOf = consultantNames(team);
  const inRange = within(range);
  const taken = surveys.filter((survey) => !survey.deleted && inRange(survey.surveyedAt));
  const grouped = new Map<string, Survey[]>();
  for (const survey of taken) {
    const list = grouped.get(survey.consultantId) ?? [];
    list.push(survey);
    grouped.set(survey.consultantId, list);
  }
  const consultants = [...grouped.entries()]
    .map(([userId, list]) => ({ userId, name: nameOf(userId), summary: summarizeSurveys(list) }))
    .sort(byName);
  return { consultants, overall: summarizeSurveys(taken) };
}

// --- complaints ------------------------------------------------------------------------------

/** Open on time, open past a deadline (complaintOverdue), resolved: each complaint in one. */
export type ComplaintCounts = { open: number; overdue: number; resolved: number };

export type ComplaintRow<Key extends string> = { key: Key; name: string } & ComplaintCounts;

export type ComplaintSummary = {
  /** Received in the range, every category (zeros included, in the fixed category order). */
  byCategory: ComplaintRow<ComplaintCategory>[];
  /** Received in the range, per the customer's consultant now. */
  byConsultant: ComplaintRow<string>[];
  received: ComplaintCounts;
  /** Every complaint open now, whenever received. */
  openNow: { open: number; firstContactOverdue: number; resultOverdue: number };
};

function complaintState(complaint: ComplaintFacts, now: Date): keyof ComplaintCounts {
  if (complaint.resolvedAt !== null) return 'resolved';
  return complaintOverdue(complaint, now) === null ? 'open' : 'overdue';
}

export function complaintSummary(
  complaints: readonly ComplaintFacts[],
  range: DashboardRange,
  now: Date,
  team: readonly TeamMember[],
): ComplaintSummary {
  const nameOf = consultantNames(team);
  const none = (): ComplaintCounts => ({ open: 0, overdue: 0, resolved: 0 });
  const byCategory = new Map<ComplaintCategory, ComplaintCounts>(
    COMPLAINT_CATEGORIES.map((category) => [category, none()]),
  );
  const byConsultant = new Map<string, ComplaintCounts>();
  const received = none();
  const openNow = { open: 0, firstContactOverdue: 0, resultOverdue: 0 };
  const inRange = within(range);
  for (const complaint of complaints) {
    if (complaint.deleted) continue;
    if (complaint.resolvedAt === null) {
      openNow.open += 1;
      const overdue = complaintOverdue(complaint, now);
      if (overdue === 'first_contact') openNow.firstContactOverdue += 1;
      if (overdue === 'result') openNow.resultOverdue += 1;
    }
    if (!inRange(complaint.receivedAt)) continue;
    const state = complaintState(complaint, now);
    received[state] += 1;
    const category = byCategory.get(complaint.category) ?? none();
    category[state] += 1;
    byCategory.set(complaint.category, category);
    const consultant = byConsultant.get(complaint.ownerId) ?? none();
    consultant[state] += 1;
    byConsultant.set(complaint.ownerId, consultant);
  }
  return {
    byCategory: [...byCategory.entries()].map(([key, counts]) => ({ key, name: key, ...counts })),
    byConsultant: [...byConsultant.entries()]
      .map(([key, counts]) => ({ key, name: nameOf(key), ...counts }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.key.localeCompare(b.key)),
    received,
    openNow,
  };
}

// --- everything at once ----------------------------------------------------------------------

export type DashboardMetrics = {
  funnel: StatusFunnel;
  sources: SourceConversion[];
  compliance: FollowUpCompliance;
  satisfaction: Satisfaction;
  complaints: ComplaintSummary;
};

export function dashboardMetrics(
  data: DashboardData,
  range: DashboardRange,
  now: Date,
): DashboardMetrics {
  return {
    funnel: statusFunnel(data.customers, range),
    sources: conversionBySource(data.customers, range),
    compliance: followUpCompliance(data.followUps, range, now, data.team),
    satisfaction: satisfactionByConsultant(data.surveys, range, data.team),
    complaints: complaintSummary(data.complaints, range, now, data.team),
  };
}

/** The intent levels of the follow-up stage in display order, 'none' last. */
export const FOLLOWING_SPLIT = [...INTENT_LEVELS, 'none'] as const;
