// `npm run bench:group`: a whole dealer group in PostgreSQL (dealer-group.ts, set-based SQL) and
// the first pulls that matter at that size, through a real server process over HTTP with gzip,
// page by page as the app pulls (with its client id, so the clock hand-out is included): a
// consultant's own cards, and a manager's whole showroom. Beside each, the keyset floor: the
// same rows read page by page straight from SQL.
//
//   BENCH_GROUP_DEALERSHIPS=20       dealerships
//   BENCH_GROUP_CONSULTANTS=17       consultants per dealership
//   BENCH_GROUP_CARDS=3000           cards per consultant (× consultants ≈ 50,000 a showroom)
//   BENCH_GROUP_FOLLOW_UPS=3         follow-ups per card
//   BENCH_GROUP_RUNS=3               timed runs of each pull (median)
//   TEST_DATABASE_URL=postgres://…   required; a fresh database, dropped afterwards

import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { IN_MEMORY_DATA_DIR, openDatabase } from '../../server/index';
import { migrate } from '../../server/db/migrations';
import type { PullResponse, TokenResponse } from '../../shared/sync/protocol';
import { log, positiveIntFromEnv } from './bench-env';
import { generateDealerGroup, type GroupUser } from './dealer-group';
import { connectTo, timed, type ServerConnection } from './laptop-client';
import { buildServerBundle, freshPostgresDatabase, startServerInstance } from './server-processes';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUTPUT_DIR = path.join(REPO_ROOT, 'test-results/bench');
const PASSWORD = 'group bench password 2026';
const RUNS = positiveIntFromEnv('BENCH_GROUP_RUNS', 3);

type PullFigures = { rows: number; pages: number; ms: number };

async function firstPull(connection: ServerConnection, user: GroupUser): Promise<PullFigures> {
  const clientId = randomBytes(8).toString('hex');
  const login = await timed(
    () =>
      connection.request(
        'POST',
        '/v1/auth/login',
        null,
        JSON.stringify({ login: user.login, password: PASSWORD, clientId }),
      ),
    'login',
  );
  const token = (JSON.parse(login.text) as TokenResponse).accessToken;
  let cursor = '0';
  let rows = 0;
  let pages = 0;
  const started = performance.now();
  for (;;) {
    const page = await timed(
      () =>
        connection.request(
          'GET',
          `/v1/pull?cursor=${cursor}&limit=1000&clientId=${clientId}`,
          token,
        ),
      'pull',
    );
    const answer = JSON.parse(page.text) as PullResponse;
    rows += answer.changes.length;
    pages += 1;
    cursor = answer.cursor;
    if (!answer.hasMore) break;
  }
  return { rows, pages, ms: performance.now() - started };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? Number.NaN;

async function main(): Promise<void> {
  const adminUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('bench:group needs PostgreSQL: set TEST_DATABASE_URL');
  const spec = {
    dealerships: positiveIntFromEnv('BENCH_GROUP_DEALERSHIPS', 20),
    managersPerDealership: 1,
    consultantsPerDealership: positiveIntFromEnv('BENCH_GROUP_CONSULTANTS', 17),
    cardsPerConsultant: positiveIntFromEnv('BENCH_GROUP_CARDS', 3000),
    followUpsPerCard: positiveIntFromEnv('BENCH_GROUP_FOLLOW_UPS', 3),
    password: PASSWORD,
    log,
  };
  const loadAtStart = os.loadavg();
  const bundle = await buildServerBundle();
  const database = await freshPostgresDatabase(adminUrl, 'group');
  try {
    const db = await openDatabase({ databaseUrl: database.url, dataDir: IN_MEMORY_DATA_DIR });
    let group;
    try {
      await migrate(db);
      log(
        `generating ${spec.dealerships} dealerships × ${spec.consultantsPerDealership} consultants × ${spec.cardsPerConsultant} cards × ${spec.followUpsPerCard} follow-ups…`,
      );
      group = await generateDealerGroup(db, spec);
    } finally {
      await db.close();
    }
    log(
      `generated ${group.customers.toLocaleString('en-US')} customers and ${group.followUps.toLocaleString('en-US')} follow-ups in ${(group.generateMs / 1000).toFixed(0)} s`,
    );
    const server = await startServerInstance(bundle, database.url);
    const connection = connectTo(server.url, 4);
    // The last dealership: written last, its seqs at the top of the sequence.
    const last = group.dealerships.at(-1);
    const consultant = group.users.find(
      (user) => user.dealershipId === last?.id && user.role === 'consultant',
    );
    const manager = group.users.find(
      (user) => user.dealershipId === last?.id && user.role === 'manager',
    );
    if (!consultant || !manager) throw new Error('no consultant or manager generated');

    const floorDb = await openDatabase({ databaseUrl: database.url, dataDir: IN_MEMORY_DATA_DIR });
    const keysetFloor = async (where: string, params: unknown[]) => {
      const started = performance.now();
      let cursor = '0';
      let rows = 0;
      for (;;) {
        const page = await floorDb.query<{ seq: string }>(
          `SELECT table_name, id, data, clocks, seq::text AS seq FROM records
           WHERE ${where} AND seq > $${params.length + 1}::bigint ORDER BY records.seq LIMIT 1000`,
          [...params, cursor],
        );
        rows += page.length;
        const lastRow = page.at(-1);
        if (!lastRow || page.length < 1000) break;
        cursor = lastRow.seq;
      }
      return { rows, ms: performance.now() - started };
    };

    const lines: string[] = [];
    try {
      for (const [label, user, where, params] of [
        [
          "consultant's first pull",
          consultant,
          'dealership_id = $1 AND (owner_id = $2 OR owner_id IS NULL)',
          [consultant.dealershipId, consultant.id],
        ],
        ["manager's first pull", manager, 'dealership_id = $1', [manager.dealershipId]],
      ] as const) {
        const pulls: PullFigures[] = [];
        const floors: number[] = [];
        for (let run = 0; run < RUNS; run += 1) {
          const pulled = await firstPull(connection, user);
          const floor = await keysetFloor(where, [...params]);
          if (floor.rows !== pulled.rows) {
            throw new Error(`${label}: pulled ${pulled.rows} rows, the floor read ${floor.rows}`);
          }
          pulls.push(pulled);
          floors.push(floor.ms);
          log(
            `  ${label}, run ${run + 1}: ${pulled.rows.toLocaleString('en-US')} rows in ${pulled.pages} pages, ${(pulled.ms / 1000).toFixed(2)} s (keyset floor ${(floor.ms / 1000).toFixed(2)} s)`,
          );
        }
        const pullMs = median(pulls.map((pull) => pull.ms));
        const floorMs = median(floors);
        lines.push(
          `| ${label} | ${pulls[0]?.rows.toLocaleString('en-US')} rows, ${pulls[0]?.pages} pages | ${(pullMs / 1000).toFixed(2)} s | ${(floorMs / 1000).toFixed(2)} s | ${(pullMs / floorMs).toFixed(2)}× |`,
        );
      }
    } finally {
      await floorDb.close();
      connection.close();
      const memory = await server.memory();
      lines.push(
        '',
        `server peak RSS (VmHWM): ${(memory.peakRssBytes / 1024 / 1024).toFixed(0)} MiB`,
      );
      await server.stop();
    }
    const text = [
      `## A dealer group: ${group.dealerships.length} dealerships, ${group.customers.toLocaleString('en-US')} customers, ${group.followUps.toLocaleString('en-US')} follow-ups`,
      '',
      `- generated in ${(group.generateMs / 1000).toFixed(0)} s with set-based SQL; ${os.cpus().length} cores; load average ${loadAtStart[0]?.toFixed(1)} at start, ${os.loadavg()[0]?.toFixed(1)} at end; median of ${RUNS} runs`,
      '',
      '| first pull (HTTP, gzip, pages of 1,000) | size | pull | keyset floor (SQL) | pull ÷ floor |',
      '| --- | --- | ---: | ---: | ---: |',
      ...lines,
    ].join('\n');
    console.log(`\n${text}\n`);
    await mkdir(OUTPUT_DIR, { recursive: true });
    await writeFile(path.join(OUTPUT_DIR, 'group-report.md'), `${text}\n`);
  } finally {
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
