// `npm run bench:sync`: the sync server measured over real HTTP, on embedded PGlite and (when a
// PostgreSQL server is configured) on PostgreSQL: push throughput (new rows, replayed batches,
// concurrent edits that make conflict rows), a manager's first pull against a plain SQL floor,
// poke latency over SSE and process memory. A benchmark, not a test: nothing here fails on time;
// it fails only when it cannot measure (a refused change, a pull that misses rows).
//
//   BENCH_SYNC_CUSTOMERS=5000   customers pushed (each with one follow-up and one timeline row)
//   BENCH_SYNC_RUNS=3           timed runs of the pull and of its floor
//   BENCH_SYNC_POKES=30         pushes timed for poke latency
//   TEST_DATABASE_URL=postgres://…  also run on PostgreSQL, in a fresh database dropped afterwards

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { gzipSync } from 'node:zlib';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { benchStarted, log, positiveIntFromEnv } from './bench-env';
import { readServerSentEvents } from '../../renderer/sync/event-stream';
import { generateShowroom, type SampleFollowUp } from '../../shared/sample-data/showroom';
import { newClientId } from '../../shared/sync/client-id';
import { createHlc, formatHlc, receiveHlc, tickHlc, type HlcState } from '../../shared/sync/hlc';
import {
  MAX_PULL_LIMIT,
  MAX_PUSH_MUTATIONS,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  type Mutation,
  type PullResponse,
  type PushResponse,
  type TokenResponse,
} from '../../shared/sync/protocol';
import { NEW_ROW_SCHEMAS } from '../../shared/sync/tables';
import {
  createDealershipWithAdmin,
  createUser,
  IN_MEMORY_DATA_DIR,
  openDatabase,
  startServer,
  type Database,
  type RunningServer,
} from '../../server/index';
import type { Queryable, QueryOptions, SqlRow } from '../../server/db/database';
import {
  formatSyncReport,
  median,
  type BackendFigures,
  type MemorySample,
  type PokeFigures,
  type PushFigures,
  type SkippedBackend,
  type SqlFigures,
  type SyncBenchReport,
} from './sync-bench-report';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(BENCH_DIR, '../..');
/** test-results/ is git-ignored; the report lives next to the data-layer bench's. */
const OUTPUT_DIR = path.join(REPO_ROOT, 'test-results/bench');
const PASSWORD = 'bench password 0123';
/** A poke that has not arrived after this long is lost (the client would pull on its timer). */
const POKE_TIMEOUT_MS = 10_000;
const MEMORY_SAMPLE_MS = 100;

// Heap figures mean little with garbage in them. `--expose-gc` cannot be passed through
// `node --import tsx` portably, so the flag is set at run time and gc() taken from a fresh context.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function memorySample(phase: string): MemorySample {
  collectGarbage();
  const usage = process.memoryUsage();
  return {
    phase,
    rssBytes: usage.rss,
    heapUsedBytes: usage.heapUsed,
    externalBytes: usage.external,
  };
}

// --- where the server's time goes: its SQL statements, counted and timed ----------------------

type SqlCounter = { statements: number; ms: number };

/**
 * The server's database behind a meter: every statement (in or out of a transaction) is counted
 * and its await timed. Statements of one push run one after the other, so the times add up.
 */
function meteredDatabase(inner: Database, counter: SqlCounter): Database {
  const meter = (queryable: Queryable): Queryable => ({
    async query<Row extends SqlRow = SqlRow>(
      sql: string,
      params?: readonly unknown[],
      options?: QueryOptions,
    ) {
      const started = performance.now();
      try {
        return await queryable.query<Row>(sql, params, options);
      } finally {
        counter.statements += 1;
        counter.ms += performance.now() - started;
      }
    },
    exec: (sql) => queryable.exec(sql),
  });
  return {
    ...meter(inner),
    kind: inner.kind,
    transaction: (fn) => inner.transaction((tx) => fn(meter(tx))),
    listen: (channel, handler) => inner.listen(channel, handler),
    close: () => inner.close(),
  };
}

/** Runs a phase and says how much of it the server spent waiting for SQL. */
async function withSql<T extends { totalMs: number }>(
  counter: SqlCounter,
  phase: () => Promise<T>,
): Promise<T & { sql: SqlFigures }> {
  const before = { ...counter };
  const result = await phase();
  return {
    ...result,
    sql: { statements: counter.statements - before.statements, ms: counter.ms - before.ms },
  };
}

// --- a minimal sync client over fetch, the way the desktop app talks to the server ------------

/** The client's hybrid logical clock: ticks on each write, folds in the server's clock. */
class ClientClock {
  private state: HlcState;
  constructor(readonly clientId: string) {
    this.state = createHlc(clientId);
  }
  next(): string {
    this.state = tickHlc(this.state, Date.now());
    return formatHlc(this.state);
  }
  receive(remote: string): void {
    this.state = receiveHlc(this.state, remote, Date.now());
  }
}

type Session = { token: TokenResponse; clientId: string; clock: ClientClock };

function headers(token?: string): Record<string, string> {
  return {
    [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
    'content-type': 'application/json',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  };
}

async function login(baseUrl: string, loginName: string): Promise<Session> {
  const clientId = newClientId();
  const response = await fetch(`${baseUrl}/v1/auth/login`, {
    method: 'POST',
    headers: headers(),
    body: JSON.stringify({ login: loginName, password: PASSWORD, clientId }),
  });
  if (response.status !== 200) {
    throw new Error(`login of ${loginName} failed ${response.status}: ${await response.text()}`);
  }
  // The server's own schema checks every request; the bench trusts its answers' shape.
  const token = (await response.json()) as TokenResponse;
  return { token, clientId, clock: new ClientClock(clientId) };
}

/** Sends an already serialized push body, so JSON building stays out of the timing. */
async function pushBody(baseUrl: string, session: Session, body: string): Promise<PushResponse> {
  const response = await fetch(`${baseUrl}/v1/push`, {
    method: 'POST',
    headers: headers(session.token.accessToken),
    body,
  });
  if (response.status !== 200) {
    throw new Error(`push failed ${response.status}: ${await response.text()}`);
  }
  const answer = (await response.json()) as PushResponse;
  session.clock.receive(answer.serverHlc);
  return answer;
}

function pushRequest(session: Session, mutations: Mutation[]): string {
  return JSON.stringify({ clientId: session.clientId, mutations });
}

type AckCheck = 'applied' | 'replayed';

function checkAcks(answer: PushResponse, expected: number, check: AckCheck): void {
  if (answer.acks.length !== expected) {
    throw new Error(`push answered ${answer.acks.length} acks for ${expected} mutations`);
  }
  const refused = answer.acks.find((ack) => ack.status !== 'applied');
  if (refused) {
    throw new Error(`a bench change was refused: ${JSON.stringify(refused)}`);
  }
  const replayed = answer.acks.filter((ack) => ack.replayed === true).length;
  if (check === 'applied' && replayed > 0) throw new Error(`${replayed} fresh changes replayed`);
  if (check === 'replayed' && replayed !== expected) {
    throw new Error(`only ${replayed} of ${expected} repeated changes were answered as replayed`);
  }
}

/** Pushes the batches one after the other, like a client draining its outbox. */
async function timePushes(
  baseUrl: string,
  session: Session,
  bodies: { body: string; size: number }[],
  check: AckCheck,
  label: string,
): Promise<Omit<PushFigures, 'sql'>> {
  const batchMs: number[] = [];
  let mutations = 0;
  const started = performance.now();
  for (const [index, batch] of bodies.entries()) {
    const sent = performance.now();
    const answer = await pushBody(baseUrl, session, batch.body);
    batchMs.push(performance.now() - sent);
    checkAcks(answer, batch.size, check);
    mutations += batch.size;
    if ((index + 1) % 10 === 0 || index === bodies.length - 1) {
      log(`  ${label}: ${index + 1}/${bodies.length} batches`);
    }
  }
  return { mutations, batchMs, totalMs: performance.now() - started };
}

// --- the data pushed -----------------------------------------------------------------------

type Seeded = {
  dealershipId: string;
  consultant: { id: string; login: string; name: string };
  manager: { id: string; login: string; name: string };
};

async function seed(db: Database): Promise<Seeded> {
  const suffix = randomBytes(3).toString('hex');
  const { dealership } = await createDealershipWithAdmin(db, {
    dealershipName: '星河汽车 4S 店',
    login: `admin.${suffix}`,
    name: '陈店长',
    password: PASSWORD,
  });
  const consultant = await createUser(db, {
    dealershipId: dealership.id,
    login: `consultant.${suffix}`,
    name: '王顾问',
    role: 'consultant',
    password: PASSWORD,
  });
  const manager = await createUser(db, {
    dealershipId: dealership.id,
    login: `manager.${suffix}`,
    name: '李经理',
    role: 'manager',
    password: PASSWORD,
  });
  return { dealershipId: dealership.id, consultant, manager };
}

/**
 * Every customer of the sample showroom as the desktop app first pushes it: the whole card, its
 * next (or last) follow-up and its "created" timeline entry, each a new row (no base).
 */
function newRowMutations(
  customers: number,
  seeded: Seeded,
  session: Session,
): { mutations: Mutation[]; customerIds: string[]; cardClocks: Map<string, string> } {
  const showroom = generateShowroom({ seed: 20_260_101, customers, now: new Date() });
  const followUpOf = new Map<string, SampleFollowUp>();
  // The last follow-up of each customer is its planned one, when it has one.
  for (const followUp of showroom.followUps) followUpOf.set(followUp.customerId, followUp);
  const owner = { dealershipId: seeded.dealershipId, ownerId: seeded.consultant.id };
  const mutations: Mutation[] = [];
  const add = (table: Mutation['table'], rowId: string, fields: Record<string, unknown>) => {
    const checked = NEW_ROW_SCHEMAS[table].safeParse(fields);
    if (!checked.success) {
      throw new Error(`bench ${table} row does not pass its schema: ${checked.error.message}`);
    }
    mutations.push({ seq: mutations.length + 1, table, rowId, hlc: session.clock.next(), fields });
  };
  for (const customer of showroom.customers) {
    add('customers', customer.id, { ...customer, ...owner, deleted: false });
    const followUp: SampleFollowUp = followUpOf.get(customer.id) ?? {
      id: uuidv7(),
      customerId: customer.id,
      createdAt: customer.createdAt,
      updatedAt: customer.createdAt,
      dueAt: customer.createdAt,
      channel: 'phone',
      purpose: '首次联系，确认需求',
      state: 'planned',
      completedAt: null,
      outcome: null,
      result: '',
    };
    add('followUps', followUp.id, { ...followUp, ...owner, deleted: false });
    const timelineId = uuidv7();
    add('timeline', timelineId, {
      id: timelineId,
      ...owner,
      createdAt: customer.createdAt,
      updatedAt: customer.createdAt,
      deleted: false,
      customerId: customer.id,
      kind: 'created',
      at: customer.createdAt,
      actorId: seeded.consultant.id,
      actorName: seeded.consultant.name,
      changes: [],
      text: '',
    });
  }
  const cardClocks = new Map<string, string>();
  for (const mutation of mutations) {
    if (mutation.table === 'customers') cardClocks.set(mutation.rowId, mutation.hlc);
  }
  return {
    mutations,
    customerIds: showroom.customers.map((customer) => customer.id),
    cardClocks,
  };
}

/**
 * The manager edits every card's notes from a copy older than the consultant's: the stored clock
 * differs from the edit's base and the values differ, so each edit leaves a conflict row.
 */
function concurrentEditMutations(
  customerIds: string[],
  session: Session,
  staleBase: string,
): Mutation[] {
  return customerIds.map((customerId, index) => ({
    seq: index + 1,
    table: 'customers',
    rowId: customerId,
    hlc: session.clock.next(),
    fields: {
      notes: `经理补充：客户周末来店试驾（第 ${index + 1} 位）`,
      updatedAt: new Date().toISOString(),
    },
    base: { notes: staleBase, updatedAt: staleBase },
  }));
}

function inBatches(session: Session, mutations: Mutation[]): { body: string; size: number }[] {
  const bodies: { body: string; size: number }[] = [];
  for (let start = 0; start < mutations.length; start += MAX_PUSH_MUTATIONS) {
    const batch = mutations.slice(start, start + MAX_PUSH_MUTATIONS);
    bodies.push({ body: pushRequest(session, batch), size: batch.length });
  }
  return bodies;
}

// --- pull and its floor -------------------------------------------------------------------

/**
 * A complete first sync, page by page. With `weigh`, each body is also gzipped to show what
 * compression would save (the server sends JSON uncompressed); that time is left out of totalMs.
 */
async function timePull(
  baseUrl: string,
  session: Session,
  weigh: boolean,
): Promise<{
  rows: number;
  pages: number;
  bytes: number;
  gzipBytes: number;
  totalMs: number;
  pageMs: number[];
}> {
  const pageMs: number[] = [];
  let cursor = '0';
  let rows = 0;
  let bodyBytes = 0;
  let gzipBytes = 0;
  let weighingMs = 0;
  const started = performance.now();
  for (;;) {
    const sent = performance.now();
    const response = await fetch(`${baseUrl}/v1/pull?cursor=${cursor}&limit=${MAX_PULL_LIMIT}`, {
      headers: headers(session.token.accessToken),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`pull failed ${response.status}: ${text}`);
    const page = JSON.parse(text) as PullResponse;
    pageMs.push(performance.now() - sent);
    rows += page.changes.length;
    bodyBytes += Buffer.byteLength(text);
    if (weigh) {
      const weighing = performance.now();
      gzipBytes += gzipSync(text).length;
      weighingMs += performance.now() - weighing;
    }
    cursor = page.cursor;
    if (!page.hasMore) break;
  }
  return {
    rows,
    pages: pageMs.length,
    bytes: bodyBytes,
    gzipBytes,
    totalMs: performance.now() - started - weighingMs,
    pageMs,
  };
}

const FLOOR_COLUMNS = 'table_name, id, data, clocks, seq::text AS seq';

async function timeFloorOneQuery(
  db: Database,
  dealershipId: string,
): Promise<{ ms: number; rows: number }> {
  const started = performance.now();
  const rows = await db.query(
    `SELECT ${FLOOR_COLUMNS} FROM records WHERE dealership_id = $1 ORDER BY records.seq`,
    [dealershipId],
  );
  return { ms: performance.now() - started, rows: rows.length };
}

async function timeFloorPaged(
  db: Database,
  dealershipId: string,
): Promise<{ ms: number; rows: number }> {
  const started = performance.now();
  let cursor = '0';
  let rows = 0;
  for (;;) {
    const page = await db.query<{ seq: string }>(
      `SELECT ${FLOOR_COLUMNS} FROM records WHERE dealership_id = $1 AND seq > $2::bigint
       ORDER BY records.seq LIMIT $3`,
      [dealershipId, cursor, MAX_PULL_LIMIT],
    );
    rows += page.length;
    const last = page.at(-1);
    if (!last || page.length < MAX_PULL_LIMIT) break;
    cursor = last.seq;
  }
  return { ms: performance.now() - started, rows };
}

// --- pokes --------------------------------------------------------------------------------

type PokeListener = {
  /** Resolves at the next `changes` poke (performance.now() of its arrival). */
  nextPoke(): Promise<number>;
  close(): Promise<void>;
};

async function openPokeStream(baseUrl: string, session: Session): Promise<PokeListener> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/v1/events`, {
    headers: headers(session.token.accessToken),
    signal: abort.signal,
  });
  if (response.status !== 200 || !response.body) {
    throw new Error(`event stream failed ${response.status}`);
  }
  let waiter: ((at: number) => void) | null = null;
  let connected: () => void = () => {};
  const isConnected = new Promise<void>((resolve) => {
    connected = resolve;
  });
  const reading = readServerSentEvents(response.body, (event) => {
    const at = performance.now();
    if (event.event !== 'poke') return;
    const { reason } = JSON.parse(event.data) as { reason: string };
    if (reason === 'connected') connected();
    else if (reason === 'changes' && waiter) {
      const resolve = waiter;
      waiter = null;
      resolve(at);
    }
  }).catch((error: unknown) => {
    if (!abort.signal.aborted) log(`event stream ended: ${String(error)}`);
  });
  await isConnected;
  return {
    nextPoke() {
      return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiter = null;
          reject(new Error(`no poke within ${POKE_TIMEOUT_MS} ms`));
        }, POKE_TIMEOUT_MS);
        waiter = (at) => {
          clearTimeout(timer);
          resolve(at);
        };
      });
    },
    async close() {
      abort.abort();
      await reading;
    },
  };
}

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * The consultant edits one card at a time (on top of the server's value: no conflict) while the
 * manager's stream waits; the time is from the push leaving to the poke being read.
 */
async function timePokes(
  label: string,
  pushUrl: string,
  consultant: Session,
  listenUrl: string,
  manager: Session,
  customerIds: string[],
  /** The clock of each card's `competitors` as the consultant last wrote it (the edit's base). */
  cardClocks: Map<string, string>,
  pushes: number,
  seqStart: number,
): Promise<PokeFigures> {
  const stream = await openPokeStream(listenUrl, manager);
  const latencyMs: number[] = [];
  const pushMs: number[] = [];
  try {
    for (let index = 0; index < pushes; index += 1) {
      const customerId = customerIds[index % customerIds.length] ?? '';
      const hlc = consultant.clock.next();
      const base = cardClocks.get(customerId);
      const body = pushRequest(consultant, [
        {
          seq: seqStart + index,
          table: 'customers',
          rowId: customerId,
          hlc,
          fields: { competitors: `对比车型 ${index + 1}` },
          ...(base ? { base: { competitors: base } } : {}),
        },
      ]);
      cardClocks.set(customerId, hlc);
      const poked = stream.nextPoke();
      const sent = performance.now();
      const answer = await pushBody(pushUrl, consultant, body);
      pushMs.push(performance.now() - sent);
      checkAcks(answer, 1, 'applied');
      latencyMs.push((await poked) - sent);
      // A client does not push many times a second; let the stream settle between edits.
      await pause(20);
    }
  } finally {
    await stream.close();
  }
  log(`  ${label}: median ${median(latencyMs).toFixed(2)} ms over ${latencyMs.length} pushes`);
  return { label, latencyMs, pushMs };
}

// --- one backend ----------------------------------------------------------------------------

type BackendOptions = {
  backend: 'pglite' | 'postgres';
  customers: number;
  runs: number;
  pokes: number;
  /** For PostgreSQL: the fresh database's URL (a second instance opens its own pool on it). */
  databaseUrl: string | null;
};

async function countRecords(db: Database, dealershipId: string) {
  const rows = await db.query<{ table_name: string; n: number }>(
    `SELECT table_name, count(*)::int AS n FROM records WHERE dealership_id = $1 GROUP BY table_name`,
    [dealershipId],
  );
  const of = (table: string) => rows.find((row) => row.table_name === table)?.n ?? 0;
  return {
    customers: of('customers'),
    followUps: of('followUps'),
    timeline: of('timeline'),
    conflicts: of('conflicts'),
    total: rows.reduce((sum, row) => sum + row.n, 0),
  };
}

async function runBackend(options: BackendOptions): Promise<BackendFigures> {
  const started = performance.now();
  const memory: MemorySample[] = [memorySample('before the server started')];
  let peakRssBytes = memory[0]?.rssBytes ?? 0;
  const sampler = setInterval(() => {
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss());
  }, MEMORY_SAMPLE_MS);
  const servers: RunningServer[] = [];
  const databases: Database[] = [];
  const closeAll = async () => {
    for (const running of servers.splice(0).reverse()) await running.close();
    for (const database of databases.splice(0).reverse()) await database.close();
  };
  try {
    // The bench opens the database itself (startServer leaves a given one open) so the server's
    // statements can be metered, and the floor can read the same database unmetered.
    const db = await openDatabase({
      databaseUrl: options.databaseUrl,
      dataDir: IN_MEMORY_DATA_DIR,
    });
    databases.push(db);
    const sql: SqlCounter = { statements: 0, ms: 0 };
    const server = await startServer({ database: meteredDatabase(db, sql) });
    servers.push(server);
    const [version] = await db.query<{ server_version: string }>('SHOW server_version');
    const database =
      options.backend === 'pglite'
        ? `PGlite (PostgreSQL ${version?.server_version ?? '?'}), in memory`
        : `PostgreSQL ${version?.server_version ?? '?'} on loopback TCP`;
    log(`${options.backend}: server at ${server.url} on ${database}`);

    const seeded = await seed(db);
    const consultant = await login(server.url, seeded.consultant.login);
    const manager = await login(server.url, seeded.manager.login);
    const { mutations, customerIds, cardClocks } = newRowMutations(
      options.customers,
      seeded,
      consultant,
    );
    const newRows = inBatches(consultant, mutations);
    memory.push(memorySample('server up, users seeded, batches built'));

    log(`${options.backend}: pushing ${mutations.length.toLocaleString('en-US')} new rows…`);
    const push = await withSql(sql, () =>
      timePushes(server.url, consultant, newRows, 'applied', 'push'),
    );
    log(`${options.backend}: pushing the same batches again (replayed)…`);
    const replay = await withSql(sql, () =>
      timePushes(server.url, consultant, newRows, 'replayed', 'replay'),
    );

    // Older than anything the consultant wrote: the manager had not seen the consultant's notes.
    const staleBase = formatHlc({
      millis: benchStarted - 60 * 60_000,
      counter: 0,
      node: consultant.clientId,
    });
    const edits = inBatches(manager, concurrentEditMutations(customerIds, manager, staleBase));
    log(
      `${options.backend}: manager pushing ${customerIds.length.toLocaleString('en-US')} concurrent edits…`,
    );
    const editFigures = await withSql(sql, () =>
      timePushes(server.url, manager, edits, 'applied', 'edits'),
    );
    const records = await countRecords(db, seeded.dealershipId);
    if (records.conflicts !== customerIds.length) {
      throw new Error(`expected ${customerIds.length} conflict rows, found ${records.conflicts}`);
    }
    const concurrentEdits = { ...editFigures, conflictRows: records.conflicts };
    memory.push(memorySample('after the pushes'));

    log(`${options.backend}: manager's first pull, ${options.runs} runs, and its SQL floor…`);
    const pullRuns = [];
    const oneQueryMs: number[] = [];
    const pagedMs: number[] = [];
    for (let run = 0; run < options.runs; run += 1) {
      const pulled = await withSql(sql, () => timePull(server.url, manager, run === 0));
      if (pulled.rows !== records.total) {
        throw new Error(`pull brought ${pulled.rows} rows, the dealership has ${records.total}`);
      }
      pullRuns.push(pulled);
      const oneQuery = await timeFloorOneQuery(db, seeded.dealershipId);
      const paged = await timeFloorPaged(db, seeded.dealershipId);
      if (oneQuery.rows !== records.total || paged.rows !== records.total) {
        throw new Error(`the floor read ${oneQuery.rows}/${paged.rows} rows of ${records.total}`);
      }
      oneQueryMs.push(oneQuery.ms);
      pagedMs.push(paged.ms);
      log(
        `  run ${run + 1}: pull ${pulled.totalMs.toFixed(0)} ms (${pulled.pages} pages, ${pulled.sql.ms.toFixed(0)} ms in SQL), floor ${oneQuery.ms.toFixed(0)} ms, paged floor ${paged.ms.toFixed(0)} ms`,
      );
    }
    const medianRun = [...pullRuns].sort((a, b) => a.totalMs - b.totalMs)[
      Math.floor((pullRuns.length - 1) / 2)
    ];
    const pull = {
      runs: options.runs,
      rows: records.total,
      pages: medianRun?.pages ?? 0,
      bytes: medianRun?.bytes ?? 0,
      gzipBytes: pullRuns[0]?.gzipBytes ?? 0,
      runMs: pullRuns.map((run) => run.totalMs),
      pageMs: pullRuns.flatMap((run) => run.pageMs),
      sql: medianRun?.sql ?? { statements: 0, ms: 0 },
    };
    memory.push(memorySample('after the pulls'));

    log(`${options.backend}: poke latency, ${options.pokes} pushes…`);
    let seq = mutations.length;
    const pokes: PokeFigures[] = [];
    pokes.push(
      await timePokes(
        'same instance',
        server.url,
        consultant,
        server.url,
        manager,
        customerIds,
        cardClocks,
        options.pokes,
        seq + 1,
      ),
    );
    seq += options.pokes;
    if (options.databaseUrl) {
      // A second instance on the same database: the poke travels through LISTEN/NOTIFY.
      const secondDatabase = await openDatabase({
        databaseUrl: options.databaseUrl,
        dataDir: IN_MEMORY_DATA_DIR,
      });
      databases.push(secondDatabase);
      const second = await startServer({ database: secondDatabase });
      servers.push(second);
      pokes.push(
        await timePokes(
          'across instances (push to A, stream on B)',
          server.url,
          consultant,
          second.url,
          manager,
          customerIds,
          cardClocks,
          options.pokes,
          seq + 1,
        ),
      );
    }
    memory.push(memorySample('after the pokes'));
    await closeAll();
    return {
      backend: options.backend,
      database,
      customers: options.customers,
      records,
      push,
      replay,
      concurrentEdits,
      pull,
      floor: { oneQueryMs, pagedMs },
      pokes,
      memory,
      peakRssBytes,
      durationMs: performance.now() - started,
    };
  } finally {
    clearInterval(sampler);
    await closeAll();
  }
}

// --- PostgreSQL: a fresh database per run -----------------------------------------------------

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function runOnFreshPostgres(
  adminUrl: string,
  options: Omit<BackendOptions, 'backend' | 'databaseUrl'>,
): Promise<BackendFigures> {
  const name = `dealerdesk_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  log(`postgres: created database ${name}`);
  try {
    return await runBackend({ ...options, backend: 'postgres', databaseUrl: url.toString() });
  } finally {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    log(`postgres: dropped database ${name}`);
  }
}

async function pgliteVersion(): Promise<string> {
  const manifest = await readFile(
    path.join(REPO_ROOT, 'node_modules/@electric-sql/pglite/package.json'),
    'utf8',
  );
  return (JSON.parse(manifest) as { version?: string }).version ?? 'unknown';
}

async function main(): Promise<void> {
  const customers = positiveIntFromEnv('BENCH_SYNC_CUSTOMERS', 5000);
  const runs = positiveIntFromEnv('BENCH_SYNC_RUNS', 3);
  const pokes = positiveIntFromEnv('BENCH_SYNC_POKES', 30);
  const postgresUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || null;
  const loadAverageAtStart = os.loadavg();
  const startedAt = new Date().toISOString();
  log(
    `DealerDesk sync bench: ${customers.toLocaleString('en-US')} customers (${(customers * 3).toLocaleString('en-US')} mutations), ${runs} pull runs, ${pokes} pokes`,
  );

  // PostgreSQL first: PGlite's WebAssembly heap is not handed back to the system when it closes,
  // and would sit in the PostgreSQL run's memory figures.
  const backends: (BackendFigures | SkippedBackend)[] = [];
  const released = (figures: BackendFigures): BackendFigures => {
    figures.memory.push(memorySample('after the run, server and database released'));
    return figures;
  };
  let postgres: BackendFigures | SkippedBackend;
  if (postgresUrl) {
    postgres = released(await runOnFreshPostgres(postgresUrl, { customers, runs, pokes }));
  } else {
    log('postgres: skipped: set TEST_DATABASE_URL');
    postgres = { backend: 'postgres', skipped: 'skipped: set TEST_DATABASE_URL' };
  }
  backends.push(
    released(await runBackend({ backend: 'pglite', customers, runs, pokes, databaseUrl: null })),
    postgres,
  );

  const cpus = os.cpus();
  const report: SyncBenchReport = {
    startedAt,
    finishedAt: new Date().toISOString(),
    customers,
    batchSize: MAX_PUSH_MUTATIONS,
    pullLimit: MAX_PULL_LIMIT,
    runs,
    machine: {
      cpuCores: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      totalMemoryBytes: os.totalmem(),
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
      pglite: await pgliteVersion(),
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg(),
    },
    backends,
  };
  const text = formatSyncReport(report);
  console.log(`\n${text}\n`);
  await mkdir(OUTPUT_DIR, { recursive: true });
  const reportPath = path.join(OUTPUT_DIR, 'sync-report.md');
  await writeFile(reportPath, `${text}\n`);
  await writeFile(
    path.join(OUTPUT_DIR, 'sync-latest.json'),
    `${JSON.stringify(report, null, 2)}\n`,
  );
  log(`report: ${path.relative(REPO_ROOT, reportPath)} (and sync-latest.json)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
