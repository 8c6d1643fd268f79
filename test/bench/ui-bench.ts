// `npm run bench:ui`: page-level timings of the real app in real Chromium, as the user feels them.
// Builds the app, serves it, loads the sample showroom through 设置 (20,000 and 100,000 customers
// by default, each in a fresh profile) and times, from the user's action to the rows on screen:
// the customer list's first paint after a navigation (page load included), a name search, opening
// a card, the 跟进 page and its 投诉 tab. Each instant is read inside the page on an animation frame
// (performance.now()), so Playwright's own round trips do not count. A benchmark, not a test:
// nothing fails on time.
//
//   BENCH_UI_CUSTOMERS=20000,100000   sizes (each loaded into its own fresh profile)
//   BENCH_RUNS=3                      timed runs per step (the median is reported)

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, chromiumExecutablePath } from '../support/chromium';
import { freePort } from '../support/free-port';
import { log, positiveIntFromEnv } from './bench-env';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUTPUT_DIR = path.join(REPO_ROOT, 'test-results/bench');
const LOAD_TIMEOUT_MS = 60 * 60_000;
const STEP_TIMEOUT_MS = 5 * 60_000;
/** A surname common in the sample showroom: the search finds a few percent of the cards. */
const SEARCH = '王';

type Step = 'listFirstPaint' | 'nameSearch' | 'openCard' | 'followUpsPage' | 'complaintsTab';

const STEP_LABELS: Record<Step, string> = {
  listFirstPaint: 'customer list, first paint after navigation',
  nameSearch: `name search ("${SEARCH}", typed to rows)`,
  openCard: 'opening a card (click to card on screen)',
  followUpsPage: '跟进 page (click to counts and rows)',
  complaintsTab: '投诉 tab (click to rows)',
};

function sizesFromEnv(): number[] {
  const raw = process.env.BENCH_UI_CUSTOMERS ?? '20000,100000';
  return raw.split(',').map((part) => {
    const value = Number(part.trim().replace(/_/g, ''));
    if (!Number.isInteger(value) || value <= 0) throw new Error(`Bad size "${part}"`);
    return value;
  });
}

type Condition = 'list' | 'searched' | 'card' | 'followUps' | 'complaints';

/** Resolves with performance.now() at the first animation frame where the condition holds. */
async function timeWhen(page: Page, condition: Condition): Promise<number> {
  const handle = await page.waitForFunction(
    // Inline arrows only: tsx would wrap a named function in __name(), which the page lacks (and
    // the app's CSP forbids evaluating source strings).
    ({ kind, search }) => {
      const holds = (() => {
        switch (kind) {
          case 'list':
            return !!document.querySelector('.customer-row [data-testid="status-tag"]');
          case 'searched': {
            const total = document.body.dataset.benchTotal;
            const count =
              document.querySelector('[data-testid="customer-count"]')?.textContent ?? '';
            const name = document.querySelector('.customer-row strong')?.textContent ?? '';
            return !!total && count !== total && name.startsWith(search);
          }
          case 'card':
            return !!document.querySelector('[data-testid="card-name"]')?.textContent;
          case 'followUps': {
            const counts = [...document.querySelectorAll('[data-testid^="view-"] .ant-tag')];
            const listed = document.querySelector(
              '[data-testid="follow-up-table"] [data-testid="status-tag"], .ant-card .ant-empty',
            );
            return (
              counts.length >= 5 &&
              counts.every((tag) => !(tag.textContent ?? '').includes('…')) &&
              !!listed
            );
          }
          case 'complaints':
            return !!document.querySelector(
              '[data-testid="complaints-table"] .ant-table-row, [data-testid="complaints-table"] .ant-empty',
            );
        }
      })();
      return holds ? performance.now() : false;
    },
    { kind: condition, search: SEARCH },
    { polling: 'raf', timeout: STEP_TIMEOUT_MS },
  );
  return Number(await handle.jsonValue());
}

function now(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

async function loadSample(page: Page, baseUrl: string, customers: number): Promise<number> {
  await page.goto(`${baseUrl}/#/settings`);
  const count = page.getByLabel('客户数量');
  await count.fill(String(customers));
  await count.press('Tab');
  const started = Date.now();
  await page.getByRole('button', { name: '加载示例数据' }).click();
  await page
    .getByText(`已加载 ${customers} 位示例客户`)
    .waitFor({ state: 'visible', timeout: LOAD_TIMEOUT_MS });
  return Date.now() - started;
}

/** One pass over the five steps, in the order a consultant would go. */
async function measureOnce(page: Page, baseUrl: string): Promise<Record<Step, number>> {
  // A fresh document: performance.now() counts from its navigation.
  await page.goto('about:blank');
  await page.goto(`${baseUrl}/#/customers`);
  const listFirstPaint = await timeWhen(page, 'list');
  // The total must be known before the search, or the search's count cannot be told from it.
  await page.getByTestId('customer-count').filter({ hasText: /\d/ }).waitFor();
  await page.evaluate(() => {
    document.body.dataset.benchTotal =
      document.querySelector('[data-testid="customer-count"]')?.textContent ?? '';
  });

  const searchStart = await now(page);
  await page.getByLabel('搜索姓名或手机号（前缀）').fill(SEARCH);
  const nameSearch = (await timeWhen(page, 'searched')) - searchStart;

  const cardStart = await now(page);
  await page.locator('.customer-row').first().click();
  const openCard = (await timeWhen(page, 'card')) - cardStart;

  const followUpsStart = await now(page);
  await page.getByRole('navigation', { name: 'main' }).getByText('跟进', { exact: true }).click();
  const followUpsPage = (await timeWhen(page, 'followUps')) - followUpsStart;

  const complaintsStart = await now(page);
  await page.getByTestId('view-complaints').click();
  const complaintsTab = (await timeWhen(page, 'complaints')) - complaintsStart;

  // Leave the search empty for the next pass (the list keeps its filter in the store).
  await page.goto(`${baseUrl}/#/customers`);
  await page.getByLabel('搜索姓名或手机号（前缀）').fill('');
  return { listFirstPaint, nameSearch, openCard, followUpsPage, complaintsTab };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

async function main(): Promise<void> {
  const sizes = sizesFromEnv();
  const runs = positiveIntFromEnv('BENCH_RUNS', 3);
  log('building the app');
  await build({ configFile: path.join(REPO_ROOT, 'vite.config.ts'), logLevel: 'warn' });
  const port = await freePort();
  const server = await preview({
    configFile: path.join(REPO_ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const results: {
    customers: number;
    loadMs: number;
    uptimeBefore: string;
    runs: Record<Step, number>[];
  }[] = [];
  try {
    for (const customers of sizes) {
      // A persistent on-disk profile, as on a laptop; a fresh one per size.
      const profile = await mkdtemp(path.join(os.tmpdir(), 'dealerdesk-ui-bench-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: chromiumExecutablePath(),
        args: CHROMIUM_ARGS,
        viewport: { width: 1440, height: 900 },
      });
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        log(`loading ${customers} sample customers through 设置`);
        const loadMs = await loadSample(page, baseUrl, customers);
        log(`loaded in ${(loadMs / 1000).toFixed(1)} s`);
        const uptimeBefore = os
          .loadavg()
          .map((value) => value.toFixed(2))
          .join(', ');
        const measured: Record<Step, number>[] = [];
        for (let run = 0; run < runs; run += 1) {
          const result = await measureOnce(page, baseUrl);
          log(
            `${customers}: run ${run + 1}: ` +
              Object.entries(result)
                .map(([step, ms]) => `${step} ${Math.round(ms)} ms`)
                .join(', '),
          );
          measured.push(result);
        }
        results.push({ customers, loadMs, uptimeBefore, runs: measured });
      } finally {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      }
    }
  } finally {
    await server.close();
  }

  console.log('\nPage-level timings (median of runs, ms; from the action to the rows on screen)');
  console.log(`| step | ${results.map((result) => `${result.customers} customers`).join(' | ')} |`);
  console.log(`| --- | ${results.map(() => '---').join(' | ')} |`);
  for (const step of Object.keys(STEP_LABELS) as Step[]) {
    const cells = results.map((result) => {
      const values = result.runs.map((run) => run[step]);
      return `${Math.round(median(values))} (${values.map((value) => Math.round(value)).join(' / ')})`;
    });
    console.log(`| ${STEP_LABELS[step]} | ${cells.join(' | ')} |`);
  }
  for (const result of results) {
    console.log(
      `${result.customers}: sample loaded in ${(result.loadMs / 1000).toFixed(1)} s; ` +
        `load average before timing: ${result.uptimeBefore}`,
    );
  }
  await mkdir(OUTPUT_DIR, { recursive: true });
  const file = path.join(OUTPUT_DIR, `ui-bench-${Date.now()}.json`);
  await writeFile(file, JSON.stringify({ cpus: os.cpus().length, results }, null, 2));
  log(`JSON: ${path.relative(REPO_ROOT, file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
