// Test helpers for the server suites: a fresh migrated database on each backend (in-memory PGlite
// always; PostgreSQL when TEST_DATABASE_URL or DATABASE_URL names a server, in a new database
// with a random name that is dropped afterwards), an app per suite, seeded dealerships and a
// small HTTP client over app.inject.

import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { describe, it } from 'vitest';
import { newClientId } from '../shared/sync/client-id';
import { formatHlc } from '../shared/sync/hlc';
import {
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  type Change,
  type Mutation,
  type PullResponse,
  type PushResponse,
  type TokenResponse,
} from '../shared/sync/protocol';
import type { Role } from '../shared/sync/tables';
import { createDealershipWithAdmin, createUser } from './accounts';
import { buildServer } from './app';
import { IN_MEMORY_DATA_DIR, loadConfig, type Config } from './config';
import type { Database } from './db/database';
import { migrate } from './db/migrations';
import { openPgDatabase } from './db/pg-database';
import { openPgliteDatabase } from './db/pglite-database';

export type Backend = 'pglite' | 'postgres';

export const POSTGRES_URL = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || null;

/** describe() once per backend; the PostgreSQL one is reported as skipped when not configured. */
export function describeEachBackend(name: string, suite: (backend: Backend) => void): void {
  describe(`${name} [pglite]`, () => suite('pglite'));
  if (POSTGRES_URL) {
    describe(`${name} [postgres]`, () => suite('postgres'));
  } else {
    describe.skip(`${name} [postgres]: set TEST_DATABASE_URL to run against PostgreSQL`, () => {
      it('needs PostgreSQL', () => {});
    });
  }
}

export type FreshDatabase = {
  database: Database;
  /** For PostgreSQL: the URL of the fresh database (to open a second connection to it). */
  url: string | null;
  /** Closes the database and, on PostgreSQL, drops it. */
  drop(): Promise<void>;
};

export async function openFreshDatabase(
  backend: Backend,
  options: { migrate?: boolean } = {},
): Promise<FreshDatabase> {
  const migrated = options.migrate ?? true;
  if (backend === 'pglite') {
    const database = await openPgliteDatabase(IN_MEMORY_DATA_DIR);
    if (migrated) await migrate(database);
    return { database, url: null, drop: () => database.close() };
  }
  if (!POSTGRES_URL) throw new Error('No PostgreSQL configured (TEST_DATABASE_URL)');
  const name = `dealerdesk_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  const database = await openPgDatabase(url.toString());
  if (migrated) await migrate(database);
  return {
    database,
    url: url.toString(),
    async drop() {
      await database.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_URL ?? '' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({}),
    host: '127.0.0.1',
    port: 0,
    dataDir: IN_MEMORY_DATA_DIR,
    jwtSecret: TEST_JWT_SECRET,
    logLevel: 'silent',
    // Every test logs in from 127.0.0.1, many times a minute; tests of the limits set their own.
    loginRateLimitAddress: 100_000,
    loginRateLimitGlobal: 1_000_000,
    ...overrides,
  };
}

export type TestApp = {
  app: FastifyInstance;
  db: Database;
  config: Config;
  http: TestClient;
  close(): Promise<void>;
};

export async function createTestApp(
  backend: Backend,
  overrides: Partial<Config> = {},
): Promise<TestApp> {
  const fresh = await openFreshDatabase(backend);
  const config = testConfig(overrides);
  const app = await buildServer(config, fresh.database);
  await app.ready();
  return {
    app,
    db: fresh.database,
    config,
    http: createTestClient(app),
    async close() {
      await app.close();
      await fresh.drop();
    },
  };
}

// --- seeding ---------------------------------------------------------------------------------

export type SeededUser = {
  id: string;
  login: string;
  name: string;
  role: Role;
  password: string;
  /** A client id of its own, bound at its first login. */
  clientId: string;
};

export type SeededDealership = {
  dealershipId: string;
  admin: SeededUser;
  manager: SeededUser;
  consultantA: SeededUser;
  consultantB: SeededUser;
};

const PASSWORD = 'correct horse battery';

export function uniqueLogin(prefix: string): string {
  return `${prefix}.${randomBytes(4).toString('hex')}`;
}

export { newClientId } from '../shared/sync/client-id';

export async function seedDealership(db: Database, label = 'Showroom'): Promise<SeededDealership> {
  const adminLogin = uniqueLogin('admin');
  const { dealership, admin } = await createDealershipWithAdmin(db, {
    dealershipName: label,
    login: adminLogin,
    name: `${label} Admin`,
    password: PASSWORD,
  });
  const make = async (role: Role, name: string): Promise<SeededUser> => {
    const user = await createUser(db, {
      dealershipId: dealership.id,
      login: uniqueLogin(role),
      name,
      role,
      password: PASSWORD,
    });
    return { ...user, password: PASSWORD, clientId: newClientId() };
  };
  return {
    dealershipId: dealership.id,
    admin: { ...admin, password: PASSWORD, clientId: newClientId() },
    manager: await make('manager', `${label} Manager`),
    consultantA: await make('consultant', `${label} Consultant A`),
    consultantB: await make('consultant', `${label} Consultant B`),
  };
}

// --- HTTP ------------------------------------------------------------------------------------

export type TestResponse<Body = unknown> = {
  status: number;
  body: Body;
  headers: Record<string, string | string[] | number | undefined>;
};

export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PATCH' | 'OPTIONS';
  url: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Leave out the protocol header. */
  noProtocol?: boolean;
};

export type TestClient = {
  request<Body = Record<string, unknown>>(options: RequestOptions): Promise<TestResponse<Body>>;
  login(user: SeededUser): Promise<TokenResponse>;
  push(token: string, clientId: string, mutations: Mutation[]): Promise<PushResponse>;
  pull(token: string, cursor?: string, limit?: number): Promise<PullResponse>;
  /** Every page from the cursor on. */
  pullAll(token: string, cursor?: string): Promise<PullResponse['changes']>;
};

export function createTestClient(app: FastifyInstance): TestClient {
  const client: TestClient = {
    async request<Body>(options: RequestOptions) {
      const headers: Record<string, string> = { ...options.headers };
      if (!options.noProtocol) headers[PROTOCOL_HEADER] = String(PROTOCOL_VERSION);
      if (options.token) headers.authorization = `Bearer ${options.token}`;
      if (options.body !== undefined) headers['content-type'] ??= 'application/json';
      const response = await app.inject({
        method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
        url: options.url,
        headers,
        ...(options.body === undefined
          ? {}
          : {
              payload:
                typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
            }),
      });
      const text = response.body;
      return {
        status: response.statusCode,
        body: (text ? JSON.parse(text) : null) as Body,
        headers: response.headers,
      };
    },
    async login(user) {
      const response = await client.request<TokenResponse>({
        url: '/v1/auth/login',
        body: { login: user.login, password: user.password, clientId: user.clientId },
      });
      if (response.status !== 200) {
        throw new Error(`login of ${user.login} failed: ${JSON.stringify(response.body)}`);
      }
      return response.body;
    },
    async push(token, clientId, mutations) {
      const response = await client.request<PushResponse>({
        url: '/v1/push',
        token,
        body: { clientId, mutations },
      });
      if (response.status !== 200) {
        throw new Error(`push failed ${response.status}: ${JSON.stringify(response.body)}`);
      }
      return response.body;
    },
    async pull(token, cursor = '0', limit) {
      const query = new URLSearchParams({ cursor, ...(limit ? { limit: String(limit) } : {}) });
      const response = await client.request<PullResponse>({ url: `/v1/pull?${query}`, token });
      if (response.status !== 200) {
        throw new Error(`pull failed ${response.status}: ${JSON.stringify(response.body)}`);
      }
      return response.body;
    },
    async pullAll(token, cursor = '0') {
      const changes: PullResponse['changes'] = [];
      let next = cursor;
      for (;;) {
        const page = await client.pull(token, next);
        changes.push(...page.changes);
        next = page.cursor;
        if (!page.hasMore) return changes;
      }
    },
  };
  return client;
}

// --- HLC and rows ----------------------------------------------------------------------------

/** An HLC timestamp of a client at a given time (default: now). */
export function hlcOf(clientId: string, millis = Date.now(), counter = 0): string {
  return formatHlc({ millis, counter, node: clientId });
}

/** A client-side clock that ticks like the app's: strictly increasing timestamps. */
export function clientClock(clientId: string, startMillis = Date.now()) {
  let millis = startMillis;
  let counter = 0;
  return () => {
    const now = Date.now();
    if (now > millis) {
      millis = now;
      counter = 0;
    } else counter += 1;
    return hlcOf(clientId, millis, counter);
  };
}

let rowCounter = 0;
/** A unique, UUIDv7-shaped row id. */
export function newRowId(): string {
  rowCounter += 1;
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${rowCounter
    .toString(16)
    .padStart(4, '0')}${hex.slice(24, 32)}`;
}

export function customerFields(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    createdAt: now,
    updatedAt: now,
    deleted: false,
    kind: 'person',
    name: '张伟',
    phones: ['13800138000'],
    wechatId: '',
    gender: 'unknown',
    city: '上海',
    district: '',
    company: '',
    birthday: null,
    source: 'walk_in',
    sourceDetail: '',
    brand: '',
    model: '',
    trim: '',
    colour: '',
    budgetMin: null,
    budgetMax: null,
    payment: null,
    tradeIn: '',
    competitors: '',
    purpose: null,
    hasConfidence: false,
    hasNeed: false,
    hasPurchasingPower: false,
    qualificationGrade: 'N',
    expectedPurchaseDate: null,
    intentLevel: null,
    status: 'new',
    lostReason: '',
    lostCompetitor: '',
    lostRequestedAt: null,
    statusBeforeLost: null,
    contractAmount: null,
    deliveryDate: null,
    warrantyExpiry: null,
    insuranceExpiry: null,
    potentialNeeds: '',
    referralsMade: 0,
    tags: [],
    notes: '',
    confirmedAt: now,
    ...overrides,
  };
}

export function followUpFields(
  customerId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    createdAt: now,
    updatedAt: now,
    deleted: false,
    customerId,
    dueAt: now,
    channel: 'phone',
    purpose: 'Call back about the test drive',
    state: 'planned',
    completedAt: null,
    outcome: null,
    result: '',
    ...overrides,
  };
}

export function timelineFields(
  customerId: string,
  actorId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const now = new Date().toISOString();
  return {
    createdAt: now,
    updatedAt: now,
    deleted: false,
    customerId,
    kind: 'note',
    at: now,
    actorId,
    actorName: 'Someone',
    changes: [],
    text: 'Came in for a coffee',
    ...overrides,
  };
}

export type Upsert = Extract<Change, { kind: 'upsert' }>;

/** A pull's upserts (of one table when given), in the pull's order. */
export function upserts(changes: readonly Change[], table?: string): Upsert[] {
  return changes.filter(
    (change): change is Upsert =>
      change.kind === 'upsert' && (table === undefined || change.table === table),
  );
}
