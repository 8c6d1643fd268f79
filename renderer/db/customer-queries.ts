// The customer list over 100,000 cards. Filtering and ordering work on primary keys and indexes
// only (no card is read); the list then loads just the rows on screen. Reading 100k full cards on
// every keystroke is what makes CRMs feel slow.

import type { Customer, CustomerSource } from '../../shared/domain/customer';
import type { CustomerStatus } from '../../shared/domain/customer-status';
import { localDay } from '../../shared/domain/dates';
import { intentDateRange, type IntentLevel } from '../../shared/domain/intent';
import { normalizePhone } from '../../shared/domain/phone';
import type { QualificationGrade } from '../../shared/domain/qualification';
import type { AppDB } from './AppDB';
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
  const trimmed = search.trim();
  if (!trimmed) return null;
  const phone = normalizePhone(trimmed);
  if (/^\d+$/.test(phone)) return { kind: 'phone', value: phone };
  return { kind: 'name', value: trimmed };
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

/**
 * The first `limit` ids of the unfiltered list, in display order: a short cursor walk, so the
 * list can show its first screen at once while the full id list (a scan of every key, about 2 s
 * at 100,000 cards on a busy laptop) is still loading.
 */
export async function queryFirstCustomerIds(
  db: AppDB,
  sort: CustomerSort,
  limit: number,
): Promise<string[]> {
  const ordered =
    sort === 'name' ? db.customers.orderBy('name') : db.customers.orderBy(sort).reverse();
  return ordered.limit(limit).primaryKeys();
}

/**
 * Ids of matching customers in display order. Intent levels are those of `today` (the level rises
 * as the expected date approaches), found through the index of expected purchase dates.
 */
export async function queryCustomerIds(
  db: AppDB,
  filter: CustomerListFilter,
  today: string = localDay(new Date()),
): Promise<string[]> {
  const restrictions: Promise<Set<string>>[] = [];
  const search = searchKind(filter.search);
  if (search?.kind === 'phone') {
    restrictions.push(keys(db.customers.where('phones').startsWith(search.value).primaryKeys()));
  } else if (search?.kind === 'name') {
    // Case-insensitive matching walks a cursor through every case variant; Chinese names have
    // no case, so only Latin input pays for it.
    const byName = /[a-z]/i.test(search.value)
      ? db.customers.where('name').startsWithIgnoreCase(search.value)
      : db.customers.where('name').startsWith(search.value);
    restrictions.push(keys(byName.primaryKeys()));
  }
  if (filter.statuses.length) restrictions.push(keysWhereAnyOf(db, 'status', filter.statuses));
  if (filter.grades.length)
    restrictions.push(keysWhereAnyOf(db, 'qualificationGrade', filter.grades));
  if (filter.intentLevels.length)
    restrictions.push(keysWithIntentOn(db, filter.intentLevels, today));
  if (filter.sources.length) restrictions.push(keysWhereAnyOf(db, 'source', filter.sources));
  if (filter.tags.length) restrictions.push(keysWhereAnyOf(db, 'tags', filter.tags));

  const sets = await Promise.all(restrictions);
  const smallest = sets.reduce<Set<string> | null>(
    (min, set) => (min === null || set.size < min.size ? set : min),
    null,
  );
  const matches = (id: string) => sets.every((set) => set.has(id));

  // A narrow result (typically a search) is sorted from its rows; a wide one walks the sort index.
  if (smallest && smallest.size <= 2_000) {
    const rows = (await db.customers.bulkGet([...smallest].filter(matches))).filter(
      (row): row is Customer => row !== undefined && !row.deleted,
    );
    return rows.sort(compareBy(filter.sort)).map((row) => row.id);
  }
  const ordered =
    filter.sort === 'name'
      ? await db.customers.orderBy('name').primaryKeys()
      : // Forward, then reversed in memory: a forward scan is always one IDBIndex.getAllKeys()
        // call, while engines without getAllKeys({ direction }) walk a reverse scan key by key.
        (await db.customers.orderBy(filter.sort).primaryKeys()).reverse();
  return sets.length === 0 ? ordered : ordered.filter(matches);
}

/** What a list of something else (follow-ups) may ask of its customers: the search and filters. */
export type CustomerRestriction = {
  search: string;
  grades: QualificationGrade[];
  intentLevels: IntentLevel[];
  ownerIds: string[];
};

/**
 * The ids of the customers a restriction lets through, from the indexes alone, or null when it
 * restricts nothing (so the caller need not build a set of every customer).
 */
export async function customerIdsMatching(
  db: AppDB,
  restriction: CustomerRestriction,
  today: string = localDay(new Date()),
): Promise<Set<string> | null> {
  const restrictions: Promise<Set<string>>[] = [];
  const search = searchKind(restriction.search);
  if (search?.kind === 'phone') {
    restrictions.push(keys(db.customers.where('phones').startsWith(search.value).primaryKeys()));
  } else if (search?.kind === 'name') {
    const byName = /[a-z]/i.test(search.value)
      ? db.customers.where('name').startsWithIgnoreCase(search.value)
      : db.customers.where('name').startsWith(search.value);
    restrictions.push(keys(byName.primaryKeys()));
  }
  if (restriction.grades.length)
    restrictions.push(keysWhereAnyOf(db, 'qualificationGrade', restriction.grades));
  if (restriction.intentLevels.length)
    restrictions.push(keysWithIntentOn(db, restriction.intentLevels, today));
  if (restriction.ownerIds.length)
    restrictions.push(keysWhereAnyOf(db, 'ownerId', restriction.ownerIds));
  if (restrictions.length === 0) return null;
  const [first, ...rest] = (await Promise.all(restrictions)).sort((a, b) => a.size - b.size);
  return new Set([...first!].filter((id) => rest.every((set) => set.has(id))));
}

/** The same order as walking the sort index (ties by id), so a list never reshuffles as it grows. */
function compareBy(sort: CustomerSort): (a: Customer, b: Customer) => number {
  const byId = (a: Customer, b: Customer) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  if (sort === 'name') return (a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : byId(a, b));
  return (a, b) => (a[sort] < b[sort] ? 1 : a[sort] > b[sort] ? -1 : byId(b, a));
}

async function keys(query: Promise<string[]>): Promise<Set<string>> {
  return new Set(await query);
}

/** Primary keys of customers whose level on `today` is any of `levels`. */
async function keysWithIntentOn(
  db: AppDB,
  levels: readonly IntentLevel[],
  today: string,
): Promise<Set<string>> {
  const { intentThresholds } = await readDealershipSettings(db);
  const index = db.customers.where('expectedPurchaseDate');
  const lists = await Promise.all(
    levels.map((level) => {
      const { from, to } = intentDateRange(level, today, intentThresholds);
      // Days are "YYYY-MM-DD"; the bounds take the whole last day, and '' (no date) is never in.
      return index
        .between(from ?? '0', to === null ? '\uffff' : `${to}\uffff`, true, true)
        .primaryKeys();
    }),
  );
  return new Set(lists.flat());
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
  return (await db.customers.orderBy('tags').uniqueKeys()).map(String);
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
  return (await db.customers.where('ownerId').equals(ownerId).toArray())
    .filter((customer) => !customer.deleted)
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
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
