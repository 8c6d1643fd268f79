// Puts a generated sample showroom on a running sync server, pushed through the sync protocol by
// the consultants themselves (each customer, with its follow-ups, order, delivery, survey and
// complaint, goes up from its consultant's own client, round-robin). A manager who logs in then
// pulls a whole showroom: what the dashboard's e2e spec and the README screenshot need, and what
// the app's "load sample data" cannot give (sample data is never pushed from the app).

import { showroomChunks, type SampleShowroom } from '../../shared/sample-data/showroom';
import { newClientId } from '../../shared/sync/client-id';
import { formatHlc, tickHlc, createHlc, type HlcState } from '../../shared/sync/hlc';
import type { z } from 'zod';
import {
  MAX_PUSH_MUTATIONS,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  pullResponseSchema,
  pushResponseSchema,
  tokenResponseSchema,
  type Mutation,
  type SessionUser,
} from '../../shared/sync/protocol';
import type { SyncTableName } from '../../shared/sync/tables';
import type { E2eAccount } from './e2e-accounts';

/** Well under the server's default 1 MiB body limit. */
const MAX_BATCH_BYTES = 600_000;

export type SeedOptions = {
  customers: number;
  seed: number;
  /** "Today" of the generated showroom (default: now). */
  now?: Date;
  /** Who made the day-7 survey calls (default: the selling consultant). */
  surveyor?: { id: string; name: string };
};

export type SeededShowroom = SampleShowroom & {
  /** Every customer's consultant, by customer id. */
  ownerOf: Map<string, SessionUser>;
};

type Seeder = {
  user: SessionUser;
  token: string;
  clientId: string;
  seq: number;
  clock: HlcState;
  mutations: Mutation[];
  bytes: number;
};

async function call<T>(
  baseUrl: string,
  path: string,
  token: string | null,
  body: unknown,
  schema: z.ZodType<T>,
): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const answer: unknown = await response.json();
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${JSON.stringify(answer)}`);
  return schema.parse(answer);
}

export async function seedSampleShowroom(
  baseUrl: string,
  consultants: readonly E2eAccount[],
  options: SeedOptions,
): Promise<SeededShowroom> {
  const seeders: Seeder[] = [];
  for (const account of consultants) {
    const clientId = newClientId();
    const tokens = await call(
      baseUrl,
      '/v1/auth/login',
      null,
      { login: account.login, password: account.password, clientId },
      tokenResponseSchema,
    );
    seeders.push({
      user: tokens.user,
      token: tokens.accessToken,
      clientId,
      seq: 0,
      clock: createHlc(clientId),
      mutations: [],
      bytes: 0,
    });
  }
  const now = options.now ?? new Date();
  const result: SeededShowroom = {
    customers: [],
    followUps: [],
    orders: [],
    deliveries: [],
    surveys: [],
    complaints: [],
    ownerOf: new Map(),
  };
  let index = 0;
  for (const chunk of showroomChunks(
    { seed: options.seed, customers: options.customers, now },
    500,
  )) {
    const seederOf = new Map<string, Seeder>();
    for (const customer of chunk.customers) {
      const seeder = seeders[index % seeders.length]!;
      index += 1;
      seederOf.set(customer.id, seeder);
      result.ownerOf.set(customer.id, seeder.user);
      await add(baseUrl, seeder, 'customers', customer);
    }
    // Children after their customers: the server refuses a row whose customer it does not know.
    const children: [SyncTableName, readonly { id: string; customerId: string }[]][] = [
      ['followUps', chunk.followUps],
      ['orders', chunk.orders],
      ['deliveries', chunk.deliveries],
      ['complaints', chunk.complaints],
    ];
    for (const [table, rows] of children) {
      for (const row of rows) await add(baseUrl, seederOf.get(row.customerId)!, table, row);
    }
    for (const survey of chunk.surveys) {
      const seeder = seederOf.get(survey.customerId)!;
      const surveyor = options.surveyor ?? seeder.user;
      const fields = {
        ...survey,
        consultantId: seeder.user.id,
        surveyedBy: surveyor.id,
        surveyedByName: surveyor.name,
      };
      await add(baseUrl, seeder, 'surveys', fields);
    }
    for (const key of [
      'customers',
      'followUps',
      'orders',
      'deliveries',
      'surveys',
      'complaints',
    ] as const) {
      const target: unknown[] = result[key];
      for (const row of chunk[key]) target.push(row);
    }
  }
  for (const seeder of seeders) await flush(baseUrl, seeder);
  return result;
}

async function add(
  baseUrl: string,
  seeder: Seeder,
  table: SyncTableName,
  row: { id: string },
): Promise<void> {
  seeder.clock = tickHlc(seeder.clock, Date.now());
  seeder.seq += 1;
  // A new row carries every field, as the app's write path sends it.
  const fields = {
    ...row,
    dealershipId: seeder.user.dealershipId,
    ownerId: seeder.user.id,
    deleted: false,
  };
  const mutation: Mutation = {
    seq: seeder.seq,
    table,
    rowId: row.id,
    fields,
    hlc: formatHlc(seeder.clock),
  };
  const bytes = JSON.stringify(mutation).length * 2;
  if (seeder.mutations.length >= MAX_PUSH_MUTATIONS || seeder.bytes + bytes > MAX_BATCH_BYTES) {
    await flush(baseUrl, seeder);
  }
  seeder.mutations.push(mutation);
  seeder.bytes += bytes;
}

async function flush(baseUrl: string, seeder: Seeder): Promise<void> {
  if (seeder.mutations.length === 0) return;
  const response = await call(
    baseUrl,
    '/v1/push',
    seeder.token,
    { clientId: seeder.clientId, mutations: seeder.mutations },
    pushResponseSchema,
  );
  const refused = response.acks.filter((ack) => ack.status !== 'applied');
  if (refused.length > 0) {
    throw new Error(
      `The server refused ${refused.length} sample rows: ${JSON.stringify(refused[0])}`,
    );
  }
  seeder.mutations = [];
  seeder.bytes = 0;
}

/**
 * Every row the account may see, as the server holds it now, per table: a test's oracle, read
 * straight from the server rather than from the app under test.
 */
export async function pullVisibleRows(
  baseUrl: string,
  account: E2eAccount,
): Promise<Map<SyncTableName, Map<string, Record<string, unknown>>>> {
  const clientId = newClientId();
  const tokens = await call(
    baseUrl,
    '/v1/auth/login',
    null,
    { login: account.login, password: account.password, clientId },
    tokenResponseSchema,
  );
  const tables = new Map<SyncTableName, Map<string, Record<string, unknown>>>();
  let cursor = '0';
  for (;;) {
    const response = await fetch(`${baseUrl}/v1/pull?cursor=${cursor}&limit=1000`, {
      headers: {
        [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        authorization: `Bearer ${tokens.accessToken}`,
      },
    });
    if (!response.ok) throw new Error(`/v1/pull: HTTP ${response.status}`);
    const page = pullResponseSchema.parse(await response.json());
    for (const change of page.changes) {
      const rows = tables.get(change.table) ?? new Map<string, Record<string, unknown>>();
      tables.set(change.table, rows);
      if (change.kind === 'remove') rows.delete(change.id);
      else rows.set(change.id, { ...change.data, id: change.id });
    }
    cursor = page.cursor;
    if (!page.hasMore) return tables;
  }
}
