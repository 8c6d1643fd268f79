// `npm run bench`: builds the bench page with Vite, serves it, drives it in real Chromium and prints
// the app's data-layer figures against the raw floor. A benchmark, not a test: nothing here fails
// on time; it fails only when it cannot measure (or when app and floor disagree on an answer).
//
//   BENCH_CUSTOMERS=20000 npm run bench    quick run (default 100,000)
//   BENCH_RUNS=5                           timed runs per scenario (default 7, plus 1 warm-up)
//   BENCH_SECTIONS=dashboard               only these query sections (list, screen, follow-ups,
//                                          dashboard; default all); loading is always measured
//   CHROMIUM_PATH=/path/to/chrome          browser override (default /usr/bin/chromium if present)

import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import { CUSTOMER_QUERY_SCENARIOS, type BenchApi, type StorageResult } from './bench-api';
import { formatReport, type BenchReport, type MachineInfo } from './report';
import { CHROMIUM_ARGS, chromiumExecutablePath } from '../support/chromium';
import { freePort } from '../support/free-port';
import { log, positiveIntFromEnv } from './bench-env';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(BENCH_DIR, '../..');
/** test-results/ is git-ignored; the bench may not touch .gitignore, so its output lives there. */
const OUTPUT_DIR = path.join(REPO_ROOT, 'test-results/bench');
/** A 100k load on a busy 2-core machine takes minutes; only a hung browser should hit this. */
const PAGE_CALL_TIMEOUT_MS = 60 * 60_000;
const HEAP_SAMPLE_MS = 250;

/**
 * A production build, like the one Electron loads: minified app code is what users run. Own
 * config (configFile: false) because the app's vite.config.ts roots at renderer/.
 */
async function buildPage(pageDir: string): Promise<void> {
  await build({
    root: BENCH_DIR,
    configFile: false,
    base: './',
    mode: 'production',
    logLevel: 'warn',
    publicDir: false,
    cacheDir: path.join(pageDir, '.vite'),
    build: {
      outDir: path.join(pageDir, 'dist'),
      emptyOutDir: true,
      reportCompressedSize: false,
      rolldownOptions: { input: path.join(BENCH_DIR, 'bench.html') },
    },
  });
}

async function servePage(pageDir: string): Promise<{ server: PreviewServer; url: string }> {
  const port = await freePort();
  const server = await preview({
    root: BENCH_DIR,
    configFile: false,
    base: './',
    logLevel: 'warn',
    build: { outDir: path.join(pageDir, 'dist') },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  return { server, url: `http://127.0.0.1:${port}/bench.html` };
}

type Result<Method extends keyof BenchApi> = Awaited<ReturnType<BenchApi[Method]>>;

/** Calls one function the page exposes on window.dealerBench. */
async function call<Method extends keyof BenchApi>(
  page: Page,
  method: Method,
  ...args: Parameters<BenchApi[Method]>
): Promise<Result<Method>> {
  // Inline arrow only: tsx would wrap a named function in __name(), which the page lacks.
  const result: unknown = await page.evaluate(
    ({ name, params }) => {
      const api = window.dealerBench;
      if (!api) throw new Error('bench page not ready');
      const fn = api[name] as (...values: unknown[]) => Promise<unknown>;
      return fn(...params);
    },
    { name: method, params: args as unknown[] },
  );
  // page.evaluate cannot carry the type across the wire; BenchApi is the contract both sides share.
  return result as Result<Method>;
}

async function openBenchPage(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(PAGE_CALL_TIMEOUT_MS);
  page.on('console', (message) => {
    const text = message.text();
    if (text.startsWith('[bench]')) log(text.slice('[bench] '.length));
    else if (message.type() === 'error') log(`page error: ${text}`);
  });
  page.on('pageerror', (error) => log(`page exception: ${error.message}`));
  await page.goto(url, { timeout: 120_000 });
  await page.waitForFunction(() => window.dealerBench !== undefined, undefined, {
    timeout: 120_000,
  });
  return page;
}

async function cdpFor(page: Page): Promise<CDPSession> {
  const session = await page.context().newCDPSession(page);
  await session.send('Performance.enable');
  await session.send('HeapProfiler.enable');
  return session;
}

async function heapUsed(session: CDPSession): Promise<number> {
  const { metrics } = await session.send('Performance.getMetrics');
  return metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0;
}

/** Heap after a full GC: what the page really holds, not the garbage a load left behind. */
async function heapAfterGc(session: CDPSession): Promise<number> {
  await session.send('HeapProfiler.collectGarbage');
  return heapUsed(session);
}

/** Samples the heap while `work` runs; the page is busy but yields at every IndexedDB request. */
async function withPeakHeap<T>(
  session: CDPSession,
  work: () => Promise<T>,
): Promise<{ result: T; peakBytes: number }> {
  let peakBytes = await heapUsed(session);
  let sampling = false;
  const timer = setInterval(() => {
    if (sampling) return;
    sampling = true;
    heapUsed(session)
      .then((value) => {
        peakBytes = Math.max(peakBytes, value);
      })
      .catch(() => undefined)
      .finally(() => {
        sampling = false;
      });
  }, HEAP_SAMPLE_MS);
  try {
    const result = await work();
    peakBytes = Math.max(peakBytes, await heapUsed(session));
    return { result, peakBytes };
  } finally {
    clearInterval(timer);
  }
}

async function chromiumVersion(page: Page): Promise<string> {
  try {
    const session = await page.context().newCDPSession(page);
    const version = await session.send('Browser.getVersion');
    await session.detach();
    return version.product;
  } catch {
    // Some builds refuse the Browser domain on a page target; the user agent says nearly as much.
    return (
      /(?:Headless)?Chrome\/[\d.]+/.exec(await page.evaluate(() => navigator.userAgent))?.[0] ??
      'unknown'
    );
  }
}

function storageLine(label: string, storage: StorageResult): string {
  const idb = storage.indexedDbBytes ?? storage.usageBytes;
  return `${label}: IndexedDB ${(idb / 1024 ** 2).toFixed(1)} MiB (origin usage ${(storage.usageBytes / 1024 ** 2).toFixed(1)} MiB)`;
}

const QUERY_SECTIONS = ['list', 'screen', 'follow-ups', 'dashboard'] as const;
type QuerySection = (typeof QUERY_SECTIONS)[number];

function querySections(raw: string | undefined): ReadonlySet<QuerySection> {
  if (raw === undefined || raw.trim() === '') return new Set(QUERY_SECTIONS);
  const picked = raw.split(',').map((name) => name.trim());
  const known = new Set<string>(QUERY_SECTIONS);
  const unknown = picked.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new Error(
      `BENCH_SECTIONS: unknown ${unknown.join(', ')} (known: ${QUERY_SECTIONS.join(', ')})`,
    );
  }
  return new Set(QUERY_SECTIONS.filter((name) => picked.includes(name)));
}

async function main(): Promise<void> {
  const customers = positiveIntFromEnv('BENCH_CUSTOMERS', 100_000);
  const runs = positiveIntFromEnv('BENCH_RUNS', 7);
  const sections = querySections(process.env.BENCH_SECTIONS);
  const loadAverageAtStart = os.loadavg();
  const startedAt = new Date().toISOString();
  log(
    `DealerDesk bench: ${customers.toLocaleString('en-US')} customers, ${runs} runs per scenario`,
  );

  await mkdir(OUTPUT_DIR, { recursive: true });
  // Build and browser profile live in a temp dir, not test-results/: Playwright empties
  // test-results/ when an e2e run starts, and e2e runs may start while the bench is running.
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'dealerdesk-bench-'));
  const pageDir = path.join(workDir, 'page');
  const profileDir = path.join(workDir, 'profile');
  let rawServer: { server: PreviewServer; url: string } | null = null;
  let appServer: { server: PreviewServer; url: string } | null = null;
  let context: BrowserContext | null = null;

  try {
    log('building the bench page (vite build)…');
    await buildPage(pageDir);
    // Two origins (two ports): IndexedDB usage is reported per origin, so the floor's database
    // and the app's are weighed apart instead of a delete-then-estimate Chromium reclaims lazily.
    rawServer = await servePage(pageDir);
    appServer = await servePage(pageDir);
    log(`serving ${rawServer.url} (raw floor) and ${appServer.url} (app)`);

    const executablePath = chromiumExecutablePath();
    // A persistent profile on disk: a default (incognito-like) context keeps IndexedDB in memory,
    // which is not what a consultant's laptop does.
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath,
      args: CHROMIUM_ARGS,
      headless: true,
      timezoneId: 'Asia/Shanghai',
      locale: 'zh-CN',
    });
    context.setDefaultTimeout(PAGE_CALL_TIMEOUT_MS);

    // ---- 1a. The raw floor, in its own origin and page ----
    const rawPage = await openBenchPage(context, rawServer.url);
    const browserVersion = await chromiumVersion(rawPage);
    const environment = await call(rawPage, 'environment');
    log(`browser ${browserVersion}; ${environment.hardwareConcurrency} cores seen by the page`);
    const rawSession = await cdpFor(rawPage);
    log('raw floor: warming up generateShowroom…');
    await call(rawPage, 'generateOnly', customers);
    await heapAfterGc(rawSession);
    log('raw floor: generate + bulkPut customers and follow-ups…');
    const rawLoad = await withPeakHeap(rawSession, () => call(rawPage, 'loadRaw', customers));
    log(
      `raw floor loaded ${rawLoad.result.customers.toLocaleString('en-US')} customers + ${rawLoad.result.followUps.toLocaleString('en-US')} follow-ups in ${(rawLoad.result.totalMs / 1000).toFixed(2)} s`,
    );
    const rawStorage = await call(rawPage, 'storageEstimate');
    log(storageLine('raw floor', rawStorage));
    await rawSession.detach();
    await rawPage.close();

    // ---- 1b. The app's write path ----
    const page = await openBenchPage(context, appServer.url);
    const session = await cdpFor(page);
    const baselineBytes = await heapAfterGc(session);
    // Same warm-up as the floor got, and the generation figure the load table subtracts.
    log('app: timing generateShowroom alone…');
    const generate = await call(page, 'generateOnly', customers);
    await heapAfterGc(session);
    log('app: loadSampleShowroom through the write path…');
    const appLoad = await withPeakHeap(session, () => call(page, 'loadApp', customers));
    const app = appLoad.result;
    log(
      `app loaded ${app.customers.toLocaleString('en-US')} customers, ${app.followUps.toLocaleString('en-US')} follow-ups, ${app.timeline.toLocaleString('en-US')} timeline, ${app.outbox.toLocaleString('en-US')} outbox in ${(app.totalMs / 1000).toFixed(2)} s`,
    );
    const afterAppLoadBytes = await heapAfterGc(session);

    // ---- 1c. The list projection: built as an unlock builds it, and weighed ----
    await call(page, 'projection', 'clear');
    const withoutProjectionBytes = await heapAfterGc(session);
    const projection = await call(page, 'projection', 'build');
    const withProjectionBytes = await heapAfterGc(session);
    log(
      `list projection: ${projection.customers.toLocaleString('en-US')} cards + ${projection.planned.toLocaleString('en-US')} planned built in ${projection.ms.toFixed(0)} ms (reading ${projection.readMs.toFixed(0)} ms), heap +${((withProjectionBytes - withoutProjectionBytes) / 2 ** 20).toFixed(1)} MiB`,
    );
    // The next unlock restores the snapshot stored meanwhile (the app stores one on lock).
    const snapshotSave = await call(page, 'projection', 'save');
    await call(page, 'projection', 'clear');
    const restore = await call(page, 'projection', 'build');
    log(
      `list projection snapshot: stored in ${snapshotSave.ms.toFixed(0)} ms (${((snapshotSave.snapshotBytes ?? 0) / 2 ** 20).toFixed(1)} MiB sealed); unlock to first screen ${restore.firstScreenMs.toFixed(0)} ms from the ${restore.from ?? '?'} (reading ${restore.readMs.toFixed(0)} ms) vs ${projection.firstScreenMs.toFixed(0)} ms from the rows`,
    );

    // ---- 2–4. Queries ----
    const comparisons: BenchReport['comparisons'] = [];
    const record = (comparison: BenchReport['comparisons'][number]) => {
      comparisons.push(comparison);
      const verdict = comparison.sameResult ? '' : '  ← app and floor DISAGREE';
      log(
        `  ${comparison.name}: app ${comparison.appTiming.medianMs.toFixed(1)} ms, floor ${comparison.floorTiming.medianMs.toFixed(1)} ms${verdict}`,
      );
    };
    if (sections.has('list')) {
      log('customer list queries…');
      for (const scenario of CUSTOMER_QUERY_SCENARIOS) {
        record(await call(page, 'customerQuery', scenario.name, runs));
      }
      record(await call(page, 'listTags', runs));
    }
    if (sections.has('screen')) {
      log('one screen of rows…');
      for (const comparison of await call(page, 'screenRows', runs)) record(comparison);
    }
    if (sections.has('follow-ups')) {
      log('follow-up views…');
      for (const comparison of await call(page, 'followUpViews', runs)) record(comparison);
    }
    if (sections.has('dashboard')) {
      log('dashboard…');
      for (const comparison of await call(page, 'dashboard', runs)) record(comparison);
    }

    // ---- 5. Memory and storage ----
    await heapAfterGc(session);
    const listIdsHeld = await call(page, 'holdListIds', true);
    const holdingListIdsBytes = await heapAfterGc(session);
    await call(page, 'holdListIds', false);
    const appStorage = await call(page, 'storageEstimate');
    log(storageLine('app', appStorage));
    await session.detach();

    const cpus = os.cpus();
    const machine: MachineInfo = {
      cpuCores: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      totalMemoryBytes: os.totalmem(),
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
      chromium: browserVersion,
      chromiumPath: executablePath ?? "Playwright's bundled Chromium",
      userAgent: environment.userAgent,
      timeZone: environment.timeZone,
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg(),
    };
    const report: BenchReport = {
      startedAt,
      finishedAt: new Date().toISOString(),
      customers,
      runs,
      machine,
      load: { generate, raw: rawLoad.result, app },
      comparisons,
      heap: {
        baselineBytes,
        rawLoadPeakBytes: rawLoad.peakBytes,
        appLoadPeakBytes: appLoad.peakBytes,
        afterAppLoadBytes,
        holdingListIdsBytes,
        listIdsHeld,
        withoutProjectionBytes,
        withProjectionBytes,
      },
      projection,
      projectionRestore: {
        ...restore,
        saveMs: snapshotSave.ms,
        snapshotBytes: snapshotSave.snapshotBytes ?? 0,
      },
      storage: { raw: rawStorage, app: appStorage },
    };

    console.log(`\n${formatReport(report)}\n`);
    const latest = path.join(OUTPUT_DIR, 'latest.json');
    // An e2e run empties test-results/ meanwhile; make sure the folder exists now.
    await mkdir(OUTPUT_DIR, { recursive: true });
    await writeFile(latest, `${JSON.stringify(report, null, 2)}\n`);
    // A copy per size and time, so a quick run does not overwrite the last full one.
    const stamped = path.join(
      OUTPUT_DIR,
      `bench-${customers}-${startedAt.replace(/[:.]/g, '-')}.json`,
    );
    await copyFile(latest, stamped);
    log(`results: ${path.relative(REPO_ROOT, latest)} (and ${path.relative(REPO_ROOT, stamped)})`);
    if (comparisons.some((comparison) => !comparison.sameResult)) {
      // Not a timing verdict: a figure for a query that returns the wrong rows means nothing.
      process.exitCode = 1;
      log('some app queries and their floors returned different answers (see "same" column)');
    }
  } finally {
    await context?.close();
    await Promise.all([rawServer?.server.close(), appServer?.server.close()]);
    await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
