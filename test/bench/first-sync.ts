// `npm run bench:first-sync`: a manager's first sync, end to end, the way a showroom sees it. A
// real sync server (in this process, embedded PGlite) holds a sample showroom pushed by its
// consultants; the production build of the app runs in Chromium; the bench types the server's
// address and the manager's login into Settings and times login → ready (the sync state back to
// idle with a last sync shown). Then, on the same origin and in the same browser, the rows the
// app stored are read back and written into an empty database of the same schema with plain
// bulkPut: the floor. A benchmark, not a test: nothing fails on time; it fails only when it
// cannot measure or when the app did not store every row the server holds for the manager.
//
//   BENCH_FIRST_SYNC_CUSTOMERS=20000   sample customers (≈5 synced rows each)
//   BENCH_FIRST_SYNC_SCREEN=settings   where the manager waits: settings (where the login is) or
//                                      customers (the customer list, open during the sync)
//   BENCH_FIRST_SYNC_PROFILE=1         an unminified build and a CPU profile of the sync, with the
//                                      functions that took the most time
//   BENCH_FIRST_SYNC_RESEED=1          seed the showroom again instead of reusing the cached one
//   BENCH_FIRST_SYNC_APP_DIR=/some/dir  measure an app built before (vite build --outDir), e.g. to
//                                      set two versions side by side; the floor page is added to it
//
// Seeding pushes every row through /v1/push (≈1,000 rows/s), so the seeded PGlite directory is
// kept in test-results/bench/ and reused by the next run with the same number of customers.

import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { build, preview, type PreviewServer } from 'vite';
import { DEFAULT_CORS_ORIGINS } from '../../server/config';
import {
  createDealershipWithAdmin,
  createUser,
  startServer,
  type RunningServer,
} from '../../server/index';
import { CHROMIUM_ARGS, chromiumExecutablePath } from '../support/chromium';
import type { E2eAccount } from '../support/e2e-accounts';
import { freePort } from '../support/free-port';
import { pullVisibleRows, seedSampleShowroom } from '../support/sample-showroom-seed';
import { log, positiveIntFromEnv } from './bench-env';
import type { FloorRun } from './first-sync-floor';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(BENCH_DIR, '../..');
const OUTPUT_DIR = path.join(REPO_ROOT, 'test-results/bench');
const CUSTOMERS = positiveIntFromEnv('BENCH_FIRST_SYNC_CUSTOMERS', 20_000);
const SCREEN = process.env.BENCH_FIRST_SYNC_SCREEN === 'customers' ? 'customers' : 'settings';
const PROFILE = process.env.BENCH_FIRST_SYNC_PROFILE === '1';
const RESEED = process.env.BENCH_FIRST_SYNC_RESEED === '1';
const SEED = 20_260_310;
const PASSWORD = 'first-sync-bench-2026';
const APP_DB_NAME = 'dealerdesk';
const PULL_PAGE = 1_000;
/** A hung sync, not a slow one, should hit this. */
const READY_TIMEOUT_MS = 30 * 60_000;
const SAMPLE_MS = 100;

const account = (login: string, name: string): E2eAccount => ({ login, name, password: PASSWORD });
const ADMIN = account('bench.admin', '赵管理');
const MANAGER = account('bench.zhou', '周经理');
const CONSULTANTS = [account('bench.lina', '李娜'), account('bench.wanglei', '王磊')];

type Seeded = { customers: number; rows: number; rowsByTable: Record<string, number> };

// --- the server, seeded once per size and kept --------------------------------------------------

async function startShowroomServer(webOrigins: string[]): Promise<{
  server: RunningServer;
  seeded: Seeded;
}> {
  const cacheDir = path.join(OUTPUT_DIR, `first-sync-${CUSTOMERS}`);
  const dataDir = path.join(cacheDir, 'pglite');
  const metaFile = path.join(cacheDir, 'seeded.json');
  if (RESEED || !existsSync(metaFile)) await rm(cacheDir, { recursive: true, force: true });
  await mkdir(cacheDir, { recursive: true });
  const server = await startServer({
    config: {
      dataDir,
      corsOrigins: [...DEFAULT_CORS_ORIGINS, ...webOrigins],
      // Seeding a large showroom outlasts the default 15 minutes; the seed does not refresh.
      accessTtlSeconds: 86_400,
      loginRateLimit: 10_000,
      loginRateLimitAddress: 100_000,
      loginRateLimitGlobal: 1_000_000,
    },
  });
  try {
    return { server, seeded: await seedOnce(server, cacheDir, metaFile) };
  } catch (error) {
    await server.close();
    throw error;
  }
}

async function seedOnce(
  server: RunningServer,
  cacheDir: string,
  metaFile: string,
): Promise<Seeded> {
  if (existsSync(metaFile)) {
    log(`reusing the seeded showroom in ${path.relative(REPO_ROOT, cacheDir)}`);
    return JSON.parse(await readFile(metaFile, 'utf8')) as Seeded;
  }
  log(`seeding ${CUSTOMERS.toLocaleString('en')} customers through /v1/push (slow, once)…`);
  const { dealership } = await createDealershipWithAdmin(server.database, {
    dealershipName: '星辰汽车 基准店',
    ...ADMIN,
  });
  await createUser(server.database, { dealershipId: dealership.id, role: 'manager', ...MANAGER });
  for (const consultant of CONSULTANTS) {
    await createUser(server.database, {
      dealershipId: dealership.id,
      role: 'consultant',
      ...consultant,
    });
  }
  await seedSampleShowroom(server.url, CONSULTANTS, { customers: CUSTOMERS, seed: SEED });
  const visible = await pullVisibleRows(server.url, MANAGER);
  const rowsByTable = Object.fromEntries([...visible].map(([table, rows]) => [table, rows.size]));
  const rows = Object.values(rowsByTable).reduce((sum, count) => sum + count, 0);
  const seeded: Seeded = { customers: CUSTOMERS, rows, rowsByTable };
  await writeFile(metaFile, JSON.stringify(seeded, null, 2));
  log(`seeded: ${rows.toLocaleString('en')} rows visible to the manager`);
  return seeded;
}

/** Every /v1/pull the server answers: when it started and when its last byte left. */
type ServedPull = { startMs: number; endMs: number };

function watchPulls(server: RunningServer): ServedPull[] {
  const served: ServedPull[] = [];
  server.app.server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!request.url?.startsWith('/v1/pull')) return;
    const startMs = performance.now();
    response.on('finish', () => served.push({ startMs, endMs: performance.now() }));
  });
  return served;
}

// --- the app and the floor page, built and served on one origin -----------------------------------

/** The production build of the app, into `outDir`. */
async function buildApp(outDir: string): Promise<void> {
  await build({
    configFile: path.join(REPO_ROOT, 'vite.config.ts'),
    mode: 'production',
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      reportCompressedSize: false,
      ...(PROFILE ? { minify: false, sourcemap: true } : {}),
    },
  });
}

/** The floor page, beside the app so that it shares the app's origin (and so its database). */
async function buildFloorPage(outDir: string): Promise<void> {
  await build({
    root: BENCH_DIR,
    configFile: false,
    base: './',
    mode: 'production',
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir: path.join(outDir, 'bench-floor'),
      emptyOutDir: true,
      reportCompressedSize: false,
      rolldownOptions: { input: path.join(BENCH_DIR, 'first-sync-floor.html') },
    },
  });
}

async function servePages(outDir: string, port: number): Promise<PreviewServer> {
  return preview({
    root: REPO_ROOT,
    configFile: false,
    base: './',
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
}

// --- the manager's first sync in the app ------------------------------------------------------------

type Sample = { atMs: number; state: string | null; progress: string | null };
type LongTask = { startMs: number; durationMs: number };

type AppRun = {
  readyMs: number;
  samples: Sample[];
  /** Main-thread tasks over 50 ms during the sync. */
  longTasks: LongTask[];
  /** Page time of the login click, to place the long tasks. */
  clickedAtPageMs: number;
  /** Wall time of the login click. */
  clickedAtMs: number;
  /** The customer list's first customers after opening it mid-sync (customers screen only). */
  listShownMs: number | null;
};

async function readScreen(page: Page): Promise<Omit<Sample, 'atMs'> & { last: string | null }> {
  return page.evaluate(() => ({
    state: document.querySelector('[data-testid="sync-state"]')?.getAttribute('data-state') ?? null,
    last: document.querySelector('[data-testid="sync-last"]')?.textContent ?? null,
    progress: document.querySelector('[data-testid="sync-progress"]')?.textContent ?? null,
  }));
}

async function runApp(page: Page, web: string, serverUrl: string): Promise<AppRun> {
  await page.addInitScript(() => {
    const tasks: { startMs: number; durationMs: number }[] = [];
    Object.defineProperty(window, '__benchLongTasks', { value: tasks });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        tasks.push({ startMs: entry.startTime, durationMs: entry.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${web}/#/settings`);
  await page.getByTestId('sync-server-address').fill(serverUrl);
  await page.getByRole('button', { name: '保存地址' }).click();
  await page.getByTestId('sync-login-input').fill(MANAGER.login);
  await page.getByTestId('sync-password-input').fill(MANAGER.password);

  const clickedAtPageMs = await page.evaluate(() => performance.now());
  const clickedAtMs = performance.now();
  await page.getByTestId('sync-login-button').click();
  let listShownMs: number | null = null;
  if (SCREEN === 'customers') {
    await page.getByTestId('sync-session').waitFor({ timeout: 60_000 });
    await page.getByRole('navigation', { name: 'main' }).getByText('客户', { exact: true }).click();
    await page.waitForFunction(
      () =>
        /[1-9]/.test(document.querySelector('[data-testid="customer-count"]')?.textContent ?? ''),
      undefined,
      { timeout: READY_TIMEOUT_MS, polling: SAMPLE_MS },
    );
    listShownMs = performance.now() - clickedAtMs;
  }

  const samples: Sample[] = [];
  for (;;) {
    const screen = await readScreen(page);
    const atMs = performance.now() - clickedAtMs;
    samples.push({ atMs, state: screen.state, progress: screen.progress });
    const synced = screen.last !== null && screen.last !== '尚未同步';
    if (screen.state === 'idle' && synced && screen.progress === null) break;
    if (screen.state === 'error' || screen.state === 'login_required') {
      throw new Error(`the sync failed: ${screen.state}`);
    }
    if (atMs > READY_TIMEOUT_MS) throw new Error('no first sync within the timeout');
    await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
  }
  const readyMs = performance.now() - clickedAtMs;
  const longTasks = await page.evaluate(
    (since) =>
      (
        (window as unknown as { __benchLongTasks: { startMs: number; durationMs: number }[] })
          .__benchLongTasks ?? []
      ).filter((task) => task.startMs >= since),
    clickedAtPageMs,
  );
  return { readyMs, samples, longTasks, clickedAtPageMs, clickedAtMs, listShownMs };
}

async function runFloor(page: Page, web: string): Promise<FloorRun> {
  await page.goto(`${web}/bench-floor/first-sync-floor.html`);
  await page.waitForFunction(() => window.firstSyncFloor !== undefined);
  return page.evaluate(
    ({ name, pageSize }) => {
      const floor = window.firstSyncFloor;
      if (!floor) throw new Error('floor page not ready');
      return floor.run(name, pageSize);
    },
    { name: APP_DB_NAME, pageSize: PULL_PAGE },
  );
}

// --- the CPU profile, for finding where the time goes ---------------------------------------------

type ProfileNode = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
};
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

function topSelfTime(profile: CpuProfile, count: number): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    if (!node) return;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^.*\//, '')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    selfMs.set(key, (selfMs.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0) / 1000);
  });
  const total = [...selfMs.values()].reduce((sum, ms) => sum + ms, 0);
  return [...selfMs]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(
      ([key, ms]) =>
        `${ms.toFixed(0).padStart(7)} ms ${((ms / total) * 100).toFixed(1).padStart(5)} %  ${key}`,
    );
}

// --- the report ------------------------------------------------------------------------------------

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const perSecond = (rows: number, ms: number) =>
  `${Math.round(rows / (ms / 1000)).toLocaleString('en')} rows/s`;

function report(
  seeded: Seeded,
  app: AppRun,
  floor: FloorRun,
  pulls: ServedPull[],
  machine: string,
): string {
  const pullsInRun = pulls.filter((pull) => pull.startMs >= app.clickedAtMs);
  const serverMs = pullsInRun.reduce((sum, pull) => sum + (pull.endMs - pull.startMs), 0);
  const firstPull = pullsInRun[0]?.startMs ?? app.clickedAtMs;
  const lastPull = pullsInRun.at(-1)?.endMs ?? firstPull;
  const progressShown = app.samples.filter((sample) => sample.progress !== null);
  const blockedMs = app.longTasks.reduce((sum, task) => sum + task.durationMs - 50, 0);
  const longest = Math.max(0, ...app.longTasks.map((task) => task.durationMs));
  const lines = [
    `A manager's first sync: ${seeded.customers.toLocaleString('en')} customers, ${seeded.rows.toLocaleString('en')} rows (${machine})`,
    '',
    `| measure | time | rate | ÷ floor |`,
    `| --- | --- | --- | --- |`,
    `| app: login → ready (${SCREEN} screen) | ${seconds(app.readyMs)} | ${perSecond(seeded.rows, app.readyMs)} | **${(app.readyMs / floor.bulkPutMs).toFixed(2)}×** |`,
    `| floor: bulkPut of the same rows, one per table | ${seconds(floor.bulkPutMs)} | ${perSecond(floor.rows, floor.bulkPutMs)} | 1.00× |`,
    `| floor: bulkPut in transactions of ${floor.pageSize.toLocaleString('en')} | ${seconds(floor.pagedMs)} | ${perSecond(floor.rows, floor.pagedMs)} | ${(floor.pagedMs / floor.bulkPutMs).toFixed(2)}× |`,
    '',
    `- pull pages: ${pullsInRun.length}; the server spent ${seconds(serverMs)} answering them; first page asked ${seconds(firstPull - app.clickedAtMs)} after the click, last one answered ${seconds(lastPull - app.clickedAtMs)} after it; ready ${seconds(app.readyMs - (lastPull - app.clickedAtMs))} after the last answer`,
    `- the app's time outside the server's answers: ${seconds(app.readyMs - serverMs)} (${perSecond(seeded.rows, app.readyMs - serverMs)})`,
    `- progress on screen in ${progressShown.length} of ${app.samples.length} samples, first at ${progressShown[0] ? seconds(progressShown[0].atMs) : '—'}: ${progressShown
      .filter((_, index, all) => index % Math.max(1, Math.floor(all.length / 6)) === 0)
      .map((sample) => `"${sample.progress}"`)
      .join(', ')}`,
    `- main thread: ${app.longTasks.length} tasks over 50 ms during the sync, longest ${longest.toFixed(0)} ms, ${seconds(blockedMs)} blocked in all (time beyond 50 ms per task)`,
    ...(app.listShownMs !== null
      ? [
          `- customer list opened right after the login: first rows after ${seconds(app.listShownMs)}`,
        ]
      : []),
    `- stored rows per table: ${Object.entries(floor.rowsByTable)
      .filter(([, rows]) => rows > 0)
      .map(([table, rows]) => `${table} ${rows.toLocaleString('en')}`)
      .join(', ')}; read back in ${seconds(floor.readMs)}`,
  ];
  return lines.join('\n');
}

async function main(): Promise<void> {
  await mkdir(OUTPUT_DIR, { recursive: true });
  const webPort = await freePort();
  const webOrigins = [`http://127.0.0.1:${webPort}`, `http://localhost:${webPort}`];
  const pageDir = path.join(os.tmpdir(), `dealerdesk-first-sync-${process.pid}`);
  let server: RunningServer | null = null;
  let web: PreviewServer | null = null;
  const browser = await chromium.launch({
    executablePath: chromiumExecutablePath(),
    args: CHROMIUM_ARGS,
  });
  try {
    const started = await startShowroomServer(webOrigins);
    server = started.server;
    const { seeded } = started;
    const pulls = watchPulls(server);
    const appDir = process.env.BENCH_FIRST_SYNC_APP_DIR;
    if (appDir) {
      log(`the app as built in ${appDir}; building the floor page beside it…`);
      await buildFloorPage(appDir);
    } else {
      log(`building the app${PROFILE ? ' (unminified, for the profile)' : ''} and the floor page…`);
      await buildApp(pageDir);
      await buildFloorPage(pageDir);
    }
    web = await servePages(appDir ?? pageDir, webPort);
    const context = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1400, height: 900 },
    });
    const page = await context.newPage();
    page.setDefaultTimeout(120_000);
    page.on('pageerror', (error) => log(`page exception: ${error.message}`));
    const cdp = await context.newCDPSession(page);
    if (PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
    log(`logging in as the manager (${SCREEN} screen)…`);
    const app = await runApp(page, `http://127.0.0.1:${webPort}`, server.url);
    log(`ready after ${seconds(app.readyMs)}`);
    if (PROFILE) {
      const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      const file = path.join(OUTPUT_DIR, 'first-sync.cpuprofile');
      await writeFile(file, JSON.stringify(profile));
      log(`CPU profile in ${path.relative(REPO_ROOT, file)}; self time, top 30:`);
      for (const line of topSelfTime(profile, 30)) console.log(line);
    }
    log('the floor: the same rows, bulkPut into an empty database…');
    const floor = await runFloor(page, `http://127.0.0.1:${webPort}`);
    if (floor.rows !== seeded.rows) {
      throw new Error(`the app stored ${floor.rows} rows; the server holds ${seeded.rows}`);
    }
    const cpus = os.cpus();
    const machine = `${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}, load ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')}`;
    const text = report(seeded, app, floor, pulls, machine);
    console.log(`\n${text}\n`);
    await writeFile(path.join(OUTPUT_DIR, `first-sync-${SCREEN}.md`), `${text}\n`);
    await context.close();
  } finally {
    await browser.close();
    await web?.close();
    await server?.close();
    await rm(pageDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
