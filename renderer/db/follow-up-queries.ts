// The follow-up views: due today, past due, upcoming (the next 30 days) and active customers with
// no plan at all. Lists and counts come from the in-memory projection (planned follow-ups by due
// time, planned counts per customer); only the rows on screen are read from the database.

import dayjs from 'dayjs';
import type { Customer } from '../../shared/domain/customer';
import type { FollowUp, FollowUpBucket } from '../../shared/domain/follow-up';
import type { AppDB } from './AppDB';
import type { ListProjection, PlannedEntry } from './projection/list-projection';
import { readyProjection } from './projection/projection-store';

export type FollowUpView = FollowUpBucket | 'no_plan';

export type FollowUpRow = { followUp: FollowUp; customer: Customer };

export const UPCOMING_DAYS = 30;
/** A view shows at most this many rows; the count above it is always exact. */
export const VIEW_ROW_LIMIT = 2_000;

export function viewRange(view: FollowUpBucket, now: Date): [string, string] {
  const startOfToday = dayjs(now).startOf('day');
  const startOfTomorrow = startOfToday.add(1, 'day');
  switch (view) {
    case 'past_due':
      return ['', startOfToday.toISOString()];
    case 'due_today':
      return [startOfToday.toISOString(), startOfTomorrow.toISOString()];
    case 'upcoming':
      return [
        startOfTomorrow.toISOString(),
        startOfTomorrow.add(UPCOMING_DAYS, 'day').toISOString(),
      ];
  }
}

function plannedBetween(db: AppDB, [from, to]: [string, string]) {
  return db.followUps
    .where('[state+dueAt]')
    .between(['planned', from], ['planned', to], true, false);
}

export type FollowUpOverview = {
  counts: Record<FollowUpView, number>;
  /** Computed once for the count and the list. */
  noPlanIds: string[];
};

export async function followUpOverview(db: AppDB, now: Date): Promise<FollowUpOverview> {
  return overviewFrom(await readyProjection(db), now);
}

/** followUpOverview on a projection at hand (what the page's hook calls on every change). */
export function overviewFrom(projection: ListProjection, now: Date): FollowUpOverview {
  const count = (view: FollowUpBucket) => projection.countPlannedBetween(...viewRange(view, now));
  const noPlanIds = projection.noPlanIds();
  return {
    counts: {
      past_due: count('past_due'),
      due_today: count('due_today'),
      upcoming: count('upcoming'),
      no_plan: noPlanIds.length,
    },
    noPlanIds,
  };
}

export async function countFollowUpViews(
  db: AppDB,
  now: Date,
): Promise<Record<FollowUpView, number>> {
  return (await followUpOverview(db, now)).counts;
}

export async function listFollowUpView(
  db: AppDB,
  view: FollowUpBucket,
  now: Date,
): Promise<FollowUpRow[]> {
  const planned = (await readyProjection(db))
    .plannedBetween(...viewRange(view, now))
    .slice(0, VIEW_ROW_LIMIT);
  const rows = await followUpRowsById(
    db,
    planned.map((entry) => entry.id),
  );
  return planned.flatMap((entry) => rows.get(entry.id) ?? []);
}

/** A view's planned follow-ups as the projection holds them (enough to filter), in due order. */
export function plannedSummariesInView(
  projection: ListProjection,
  view: FollowUpBucket,
  now: Date,
): readonly PlannedEntry[] {
  return projection.plannedBetween(...viewRange(view, now));
}

/**
 * Every planned follow-up of a view, in due order, without their customers: the page filters
 * these and reads the customers of the rows on screen only (followUpRowsById), so no view needs
 * a row cap.
 */
export function plannedInView(db: AppDB, view: FollowUpBucket, now: Date): Promise<FollowUp[]> {
  return plannedBetween(db, viewRange(view, now)).toArray();
}

/** The follow-ups with these ids and their customers, keyed by follow-up id (deleted cards left out). */
export async function followUpRowsById(
  db: AppDB,
  ids: string[],
): Promise<Map<string, FollowUpRow>> {
  const followUps = (await db.followUps.bulkGet(ids)).filter(
    (row): row is FollowUp => row !== undefined,
  );
  const customers = await db.customers.bulkGet(followUps.map((followUp) => followUp.customerId));
  const rows = new Map<string, FollowUpRow>();
  followUps.forEach((followUp, index) => {
    const customer = customers[index];
    if (customer && !customer.deleted) rows.set(followUp.id, { followUp, customer });
  });
  return rows;
}

/** Active customers (new, in follow-up, ordered; not deleted) with no planned follow-up. */
/** New leads first (they still wait for a first contact), then following, then ordered; by id within. */
export async function noPlanCustomerIds(db: AppDB): Promise<string[]> {
  return (await readyProjection(db)).noPlanIds();
}

/** The cards of the first VIEW_ROW_LIMIT no-plan customers (ids computed here unless given). */
export async function listNoPlanCustomers(db: AppDB, noPlanIds?: string[]): Promise<Customer[]> {
  const ids = (noPlanIds ?? (await noPlanCustomerIds(db))).slice(0, VIEW_ROW_LIMIT);
  return (await db.customers.bulkGet(ids)).filter(
    (row): row is Customer => row !== undefined && !row.deleted,
  );
}

/** Planned follow-ups that fell due in (since, until]: what to notify about. */
export async function followUpsFallingDue(
  db: AppDB,
  since: Date,
  until: Date,
): Promise<FollowUpRow[]> {
  const followUps = await db.followUps
    .where('[state+dueAt]')
    .between(['planned', since.toISOString()], ['planned', until.toISOString()], false, true)
    .toArray();
  const customers = await db.customers.bulkGet(followUps.map((followUp) => followUp.customerId));
  return followUps.flatMap((followUp, index) => {
    const customer = customers[index];
    return customer ? [{ followUp, customer }] : [];
  });
}

/** A customer's follow-ups, every state (the card sorts and groups them). */
export function customerFollowUps(db: AppDB, customerId: string): Promise<FollowUp[]> {
  return db.followUps.where('customerId').equals(customerId).toArray();
}

/** How many follow-ups of a customer are still planned. */
export function countPlannedFollowUps(db: AppDB, customerId: string): Promise<number> {
  return db.followUps.where('[state+customerId]').equals(['planned', customerId]).count();
}
