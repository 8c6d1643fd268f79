// Reads what the dashboard counts for a range, by index: customers by createdAt, follow-ups by
// [state+dueAt] (planned and done; cancelled ones are never counted), surveys by surveyedAt. All
// complaints are read (a small table, and the open ones count whenever they came in).
//
// A manager's laptop holds the whole showroom (100,000 cards and their follow-ups), and a
// quarter's range can hold most of them. So rows are read by primary key in chunks, each chunk
// cut down to the few fields the charts need at once (a card is ~3.5 KB, mostly field clocks),
// with a pause between chunks: deserializing tens of thousands of rows in one go would hold the
// UI thread for seconds.

import type { Table } from 'dexie';
import type { SyncedRow } from '../../../shared/domain/synced-row';
import type { AppDB } from '../../db/AppDB';
import type {
  ComplaintFacts,
  CustomerFacts,
  DashboardData,
  FollowUpFacts,
} from './dashboard-metrics';
import type { DashboardRange } from './date-range';

const CHUNK = 2_000;

export type DashboardLoadProgress = { read: number; total: number };

export type DashboardLoadOptions = {
  onProgress?: (progress: DashboardLoadProgress) => void;
  /** Checked between chunks: a range changed mid-read stops the stale read early. */
  signal?: AbortSignal;
};

/** Lets the UI paint and take input between chunks. */
function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export async function loadDashboardData(
  db: AppDB,
  range: DashboardRange,
  options: DashboardLoadOptions = {},
): Promise<DashboardData> {
  const dueIds = (state: 'planned' | 'done') =>
    db.followUps
      .where('[state+dueAt]')
      .between([state, range.from], [state, range.to], true, false)
      .primaryKeys();
  const [customerIds, plannedIds, doneIds, surveys, complaints, team] = await Promise.all([
    db.customers.where('createdAt').between(range.from, range.to, true, false).primaryKeys(),
    dueIds('planned'),
    dueIds('done'),
    db.surveys.where('surveyedAt').between(range.from, range.to, true, false).toArray(),
    db.complaints.toArray(),
    db.team.toArray(),
  ]);
  const followUpIds = [...plannedIds, ...doneIds];
  const total = customerIds.length + followUpIds.length;
  let read = 0;
  const progress = (count: number) => {
    read += count;
    options.onProgress?.({ read, total });
  };
  const customers = await readFacts(db.customers, customerIds, customerFacts, progress, options);
  const followUps = await readFacts(db.followUps, followUpIds, followUpFacts, progress, options);
  return {
    customers,
    followUps,
    surveys: surveys.filter((survey) => !survey.deleted),
    complaints: complaints.filter((complaint) => !complaint.deleted).map(complaintFacts),
    team,
  };
}

async function readFacts<Row extends SyncedRow, Facts>(
  table: Table<Row, string>,
  ids: readonly string[],
  toFacts: (row: Row) => Facts,
  progress: (count: number) => void,
  options: DashboardLoadOptions,
): Promise<Facts[]> {
  const facts: Facts[] = [];
  for (let start = 0; start < ids.length; start += CHUNK) {
    options.signal?.throwIfAborted();
    const chunk = ids.slice(start, start + CHUNK);
    for (const row of await table.bulkGet(chunk)) {
      if (row && !row.deleted) facts.push(toFacts(row));
    }
    progress(chunk.length);
    if (start + CHUNK < ids.length) await pause();
  }
  return facts;
}

function customerFacts(row: CustomerFacts): CustomerFacts {
  return {
    id: row.id,
    status: row.status,
    intentLevel: row.intentLevel,
    source: row.source,
    createdAt: row.createdAt,
    ownerId: row.ownerId,
    deleted: row.deleted,
  };
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
