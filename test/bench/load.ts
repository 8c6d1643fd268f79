// `npm run bench:load -- --laptops 500 --seconds 120 [--instances 2]`: many laptops against the
// sync server at once. Each simulated laptop does what the desktop app does: logs in, pulls its
// own scope from cursor 0, keeps its event stream open, pushes a change every few seconds and
// pulls when poked. The servers are the production bundle in their own processes on loopback,
// sharing one fresh PostgreSQL database (TEST_DATABASE_URL, dropped afterwards); the data is a
// dealer group written with set-based SQL (dealer-group.ts).
//
// Who is who: per dealership one manager laptop and, per consultant, two laptops (the showroom
// PC and the notebook) logged in as the same consultant. The two laptops of a consultant push
// half a period apart, so the first poke the second one sees after the first one pushes is that
// push's poke: poke latency = push sent by laptop A → poke read by laptop B. With two instances
// the two laptops talk to different instances, so every measured poke crosses LISTEN/NOTIFY.
//
// A benchmark, not a test: it prints figures and fails only when it cannot measure. Bounded in
// laptops, time and sockets; loopback only.

import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { v7 as uuidv7 } from 'uuid';
import { IN_MEMORY_DATA_DIR, openDatabase } from '../../server/index';
import { migrate } from '../../server/db/migrations';
import { generateShowroom } from '../../shared/sample-data/showroom';
import { createHlc, formatHlc, receiveHlc, tickHlc, type HlcState } from '../../shared/sync/hlc';
import type {
  Mutation,
  PullResponse,
  PushResponse,
  TokenResponse,
} from '../../shared/sync/protocol';
import { NEW_ROW_SCHEMAS } from '../../shared/sync/tables';
import { log } from './bench-env';
import { generateDealerGroup, type GroupUser } from './dealer-group';
import { connectTo, RequestFailed, timed, type ServerConnection } from './laptop-client';
import {
  buildServerBundle,
  freshPostgresDatabase,
  startServerInstance,
  type ServerInstance,
} from './server-processes';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUTPUT_DIR = path.join(REPO_ROOT, 'test-results/bench');
const PASSWORD = 'load bench password 2026';
const LIMITS = { laptops: 2000, seconds: 900, instances: 4 };

type Options = {
  laptops: number;
  seconds: number;
  instances: number;
  pushEveryMs: number;
  cardsPerConsultant: number;
  followUpsPerCard: number;
  consultantsPerDealership: number;
  socketsPerInstance: number;
};

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      laptops: { type: 'string', default: '500' },
      seconds: { type: 'string', default: '120' },
      instances: { type: 'string', default: '1' },
      'push-every': { type: 'string', default: '5' },
      cards: { type: 'string', default: '100' },
      'follow-ups': { type: 'string', default: '3' },
      consultants: { type: 'string', default: '12' },
      sockets: { type: 'string', default: '64' },
    },
  });
  const int = (name: string, raw: string | undefined, min: number, max: number) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new Error(`--${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    }
    return value;
  };
  return {
    laptops: int('laptops', values.laptops, 3, LIMITS.laptops),
    seconds: int('seconds', values.seconds, 10, LIMITS.seconds),
    instances: int('instances', values.instances, 1, LIMITS.instances),
    pushEveryMs: int('push-every', values['push-every'], 1, 60) * 1000,
    cardsPerConsultant: int('cards', values.cards, 1, 10_000),
    followUpsPerCard: int('follow-ups', values['follow-ups'], 0, 10),
    consultantsPerDealership: int('consultants', values.consultants, 1, 100),
    socketsPerInstance: int('sockets', values.sockets, 1, 512),
  };
}

// --- figures ------------------------------------------------------------------------------

type Figures = {
  login: number[];
  firstPullPage: number[];
  firstPullMs: number[];
  pullPage: number[];
  push: number[];
  poke: number[];
  errors: Map<string, number>;
  rejectedAcks: number;
};

const figures: Figures = {
  login: [],
  firstPullPage: [],
  firstPullMs: [],
  pullPage: [],
  push: [],
  poke: [],
  errors: new Map(),
  rejectedAcks: 0,
};

function countError(kind: string): void {
  figures.errors.set(kind, (figures.errors.get(kind) ?? 0) + 1);
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const ms = (value: number) =>
  Number.isNaN(value) ? '—' : `${value.toFixed(value < 10 ? 1 : 0)} ms`;
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

// --- one laptop -----------------------------------------------------------------------------

type Templates = { customer: Record<string, unknown>; followUp: Record<string, unknown> };

function rowTemplates(): Templates {
  const showroom = generateShowroom({ seed: 20_260_601, customers: 1, now: new Date() });
  const customer = showroom.customers[0];
  const followUp = showroom.followUps[0];
  if (!customer || !followUp) throw new Error('the sample showroom made no customer');
  return { customer: { ...customer, deleted: false }, followUp: { ...followUp, deleted: false } };
}

type Laptop = {
  index: number;
  user: GroupUser;
  connection: ServerConnection;
  /** The consultant's other laptop (poke latency is measured there); null for a manager. */
  partner: Laptop | null;
  /** Where in the push period this laptop pushes (ms). */
  phaseMs: number;
  /** A push by the partner at this time waits for its poke here. */
  expecting: { sentAt: number; timer: NodeJS.Timeout } | null;
};

class LaptopClock {
  private state: HlcState;
  constructor(node: string) {
    this.state = createHlc(node);
  }
  next(): string {
    this.state = tickHlc(this.state, Date.now());
    return formatHlc(this.state);
  }
  receive(remote: string): void {
    this.state = receiveHlc(this.state, remote, Date.now());
  }
}

type RunContext = {
  options: Options;
  templates: Templates;
  startedAt: number;
  stopAt: number;
  rampMs: number;
};

async function runLaptop(laptop: Laptop, run: RunContext): Promise<void> {
  const { connection, user } = laptop;
  await pause((laptop.index / run.options.laptops) * run.rampMs);
  const clientId = randomBytes(8).toString('hex');
  const clock = new LaptopClock(clientId);
  let token = '';
  try {
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
    figures.login.push(login.ms);
    token = (JSON.parse(login.text) as TokenResponse).accessToken;
  } catch (error) {
    countError(error instanceof RequestFailed ? error.kind : 'login');
    return;
  }

  // What the laptop knows of its cards: the clock of `notes`, the base of its next edit.
  const notesClock = new Map<string, string>();
  let cursor = '0';
  const takePage = (page: PullResponse) => {
    for (const change of page.changes) {
      if (change.kind !== 'upsert' || change.table !== 'customers') continue;
      if (change.data.ownerId !== user.id) continue;
      const notes = change.clocks.notes;
      if (notes) notesClock.set(change.id, notes);
    }
    if (page.serverHlc) clock.receive(page.serverHlc);
    cursor = page.cursor;
  };
  const pullPages = async (into: number[]) => {
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
      into.push(page.ms);
      const answer = JSON.parse(page.text) as PullResponse;
      takePage(answer);
      if (!answer.hasMore) return;
    }
  };

  try {
    const started = performance.now();
    await pullPages(figures.firstPullPage);
    figures.firstPullMs.push(performance.now() - started);
  } catch (error) {
    countError(error instanceof RequestFailed ? error.kind : 'first pull');
    return;
  }

  // Pull when poked, one pull at a time; pokes during a pull make one more.
  let pulling: Promise<void> | null = null;
  let pullAgain = false;
  const pullNow = () => {
    if (pulling) {
      pullAgain = true;
      return;
    }
    pulling = (async () => {
      do {
        pullAgain = false;
        try {
          await pullPages(figures.pullPage);
        } catch (error) {
          countError(error instanceof RequestFailed ? error.kind : 'pull');
        }
      } while (pullAgain && Date.now() < run.stopAt);
      pulling = null;
    })();
  };

  let stream;
  try {
    let connected: () => void = () => {};
    const isConnected = new Promise<void>((resolve) => {
      connected = resolve;
    });
    stream = await connection.openStream(token, (event, data) => {
      if (event !== 'poke') return;
      const at = performance.now();
      if (data.includes('connected')) return connected();
      if (laptop.expecting && at >= laptop.expecting.sentAt) {
        figures.poke.push(at - laptop.expecting.sentAt);
        clearTimeout(laptop.expecting.timer);
        laptop.expecting = null;
      }
      pullNow();
    });
    await isConnected;
  } catch (error) {
    countError(error instanceof RequestFailed ? error.kind : 'events');
    return;
  }
  let closing = false;
  void stream.ended.then((result) => {
    if (!closing) countError(`event stream ended${result.error ? ` (${result.error})` : ''}`);
  });

  // Pushes on the laptop's own phase of the period, until the end of the run.
  const period = run.options.pushEveryMs;
  let seq = 0;
  const cards = [...notesClock.keys()];
  const owner = { dealershipId: user.dealershipId, ownerId: user.id };
  for (let round = 0; ; round += 1) {
    const due = run.startedAt + run.rampMs + laptop.phaseMs + round * period;
    if (due >= run.stopAt) break;
    const wait = due - Date.now();
    // A laptop that fell behind (a slow first pull) skips the rounds it missed.
    if (wait < 0) continue;
    await pause(wait);
    const mutations: Mutation[] = [];
    if (user.role === 'manager' || cards.length === 0) {
      const id = uuidv7();
      mutations.push({
        seq: (seq += 1),
        table: 'customers',
        rowId: id,
        hlc: clock.next(),
        fields: {
          ...run.templates.customer,
          ...owner,
          id,
          name: `来店客户 ${laptop.index}-${round}`,
        },
      });
    } else {
      const card = cards[(laptop.index * 7919 + round) % cards.length] ?? '';
      const hlc = clock.next();
      const base = notesClock.get(card);
      mutations.push({
        seq: (seq += 1),
        table: 'customers',
        rowId: card,
        hlc,
        fields: { notes: `第 ${round + 1} 次回访：客户考虑周末试驾` },
        ...(base ? { base: { notes: base } } : {}),
      });
      notesClock.set(card, hlc);
      const followUpId = uuidv7();
      mutations.push({
        seq: (seq += 1),
        table: 'followUps',
        rowId: followUpId,
        hlc: clock.next(),
        fields: { ...run.templates.followUp, ...owner, id: followUpId, customerId: card },
      });
    }
    const sentAt = performance.now();
    const partner = laptop.partner;
    if (partner) {
      if (partner.expecting) clearTimeout(partner.expecting.timer);
      const expectation = {
        sentAt,
        // The partner pushes half a period later: a poke not seen by then is missing.
        timer: setTimeout(
          () => {
            if (partner.expecting === expectation) {
              partner.expecting = null;
              countError('poke not seen within half a push period');
            }
          },
          period / 2 - 100,
        ),
      };
      partner.expecting = expectation;
    }
    try {
      const push = await timed(
        () =>
          connection.request('POST', '/v1/push', token, JSON.stringify({ clientId, mutations })),
        'push',
      );
      figures.push.push(push.ms);
      const answer = JSON.parse(push.text) as PushResponse;
      clock.receive(answer.serverHlc);
      figures.rejectedAcks += answer.acks.filter((ack) => ack.status !== 'applied').length;
    } catch (error) {
      countError(error instanceof RequestFailed ? error.kind : 'push');
    }
  }
  if (laptop.expecting) clearTimeout(laptop.expecting.timer);
  laptop.expecting = null;
  await pulling;
  closing = true;
  stream.close();
}

// --- the run ---------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = readOptions();
  const adminUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('bench:load needs PostgreSQL: set TEST_DATABASE_URL');
  const templates = rowTemplates();
  for (const [table, row] of [
    ['customers', templates.customer],
    ['followUps', templates.followUp],
  ] as const) {
    const checked = NEW_ROW_SCHEMAS[table].safeParse({ ...row, dealershipId: uuidv7() });
    if (!checked.success) throw new Error(`template ${table}: ${checked.error.message}`);
  }
  const perDealership = options.consultantsPerDealership * 2 + 1;
  const dealerships = Math.ceil(options.laptops / perDealership);
  log(
    `bench:load: ${options.laptops} laptops (${dealerships} dealerships of ${options.consultantsPerDealership} consultants × 2 laptops + 1 manager), ${options.instances} instance(s), ${options.seconds} s, a push every ${options.pushEveryMs / 1000} s per laptop`,
  );

  const bundle = await buildServerBundle();
  const database = await freshPostgresDatabase(adminUrl, 'load');
  const instances: ServerInstance[] = [];
  const connections: ServerConnection[] = [];
  let cleaned: Promise<void> | null = null;
  const cleanUp = () =>
    (cleaned ??= (async () => {
      for (const connection of connections) connection.close();
      for (const instance of instances) await instance.stop();
      await database.drop();
    })());
  try {
    // The first instance migrates; the data goes in before the others start.
    instances.push(await startServerInstance(bundle, database.url));
    const db = await openDatabase({ databaseUrl: database.url, dataDir: IN_MEMORY_DATA_DIR });
    let group;
    try {
      await migrate(db);
      log('generating the dealer group…');
      group = await generateDealerGroup(db, {
        dealerships,
        managersPerDealership: 1,
        consultantsPerDealership: options.consultantsPerDealership,
        cardsPerConsultant: options.cardsPerConsultant,
        followUpsPerCard: options.followUpsPerCard,
        password: PASSWORD,
        log,
      });
    } finally {
      await db.close();
    }
    log(
      `generated ${group.customers.toLocaleString('en-US')} customers, ${group.followUps.toLocaleString('en-US')} follow-ups in ${(group.generateMs / 1000).toFixed(1)} s`,
    );
    while (instances.length < options.instances) {
      instances.push(await startServerInstance(bundle, database.url));
    }
    for (const instance of instances) {
      connections.push(connectTo(instance.url, options.socketsPerInstance));
    }

    // Laptops: per dealership the manager, then each consultant's pair.
    const laptops: Laptop[] = [];
    const period = options.pushEveryMs;
    for (const dealership of group.dealerships) {
      const members = group.users.filter((user) => user.dealershipId === dealership.id);
      for (const user of members) {
        const copies = user.role === 'manager' ? 1 : 2;
        const pair: Laptop[] = [];
        for (let copy = 0; copy < copies && laptops.length < options.laptops; copy += 1) {
          const index = laptops.length;
          const connection = connections[index % connections.length];
          if (!connection) throw new Error('no server connection');
          const laptop: Laptop = {
            index,
            user,
            connection,
            partner: null,
            // Spread over the period; the second laptop of a pair half a period after the first.
            phaseMs: copy === 0 ? (index * 997) % (period / 2) : 0,
            expecting: null,
          };
          pair.push(laptop);
          laptops.push(laptop);
        }
        const [first, second] = pair;
        if (first && second) {
          second.phaseMs = first.phaseMs + period / 2;
          first.partner = second;
          second.partner = first;
        }
      }
    }

    const rampMs = Math.min(30_000, (options.seconds * 1000) / 4);
    const startedAt = Date.now();
    const run: RunContext = {
      options,
      templates,
      startedAt,
      stopAt: startedAt + options.seconds * 1000,
      rampMs,
    };
    const loadSamples: number[] = [];
    const memorySamples = new Map<number, number>();
    const cpuBefore = await Promise.all(instances.map((instance) => instance.cpuSeconds()));
    const ownCpuBefore = process.cpuUsage();
    const sampler = setInterval(() => {
      loadSamples.push(os.loadavg()[0] ?? 0);
      for (const instance of instances) {
        void instance.memory().then((memory) => {
          memorySamples.set(
            instance.pid,
            Math.max(memorySamples.get(instance.pid) ?? 0, memory.rssBytes),
          );
        });
      }
    }, 5_000);
    const progress = setInterval(() => {
      log(
        `  ${((Date.now() - startedAt) / 1000).toFixed(0)} s: ${figures.login.length} logged in, ${figures.firstPullMs.length} first pulls, ${figures.push.length} pushes, ${figures.pullPage.length} pull pages, ${figures.poke.length} pokes timed, ${[...figures.errors.values()].reduce((a, b) => a + b, 0)} errors`,
      );
    }, 15_000);
    log(`${laptops.length} laptops starting over ${(rampMs / 1000).toFixed(0)} s…`);
    const hardStop = setTimeout(
      () => {
        log('hard stop: the run did not end within 60 s of its time');
        process.exit(1);
      },
      run.stopAt - Date.now() + 60_000,
    );
    await Promise.all(laptops.map((laptop) => runLaptop(laptop, run)));
    clearTimeout(hardStop);
    clearInterval(sampler);
    clearInterval(progress);
    const elapsedS = (Date.now() - startedAt) / 1000;
    const cpuAfter = await Promise.all(instances.map((instance) => instance.cpuSeconds()));
    const ownCpu = process.cpuUsage(ownCpuBefore);
    const memory = await Promise.all(instances.map((instance) => instance.memory()));

    const errors = [...figures.errors.entries()];
    const errorCount = errors.reduce((sum, [, count]) => sum + count, 0);
    const row = (name: string, values: number[], target: string) =>
      `| ${name} | ${values.length.toLocaleString('en-US')} | ${ms(percentile(values, 50))} | ${ms(percentile(values, 99))} | ${ms(Math.max(...values, 0))} | ${target} |`;
    const lines = [
      `## ${options.laptops} laptops, ${options.instances} instance(s), ${options.seconds} s`,
      '',
      `- machine: ${os.cpus().length} cores, load average during the run ${(loadSamples.reduce((a, b) => a + b, 0) / Math.max(1, loadSamples.length)).toFixed(1)} (max ${Math.max(...loadSamples, 0).toFixed(1)}), node ${process.version}`,
      `- data: ${group.dealerships.length} dealerships, ${group.customers.toLocaleString('en-US')} customers, ${group.followUps.toLocaleString('en-US')} follow-ups (${options.cardsPerConsultant} cards of ${options.followUpsPerCard} follow-ups per consultant)`,
      `- a push every ${period / 1000} s per laptop; ${elapsedS.toFixed(0)} s including a ${(rampMs / 1000).toFixed(0)} s ramp of logins and first pulls`,
      `- errors: **${errorCount}**${errors.length ? ` (${errors.map(([kind, count]) => `${kind}: ${count}`).join(', ')})` : ''}; refused changes: ${figures.rejectedAcks}`,
      '',
      '| what | count | p50 | p99 | max | target |',
      '| --- | ---: | ---: | ---: | ---: | --- |',
      row('push (one edit + one new follow-up)', figures.push, 'p99 < 250 ms'),
      row('pull page, when poked', figures.pullPage, 'p99 < 200 ms'),
      row('pull page, first pull', figures.firstPullPage, 'p99 < 200 ms'),
      row('poke: push sent by A → poke read by B', figures.poke, 'p99 < 500 ms'),
      row('login (argon2)', figures.login, ''),
      row('whole first pull', figures.firstPullMs, ''),
      '',
      '| server instance | peak RSS (VmHWM) | RSS sampled max | RSS at end | CPU |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...instances.map(
        (instance, index) =>
          `| ${index + 1} | ${mib(memory[index]?.peakRssBytes ?? 0)} | ${mib(memorySamples.get(instance.pid) ?? 0)} | ${mib(memory[index]?.rssBytes ?? 0)} | ${((cpuAfter[index] ?? 0) - (cpuBefore[index] ?? 0)).toFixed(0)} s (${((((cpuAfter[index] ?? 0) - (cpuBefore[index] ?? 0)) / elapsedS) * 100).toFixed(0)} % of a core) |`,
      ),
      `| the laptops (this process) | ${mib(process.resourceUsage().maxRSS * 1024)} | | ${mib(process.memoryUsage.rss())} | ${((ownCpu.user + ownCpu.system) / 1e6).toFixed(0)} s |`,
    ];
    const text = lines.join('\n');
    console.log(`\n${text}\n`);
    await mkdir(OUTPUT_DIR, { recursive: true });
    const name = `load-${options.laptops}-${options.instances}`;
    await writeFile(path.join(OUTPUT_DIR, `${name}.md`), `${text}\n`);
    await writeFile(
      path.join(OUTPUT_DIR, `${name}.json`),
      `${JSON.stringify(
        {
          options,
          errors: Object.fromEntries(figures.errors),
          rejectedAcks: figures.rejectedAcks,
          p50: {
            push: percentile(figures.push, 50),
            pullPage: percentile(figures.pullPage, 50),
            firstPullPage: percentile(figures.firstPullPage, 50),
            poke: percentile(figures.poke, 50),
          },
          p99: {
            push: percentile(figures.push, 99),
            pullPage: percentile(figures.pullPage, 99),
            firstPullPage: percentile(figures.firstPullPage, 99),
            poke: percentile(figures.poke, 99),
          },
          memory,
          loadSamples,
        },
        null,
        2,
      )}\n`,
    );
    if (errorCount > 0) process.exitCode = 1;
  } finally {
    await cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
