// The manager's team board (团队看板): every consultant's planned follow-ups due today, past due
// (escalated when past due too long) and upcoming, active customers with no plan, and each
// consultant's completion rate. `loadTeamBoardData` reads by index (the [state+dueAt] range of
// the chosen dates); `teamBoardRows` and `teamBoardSummary` are pure, and `teamBoardRows` returns
// exactly the rows the board lists — the export of follow-up lists exports these same rows.

import dayjs from 'dayjs';
import type { Customer, CustomerSource } from '../../shared/domain/customer';
import type { CustomerStatus } from '../../shared/domain/customer-status';
import { completionCounts, isEscalated, type DueRange } from '../../shared/domain/escalation';
import {
  followUpBucket,
  type FollowUp,
  type FollowUpBucket,
  type FollowUpChannel,
} from '../../shared/domain/follow-up';
import { currentIntentLevel, type IntentLevel } from '../../shared/domain/intent';
import { localDay } from '../../shared/domain/dates';
import type { QualificationGrade } from '../../shared/domain/qualification';
import type { TeamMember } from '../../shared/sync/protocol';
import type { AppDB } from './AppDB';
import { noPlanCustomerIds } from './follow-up-queries';
import { readDealershipSettings } from './settings-repo';

/** What a count in the summary narrows the list to; `escalated` is a part of `past_due`. */
export type TeamBoardBucket = FollowUpBucket | 'escalated' | 'no_plan';

export type TeamBoardFilters = {
  /** Empty: every consultant (likewise for the other lists). */
  ownerIds: readonly string[];
  grades: readonly QualificationGrade[];
  intents: readonly IntentLevel[];
  sources: readonly CustomerSource[];
  /** Applied to due dates: [from, to). No-plan customers have none, so it does not narrow them. */
  range: DueRange;
  /** Null: every planned follow-up in the range (no-plan customers only when asked for). */
  bucket: TeamBoardBucket | null;
};

export type TeamBoardRow = {
  /** Null for an active customer with no plan (bucket 'no_plan'). */
  followUpId: string | null;
  customerId: string;
  customerName: string;
  /** The primary number, normalized. */
  phone: string;
  ownerId: string;
  ownerName: string;
  dueAt: string | null;
  bucket: FollowUpBucket | 'no_plan';
  escalated: boolean;
  purpose: string;
  channel: FollowUpChannel | null;
  grade: QualificationGrade;
  intent: IntentLevel | null;
  source: CustomerSource;
  status: CustomerStatus;
};

export type TeamBoardData = {
  /** Planned follow-ups due in the range. */
  planned: FollowUp[];
  /** Done follow-ups due in the range: the completion rate needs them. */
  done: FollowUp[];
  /** The customers of those follow-ups, by id (deleted ones left out). */
  customers: Map<string, Customer>;
  /** Active customers with no planned follow-up at all. */
  noPlan: Customer[];
  team: TeamMember[];
};

export type TeamBoardSettings = { now: Date; escalationHours: number };

/** Reads what the board needs for a due-date range, by index. */
export async function loadTeamBoardData(db: AppDB, range: DueRange): Promise<TeamBoardData> {
  const inRange = (state: FollowUp['state']) =>
    db.followUps
      .where('[state+dueAt]')
      .between([state, range.from], [state, range.to], true, false)
      .toArray();
  const [planned, done, noPlanIds, team, settings] = await Promise.all([
    inRange('planned'),
    inRange('done'),
    noPlanCustomerIds(db),
    db.team.toArray(),
    readDealershipSettings(db),
  ]);
  // The board shows and filters customers by their intent level today (it rises as the expected
  // date approaches), not by the level stored at the card's last write.
  const today = localDay(new Date());
  const asOfToday = (customer: Customer): Customer => ({
    ...customer,
    intentLevel: currentIntentLevel(customer, today, settings.intentThresholds),
  });
  const customerIds = [...new Set([...planned, ...done].map((followUp) => followUp.customerId))];
  const [customers, noPlan] = await Promise.all([
    db.customers.bulkGet(customerIds),
    db.customers.bulkGet(noPlanIds),
  ]);
  const byId = new Map<string, Customer>();
  for (const customer of customers)
    if (customer && !customer.deleted) byId.set(customer.id, asOfToday(customer));
  return {
    planned,
    done,
    customers: byId,
    noPlan: noPlan
      .filter((row): row is Customer => row !== undefined && !row.deleted)
      .map(asOfToday),
    team,
  };
}

function matchesCustomer(customer: Customer, filters: TeamBoardFilters): boolean {
  const allows = <T>(list: readonly T[], value: T) => list.length === 0 || list.includes(value);
  return (
    allows(filters.ownerIds, customer.ownerId) &&
    allows(filters.grades, customer.qualificationGrade) &&
    (filters.intents.length === 0 ||
      (customer.intentLevel !== null && filters.intents.includes(customer.intentLevel))) &&
    allows(filters.sources, customer.source)
  );
}

function inRange(dueAt: string, range: DueRange): boolean {
  const due = Date.parse(dueAt);
  return due >= Date.parse(range.from) && due < Date.parse(range.to);
}

function ownerNames(team: readonly TeamMember[]): (ownerId: string) => string {
  const names = new Map(team.map((member) => [member.id, member.name]));
  return (ownerId) => names.get(ownerId) ?? ownerId.slice(0, 8);
}

function customerRow(customer: Customer, ownerName: string) {
  return {
    customerId: customer.id,
    customerName: customer.name,
    phone: customer.phones[0] ?? '',
    ownerId: customer.ownerId,
    ownerName,
    grade: customer.qualificationGrade,
    intent: customer.intentLevel,
    source: customer.source,
    status: customer.status,
  };
}

/** Every row of the board for the filters, ordered by due time (the oldest past due first). */
export function teamBoardRows(
  data: TeamBoardData,
  filters: TeamBoardFilters,
  settings: TeamBoardSettings,
): TeamBoardRow[] {
  const nameOf = ownerNames(data.team);
  if (filters.bucket === 'no_plan') {
    return data.noPlan
      .filter((customer) => matchesCustomer(customer, filters))
      .map((customer): TeamBoardRow => ({
        followUpId: null,
        ...customerRow(customer, nameOf(customer.ownerId)),
        dueAt: null,
        bucket: 'no_plan',
        escalated: false,
        purpose: '',
        channel: null,
      }))
      .sort(
        (a, b) =>
          a.ownerName.localeCompare(b.ownerName, 'zh-CN') ||
          a.customerName.localeCompare(b.customerName, 'zh-CN') ||
          a.customerId.localeCompare(b.customerId),
      );
  }
  const startOfToday = dayjs(settings.now).startOf('day').toDate();
  const startOfTomorrow = dayjs(startOfToday).add(1, 'day').toDate();
  const rows: TeamBoardRow[] = [];
  for (const followUp of data.planned) {
    if (followUp.state !== 'planned' || followUp.deleted || !inRange(followUp.dueAt, filters.range))
      continue;
    const customer = data.customers.get(followUp.customerId);
    if (!customer || !matchesCustomer(customer, filters)) continue;
    const bucket = followUpBucket(followUp.dueAt, startOfToday, startOfTomorrow);
    const escalated =
      bucket === 'past_due' && isEscalated(followUp.dueAt, settings.now, settings.escalationHours);
    if (filters.bucket === 'escalated' ? !escalated : filters.bucket && filters.bucket !== bucket)
      continue;
    rows.push({
      followUpId: followUp.id,
      ...customerRow(customer, nameOf(customer.ownerId)),
      dueAt: followUp.dueAt,
      bucket,
      escalated,
      purpose: followUp.purpose,
      channel: followUp.channel,
    });
  }
  return rows.sort(
    (a, b) =>
      Date.parse(a.dueAt ?? '') - Date.parse(b.dueAt ?? '') ||
      (a.followUpId ?? '').localeCompare(b.followUpId ?? ''),
  );
}

export type ConsultantSummary = {
  ownerId: string;
  ownerName: string;
  counts: Record<TeamBoardBucket, number>;
  /** done ÷ (done + planned) of what fell due in the range (see completionRate); null: none. */
  completionRate: number | null;
};

/**
 * One row per consultant: every active consultant of the team and anyone else (a manager, a
 * departed consultant) who owns a customer on the board. Counts are of the rows the list shows
 * for the same filters (the bucket aside), so clicking a count lists exactly that many.
 */
export function teamBoardSummary(
  data: TeamBoardData,
  filters: TeamBoardFilters,
  settings: TeamBoardSettings,
): ConsultantSummary[] {
  const nameOf = ownerNames(data.team);
  const summaries = new Map<string, ConsultantSummary>();
  const summaryOf = (ownerId: string) => {
    let summary = summaries.get(ownerId);
    if (!summary) {
      summary = {
        ownerId,
        ownerName: nameOf(ownerId),
        counts: { due_today: 0, past_due: 0, escalated: 0, upcoming: 0, no_plan: 0 },
        completionRate: null,
      };
      summaries.set(ownerId, summary);
    }
    return summary;
  };
  for (const member of data.team) {
    if (member.role === 'consultant' && member.active) {
      if (filters.ownerIds.length === 0 || filters.ownerIds.includes(member.id))
        summaryOf(member.id);
    }
  }
  const all = { ...filters, bucket: null };
  for (const row of teamBoardRows(data, all, settings)) {
    const counts = summaryOf(row.ownerId).counts;
    counts[row.bucket] += 1;
    if (row.escalated) counts.escalated += 1;
  }
  for (const row of teamBoardRows(data, { ...filters, bucket: 'no_plan' }, settings)) {
    summaryOf(row.ownerId).counts.no_plan += 1;
  }
  const completion = new Map<string, FollowUp[]>();
  for (const followUp of [...data.planned, ...data.done]) {
    const customer = data.customers.get(followUp.customerId);
    if (followUp.deleted || !customer || !matchesCustomer(customer, filters)) continue;
    const list = completion.get(customer.ownerId) ?? [];
    list.push(followUp);
    completion.set(customer.ownerId, list);
  }
  for (const [ownerId, followUps] of completion) {
    const { done, due } = completionCounts(followUps, filters.range, settings.now);
    if (due > 0) summaryOf(ownerId).completionRate = done / due;
  }
  return [...summaries.values()].sort(
    (a, b) => a.ownerName.localeCompare(b.ownerName, 'zh-CN') || a.ownerId.localeCompare(b.ownerId),
  );
}
