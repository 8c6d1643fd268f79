// What the lists need of every customer and planned follow-up, held in memory: a compact entry per
// card, the sort orders kept as sorted arrays, and sorted prefix keys for name and phone search.
// Every list, search, filter, sort and count of the customer list and the follow-up views is
// answered from here in a few milliseconds at 100,000 cards, and it is the only place a name or
// phone prefix can be looked up once those fields are sealed in the database. Pure: no Dexie; the
// middleware (projection-store.ts) feeds it the committed changes.

import type { Customer, CustomerSource } from '../../../shared/domain/customer';
import { ACTIVE_STATUSES, type CustomerStatus } from '../../../shared/domain/customer-status';
import type { FollowUp, FollowUpChannel } from '../../../shared/domain/follow-up';
import {
  INTENT_LEVELS,
  intentDateRange,
  type IntentLevel,
  type IntentThresholds,
} from '../../../shared/domain/intent';
import { normalizePhone } from '../../../shared/domain/phone';
import type { QualificationGrade } from '../../../shared/domain/qualification';
import { nameKeys, pinyinPrefixes, pinyinSearch, type NameKeys } from './name-keys';
import { SortedList } from './sorted-list';

export type CustomerEntry = {
  readonly id: string;
  readonly ownerId: string;
  readonly name: string;
  readonly status: CustomerStatus;
  readonly qualificationGrade: QualificationGrade;
  readonly expectedPurchaseDate: string | null;
  /** As stored: the level of a card with no expected date (see currentIntentLevel). */
  readonly intentLevel: IntentLevel | null;
  readonly source: CustomerSource;
  readonly tags: readonly string[];
  readonly updatedAt: string;
  readonly createdAt: string;
  readonly deleted: boolean;
  /** Its keys in the prefix lists (lower-cased name; each phone), to take them out again. */
  readonly nameKey: PrefixKey;
  readonly phoneKeys: readonly PrefixKey[];
  /** The name's pinyin, syllables apart ("wang xiao ming"): the name order, and its full-pinyin search. */
  readonly sortKey: string;
  /** The first letter of each syllable ("wxm"): the initials search. */
  readonly initials: string;
};

export type PrefixKey = { readonly key: string; readonly id: string };

/** A planned follow-up, as the views filter and count it (done and cancelled ones are not held). */
export type PlannedEntry = {
  readonly id: string;
  readonly customerId: string;
  readonly dueAt: string;
  readonly channel: FollowUpChannel;
  readonly purpose: string;
};

export type ProjectionChange =
  | { table: 'customers'; kind: 'put'; row: Customer }
  | { table: 'followUps'; kind: 'put'; row: FollowUp }
  | { table: 'customers' | 'followUps'; kind: 'delete'; id: string }
  /** A range delete (clear() is one): `inRange` tells which ids it takes. */
  | { table: 'customers' | 'followUps'; kind: 'deleteRange'; inRange: (id: string) => boolean };

export type ProjectionSort = 'updatedAt' | 'createdAt' | 'name';

/** Bumped whenever CustomerEntry, PlannedEntry or the snapshot's shape changes: an older one is rebuilt. */
export const PROJECTION_SNAPSHOT_VERSION = 1;

/**
 * A card in a snapshot, as a tuple (field names would be a third of it): id, owner, name, status,
 * grade, expected purchase date, stored intent level, source, tags, updatedAt, createdAt, deleted
 * (1/0), phones, pinyin sort key, initials. Short repeated strings (owner, codes, tags, initials)
 * are positions in the snapshot's `strings`; the prefix keys are made again on restore.
 */
export type SnapshotCustomer = [
  id: string,
  ownerId: number,
  name: string,
  status: number,
  grade: number,
  expectedPurchaseDate: string | null,
  intentLevel: IntentLevel | null,
  source: number,
  tags: number[],
  updatedAt: string,
  createdAt: string,
  deleted: 0 | 1,
  phones: string[],
  sortKey: string,
  initials: number,
];

/** A planned follow-up: id, its card's position in `customers` (or its id when not held), due, channel, purpose. */
export type SnapshotPlanned = [
  id: string,
  customer: number | string,
  dueAt: string,
  channel: number,
  purpose: number,
];

/** What ListProjection.snapshot() returns: JSON-serializable, no Map, no function. */
export type ProjectionSnapshot = {
  version: number;
  /** The short strings the tuples point at. */
  strings: string[];
  /** In id order. */
  customers: SnapshotCustomer[];
  /** In due order. */
  planned: SnapshotPlanned[];
  /** Each order as positions in `customers`. */
  orders: Record<ProjectionSort, number[]>;
  /** The name keys in order, as positions of their cards. */
  names: number[];
  /** The phone keys in order, as [card position, position in its phoneKeys]. */
  phones: [number, number][];
  /** The same keys in the order of their ends (the last digits). */
  phoneEnds: [number, number][];
  /** The cards in the order of their pinyin initials, as positions. */
  initials: number[];
};

/** The customer side of a list's filter (search, then any-of per field; empty = no restriction). */
export type CustomerPredicate = {
  search: string;
  statuses?: readonly CustomerStatus[];
  grades?: readonly QualificationGrade[];
  intentLevels?: readonly IntentLevel[];
  sources?: readonly CustomerSource[];
  tags?: readonly string[];
  ownerIds?: readonly string[];
};

/**
 * How a search box entry is read: digits are the start of a phone number, or its end when there
 * are four or more (尾号 5678); anything else the start of a name, and letters also the start of
 * its pinyin or of its syllables' initials.
 */
export type SearchKind = { kind: 'phone' | 'name'; value: string } | null;

/** Search keys end here: every string that starts with a prefix sorts below prefix + this. */
const MAX_CHAR = '\uffff';
/** Fewer digits than this are only the start of a number: three would find a tenth of them. */
const MIN_PHONE_END = 4;

/** One empty tag list shared by every card without tags. */
const NO_TAGS: readonly string[] = Object.freeze([]);

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const newestFirst =
  (field: 'updatedAt' | 'createdAt') =>
  (a: CustomerEntry, b: CustomerEntry): number =>
    a[field] > b[field] ? -1 : a[field] < b[field] ? 1 : byId(b.id, a.id);
// Chinese dictionary order through the pinyin key made with the entry: a plain `<` here, where a
// collator's compare would cost several times as much on each of a sort's 1.7 million comparisons.
const byName = (a: CustomerEntry, b: CustomerEntry): number =>
  a.sortKey < b.sortKey
    ? -1
    : a.sortKey > b.sortKey
      ? 1
      : a.name < b.name
        ? -1
        : a.name > b.name
          ? 1
          : byId(a.id, b.id);
const byInitials = (a: CustomerEntry, b: CustomerEntry): number =>
  a.initials < b.initials ? -1 : a.initials > b.initials ? 1 : byId(a.id, b.id);
const byKey = (a: PrefixKey, b: PrefixKey): number =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : byId(a.id, b.id);
/** Phone keys as if spelled backwards (no reversed copies held): a number's end is a prefix. */
const byKeyEnd = (a: PrefixKey, b: PrefixKey): number =>
  compareEnds(a.key, b.key) || byId(a.id, b.id);
const byDue = (a: PlannedEntry, b: PlannedEntry): number =>
  a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : byId(a.id, b.id);

export class ListProjection {
  private readonly customers = new Map<string, CustomerEntry>();
  private readonly orders: Record<ProjectionSort, SortedList<CustomerEntry>> = {
    updatedAt: new SortedList(newestFirst('updatedAt')),
    createdAt: new SortedList(newestFirst('createdAt')),
    name: new SortedList(byName),
  };
  private readonly byId = new SortedList<CustomerEntry>((a, b) => byId(a.id, b.id));
  private readonly names = new SortedList<PrefixKey>(byKey);
  private readonly phones = new SortedList<PrefixKey>(byKey);
  /** The same phone keys, by their last digits. */
  private readonly phoneEnds = new SortedList<PrefixKey>(byKeyEnd);
  private readonly initials = new SortedList<CustomerEntry>(byInitials);
  private readonly tagCounts = new Map<string, number>();
  private readonly planned = new Map<string, PlannedEntry>();
  private readonly plannedByDue = new SortedList<PlannedEntry>(byDue);
  private readonly plannedPerCustomer = new Map<string, number>();
  /** Repeated short strings (owner ids, enum values, tags) are held once. */
  private readonly strings = new Map<string, string>();

  /** Cards held, deleted ones included. */
  get customerCount(): number {
    return this.customers.size;
  }

  get plannedCount(): number {
    return this.planned.size;
  }

  /** Replaces everything with these rows (the build after unlock). */
  reset(customers: readonly Customer[], followUps: readonly FollowUp[]): void {
    this.clear();
    this.apply([
      ...customers.map((row) => ({ table: 'customers', kind: 'put', row }) as const),
      ...followUps.map((row) => ({ table: 'followUps', kind: 'put', row }) as const),
    ]);
  }

  /** Forgets every card (lock, logout). */
  clear(): void {
    this.customers.clear();
    for (const list of [...Object.values(this.orders), this.byId]) list.reset([]);
    this.names.reset([]);
    this.phones.reset([]);
    this.phoneEnds.reset([]);
    this.initials.reset([]);
    this.tagCounts.clear();
    this.planned.clear();
    this.plannedByDue.reset([]);
    this.plannedPerCustomer.clear();
    this.strings.clear();
  }

  /** Applies one committed transaction's changes, in their order. */
  apply(changes: readonly ProjectionChange[]): void {
    const customers = new Batch<CustomerEntry>();
    // A name met twice in one transaction (王伟 a hundred times in a build) is read into pinyin
    // once, and its cards share one key string.
    const keysByName = new Map<string, NameKeys>();
    const followUps = new Batch<PlannedEntry>();
    for (const change of changes) {
      if (change.kind === 'deleteRange') {
        if (change.table === 'customers') {
          for (const entry of [...this.customers.values()]) {
            if (change.inRange(entry.id)) this.dropCustomer(entry, customers);
          }
        } else {
          for (const entry of [...this.planned.values()]) {
            if (change.inRange(entry.id)) this.dropPlanned(entry, followUps);
          }
        }
      } else if (change.table === 'customers') {
        const old = this.customers.get(change.kind === 'put' ? change.row.id : change.id);
        if (old) this.dropCustomer(old, customers);
        if (change.kind === 'put') {
          this.addCustomer(this.customerEntry(change.row, old, keysByName), customers);
        }
      } else {
        const old = this.planned.get(change.kind === 'put' ? change.row.id : change.id);
        if (old) this.dropPlanned(old, followUps);
        if (change.kind === 'put' && change.row.state === 'planned') {
          this.addPlanned(this.plannedEntry(change.row), followUps);
        }
      }
    }
    if (!customers.isEmpty) {
      const removed = customers.removedList();
      const added = customers.addedList();
      for (const list of [...Object.values(this.orders), this.byId, this.initials]) {
        list.apply(removed, added);
      }
      this.names.apply(
        removed.map((entry) => entry.nameKey),
        added.map((entry) => entry.nameKey),
      );
      const removedPhones = removed.flatMap((entry) => entry.phoneKeys);
      const addedPhones = added.flatMap((entry) => entry.phoneKeys);
      this.phones.apply(removedPhones, addedPhones);
      this.phoneEnds.apply(removedPhones, addedPhones);
    }
    if (!followUps.isEmpty) this.plannedByDue.apply(followUps.removedList(), followUps.addedList());
  }

  // --- Customer list --------------------------------------------------------------------------

  /** Ids of the cards (not deleted) that match, in the sort's order. */
  customerIds(
    predicate: CustomerPredicate,
    sort: ProjectionSort,
    today: string,
    thresholds: IntentThresholds,
  ): string[] {
    const matches = this.matcher(predicate, today, thresholds);
    const candidates = this.searchCandidates(predicate.search);
    const order = this.orders[sort];
    if (candidates !== null && candidates.length * 16 < order.size) {
      const compare = sort === 'name' ? byName : newestFirst(sort);
      return candidates
        .filter(matches)
        .sort(compare)
        .map((entry) => entry.id);
    }
    const inSearch = candidates === null ? null : new Set(candidates);
    const ids: string[] = [];
    for (const entry of order.view) {
      if ((inSearch === null || inSearch.has(entry)) && matches(entry)) ids.push(entry.id);
    }
    return ids;
  }

  /** The first `limit` ids of the unfiltered list. */
  firstCustomerIds(sort: ProjectionSort, limit: number): string[] {
    const ids: string[] = [];
    for (const entry of this.orders[sort].view) {
      if (ids.length >= limit) break;
      if (!entry.deleted) ids.push(entry.id);
    }
    return ids;
  }

  /** The cards (not deleted) a restriction lets through, or null when it restricts nothing. */
  customerIdsMatching(
    predicate: CustomerPredicate,
    today: string,
    thresholds: IntentThresholds,
  ): Set<string> | null {
    if (!restricts(predicate)) return null;
    const matches = this.matcher(predicate, today, thresholds);
    const candidates = this.searchCandidates(predicate.search) ?? this.byId.view;
    const ids = new Set<string>();
    for (const entry of candidates) if (matches(entry)) ids.add(entry.id);
    return ids;
  }

  /** Every tag in use on a card (deleted ones included, as the tag index has them), in order. */
  tags(): string[] {
    return [...this.tagCounts.keys()].sort(byId);
  }

  /** Ids of the cards (deleted ones included, as the phones index had them) holding any of these numbers. */
  idsWithPhones(phones: readonly string[]): string[] {
    const ids = new Set<string>();
    for (const phone of new Set(phones)) {
      const start = this.phones.boundBy((key) => key.key < phone);
      for (let index = start; index < this.phones.size; index += 1) {
        const key = this.phones.view[index]!;
        if (key.key !== phone) break;
        ids.add(key.id);
      }
    }
    return [...ids];
  }

  customer(id: string): CustomerEntry | undefined {
    return this.customers.get(id);
  }

  // --- Follow-up views ------------------------------------------------------------------------

  /** Planned follow-ups due in [from, to), by due time then id. */
  plannedBetween(from: string, to: string): readonly PlannedEntry[] {
    const start = this.plannedByDue.boundBy((entry) => entry.dueAt < from);
    const end = this.plannedByDue.boundBy((entry) => entry.dueAt < to);
    return this.plannedByDue.view.slice(start, end);
  }

  countPlannedBetween(from: string, to: string): number {
    return (
      this.plannedByDue.boundBy((entry) => entry.dueAt < to) -
      this.plannedByDue.boundBy((entry) => entry.dueAt < from)
    );
  }

  /** Active cards (not deleted) with no planned follow-up: new, then following, then ordered; by id within. */
  noPlanIds(): string[] {
    const byStatus = new Map<string, string[]>(ACTIVE_STATUSES.map((status) => [status, []]));
    for (const entry of this.byId.view) {
      const bucket = byStatus.get(entry.status);
      if (bucket && !entry.deleted && !this.plannedPerCustomer.has(entry.id)) bucket.push(entry.id);
    }
    return [...byStatus.values()].flat();
  }

  // --- Snapshot -------------------------------------------------------------------------------

  /**
   * Everything held, as plain data (projection-snapshot.ts seals it and stores it): the entries
   * with their keys, and every order as positions, so restore() rebuilds the sorted lists without
   * comparing (V8's sort is a merge sort that finds a list already in order in one pass).
   */
  snapshot(): ProjectionSnapshot {
    const customers = this.byId.view;
    const position = new Map<CustomerEntry, number>();
    customers.forEach((entry, index) => position.set(entry, index));
    const at = (entry: CustomerEntry) => position.get(entry)!;
    const phoneAt = new Map<PrefixKey, [number, number]>();
    customers.forEach((entry, index) =>
      entry.phoneKeys.forEach((key, keyIndex) => phoneAt.set(key, [index, keyIndex])),
    );
    const nameAt = new Map<PrefixKey, number>();
    customers.forEach((entry, index) => nameAt.set(entry.nameKey, index));
    const strings: string[] = [];
    const stringAt = new Map<string, number>();
    const code = (value: string): number => {
      let index = stringAt.get(value);
      if (index === undefined) {
        index = strings.length;
        strings.push(value);
        stringAt.set(value, index);
      }
      return index;
    };
    const byCustomerId = new Map(customers.map((entry, index) => [entry.id, index]));
    return {
      version: PROJECTION_SNAPSHOT_VERSION,
      customers: customers.map((entry): SnapshotCustomer => [
        entry.id,
        code(entry.ownerId),
        entry.name,
        code(entry.status),
        code(entry.qualificationGrade),
        entry.expectedPurchaseDate,
        entry.intentLevel,
        code(entry.source),
        entry.tags.map(code),
        entry.updatedAt,
        entry.createdAt,
        entry.deleted ? 1 : 0,
        entry.phoneKeys.map((key) => key.key),
        entry.sortKey,
        code(entry.initials),
      ]),
      planned: this.plannedByDue.view.map((entry): SnapshotPlanned => [
        entry.id,
        byCustomerId.get(entry.customerId) ?? entry.customerId,
        entry.dueAt,
        code(entry.channel),
        code(entry.purpose),
      ]),
      strings,
      orders: {
        updatedAt: this.orders.updatedAt.view.map(at),
        createdAt: this.orders.createdAt.view.map(at),
        name: this.orders.name.view.map(at),
      },
      names: this.names.view.map((key) => nameAt.get(key)!),
      phones: this.phones.view.map((key) => phoneAt.get(key)!),
      phoneEnds: this.phoneEnds.view.map((key) => phoneAt.get(key)!),
      initials: this.initials.view.map(at),
    };
  }

  /** Replaces everything with a snapshot() of a projection (of this version of the code). */
  restore(snapshot: ProjectionSnapshot): void {
    if (snapshot.version !== PROJECTION_SNAPSHOT_VERSION) {
      throw new Error(`Unknown projection snapshot version ${String(snapshot.version)}`);
    }
    this.clear();
    // The snapshot's strings are held once, as the projection holds its repeated strings.
    const strings = snapshot.strings.map((value) => this.intern(value));
    const text = (index: number): string => strings[index]!;
    // Entries made field by field, and the keys are the very objects the lists hold, as apply()
    // needs to take them out.
    const customers = snapshot.customers.map((row): CustomerEntry => ({
      id: row[0],
      ownerId: text(row[1]),
      name: row[2],
      status: text(row[3]) as CustomerStatus,
      qualificationGrade: text(row[4]) as QualificationGrade,
      expectedPurchaseDate: row[5],
      intentLevel: row[6],
      source: text(row[7]) as CustomerSource,
      tags: row[8].length === 0 ? NO_TAGS : row[8].map(text),
      updatedAt: row[9],
      createdAt: row[10],
      deleted: row[11] === 1,
      nameKey: nameKeyOf(row[2], row[0]),
      phoneKeys: row[12].map((phone) => ({ key: phone, id: row[0] })),
      sortKey: row[13],
      initials: text(row[14]),
    }));
    for (const entry of customers) {
      this.customers.set(entry.id, entry);
      for (const tag of new Set(entry.tags)) {
        this.tagCounts.set(tag, (this.tagCounts.get(tag) ?? 0) + 1);
      }
    }
    // Every list comes back in the order it was saved in: no comparison is made again.
    const inOrder = (positions: readonly number[]) => positions.map((index) => customers[index]!);
    this.byId.resetSorted(customers);
    for (const sort of Object.keys(this.orders) as ProjectionSort[]) {
      this.orders[sort].resetSorted(inOrder(snapshot.orders[sort]));
    }
    this.names.resetSorted(snapshot.names.map((index) => customers[index]!.nameKey));
    const phoneKey = ([index, keyIndex]: [number, number]) =>
      customers[index]!.phoneKeys[keyIndex]!;
    this.phones.resetSorted(snapshot.phones.map(phoneKey));
    this.phoneEnds.resetSorted(snapshot.phoneEnds.map(phoneKey));
    this.initials.resetSorted(inOrder(snapshot.initials));
    const planned = snapshot.planned.map((row): PlannedEntry => ({
      id: row[0],
      // The card's own id string when it is held, as plannedEntry() does.
      customerId: typeof row[1] === 'number' ? customers[row[1]]!.id : row[1],
      dueAt: row[2],
      channel: text(row[3]) as FollowUpChannel,
      purpose: text(row[4]),
    }));
    for (const entry of planned) {
      this.planned.set(entry.id, entry);
      this.plannedPerCustomer.set(
        entry.customerId,
        (this.plannedPerCustomer.get(entry.customerId) ?? 0) + 1,
      );
    }
    this.plannedByDue.resetSorted(planned);
  }

  // --- Internals ------------------------------------------------------------------------------

  /** The cards a search selects (deleted ones included), or null for no search. */
  private searchCandidates(search: string): CustomerEntry[] | null {
    const kind = readSearch(search);
    if (kind === null) return null;
    const seen = new Set<CustomerEntry>();
    const takeKeys = (keys: readonly PrefixKey[]) => {
      for (const key of keys) {
        const entry = this.customers.get(key.id);
        if (entry) seen.add(entry);
      }
    };
    const takeEntries = (entries: readonly CustomerEntry[]) => {
      for (const entry of entries) seen.add(entry);
    };
    if (kind.kind === 'phone') {
      takeKeys(startingWith(this.phones, (key) => key.key, kind.value));
      if (kind.value.length >= MIN_PHONE_END) takeKeys(this.endingWith(kind.value));
      return [...seen];
    }
    takeKeys(startingWith(this.names, (key) => key.key, kind.value.toLowerCase()));
    const letters = pinyinSearch(kind.value);
    if (letters !== null) {
      takeEntries(startingWith(this.initials, (entry) => entry.initials, letters));
      for (const prefix of pinyinPrefixes(letters)) {
        takeEntries(startingWith(this.orders.name, (entry) => entry.sortKey, prefix));
      }
    }
    return [...seen];
  }

  /** The phone keys that end with these digits: a range of the list by last digits. */
  private endingWith(digits: string): PrefixKey[] {
    const list = this.phoneEnds;
    const keys: PrefixKey[] = [];
    for (
      let index = list.boundBy((key) => compareEnds(key.key, digits) < 0);
      index < list.size && list.view[index]!.key.endsWith(digits);
      index += 1
    ) {
      keys.push(list.view[index]!);
    }
    return keys;
  }

  private matcher(
    predicate: CustomerPredicate,
    today: string,
    thresholds: IntentThresholds,
  ): (entry: CustomerEntry) => boolean {
    const statuses = setOf(predicate.statuses);
    const grades = setOf(predicate.grades);
    const sources = setOf(predicate.sources);
    const tags = setOf(predicate.tags);
    const owners = setOf(predicate.ownerIds);
    const levels = setOf<IntentLevel | null>(predicate.intentLevels);
    const levelOf = levels ? intentOfToday(today, thresholds) : null;
    return (entry) =>
      !entry.deleted &&
      (statuses === null || statuses.has(entry.status)) &&
      (grades === null || grades.has(entry.qualificationGrade)) &&
      (sources === null || sources.has(entry.source)) &&
      (owners === null || owners.has(entry.ownerId)) &&
      (tags === null || entry.tags.some((tag) => tags.has(tag))) &&
      (levels === null || levels.has(levelOf!(entry)));
  }

  /**
   * The entry of a row. The name's keys come from the card's `old` entry when it kept its name,
   * else from `keysByName` (the transaction's names so far), else from its pinyin.
   */
  private customerEntry(
    row: Customer,
    old: CustomerEntry | undefined,
    keysByName: Map<string, NameKeys>,
  ): CustomerEntry {
    const intern = (value: string) => this.intern(value);
    // Rows from a pull may lack fields an older server never sent: held as empty, never thrown on.
    const name = row.name ?? '';
    let keys: NameKeys | undefined = old !== undefined && old.name === name ? old : undefined;
    keys ??= keysByName.get(name);
    if (keys === undefined) {
      keys = nameKeys(name);
      keysByName.set(name, keys);
    }
    return {
      id: row.id,
      ownerId: intern(row.ownerId ?? ''),
      name,
      status: intern(row.status ?? '') as CustomerStatus,
      qualificationGrade: intern(row.qualificationGrade ?? '') as QualificationGrade,
      expectedPurchaseDate: row.expectedPurchaseDate || null,
      intentLevel: row.intentLevel ?? null,
      source: intern(row.source ?? '') as CustomerSource,
      tags: (row.tags ?? []).map(intern),
      updatedAt: row.updatedAt ?? '',
      createdAt: row.createdAt ?? '',
      deleted: row.deleted === true,
      nameKey: nameKeyOf(name, row.id),
      phoneKeys: [...new Set(row.phones ?? [])].map((phone) => ({ key: phone, id: row.id })),
      sortKey: keys.sortKey,
      // Initials repeat (about one card in ten shares its two or three letters): held once.
      initials: intern(keys.initials),
    };
  }

  private plannedEntry(row: FollowUp): PlannedEntry {
    return {
      id: row.id,
      // The card's own id string when it is held, so 280,000 follow-ups add no copies.
      customerId: this.customers.get(row.customerId)?.id ?? row.customerId,
      dueAt: row.dueAt ?? '',
      channel: this.intern(row.channel ?? '') as FollowUpChannel,
      purpose: this.intern(row.purpose ?? ''),
    };
  }

  private addCustomer(entry: CustomerEntry, batch: Batch<CustomerEntry>): void {
    this.customers.set(entry.id, entry);
    for (const tag of new Set(entry.tags)) {
      this.tagCounts.set(tag, (this.tagCounts.get(tag) ?? 0) + 1);
    }
    batch.add(entry);
  }

  private dropCustomer(entry: CustomerEntry, batch: Batch<CustomerEntry>): void {
    this.customers.delete(entry.id);
    for (const tag of new Set(entry.tags)) {
      const count = (this.tagCounts.get(tag) ?? 0) - 1;
      if (count > 0) this.tagCounts.set(tag, count);
      else this.tagCounts.delete(tag);
    }
    batch.remove(entry);
  }

  private addPlanned(entry: PlannedEntry, batch: Batch<PlannedEntry>): void {
    this.planned.set(entry.id, entry);
    this.plannedPerCustomer.set(
      entry.customerId,
      (this.plannedPerCustomer.get(entry.customerId) ?? 0) + 1,
    );
    batch.add(entry);
  }

  private dropPlanned(entry: PlannedEntry, batch: Batch<PlannedEntry>): void {
    this.planned.delete(entry.id);
    const count = (this.plannedPerCustomer.get(entry.customerId) ?? 0) - 1;
    if (count > 0) this.plannedPerCustomer.set(entry.customerId, count);
    else this.plannedPerCustomer.delete(entry.customerId);
    batch.remove(entry);
  }

  private intern(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    this.strings.set(value, value);
    return value;
  }
}

/** One transaction's removals and additions of a list; an entry added then dropped cancels out. */
class Batch<T> {
  private readonly removed: T[] = [];
  private readonly added = new Set<T>();

  get isEmpty(): boolean {
    return this.removed.length === 0 && this.added.size === 0;
  }

  add(item: T): void {
    this.added.add(item);
  }

  remove(item: T): void {
    if (!this.added.delete(item)) this.removed.push(item);
  }

  removedList(): T[] {
    return this.removed;
  }

  addedList(): T[] {
    return [...this.added];
  }
}

/** A card's key in the name prefix list: its name lower-cased (the same string when unchanged). */
function nameKeyOf(name: string, id: string): PrefixKey {
  const lower = name.toLowerCase();
  return { key: lower === name ? name : lower, id };
}

/** How a search box entry is read: digits (in any phone format) are a phone, else a name (see SearchKind). */
export function readSearch(search: string): SearchKind {
  const trimmed = search.trim();
  if (!trimmed) return null;
  const phone = normalizePhone(trimmed);
  if (/^\d+$/.test(phone)) return { kind: 'phone', value: phone };
  return { kind: 'name', value: trimmed };
}

/** The items of a sorted list whose key (the list's order) starts with `prefix`, by binary search. */
function startingWith<T>(
  list: SortedList<T>,
  keyOf: (item: T) => string,
  prefix: string,
): readonly T[] {
  const start = list.boundBy((item) => keyOf(item) < prefix);
  const end = list.boundBy((item) => keyOf(item) < prefix + MAX_CHAR);
  return list.view.slice(start, end);
}

/** Compares two strings as if each were spelled backwards. */
function compareEnds(a: string, b: string): number {
  let i = a.length - 1;
  let j = b.length - 1;
  for (; i >= 0 && j >= 0; i -= 1, j -= 1) {
    const difference = a.charCodeAt(i) - b.charCodeAt(j);
    if (difference !== 0) return difference;
  }
  return i - j;
}

function restricts(predicate: CustomerPredicate): boolean {
  return (
    predicate.search.trim() !== '' ||
    [
      predicate.statuses,
      predicate.grades,
      predicate.intentLevels,
      predicate.sources,
      predicate.tags,
      predicate.ownerIds,
    ].some((values) => values !== undefined && values.length > 0)
  );
}

function setOf<T>(values: readonly T[] | undefined): Set<T> | null {
  return values && values.length > 0 ? new Set(values) : null;
}

/**
 * The level on `today` of an entry (currentIntentLevel), through the date ranges of each level
 * worked out once per query: a string comparison per card instead of date arithmetic.
 */
function intentOfToday(
  today: string,
  thresholds: IntentThresholds,
): (entry: CustomerEntry) => IntentLevel | null {
  const ranges = INTENT_LEVELS.map((level) => ({
    level,
    ...intentDateRange(level, today, thresholds),
  }));
  return (entry) => {
    const date = entry.expectedPurchaseDate;
    if (!date) return entry.intentLevel;
    for (const { level, from, to } of ranges) {
      // Inclusive days; a date with a time part still belongs to its day.
      if ((from === null || date >= from) && (to === null || date <= `${to}${MAX_CHAR}`)) {
        return level;
      }
    }
    return null;
  };
}
