// The customer list over 100,000 cards, answered from the in-memory projection (projection/):
// search, filters, sorting and counts never read a card; the list then loads just the rows on
// screen. Name and phone are sealed in the database, so their prefixes can only be found here.

import type { Customer, CustomerSource } from '../../shared/domain/customer';
import type { CustomerStatus } from '../../shared/domain/customer-status';
import { localDay } from '../../shared/domain/dates';
import {
  DEFAULT_INTENT_THRESHOLDS,
  type IntentLevel,
  type IntentThresholds,
} from '../../shared/domain/intent';
import type { QualificationGrade } from '../../shared/domain/qualification';
import type { AppDB } from './AppDB';
import type { ListProjection } from './projection/list-projection';
import { readSearch } from './projection/list-projection';
import { readyProjection } from './projection/projection-store';
import { readDealershipSettings } from './settings-repo';

export type CustomerSort = 'updatedAt' | 'createdAt' | 'name';

export type CustomerListFilter = {
  search: string;
  statuses: CustomerStatus[];
  grades: QualificationGrade[];
  intentLevels: IntentLevel[];
  sources: CustomerSource[];
  tags: string[];
  sort: CustomerSort;
};

export const EMPTY_CUSTOMER_FILTER: CustomerListFilter = {
  search: '',
  statuses: [],
  grades: [],
  intentLevels: [],
  sources: [],
  tags: [],
  sort: 'updatedAt',
};

/** How a search box entry is read: digits are a phone prefix, anything else a name prefix. */
export function searchKind(search: string): { kind: 'phone' | 'name'; value: string } | null {
  return readSearch(search);
}

export function isUnfiltered(filter: CustomerListFilter): boolean {
  return (
    filter.search.trim() === '' &&
    filter.statuses.length +
      filter.grades.length +
      filter.intentLevels.length +
      filter.sources.length +
      filter.tags.length ===
      0
  );
}

/** The first `limit` ids of the unfiltered list, in display order (the list's first screen). */
export async function queryFirstCustomerIds(
  db: AppDB,
  sort: CustomerSort,
  limit: number,
): Promise<string[]> {
  return (await readyProjection(db)).firstCustomerIds(sort, limit);
}

/**
 * Ids of matching customers (not deleted) in display order. Intent levels are those of `today`
 * (the level rises as the expected date approaches).
 */
export async function queryCustomerIds(
  db: AppDB,
  filter: CustomerListFilter,
  today: string = localDay(new Date()),
): Promise<string[]> {
  const [projection, { intentThresholds }] = await Promise.all([
    readyProjection(db),
    readDealershipSettings(db),
  ]);
  return customerIdsFrom(projection, filter, today, intentThresholds);
}

/** queryCustomerIds on a projection at hand (what the list's hook calls on every change). */
export function customerIdsFrom(
  projection: ListProjection,
  filter: CustomerListFilter,
  today: string,
  thresholds: IntentThresholds,
): string[] {
  return projection.customerIds(filter, filter.sort, today, thresholds);
}

/** What a list of something else (follow-ups) may ask of its customers: the search and filters. */
export type CustomerRestriction = {
  search: string;
  grades: QualificationGrade[];
  intentLevels: IntentLevel[];
  ownerIds: string[];
};

/**
 * The ids of the customers (not deleted) a restriction lets through, or null when it restricts
 * nothing (so the caller need not build a set of every customer).
 */
export async function customerIdsMatching(
  db: AppDB,
  restriction: CustomerRestriction,
  today: string = localDay(new Date()),
): Promise<Set<string> | null> {
  const [projection, { intentThresholds }] = await Promise.all([
    readyProjection(db),
    readDealershipSettings(db),
  ]);
  return projection.customerIdsMatching(restriction, today, intentThresholds);
}

/**
 * Primary keys of customers whose index `index` holds any of `values`. One equals() range per
 * value, in parallel: each is a single getAllKeys() call, while Dexie's anyOf() walks a cursor
 * (measured in Chromium at 100,000 cards: about 0.2 s per value against 1.3 s for anyOf).
 */
export async function keysWhereAnyOf(
  db: AppDB,
  index: string,
  values: readonly string[],
): Promise<Set<string>> {
  const lists = await Promise.all(
    values.map((value) => db.customers.where(index).equals(value).primaryKeys()),
  );
  return new Set(lists.flat());
}

/** All tags in use, for the tag filter. */
export async function listTags(db: AppDB): Promise<string[]> {
  return (await readyProjection(db)).tags();
}

/**
 * Ids of the cards holding any of these (normalized) phone numbers: the exact lookup the duplicate
 * warning, duplicate claims and imports need once the `*phones` index is gone with sealing.
 */
export async function customerIdsWithPhones(
  db: AppDB,
  phones: readonly string[],
): Promise<string[]> {
  return (await readyProjection(db)).idsWithPhones(phones);
}

/** One card, or null when there is none (a live query's undefined stays "loading"). */
export async function readCustomer(db: AppDB, customerId: string): Promise<Customer | null> {
  return (await db.customers.get(customerId)) ?? null;
}

/** Every card this laptop holds. */
export function countCustomers(db: AppDB): Promise<number> {
  return db.customers.count();
}

/** The cards with these ids that exist, keyed by id. */
export async function customersById(db: AppDB, ids: string[]): Promise<Map<string, Customer>> {
  const rows = await db.customers.bulkGet(ids);
  return new Map(rows.flatMap((row) => (row ? [[row.id, row] as const] : [])));
}

/** A consultant's cards (not deleted), by name as a Chinese reader sorts it. */
export async function ownedCustomers(db: AppDB, ownerId: string): Promise<Customer[]> {
  // The customer list's name order (pinyin), kept by the projection: nothing is sorted here.
  const ids = (await readyProjection(db)).customerIds(
    { search: '', ownerIds: [ownerId] },
    'name',
    localDay(new Date()),
    DEFAULT_INTENT_THRESHOLDS,
  );
  const rows = await db.customers.bulkGet(ids);
  return rows.filter((row): row is Customer => row !== undefined);
}

/** How many cards (not deleted) each of these owners has. */
export async function countOwnedCustomers(
  db: AppDB,
  ownerIds: readonly string[],
): Promise<Map<string, number>> {
  const counts = await Promise.all(
    ownerIds.map(
      async (ownerId) =>
        [
          ownerId,
          await db.customers
            .where('ownerId')
            .equals(ownerId)
            .filter((customer) => !customer.deleted)
            .count(),
        ] as const,
    ),
  );
  return new Map(counts);
}
