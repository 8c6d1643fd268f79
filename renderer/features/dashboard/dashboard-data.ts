// Reads what the dashboard counts for a range, by index: customers by createdAt, follow-ups by
// [state+dueAt] (planned and done; cancelled ones are never counted), surveys by surveyedAt. All
// complaints are read (a small table, and the open ones count whenever they came in).
//
// A manager's laptop holds the whole showroom (100,000 cards and their follow-ups), and a
// quarter's range can hold most of them. So each range is read a page at a time straight off its
// index (getAll with a limit, then on from the last key: about three times faster than fetching
// the same rows by primary key), each page cut down at once to the few fields the charts need (a
// card is ~3.5 KB, mostly field clocks), with a pause between pages: deserializing tens of
// thousands of rows in one go would hold the UI thread for seconds.

import { cmp, type IndexableType, type Table } from 'dexie';
import type { SyncedRow } from '../../../shared/domain/synced-row';
import type { Customer } from '../../../shared/domain/customer';
import { localDay } from '../../../shared/domain/dates';
import { currentIntentLevel } from '../../../shared/domain/intent';
import type { AppDB } from '../../db/AppDB';
import { readDealershipSettings } from '../../db/settings-repo';
import type {
  ComplaintFacts,
  CustomerFacts,
  DashboardData,
  FollowUpFacts,
} from './dashboard-metrics';
import type { DashboardRange } from './date-range';

const PAGE = 2_000;

export type DashboardLoadProgress = { read: number; total: number };

export type DashboardLoadOptions = {
  onProgress?: (progress: DashboardLoadProgress) => void;
  /** Checked between pages: a range changed mid-read stops the stale read early. */
  signal?: AbortSignal;
};

/** Lets the UI paint and take input between pages. */
function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export async function loadDashboardData(
  db: AppDB,
  range: DashboardRange,
  options: DashboardLoadOptions = {},
): Promise<DashboardData> {
  const followUpsDue = (state: 'planned' | 'done'): IndexRange<FollowUpFacts> => ({
    index: '[state+dueAt]',
    lower: [state, range.from],
    upper: [state, range.to],
    keyOf: (row) => [row.state, row.dueAt],
  });
  const created: IndexRange<Customer> = {
    index: 'createdAt',
    lower: range.from,
    upper: range.to,
    keyOf: (row) => row.createdAt,
  };
  const planned = followUpsDue('planned');
  const done = followUpsDue('done');
  const count = <Row>(table: Table<Row, string>, part: IndexRange<Row>) =>
    table.where(part.index).between(part.lower, part.upper, true, false).count();
  // The funnel counts followed customers by their intent level today, not the one last written.
  const { intentThresholds } = await readDealershipSettings(db);
  const today = localDay(new Date());
  const customerFacts = (row: Customer): CustomerFacts => ({
    id: row.id,
    status: row.status,
    intentLevel: currentIntentLevel(row, today, intentThresholds),
    source: row.source,
    createdAt: row.createdAt,
    ownerId: row.ownerId,
    deleted: row.deleted,
  });
  const [customerCount, plannedCount, doneCount, surveys, complaints, team] = await Promise.all([
    count(db.customers, created),
    count(db.followUps, planned),
    count(db.followUps, done),
    db.surveys.where('surveyedAt').between(range.from, range.to, true, false).toArray(),
    db.complaints.toArray(),
    db.team.toArray(),
  ]);
  const total = customerCount + plannedCount + doneCount;
  let read = 0;
  const progress = (rows: number) => {
    read += rows;
    options.onProgress?.({ read, total });
  };
  // Three reads at once: IndexedDB fetches one page while the UI thread unpacks another.
  const [customers, plannedRows, doneRows] = await Promise.all([
    readRange(db.customers, created, customerFacts, progress, options.signal),
    readRange(db.followUps, planned, followUpFacts, progress, options.signal),
    readRange(db.followUps, done, followUpFacts, progress, options.signal),
  ]);
  return {
    customers,
    followUps: [...plannedRows, ...doneRows],
    surveys: surveys.filter((survey) => !survey.deleted),
    complaints: complaints.filter((complaint) => !complaint.deleted).map(complaintFacts),
    team,
  };
}

/** A range of one index, [lower, upper), and how to read a row's key in it. */
type IndexRange<Row> = {
  index: string;
  lower: IndexableType;
  upper: IndexableType;
  keyOf: (row: Row) => IndexableType;
};

/**
 * Every row of the range, a page at a time. A page goes on from the last key read, so the rows
 * sharing that key come again and are skipped by id; should more than a page share one key (many
 * follow-ups due at 10:00 on one day), that key is read whole and passed.
 */
async function readRange<Row extends SyncedRow, Facts>(
  table: Table<Row, string>,
  part: IndexRange<Row>,
  toFacts: (row: Row) => Facts,
  progress: (rows: number) => void,
  signal: AbortSignal | undefined,
): Promise<Facts[]> {
  const facts: Facts[] = [];
  const take = (rows: readonly Row[]) => {
    for (const row of rows) if (!row.deleted) facts.push(toFacts(row));
    progress(rows.length);
  };
  let from = part.lower;
  let includeFrom = true;
  /** Ids already taken whose key equals `from`. */
  let takenAtFrom = new Set<string>();
  for (;;) {
    signal?.throwIfAborted();
    const page = await table
      .where(part.index)
      .between(from, part.upper, includeFrom, false)
      .limit(PAGE)
      .toArray();
    const fresh = page.filter((row) => !takenAtFrom.has(row.id));
    if (page.length === PAGE && fresh.length === 0) {
      const tied = await table.where(part.index).equals(from).toArray();
      take(tied.filter((row) => !takenAtFrom.has(row.id)));
      includeFrom = false;
      takenAtFrom = new Set();
      continue;
    }
    take(fresh);
    const last = page.at(-1);
    if (page.length < PAGE || !last) return facts;
    const lastKey = part.keyOf(last);
    const atLast = page.filter((row) => cmp(part.keyOf(row), lastKey) === 0).map((row) => row.id);
    takenAtFrom = new Set(cmp(lastKey, from) === 0 ? [...takenAtFrom, ...atLast] : atLast);
    from = lastKey;
    includeFrom = true;
    await pause();
  }
}

function followUpFacts(row: FollowUpFacts): FollowUpFacts {
  return {
    id: row.id,
    state: row.state,
    dueAt: row.dueAt,
    completedAt: row.completedAt,
    ownerId: row.ownerId,
    deleted: row.deleted,
  };
}

function complaintFacts(row: ComplaintFacts): ComplaintFacts {
  return {
    id: row.id,
    category: row.category,
    receivedAt: row.receivedAt,
    firstContactAt: row.firstContactAt,
    firstContactDueAt: row.firstContactDueAt,
    resultDueAt: row.resultDueAt,
    resolvedAt: row.resolvedAt,
    ownerId: row.ownerId,
    deleted: row.deleted,
  };
}
