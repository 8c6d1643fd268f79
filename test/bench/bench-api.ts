// The contract between the bench page (bench.ts, runs in Chromium) and the Node runner (run.ts).
// Types only, plus the scenario list both sides agree on, so the runner can ask for scenarios by
// name and the page owns how each one is measured.

import { EMPTY_CUSTOMER_FILTER, type CustomerListFilter } from '../../renderer/db/customer-queries';

/** One measured operation: the median is the figure; min/max/first show how noisy it was. */
export type Timing = {
  medianMs: number;
  minMs: number;
  maxMs: number;
  /** The un-timed warm-up run (cold caches, cold JIT), kept so a slow first open is visible. */
  firstMs: number;
  runs: number;
};

/** The app's function against the raw floor doing the same job the naive way. */
export type Comparison = {
  section: string;
  name: string;
  /** What the app call is, and what the floor does instead. */
  app: string;
  floor: string;
  appTiming: Timing;
  floorTiming: Timing;
  /** Rows (or ids) the app call returned. */
  resultSize: number;
  /** A short summary of the answer where a size says little (e.g. the four view counts). */
  detail: string | null;
  /** Did the floor compute the same answer? A benchmark of a wrong query is worthless. */
  sameResult: boolean;
  /** Same order too; null where the app promises no order. */
  sameOrder: boolean | null;
};

export type GenerateResult = { ms: number; customers: number; followUps: number };

export type RawLoadResult = {
  dbName: string;
  generateMs: number;
  putMs: number;
  totalMs: number;
  customers: number;
  followUps: number;
};

export type AppLoadResult = {
  dbName: string;
  totalMs: number;
  customers: number;
  followUps: number;
  timeline: number;
  outbox: number;
};

export type StorageResult = {
  usageBytes: number;
  quotaBytes: number;
  /** Chromium's per-system breakdown; null when the browser does not report it. */
  indexedDbBytes: number | null;
};

/** The projection's build (unlock to first list) and what it holds. */
export type ProjectionResult = {
  ms: number;
  /** Of which reading the cards and planned follow-ups from IndexedDB (or the snapshot). */
  readMs: number;
  /** To the first screen of the customer list: the build, then its first rows read. */
  firstScreenMs: number;
  customers: number;
  planned: number;
  /** Built from every row, or restored from the stored snapshot. */
  from: 'rows' | 'snapshot' | null;
  /** For a save: the sealed snapshot's size. */
  snapshotBytes?: number;
};

export type PageEnvironment = {
  userAgent: string;
  hardwareConcurrency: number;
  timeZone: string;
};

export type CustomerQueryScenario = {
  name: string;
  filter: CustomerListFilter;
};

/** What bench.ts puts on window for the runner to call through page.evaluate. */
export type BenchApi = {
  environment(): Promise<PageEnvironment>;
  generateOnly(customers: number): Promise<GenerateResult>;
  loadRaw(customers: number): Promise<RawLoadResult>;
  loadApp(customers: number): Promise<AppLoadResult>;
  customerQuery(name: string, runs: number): Promise<Comparison>;
  listTags(runs: number): Promise<Comparison>;
  screenRows(runs: number): Promise<Comparison[]>;
  followUpViews(runs: number): Promise<Comparison[]>;
  dashboard(runs: number): Promise<Comparison[]>;
  /** Keeps (or drops) the full default list of ids, as the list screen does, to weigh it. */
  holdListIds(hold: boolean): Promise<number>;
  /** Drops the list projection (as a lock does), builds it (as an unlock does), or stores it. */
  projection(action: 'clear' | 'build' | 'save'): Promise<ProjectionResult>;
  storageEstimate(): Promise<StorageResult>;
};

declare global {
  // Declaration merging is the only way to type a property on window; a type alias can't merge.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    dealerBench?: BenchApi;
  }
}

/** Seed of the app's sample loader (sample-data-repo.ts), so the raw floor stores the same rows. */
export const SAMPLE_SEED = 20261124;

/** Rows the customer list shows on one screen (plus overscan), what bulkGet loads per scroll. */
export const SCREEN_ROWS = 40;

const NO_FILTER: CustomerListFilter = EMPTY_CUSTOMER_FILTER;

/**
 * The list queries a consultant actually runs. "王" is the commonest surname (a wide result that
 * walks the sort index); "王伟" is narrow (the ≤2,000-row path that reads the rows and sorts them).
 */
export const CUSTOMER_QUERY_SCENARIOS: readonly CustomerQueryScenario[] = [
  { name: 'no filter (updatedAt desc)', filter: NO_FILTER },
  { name: 'name prefix "王" (wide)', filter: { ...NO_FILTER, search: '王' } },
  { name: 'name prefix "王伟" (narrow)', filter: { ...NO_FILTER, search: '王伟' } },
  { name: 'phone prefix "138"', filter: { ...NO_FILTER, search: '138' } },
  { name: 'phone suffix "5678" (尾号)', filter: { ...NO_FILTER, search: '5678' } },
  { name: 'pinyin initials "ww"', filter: { ...NO_FILTER, search: 'ww' } },
  { name: 'full pinyin "wang" (wide)', filter: { ...NO_FILTER, search: 'wang' } },
  { name: 'full pinyin "wangw" (narrow)', filter: { ...NO_FILTER, search: 'wangw' } },
  { name: 'status = following', filter: { ...NO_FILTER, statuses: ['following'] } },
  {
    name: 'status+grade+source',
    filter: {
      ...NO_FILTER,
      statuses: ['following'],
      grades: ['A', 'B'],
      sources: ['walk_in', 'referral'],
    },
  },
  { name: 'sort by name', filter: { ...NO_FILTER, sort: 'name' } },
];
