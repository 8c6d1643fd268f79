// The bench page: runs the app's real data layer in this browser's real IndexedDB and measures it
// against the raw floor. It only exposes functions on window; run.ts decides what runs when, so
// each call is short enough to report progress and the runner can sample memory between calls.

import { AppDB } from '../../renderer/db/AppDB';
import { testKeySource } from '../../renderer/test-support/test-keys';
import {
  listTags,
  queryCustomerIds,
  queryFirstCustomerIds,
  searchKind,
  EMPTY_CUSTOMER_FILTER,
  type CustomerListFilter,
} from '../../renderer/db/customer-queries';
import {
  countFollowUpViews,
  listFollowUpView,
  listNoPlanCustomers,
  noPlanCustomerIds,
  viewRange,
  VIEW_ROW_LIMIT,
  type FollowUpView,
} from '../../renderer/db/follow-up-queries';
import { ensureProfile, writeContextFor } from '../../renderer/db/profile-repo';
import {
  clearProjection,
  projectionBuildSource,
  projectionBuildTimes,
  readyProjection,
  saveProjectionSnapshot,
  startProjection,
} from '../../renderer/db/projection/projection-store';
import { nameKeys, pinyinSearch, type NameKeys } from '../../renderer/db/projection/name-keys';
import { loadSampleShowroom } from '../../renderer/db/sample-data-repo';
import { countDashboard, countsInWorker } from '../../renderer/features/dashboard/count-dashboard';
import { loadDashboardData } from '../../renderer/features/dashboard/dashboard-data';
import {
  dashboardMetrics,
  type DashboardData,
} from '../../renderer/features/dashboard/dashboard-metrics';
import { presetDays, rangeOfDays } from '../../renderer/features/dashboard/date-range';
import type { Customer } from '../../shared/domain/customer';
import { ACTIVE_STATUSES, type CustomerStatus } from '../../shared/domain/customer-status';
import type { FollowUp, FollowUpBucket } from '../../shared/domain/follow-up';
import {
  generateShowroom,
  type SampleCustomer,
  type SampleFollowUp,
} from '../../shared/sample-data/showroom';
import { sameFieldValue } from '../../shared/sync/field-value';
import {
  CUSTOMER_QUERY_SCENARIOS,
  SAMPLE_SEED,
  SCREEN_ROWS,
  type AppLoadResult,
  type BenchApi,
  type Comparison,
  type GenerateResult,
  type PageEnvironment,
  type ProjectionResult,
  type RawLoadResult,
  type StorageResult,
  type Timing,
} from './bench-api';

/** Same chunk as sample-data-repo.ts, so the floor commits as many transactions as the app. */
const FLOOR_CHUNK = 2_000;

/** The database the app loaded; every query scenario reads it. */
let appDb: AppDB | null = null;
/**
 * The floor of the in-memory lists: the same rows as plain JavaScript arrays, read once. A query
 * over them (filter, then sort) is what the projection must beat or match without holding rows.
 */
let floorRows: { customers: Customer[]; followUps: FollowUp[] } | null = null;

async function memoryRows(db: AppDB): Promise<{ customers: Customer[]; followUps: FollowUp[] }> {
  floorRows ??= {
    customers: await db.customers.toArray(),
    followUps: await db.followUps.toArray(),
  };
  return floorRows;
}

/** The list screen's ids, held on purpose while the runner weighs the heap. */
let heldIds: string[] | null = null;

function requireAppDb(): AppDB {
  if (!appDb) throw new Error('loadApp() must run before the query scenarios');
  return appDb;
}

function uniqueDbName(kind: string): string {
  return `dealerdesk-bench-${kind}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Logs every ~10% so a 100k load shows it is alive; the runner echoes these lines. */
function progressLogger(label: string, total: number): (done: number) => void {
  const step = Math.max(1, Math.ceil(total / 10));
  let next = step;
  return (done) => {
    if (done >= next || done === total) {
      console.info(
        `[bench] ${label}: ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`,
      );
      while (next <= done) next += step;
    }
  };
}

async function measure<T>(
  runs: number,
  work: () => Promise<T>,
): Promise<{ timing: Timing; result: T }> {
  // One un-timed warm-up: the median should describe a screen in use, not the first open.
  let started = performance.now();
  let result = await work();
  const firstMs = performance.now() - started;
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    started = performance.now();
    result = await work();
    times.push(performance.now() - started);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1
      ? (sorted[middle] ?? 0)
      : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return {
    timing: {
      medianMs: median,
      minMs: sorted[0] ?? 0,
      maxMs: sorted.at(-1) ?? 0,
      firstMs,
      runs,
    },
    result,
  };
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((id) => set.has(id));
}

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, index) => id === b[index]);
}

async function compareIds(
  section: string,
  name: string,
  app: string,
  floor: string,
  runs: number,
  appWork: () => Promise<string[]>,
  floorWork: () => Promise<string[]>,
  ordered: boolean,
): Promise<Comparison> {
  // The runner echoes this, so a long section (minutes at 100k) still shows where it is.
  console.info(`[bench]   measuring ${section}: ${name}…`);
  const appRun = await measure(runs, appWork);
  const floorRun = await measure(runs, floorWork);
  return {
    section,
    name,
    app,
    floor,
    appTiming: appRun.timing,
    floorTiming: floorRun.timing,
    resultSize: appRun.result.length,
    detail: null,
    sameResult: sameIds(appRun.result, floorRun.result),
    sameOrder: ordered ? sameOrder(appRun.result, floorRun.result) : null,
  };
}

// ---- Loading ----

function groupByCustomer(followUps: SampleFollowUp[]): Map<string, SampleFollowUp[]> {
  const byCustomer = new Map<string, SampleFollowUp[]>();
  for (const followUp of followUps) {
    const list = byCustomer.get(followUp.customerId) ?? [];
    list.push(followUp);
    byCustomer.set(followUp.customerId, list);
  }
  return byCustomer;
}

async function generateOnly(customers: number): Promise<GenerateResult> {
  const started = performance.now();
  const showroom = generateShowroom({ seed: SAMPLE_SEED, customers, now: new Date() });
  return {
    ms: performance.now() - started,
    customers: showroom.customers.length,
    followUps: showroom.followUps.length,
  };
}

/**
 * The raw floor: the same generated rows, bulkPut into the same schema (so the same indexes are
 * maintained) in the same 2,000-customer transactions — but no outbox, no clocks, no HLC, no
 * timeline. The synced columns get constant values only because the table type requires them.
 */
async function loadRaw(customers: number): Promise<RawLoadResult> {
  const db = new AppDB(uniqueDbName('raw'), testKeySource);
  await db.open();
  const progress = progressLogger('raw floor bulkPut', customers);
  const started = performance.now();
  const showroom = generateShowroom({ seed: SAMPLE_SEED, customers, now: new Date() });
  const generated = performance.now();
  const followUpsByCustomer = groupByCustomer(showroom.followUps);
  const synced = { dealershipId: 'bench', ownerId: 'bench', deleted: false, clocks: {} };
  const total = showroom.customers.length;
  for (let start = 0; start < total; start += FLOOR_CHUNK) {
    const chunk: SampleCustomer[] = showroom.customers.slice(start, start + FLOOR_CHUNK);
    const customerRows: Customer[] = chunk.map((customer) => ({ ...customer, ...synced }));
    const followUpRows: FollowUp[] = chunk.flatMap((customer) =>
      (followUpsByCustomer.get(customer.id) ?? []).map((followUp) => ({ ...followUp, ...synced })),
    );
    await db.transaction('rw', db.customers, db.followUps, async () => {
      await db.customers.bulkPut(customerRows);
      await db.followUps.bulkPut(followUpRows);
    });
    progress(Math.min(start + FLOOR_CHUNK, total));
  }
  const finished = performance.now();
  const result: RawLoadResult = {
    dbName: db.name,
    generateMs: generated - started,
    putMs: finished - generated,
    totalMs: finished - started,
    customers: await db.customers.count(),
    followUps: await db.followUps.count(),
  };
  db.close();
  return result;
}

/** The app's own path: loadSampleShowroom (generate + write path: rows, clocks, outbox, timeline). */
async function loadApp(customers: number): Promise<AppLoadResult> {
  const db = new AppDB(uniqueDbName('app'), testKeySource);
  await db.open();
  // Profile and write context are app start-up, not part of the load being measured.
  const ctx = writeContextFor(db, await ensureProfile(db));
  const progress = progressLogger('write path (loadSampleShowroom)', customers);
  const started = performance.now();
  await loadSampleShowroom(ctx, {
    customers,
    seed: SAMPLE_SEED,
    onProgress: ({ done }) => progress(done),
  });
  const totalMs = performance.now() - started;
  appDb = db;
  return {
    dbName: db.name,
    totalMs,
    customers: await db.customers.count(),
    followUps: await db.followUps.count(),
    timeline: await db.timeline.count(),
    outbox: await db.outbox.count(),
  };
}

// ---- Customer list ----

/**
 * The pinyin keys of the floor's rows, worked out in its (un-timed) warm-up: the floor holds the
 * rows and their keys, then filters and sorts on every query. Dropped with the rows.
 */
const floorNameKeys = new WeakMap<Customer, NameKeys>();
function floorKeysOf(row: Customer): NameKeys {
  let keys = floorNameKeys.get(row);
  if (!keys) {
    keys = nameKeys(row.name);
    floorNameKeys.set(row, keys);
  }
  return keys;
}

/** The naive list: every card in memory, then filter and sort in JS with the app's semantics. */
function floorCustomerIds(rows: Customer[], filter: CustomerListFilter): string[] {
  const search = searchKind(filter.search);
  const needle = search?.kind === 'name' ? search.value.toLowerCase() : (search?.value ?? '');
  const letters = search?.kind === 'name' ? pinyinSearch(search.value) : null;
  // Digits: the start of a number, or its end from four digits on (尾号).
  const phoneMatches = (phone: string) =>
    phone.startsWith(needle) || (needle.length >= 4 && phone.endsWith(needle));
  const nameMatches = (row: Customer) => {
    if (row.name.toLowerCase().startsWith(needle)) return true;
    if (letters === null) return false;
    const { sortKey, initials } = floorKeysOf(row);
    return initials.startsWith(letters) || sortKey.replaceAll(' ', '').startsWith(letters);
  };
  const kept = rows.filter(
    (row) =>
      !row.deleted &&
      (search === null ||
        (search.kind === 'phone' ? row.phones.some(phoneMatches) : nameMatches(row))) &&
      (filter.statuses.length === 0 || filter.statuses.includes(row.status)) &&
      (filter.grades.length === 0 || filter.grades.includes(row.qualificationGrade)) &&
      (filter.intentLevels.length === 0 ||
        (row.intentLevel !== null && filter.intentLevels.includes(row.intentLevel))) &&
      (filter.sources.length === 0 || filter.sources.includes(row.source)) &&
      (filter.tags.length === 0 || row.tags.some((tag) => filter.tags.includes(tag))),
  );
  // Ties broken by id the way an index walk breaks them (primary key, reversed for descending).
  if (filter.sort === 'name') {
    // Chinese dictionary order: the pinyin key, then the name, then the id.
    kept.sort(
      (a, b) =>
        compareStrings(floorKeysOf(a).sortKey, floorKeysOf(b).sortKey) ||
        compareStrings(a.name, b.name) ||
        compareStrings(a.id, b.id),
    );
  } else {
    const field = filter.sort;
    kept.sort((a, b) => compareStrings(b[field], a[field]) || compareStrings(b.id, a.id));
  }
  return kept.map((row) => row.id);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function customerQuery(name: string, runs: number): Promise<Comparison> {
  const scenario = CUSTOMER_QUERY_SCENARIOS.find((candidate) => candidate.name === name);
  if (!scenario) throw new Error(`Unknown customer query scenario: ${name}`);
  const db = requireAppDb();
  return compareIds(
    'customer list',
    scenario.name,
    'queryCustomerIds (projection)',
    'JS array of the rows + filter/sort',
    runs,
    () => queryCustomerIds(db, scenario.filter),
    async () => floorCustomerIds((await memoryRows(db)).customers, scenario.filter),
    true,
  );
}

async function benchListTags(runs: number): Promise<Comparison> {
  const db = requireAppDb();
  return compareIds(
    'customer list',
    'tag filter options',
    'listTags',
    'JS array of the rows + Set of tags',
    runs,
    () => listTags(db),
    async () => {
      const tags = new Set((await memoryRows(db)).customers.flatMap((row) => row.tags));
      return [...tags].sort(compareStrings);
    },
    true,
  );
}

// ---- One screen of rows ----

/** The true floor for a point read: native IndexedDB gets in one read-only transaction. */
function nativeGets(idb: IDBDatabase, ids: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const transaction = idb.transaction('customers', 'readonly');
    const store = transaction.objectStore('customers');
    const found: string[] = [];
    for (const id of ids) {
      const request = store.get(id);
      request.onsuccess = () => {
        const row: unknown = request.result;
        if (row && typeof row === 'object' && 'id' in row && typeof row.id === 'string') {
          found.push(row.id);
        }
      };
    }
    transaction.oncomplete = () => resolve(found);
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB read failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB read aborted'));
  });
}

function presentIds(rows: (Customer | undefined)[]): string[] {
  return rows.flatMap((row) => (row ? [row.id] : []));
}

async function screenRows(runs: number): Promise<Comparison[]> {
  const db = requireAppDb();
  const list = await queryCustomerIds(db, EMPTY_CUSTOMER_FILTER);
  const top = list.slice(0, SCREEN_ROWS);
  // A screen half-way down: what a consultant scrolling the list loads.
  const middle = Math.floor(list.length / 2);
  const scrolled = list.slice(middle, middle + SCREEN_ROWS);
  const idb = db.backendDB();
  const results: Comparison[] = [];
  for (const [name, ids] of [
    [`bulkGet ${SCREEN_ROWS} (top of list)`, top],
    [`bulkGet ${SCREEN_ROWS} (mid-list)`, scrolled],
  ] as const) {
    results.push(
      await compareIds(
        'one screen',
        name,
        'customers.bulkGet',
        `native IDB get ×${SCREEN_ROWS}, one transaction`,
        runs,
        async () => presentIds(await db.customers.bulkGet([...ids])),
        () => nativeGets(idb, ids),
        true,
      ),
    );
  }
  results.push(
    await compareIds(
      'one screen',
      'first screen, end to end',
      `queryCustomerIds + bulkGet ${SCREEN_ROWS}`,
      `customers.toArray() + sort + slice ${SCREEN_ROWS}`,
      runs,
      async () => {
        const ids = await queryCustomerIds(db, EMPTY_CUSTOMER_FILTER);
        return presentIds(await db.customers.bulkGet(ids.slice(0, SCREEN_ROWS)));
      },
      async () =>
        floorCustomerIds(await db.customers.toArray(), EMPTY_CUSTOMER_FILTER).slice(0, SCREEN_ROWS),
      true,
    ),
  );
  // What the list actually shows first: the short first-screen query (see useCustomerIds).
  results.push(
    await compareIds(
      'one screen',
      'first screen, quick path',
      `queryFirstCustomerIds + bulkGet ${SCREEN_ROWS}`,
      `customers.toArray() + sort + slice ${SCREEN_ROWS}`,
      runs,
      async () => {
        const ids = await queryFirstCustomerIds(db, EMPTY_CUSTOMER_FILTER.sort, SCREEN_ROWS);
        return presentIds(await db.customers.bulkGet(ids));
      },
      async () =>
        floorCustomerIds(await db.customers.toArray(), EMPTY_CUSTOMER_FILTER).slice(0, SCREEN_ROWS),
      true,
    ),
  );
  return results;
}

// ---- Follow-up views ----

function floorPlannedIn(followUps: FollowUp[], [from, to]: [string, string]): FollowUp[] {
  return followUps
    .filter((row) => row.state === 'planned' && row.dueAt >= from && row.dueAt < to)
    .sort((a, b) => compareStrings(a.dueAt, b.dueAt) || compareStrings(a.id, b.id));
}

function floorNoPlan(customers: Customer[], followUps: FollowUp[]): string[] {
  const withPlan = new Set(
    followUps.filter((row) => row.state === 'planned').map((row) => row.customerId),
  );
  const active: readonly CustomerStatus[] = ACTIVE_STATUSES;
  // In the app's order: new leads first, then following, then ordered (ACTIVE_STATUSES), then id.
  return customers
    .filter((row) => active.includes(row.status) && !withPlan.has(row.id))
    .sort(
      (a, b) => active.indexOf(a.status) - active.indexOf(b.status) || compareStrings(a.id, b.id),
    )
    .map((row) => row.id);
}

/** Counts flattened into one comparable key so the count comparison reuses compareIds. */
function countsKey(counts: Record<FollowUpView, number>): string[] {
  return [
    `past_due=${counts.past_due}`,
    `due_today=${counts.due_today}`,
    `upcoming=${counts.upcoming}`,
    `no_plan=${counts.no_plan}`,
  ];
}

async function countsDetail(db: AppDB, now: Date): Promise<string> {
  return countsKey(await countFollowUpViews(db, now)).join(' ');
}

async function followUpList(
  db: AppDB,
  view: FollowUpBucket,
  runs: number,
  now: Date,
): Promise<Comparison> {
  return compareIds(
    'follow-ups',
    `list "${view}"`,
    'listFollowUpView',
    `JS array of the follow-ups + filter/sort + customers.bulkGet`,
    runs,
    async () => (await listFollowUpView(db, view, now)).map((row) => row.followUp.id),
    async () => {
      const planned = floorPlannedIn((await memoryRows(db)).followUps, viewRange(view, now)).slice(
        0,
        VIEW_ROW_LIMIT,
      );
      const customers = await db.customers.bulkGet(planned.map((row) => row.customerId));
      return planned.filter((_, index) => customers[index]).map((row) => row.id);
    },
    true,
  );
}

async function followUpViews(runs: number): Promise<Comparison[]> {
  const db = requireAppDb();
  // One "now" for every run, so app and floor answer the same question.
  const now = new Date();
  const results: Comparison[] = [];
  const counts = await compareIds(
    'follow-ups',
    'view counts (4 tabs)',
    'countFollowUpViews',
    'JS arrays of the rows + filter',
    runs,
    async () => countsKey(await countFollowUpViews(db, now)),
    async () => {
      const { followUps, customers } = await memoryRows(db);
      const count = (view: FollowUpBucket) =>
        floorPlannedIn(followUps, viewRange(view, now)).length;
      return countsKey({
        past_due: count('past_due'),
        due_today: count('due_today'),
        upcoming: count('upcoming'),
        no_plan: floorNoPlan(customers, followUps).length,
      });
    },
    true,
  );
  results.push({ ...counts, detail: await countsDetail(db, now) });
  results.push(await followUpList(db, 'due_today', runs, now));
  results.push(await followUpList(db, 'upcoming', runs, now));
  results.push(
    await compareIds(
      'follow-ups',
      'no-plan ids',
      'noPlanCustomerIds',
      'JS arrays of the rows + filter',
      runs,
      () => noPlanCustomerIds(db),
      async () => {
        const { customers, followUps } = await memoryRows(db);
        return floorNoPlan(customers, followUps);
      },
      false,
    ),
  );
  results.push(
    await compareIds(
      'follow-ups',
      'no-plan list (rows)',
      'listNoPlanCustomers',
      'JS arrays of the rows + filter',
      runs,
      async () => (await listNoPlanCustomers(db)).map((row) => row.id),
      async () => {
        const { customers, followUps } = await memoryRows(db);
        return floorNoPlan(customers, followUps).slice(0, VIEW_ROW_LIMIT);
      },
      true,
    ),
  );
  return results;
}

// ---- Dashboard ----

/** Every row of the tables the dashboard reads, the naive way. */
async function floorDashboardData(db: AppDB): Promise<DashboardData> {
  const [customers, followUps, surveys, complaints, team] = await Promise.all([
    db.customers.toArray(),
    db.followUps.toArray(),
    db.surveys.toArray(),
    db.complaints.toArray(),
    db.team.toArray(),
  ]);
  return { customers, followUps, surveys, complaints, team };
}

/** Three seconds with nothing to do: V8 collects garbage in idle time. */
function quietSpell(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 3_000));
}

/** The longest main-thread task while `work` runs: what a user would feel as a freeze. */
async function longestTask<T>(work: () => Promise<T>): Promise<{ result: T; longestMs: number }> {
  let longestMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longestMs = Math.max(longestMs, entry.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });
  try {
    const result = await work();
    // Long-task entries are delivered after the task; give the observer a turn.
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const entry of observer.takeRecords()) longestMs = Math.max(longestMs, entry.duration);
    return { result, longestMs };
  } finally {
    observer.disconnect();
  }
}

/**
 * The dashboard for two ranges, as the page counts it (countDashboard: index reads and the pure
 * counts in a worker), against every row of the five tables plus the same counts on this thread.
 * Same answer = the same metrics, to the last digit. The detail gives the rows read, the counting
 * alone, and the longest main-thread task with the worker and without it (a user feels those).
 */
async function dashboard(runs: number): Promise<Comparison[]> {
  const db = requireAppDb();
  const now = new Date();
  const results: Comparison[] = [];
  for (const preset of ['last30Days', 'thisQuarter'] as const) {
    const range = rangeOfDays(...presetDays(preset, now));
    const name = `${preset} (read + count)`;
    console.info(`[bench]   measuring dashboard: ${name}…`);
    // Long tasks first, each after a quiet spell: garbage an earlier phase left on this thread
    // would otherwise be collected during the measurement and be counted against it.
    await quietSpell();
    const withWorker = await longestTask(() => countDashboard(db, range, now));
    await quietSpell();
    const onThisThread = await longestTask(async () =>
      dashboardMetrics(await loadDashboardData(db, range), range, now),
    );
    const appRun = await measure(runs, () => countDashboard(db, range, now));
    const floorRun = await measure(runs, async () =>
      dashboardMetrics(await floorDashboardData(db), range, now),
    );
    const data = await loadDashboardData(db, range);
    const counting = await measure(runs, async () => dashboardMetrics(data, range, now));
    results.push({
      section: 'dashboard',
      name,
      app: countsInWorker() ? 'countDashboard (in its worker)' : 'countDashboard (NO worker)',
      floor: 'five tables .toArray() + dashboardMetrics',
      appTiming: appRun.timing,
      floorTiming: floorRun.timing,
      resultSize: data.customers.length + data.followUps.length,
      detail:
        `${data.customers.length} customers + ${data.followUps.length} follow-ups read; ` +
        `counting alone ${counting.timing.medianMs.toFixed(1)} ms; longest main-thread task ` +
        `${withWorker.longestMs.toFixed(0)} ms (without the worker ${onThisThread.longestMs.toFixed(0)} ms)`,
      sameResult: sameFieldValue(appRun.result, floorRun.result),
      sameOrder: null,
    });
  }
  return results;
}

// ---- The projection ----

/**
 * Drops the projection (as a lock does), builds it (as an unlock does: from the stored snapshot
 * when there is a usable one, else from every row), or stores its snapshot. A build is timed to
 * the first screen: the projection, then the first rows of the list read and opened.
 */
async function projection(action: 'clear' | 'build' | 'save'): Promise<ProjectionResult> {
  const db = requireAppDb();
  // The floor's arrays would be weighed with the projection: dropped first.
  floorRows = null;
  const empty = { ms: 0, readMs: 0, firstScreenMs: 0, customers: 0, planned: 0, from: null };
  if (action === 'clear') {
    clearProjection(db);
    return empty;
  }
  if (action === 'save') {
    const started = performance.now();
    await saveProjectionSnapshot(db);
    const bytes = (await db.projectionSnapshots.toArray())[0]?.sealed.byteLength ?? 0;
    return { ...empty, ms: performance.now() - started, snapshotBytes: bytes };
  }
  const started = performance.now();
  await startProjection(db);
  const ms = performance.now() - started;
  const ids = await queryFirstCustomerIds(db, EMPTY_CUSTOMER_FILTER.sort, SCREEN_ROWS);
  await db.customers.bulkGet(ids);
  const firstScreenMs = performance.now() - started;
  const built = await readyProjection(db);
  const { readMs } = projectionBuildTimes(db);
  return {
    ms,
    readMs,
    firstScreenMs,
    customers: built.customerCount,
    planned: built.plannedCount,
    from: projectionBuildSource(db),
  };
}

// ---- Memory and storage ----

async function holdListIds(hold: boolean): Promise<number> {
  // The floor's arrays of rows are not what the list screen holds.
  floorRows = null;
  heldIds = hold ? await queryCustomerIds(requireAppDb(), EMPTY_CUSTOMER_FILTER) : null;
  return heldIds?.length ?? 0;
}

/** Chromium adds a per-system breakdown that lib.dom does not declare. */
type ChromiumStorageEstimate = StorageEstimate & { usageDetails?: Record<string, number> };

async function storageEstimate(): Promise<StorageResult> {
  const estimate: ChromiumStorageEstimate = await navigator.storage.estimate();
  return {
    usageBytes: estimate.usage ?? 0,
    quotaBytes: estimate.quota ?? 0,
    indexedDbBytes: estimate.usageDetails?.indexedDB ?? null,
  };
}

async function environment(): Promise<PageEnvironment> {
  return {
    userAgent: navigator.userAgent,
    hardwareConcurrency: navigator.hardwareConcurrency,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  };
}

const api: BenchApi = {
  environment,
  generateOnly,
  loadRaw,
  loadApp,
  customerQuery,
  listTags: benchListTags,
  screenRows,
  followUpViews,
  dashboard,
  holdListIds,
  projection,
  storageEstimate,
};

window.dealerBench = api;
document.body.dataset.ready = 'true';
