// A dealership with something of everything a push can meet, for comparing the set-based push with
// the per-mutation oracle (push-oracle.test.ts): cards of two consultants, a card reassigned from
// one to the other, a card merged into another consultant's card, a deleted card, a delivery with
// its checklist, conflicts about a card and about the dealership's settings, and outcomes each
// client pushed before (to replay). Both pushes run on it inside a transaction that is rolled back,
// so one world serves every generated batch, and both start from exactly the same rows.

import type { Caller } from '../../auth/authorize';
import type { Database, Queryable } from '../../db/database';
import { sqlState } from '../../db/database-errors';
import type { PushResponse } from '../../../shared/sync/protocol';
import type { SyncTableName } from '../../../shared/sync/tables';
import {
  customerFields,
  followUpFields,
  hlcOf,
  newRowId,
  seedDealership,
  timelineFields,
  type SeededDealership,
  type SeededUser,
  type TestApp,
} from '../../test-support';

export type PusherKey = 'a' | 'b' | 'manager';

export type Pusher = {
  user: SeededUser;
  caller: Caller;
  /** Seqs this client pushed while the world was built (their outcomes are stored). */
  storedSeqs: number[];
  /** The first seq the client has not used. */
  nextSeq: number;
};

export type WorldRow = { table: SyncTableName; id: string; customerId: string | null };

/** The refusals the world's trigger makes: a value the database will not store, a lost line. */
export const REFUSED_BY_DATABASE = 'refused by the database';
export const CONNECTION_LOST = 'connection lost';

export type PushWorld = {
  shop: SeededDealership;
  pushers: Record<PusherKey, Pusher>;
  ids: {
    /** A's cards: one with a conflict, one with a delivery. */
    cardA: string;
    cardA2: string;
    cardB: string;
    /** Reassigned from A to B after A's pushes. */
    reassigned: string;
    /** A's card merged into B's `survivor`. */
    merged: string;
    survivor: string;
    /** A's card deleted by the manager. */
    deleted: string;
    followUpA: string;
    noteA: string;
    followUpB: string;
    followUpReassigned: string;
    /** A's follow-up that moved to the survivor with the merge. */
    followUpMerged: string;
    followUpDeleted: string;
    delivery: string;
    requiredItem: string;
    optionalItem: string;
    conflictOfCard: string;
    conflictOfSettings: string;
  };
  /** Every row of the world a change may name. */
  rows: WorldRow[];
  /** Each row's stored clocks, for bases "on top of what is stored". */
  clocks: Map<string, Record<string, string>>;
  /** Milliseconds of the HLCs a generated change may have. */
  times: {
    /** After every change the clients pushed, before the reassignment, merge and deletion. */
    beforeCommands: number;
    /** After the commands. */
    afterCommands: number;
    /** The frozen "now" of both pushes. */
    now: number;
  };
  /** Every seq given out up to the end of the world's making (what a push writes is above it). */
  baselineSeq: bigint;
};

export const rowKey = (table: string, id: string) => `${table}\u0000${id}`;

export async function buildPushWorld(t: TestApp): Promise<PushWorld> {
  const shop = await seedDealership(t.db);
  const tokens = {
    a: (await t.http.login(shop.consultantA)).accessToken,
    b: (await t.http.login(shop.consultantB)).accessToken,
    manager: (await t.http.login(shop.manager)).accessToken,
    admin: (await t.http.login(shop.admin)).accessToken,
  };
  const id = () => newRowId();
  const ids: PushWorld['ids'] = {
    cardA: id(),
    cardA2: id(),
    cardB: id(),
    reassigned: id(),
    merged: id(),
    survivor: id(),
    deleted: id(),
    followUpA: id(),
    noteA: id(),
    followUpB: id(),
    followUpReassigned: id(),
    followUpMerged: id(),
    followUpDeleted: id(),
    delivery: id(),
    requiredItem: id(),
    optionalItem: id(),
    conflictOfCard: '',
    conflictOfSettings: '',
  };
  // The clients wrote everything ten minutes ago; the commands come after, at the server's now.
  const written = Date.now() - 600_000;
  let counter = 0;
  const seqs = { a: 0, b: 0, manager: 0, admin: 0 };
  const push = async (
    who: keyof typeof seqs,
    changes: Array<{
      table: SyncTableName;
      rowId: string;
      fields: Record<string, unknown>;
      base?: Record<string, string>;
    }>,
  ) => {
    const user =
      who === 'admin'
        ? shop.admin
        : who === 'manager'
          ? shop.manager
          : who === 'a'
            ? shop.consultantA
            : shop.consultantB;
    const answer = await t.http.push(
      tokens[who],
      user.clientId,
      changes.map((change) => ({
        ...change,
        seq: (seqs[who] += 1),
        hlc: hlcOf(user.clientId, written, (counter += 1)),
      })),
    );
    return answer.acks;
  };
  const now = new Date(written).toISOString();
  const phone = (n: number) => `1380013${String(n).padStart(4, '0')}`;

  await push('a', [
    {
      table: 'customers',
      rowId: ids.cardA,
      fields: customerFields({ name: '李娜', phones: [phone(1)] }),
    },
    {
      table: 'customers',
      rowId: ids.cardA2,
      fields: customerFields({ name: '王芳', phones: [phone(2)], status: 'ordered' }),
    },
    {
      table: 'customers',
      rowId: ids.reassigned,
      fields: customerFields({ name: '赵磊', phones: [phone(3)] }),
    },
    {
      table: 'customers',
      rowId: ids.merged,
      fields: customerFields({
        name: '刘洋',
        phones: [phone(4)],
        notes: '想要白色',
        tags: ['试驾'],
      }),
    },
    {
      table: 'customers',
      rowId: ids.deleted,
      fields: customerFields({ name: '陈静', phones: [phone(5)] }),
    },
    { table: 'followUps', rowId: ids.followUpA, fields: followUpFields(ids.cardA) },
    {
      table: 'timeline',
      rowId: ids.noteA,
      fields: timelineFields(ids.cardA, shop.consultantA.id, { actorName: shop.consultantA.name }),
    },
    { table: 'followUps', rowId: ids.followUpReassigned, fields: followUpFields(ids.reassigned) },
    { table: 'followUps', rowId: ids.followUpMerged, fields: followUpFields(ids.merged) },
    { table: 'followUps', rowId: ids.followUpDeleted, fields: followUpFields(ids.deleted) },
    {
      table: 'deliveries',
      rowId: ids.delivery,
      fields: {
        customerId: ids.cardA2,
        orderId: null,
        vin: 'LFV2A21K4G3041234',
        engineNumber: 'EA211',
        brand: '大众',
        model: 'ID.4',
        colour: '蓝',
        plate: '',
        scheduledAt: now,
        state: 'scheduled',
        templateVersion: 1,
        signature: '',
        signedBy: '',
        signedAt: null,
        completedAt: null,
        warrantyStart: null,
        createdAt: now,
        updatedAt: now,
        deleted: false,
      },
    },
    ...[
      [ids.requiredItem, 'pdi.tyres', true],
      [ids.optionalItem, 'pdi.trim', false],
    ].map(([rowId, itemKey, required], position) => ({
      table: 'deliveryItems' as const,
      rowId: String(rowId),
      fields: {
        customerId: ids.cardA2,
        deliveryId: ids.delivery,
        sectionKey: 'pdi',
        sectionTitle: '',
        itemKey,
        label: '',
        required,
        position,
        state: 'open',
        doneAt: null,
        doneBy: null,
        doneByName: '',
        note: '',
        notApplicableReason: '',
        photo: '',
        createdAt: now,
        updatedAt: now,
        deleted: false,
      },
    })),
    // Refused (an unknown field): a stored rejection to replay.
    { table: 'customers', rowId: ids.cardA, fields: { nickname: 'x' } },
  ]);
  await push('b', [
    {
      table: 'customers',
      rowId: ids.cardB,
      fields: customerFields({ name: '孙强', phones: [phone(6)] }),
    },
    {
      table: 'customers',
      rowId: ids.survivor,
      fields: customerFields({ name: '刘洋', phones: [phone(4), phone(7)], city: '杭州' }),
    },
    { table: 'followUps', rowId: ids.followUpB, fields: followUpFields(ids.cardB) },
  ]);
  // The manager edits A's card and the settings from copies older than what is stored: conflicts.
  const stale = hlcOf(shop.consultantA.clientId, written - 60_000);
  await push('admin', [
    { table: 'settings', rowId: 'dealership', fields: { escalationHours: 24 } },
  ]);
  await push('manager', [
    { table: 'customers', rowId: ids.cardA, fields: { notes: '经理补充' }, base: { notes: stale } },
    {
      table: 'settings',
      rowId: 'dealership',
      fields: { escalationHours: 12 },
      base: { escalationHours: stale },
    },
  ]);
  // One more stored outcome of the manager's to replay (B's city lost to it: a conflict).
  await push('manager', [
    { table: 'customers', rowId: ids.cardB, fields: { city: '苏州' }, base: { city: stale } },
  ]);

  const command = async (name: string, body: Record<string, unknown>) => {
    const response = await t.http.request({
      url: `/v1/commands/${name}`,
      token: tokens.manager,
      body,
    });
    if (response.status !== 200) {
      throw new Error(`${name} failed ${response.status}: ${JSON.stringify(response.body)}`);
    }
  };
  await command('reassign-customers', {
    customerIds: [ids.reassigned],
    toUserId: shop.consultantB.id,
  });
  await command('merge-customers', {
    survivorId: ids.survivor,
    mergedIds: [ids.merged],
    ownerId: shop.consultantB.id,
  });
  await command('delete-customer', { customerId: ids.deleted, reason: '重复录入' });

  const stored = await t.db.query<{
    table_name: SyncTableName;
    id: string;
    customer_id: string | null;
    clocks: Record<string, string>;
    data: Record<string, unknown>;
  }>(
    `SELECT table_name, id, customer_id, clocks, data FROM records WHERE dealership_id = $1
     ORDER BY table_name, id`,
    [shop.dealershipId],
  );
  const conflicts = stored.filter((row) => row.table_name === 'conflicts');
  ids.conflictOfCard = conflicts.find((row) => row.customer_id === ids.cardA)?.id ?? '';
  ids.conflictOfSettings = conflicts.find((row) => row.customer_id === null)?.id ?? '';
  if (!ids.conflictOfCard || !ids.conflictOfSettings) {
    throw new Error('the world lacks its conflicts');
  }
  const [seq] = await t.db.query<{ last: string }>('SELECT last_value::text AS last FROM sync_seq');

  // The database refuses two values: one as bad data (22000), one as a lost connection (08006).
  await t.db.exec(`
    CREATE OR REPLACE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.data->>'name' = '${REFUSED_BY_DATABASE}' OR NEW.data->>'purpose' = '${REFUSED_BY_DATABASE}' THEN
        RAISE EXCEPTION 'refused' USING ERRCODE = '22000';
      END IF;
      IF NEW.data->>'name' = '${CONNECTION_LOST}' THEN
        RAISE EXCEPTION 'gone' USING ERRCODE = '08006';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER refuse_poison BEFORE INSERT OR UPDATE ON records
      FOR EACH ROW EXECUTE FUNCTION refuse_poison();
  `);

  const pusher = (user: SeededUser, count: number): Pusher => ({
    user,
    caller: {
      id: user.id,
      login: user.login,
      name: user.name,
      role: user.role,
      dealershipId: shop.dealershipId,
      dealershipName: 'Showroom',
      sessionId: 'push-oracle',
    },
    storedSeqs: Array.from({ length: count }, (_, index) => index + 1),
    nextSeq: count + 1,
  });
  const frozenNow = Date.now() + 5_000;
  return {
    shop,
    pushers: {
      a: pusher(shop.consultantA, seqs.a),
      b: pusher(shop.consultantB, seqs.b),
      manager: pusher(shop.manager, seqs.manager),
    },
    ids,
    rows: stored.map((row) => ({ table: row.table_name, id: row.id, customerId: row.customer_id })),
    clocks: new Map(stored.map((row) => [rowKey(row.table_name, row.id), row.clocks])),
    times: { beforeCommands: written + 60_000, afterCommands: frozenNow - 2_000, now: frozenNow },
    baselineSeq: BigInt(seq?.last ?? '0'),
  };
}

// --- running a push without keeping what it did ----------------------------------------------

type TracedRow = {
  table: string;
  id: string;
  ownerId: string | null;
  customerId: string | null;
  data: Record<string, unknown>;
  clocks: Record<string, string>;
  /** `before`: as the world had it; `#n`: the n-th row the push wrote (in seq order). */
  written: string;
};

/** What a push left: its answer (or what it threw) and the database after it, comparable. */
export type PushTrace = {
  answer: PushResponse | { thrown: string; sqlState: string | null };
  records: TracedRow[];
  removals: unknown[];
  outcomes: unknown[];
  client: unknown;
  serverClock: unknown;
};

class RolledBack extends Error {}

/**
 * Runs the push inside a transaction that is rolled back afterwards: the push's own transaction
 * is a savepoint of it. Sequence values are not rolled back, so the trace gives each written row
 * its rank among the rows written instead of its seq, and each new conflict row its clock (the
 * server tick it was made with) instead of its random id.
 */
export async function tracePush(
  db: Database,
  world: PushWorld,
  push: (db: Database) => Promise<PushResponse>,
  clientId: string,
): Promise<PushTrace> {
  let trace: PushTrace | null = null;
  try {
    await db.transaction(async (tx) => {
      const inner: Database = {
        kind: db.kind,
        query: (sql, params) => tx.query(sql, params),
        exec: (sql) => tx.exec(sql),
        async transaction(fn) {
          await tx.query('SAVEPOINT traced_push');
          try {
            const result = await fn(tx);
            await tx.query('RELEASE SAVEPOINT traced_push');
            return result;
          } catch (error) {
            await tx.query('ROLLBACK TO SAVEPOINT traced_push');
            throw error;
          }
        },
        listen: () => Promise.reject(new Error('no LISTEN in a traced push')),
        close: () => Promise.resolve(),
      };
      let answer: PushTrace['answer'];
      try {
        answer = await push(inner);
      } catch (error) {
        answer = {
          thrown: error instanceof Error ? error.constructor.name : typeof error,
          sqlState: sqlState(error),
        };
      }
      trace = await readTrace(tx, world, clientId, answer);
      throw new RolledBack();
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  if (!trace) throw new Error('the push left no trace');
  return trace;
}

async function readTrace(
  tx: Queryable,
  world: PushWorld,
  clientId: string,
  answer: PushTrace['answer'],
): Promise<PushTrace> {
  const dealershipId = world.shop.dealershipId;
  const baseline = world.baselineSeq;
  const records = await tx.query<{
    table_name: string;
    id: string;
    owner_id: string | null;
    customer_id: string | null;
    data: Record<string, unknown>;
    clocks: Record<string, string>;
    seq: string;
  }>(
    `SELECT table_name, id, owner_id::text, customer_id, data, clocks, seq::text FROM records
     WHERE dealership_id = $1 ORDER BY records.seq`,
    [dealershipId],
  );
  // New conflict rows are named by the tick they were made with (every field has that clock).
  const renamed = new Map<string, string>();
  for (const row of records) {
    if (row.table_name === 'conflicts' && BigInt(row.seq) > baseline && row.clocks.id) {
      if (!world.clocks.has(rowKey('conflicts', row.id)))
        renamed.set(row.id, `conflict@${row.clocks.id}`);
    }
  }
  let rank = 0;
  const written = records.map((row): TracedRow => ({
    table: row.table_name,
    id: row.id,
    ownerId: row.owner_id,
    customerId: row.customer_id,
    data: row.data,
    clocks: row.clocks,
    written: BigInt(row.seq) > baseline ? `#${(rank += 1)}` : 'before',
  }));
  const removals = await tx.query<{ user_id: string; table_name: string; row_id: string }>(
    `SELECT user_id::text, table_name, row_id FROM removals
     WHERE dealership_id = $1 AND seq > $2::bigint ORDER BY removals.seq`,
    [dealershipId, baseline.toString()],
  );
  const outcomes = await tx.query(
    `SELECT seq::text, table_name, row_id, status, reason, message FROM mutations
     WHERE client_id = $1 ORDER BY mutations.seq`,
    [clientId],
  );
  const [client] = await tx.query(
    `SELECT hlc_floor, handed_hlc, contact_hlc, contact_seq::text FROM clients WHERE client_id = $1`,
    [clientId],
  );
  const [serverClock] = await tx.query('SELECT hlc FROM server_clock WHERE dealership_id = $1', [
    dealershipId,
  ]);
  // Through JSON, as the answer travels.
  let json = JSON.stringify({ answer, records: written, removals, outcomes, client, serverClock });
  for (const [id, name] of renamed) json = json.replaceAll(id, name);
  const trace = JSON.parse(json) as PushTrace;
  // Rows by table and id (their rank keeps the order they were written in).
  trace.records.sort((x, y) =>
    x.table === y.table ? compare(x.id, y.id) : compare(x.table, y.table),
  );
  return trace;
}

const compare = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
