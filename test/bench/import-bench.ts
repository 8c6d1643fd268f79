// `npm run bench:import`: imports a registration sheet (default 20,000 lines) through the app's
// import code in real Chromium IndexedDB (a persistent on-disk profile) and prints the time next
// to the floor: a raw Dexie bulkPut of the same rows in the same chunks. A benchmark, not a
// test: nothing fails on time.
//
//   BENCH_IMPORT_ROWS=100000 npm run bench:import
//   CHROMIUM_PATH=/path/to/chrome                   browser override

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { build, preview } from 'vite';
import { CHROMIUM_ARGS, chromiumExecutablePath } from '../support/chromium';
import { freePort } from '../support/free-port';
import { log, positiveIntFromEnv } from './bench-env';
import type { ImportBenchApi } from './import-bench-api';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const CALL_TIMEOUT_MS = 60 * 60_000;

async function call<Method extends keyof ImportBenchApi>(
  page: Page,
  method: Method,
  ...args: Parameters<ImportBenchApi[Method]>
): Promise<Awaited<ReturnType<ImportBenchApi[Method]>>> {
  // Inline arrow only: tsx would wrap a named function in __name(), which the page lacks.
  const result: unknown = await page.evaluate(
    ({ name, params }) => {
      const api = window.dealerImportBench;
      if (!api) throw new Error('bench page not ready');
      const fn = api[name] as (...values: unknown[]) => Promise<unknown>;
      return fn(...params);
    },
    { name: method, params: args as unknown[] },
  );
  // page.evaluate cannot carry the type across the wire; ImportBenchApi is the shared contract.
  return result as Awaited<ReturnType<ImportBenchApi[Method]>>;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const rows = positiveIntFromEnv('BENCH_IMPORT_ROWS', 20_000);
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'dealerdesk-import-bench-'));
  const outDir = path.join(workDir, 'dist');
  log(`DealerDesk import bench: ${rows.toLocaleString('en-US')} lines`);
  await build({
    root: BENCH_DIR,
    configFile: false,
    base: './',
    mode: 'production',
    logLevel: 'warn',
    publicDir: false,
    cacheDir: path.join(workDir, '.vite'),
    build: {
      outDir,
      emptyOutDir: true,
      reportCompressedSize: false,
      rolldownOptions: { input: path.join(BENCH_DIR, 'import-bench.html') },
    },
  });
  const port = await freePort();
  const server = await preview({
    root: BENCH_DIR,
    configFile: false,
    base: './',
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  const context = await chromium.launchPersistentContext(path.join(workDir, 'profile'), {
    executablePath: chromiumExecutablePath(),
    args: CHROMIUM_ARGS,
    headless: true,
    timezoneId: 'Asia/Shanghai',
    locale: 'zh-CN',
  });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(CALL_TIMEOUT_MS);
    page.on('console', (message) => {
      const text = message.text();
      if (text.startsWith('[bench]')) log(text.slice('[bench] '.length));
      else if (message.type() === 'error') log(`page error: ${text}`);
    });
    await page.goto(`http://127.0.0.1:${port}/import-bench.html`);
    await page.waitForFunction(() => window.dealerImportBench !== undefined);
    const version = await page.evaluate(() => navigator.userAgent);
    log(`browser: ${/(?:Headless)?Chrome\/[\d.]+/.exec(version)?.[0] ?? version}`);

    const app = await call(page, 'importApp', rows);
    log(
      `import: ${app.created.toLocaleString('en-US')} created, ${app.invalid} invalid, ${app.duplicate} duplicates; ${app.customers} customers, ${app.followUps} follow-ups, ${app.timeline} timeline, ${app.outbox} outbox`,
    );
    const floor = await call(page, 'bulkPutFloor');
    const undo = await call(page, 'undoApp');
    const total = app.planMs + app.applyMs;
    console.log(`
| ${rows.toLocaleString('en-US')} lines (${(app.fileBytes / 1024 ** 2).toFixed(1)} MiB CSV) | time | vs. raw bulkPut |
| --- | --- | --- |
| read + plan (decode, parse, map, validate, duplicates) | ${seconds(app.planMs)} | |
| apply (write path: rows + outbox + timeline + batch) | ${seconds(app.applyMs)} | ${(app.applyMs / floor.bulkPutMs).toFixed(2)}× |
| whole import | ${seconds(total)} | ${(total / floor.bulkPutMs).toFixed(2)}× |
| raw bulkPut of the same ${floor.rows.toLocaleString('en-US')} rows | ${seconds(floor.bulkPutMs)} | 1.00× |
| undo (withdraw ${undo.withdrawn.toLocaleString('en-US')} cards) | ${seconds(undo.undoMs)} | |
`);
  } finally {
    await context.close();
    await server.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
