import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { parseHlc } from '../../shared/sync/hlc';
import type { PushRequest } from '../../shared/sync/protocol';
import type { Customer } from '../../shared/domain/customer';
import type { AppDB } from '../db/AppDB';
import { reapplyConflict, reapplyRejection } from '../db/conflicts-repo';
import { createCustomer, updateCustomer, customerToFormValues } from '../db/customers-repo';
import { ensureProfile, writeContextFor } from '../db/profile-repo';
import { loadSampleShowroom } from '../db/sample-data-repo';
import { LoginRefusedError } from '../db/session-repo';
import { saveDealershipSettings } from '../db/settings-repo';
import { customerForm, openTestDb, type TestDb } from '../test-support/test-db';
import { clientId, inWriteTransaction, writeRow, type WriteContext } from '../db/write-path';
import {
  createSyncEngine,
  prefixWithinBytes,
  type Scheduler,
  type SyncEngine,
  type SyncEngineOptions,
  type SyncStatus,
} from './engine';
import {
  LoginRequiredError,
  NetworkError,
  ProtocolOutdatedError,
  ServiceUnavailableError,
} from './errors';
import { currentHlc } from '../test-support/current-hlc';
import { createSessionVault, memorySecretSlot } from '../../shared/sync/session-vault';
import {
  createFakeSyncServer,
  type FakeSyncServer,
  type FakeUser,
} from '../test-support/fake-sync-server';

const BASE_URL = 'http://sync.test:8787';

type Harness = TestDb & {
  server: FakeSyncServer;
  alice: FakeUser;
  bob: FakeUser;
  manager: FakeUser;
  secrets: ReturnType<typeof memorySecretSlot>;
  engine: SyncEngine;
  online: { value: boolean };
  /** The write context of whoever the profile is now (changes at login). */
  context: () => Promise<WriteContext>;
  paths: () => string[];
};

async function setup(
  overrides: Partial<SyncEngineOptions> = {},
  serverClockOffsetMs = 0,
): Promise<Harness> {
  const test = await openTestDb();
  const server = createFakeSyncServer({
    now: () => test.clock.now().getTime() + serverClockOffsetMs,
  });
  const alice = server.addUser({ login: 'alice', name: '李娜', role: 'consultant' });
  const bob = server.addUser({ login: 'bob', name: '王强', role: 'consultant' });
  const manager = server.addUser({ login: 'boss', name: '张经理', role: 'manager' });
  const secrets = memorySecretSlot();
  const online = { value: true };
  const engine = createSyncEngine({
    db: test.db,
    baseUrl: BASE_URL,
    fetch: server.fetch,
    session: createSessionVault(secrets, server.fetch),
    now: test.clock.now,
    isOnline: () => online.value,
    liveEvents: false,
    pushOnWrite: false,
    ...overrides,
  });
  return {
    ...test,
    server,
    alice,
    bob,
    manager,
    secrets,
    engine,
    online,
    context: async () => writeContextFor(test.db, await ensureProfile(test.db), test.clock.now),
    paths: () => server.requests.map((request) => request.path.replace(/\?.*$/, '')),
  };
}

async function addCustomer(h: Harness, name = '王伟', phone = '13800138000'): Promise<Customer> {
  return createCustomer(await h.context(), customerForm({ name, phones: [{ number: phone }] }));
}

function pushBodies(server: FakeSyncServer): PushRequest[] {
  return server.requests
    .filter((request) => request.path === '/v1/push')
    .map((request) => request.body as PushRequest);
}

/** A customer as another client of `user` would have pushed it (the server's copy only). */
function serverCustomer(server: FakeSyncServer, user: FakeUser, id: string, name: string) {
  server.writeAs(user.id, 'customers', id, {
    ...customerForm(),
    phones: ['13900139000'],
    name,
    id,
    dealershipId: user.dealershipId,
    ownerId: user.id,
    createdAt: '2026-03-01T00:00:00.000Z',
    updatedAt: '2026-03-01T00:00:00.000Z',
    deleted: false,
    qualificationGrade: 'N',
    intentLevel: null,
    lostReason: '',
    lostCompetitor: '',
    lostRequestedAt: null,
    statusBeforeLost: null,
    confirmedAt: '2026-03-01T00:00:00.000Z',
  });
}

async function childrenOf(db: AppDB, customerId: string) {
  return {
    followUps: await db.followUps.where('customerId').equals(customerId).count(),
    timeline: await db.timeline
      .where('[customerId+at]')
      .between([customerId, Dexie.minKey], [customerId, Dexie.maxKey])
      .count(),
  };
}

describe('push', () => {
  it('drains the outbox in seq order, in batches, and deletes what was acked', async () => {
    const h = await setup({ pushBatchSize: 4 });
    await h.engine.login('alice', 'password1');
    for (let index = 0; index < 3; index += 1) {
      await addCustomer(h, `客户${index}`, `1380013800${index}`);
    }
    const before = await h.db.outbox.toArray();
    expect(before).toHaveLength(9);

    await expect(h.engine.push()).resolves.toEqual({ pushed: 9, rejected: 0 });

    const bodies = pushBodies(h.server);
    expect(bodies.map((body) => body.mutations.length)).toEqual([4, 4, 1]);
    const seqs = bodies.flatMap((body) => body.mutations.map((mutation) => mutation.seq));
    expect(seqs).toEqual(before.map((entry) => entry.seq));
    expect(bodies.every((body) => body.clientId === bodies[0]?.clientId)).toBe(true);
    expect(await h.db.outbox.count()).toBe(0);
    const customers = [...h.server.rows.values()].filter((row) => row.table === 'customers');
    expect(customers.map((row) => row.data.ownerId)).toEqual([h.alice.id, h.alice.id, h.alice.id]);
  });

  it('after a lost response pushes the same batch again and the server applies it once', async () => {
    const h = await setup();
    await h.engine.login('alice', 'password1');
    await addCustomer(h);
    h.server.failNext('/v1/push', 'lost_response');

    await expect(h.engine.push()).rejects.toBeInstanceOf(NetworkError);
    expect(h.engine.getStatus().state).toBe('offline');
    expect(await h.db.outbox.count()).toBe(3);

    await h.engine.push();
    expect(await h.db.outbox.count()).toBe(0);
    const [first, second] = pushBodies(h.server);
    expect(second?.mutations).toEqual(first?.mutations);
    expect([...h.server.applyCount.values()]).toEqual([1, 1, 1]);
    expect([...h.server.rows.values()].filter((row) => row.table === 'customers')).toHaveLength(1);
    expect(h.engine.getStatus().state).toBe('idle');
  });

  it('keeps refused changes as rejections and puts back the row the server has', async () => {
    const h = await setup();
    // The dealership's settings, as a manager set them.
    h.server.writeAs(h.manager.id, 'settings', 'dealership', {
      id: 'dealership',
      dealershipId: h.manager.dealershipId,
      ownerId: h.manager.id,
      createdAt: '2026-03-01T00:00:00.000Z',
      updatedAt: '2026-03-01T00:00:00.000Z',
      deleted: false,
      cadence: { firstContactHours: 4, H: 2, A: 5, B: 10, C: 20, O: 7 },
      intentThresholds: { H: 7, A: 30, B: 90 },
    });
    await h.engine.login('alice', 'password1');
    await h.engine.syncNow();
    expect((await h.db.settings.get('dealership'))?.cadence.H).toBe(2);

    // A consultant may not change the dealership's settings: refused, the server's row stays.
    await saveDealershipSettings(await h.context(), {
      cadence: { firstContactHours: 4, H: 1, A: 5, B: 10, C: 20, O: 7 },
      intentThresholds: { H: 7, A: 30, B: 90 },
      escalationHours: 48,
    });
    const [entry] = await h.db.outbox.toArray();
    await expect(h.engine.push()).resolves.toEqual({ pushed: 0, rejected: 1 });

    expect(await h.db.outbox.count()).toBe(0);
    const rejections = await h.db.rejections.toArray();
    expect(rejections).toEqual([
      {
        seq: entry?.seq,
        table: 'settings',
        rowId: 'dealership',
        fields: entry?.fields,
        reason: 'forbidden',
        message: 'forbidden',
        rejectedAt: h.clock.now().toISOString(),
      },
    ]);
    const settings = await h.db.settings.get('dealership');
    expect(settings?.cadence.H).toBe(2);
    expect(settings?.clocks).toEqual(h.server.row('settings', 'dealership')?.clocks);
  });

  it('deletes a refused row the caller cannot see (current: null), with its children', async () => {
    const h = await setup();
    await h.engine.login('alice', 'password1');
    const customer = await addCustomer(h);
    h.server.rejectWhen((mutation) => (mutation.rowId === customer.id ? 'reassigned' : null));
    // The server has no such customer, so its children are refused as unknown_customer.
    await h.engine.push();
    expect(await h.db.rejections.count()).toBe(3);
    expect((await h.db.rejections.toArray()).map((rejection) => rejection.reason).sort()).toEqual([
      'reassigned',
      'unknown_customer',
      'unknown_customer',
    ]);
    expect(await h.db.customers.get(customer.id)).toBeUndefined();
    expect(await childrenOf(h.db, customer.id)).toEqual({ followUps: 0, timeline: 0 });
  });
});

describe('push of a change the server fails on', () => {
  it('halves the batch to isolate it, sets it aside after repeated failures, and syncs the rest', async () => {
    const h = await setup({ pushBatchSize: 8 });
    await h.engine.login('alice', 'password1');
    const customers: Customer[] = [];
    for (let index = 0; index < 4; index += 1) {
      customers.push(await addCustomer(h, `客户${index}`, `1380013800${index}`));
    }
    const poisoned = customers[1];
    if (!poisoned) throw new Error('no customer');
    const isPoison = (mutation: { table: string; rowId: string }) =>
      mutation.table === 'customers' && mutation.rowId === poisoned.id;
    h.server.failPushWhen(isPoison);
    const poisonEntry = (await h.db.outbox.toArray()).find(isPoison);

    // First and second round: the change alone still fails; what came before it has gone.
    await expect(h.engine.syncNow()).rejects.toMatchObject({ status: 500 });
    const sizes = pushBodies(h.server).map((body) => body.mutations.length);
    expect(sizes).toEqual([8, 4, 2, 2, 1, 1]);
    expect(h.server.row('customers', customers[0]?.id ?? '')).toBeDefined();
    await expect(h.engine.syncNow()).rejects.toMatchObject({ status: 500 });
    expect(await h.db.rejections.count()).toBe(0);

    // Third round: set aside, kept as a refused change; everything behind it goes through.
    await h.engine.syncNow();
    expect(await h.db.outbox.count()).toBe(0);
    const rejections = await h.db.rejections.toArray();
    const setAside = rejections.find((rejection) => rejection.reason === 'server_error');
    expect(setAside).toMatchObject({
      seq: poisonEntry?.seq,
      table: 'customers',
      rowId: poisoned.id,
      fields: poisonEntry?.fields,
    });
    for (const customer of [customers[0], customers[2], customers[3]]) {
      expect(h.server.row('customers', customer?.id ?? '')?.data.name).toBe(customer?.name);
    }
    expect(h.server.row('customers', poisoned.id)).toBeUndefined();
    // Nothing typed is lost: the card is still on the laptop with its value.
    expect((await h.db.customers.get(poisoned.id))?.name).toBe(poisoned.name);
    expect(h.engine.getStatus().state).toBe('idle');

    // Once the server copes, the change is submitted again from the refused-changes list.
    h.server.failPushWhen(null);
    await reapplyRejection(await h.context(), setAside?.seq ?? 0);
    await h.engine.syncNow();
    expect(h.server.row('customers', poisoned.id)?.data).toMatchObject({
      name: poisoned.name,
      phones: poisoned.phones,
      status: poisoned.status,
    });
    expect((await h.db.rejections.toArray()).map((rejection) => rejection.reason)).not.toContain(
      'server_error',
    );
  });

  it('isolates a change whose answer cannot be read', async () => {
    const h = await setup({ pushAttemptsPerChange: 1 });
    await h.engine.login('alice', 'password1');
    const first = await addCustomer(h, '客户甲', '13800138001');
    const second = await addCustomer(h, '客户乙', '13800138002');
    h.server.failPushWhen((mutation) => mutation.rowId === first.id, 'not_json');
    await h.engine.syncNow();
    expect(h.server.row('customers', second.id)).toBeDefined();
    expect((await h.db.rejections.toArray()).map((rejection) => rejection.reason)).toContain(
      'server_error',
    );
    expect(await h.db.outbox.count()).toBe(0);
  });

  it('never sets a change aside for a busy or unreachable server', async () => {
    const h = await setup({ pushAttemptsPerChange: 1 });
    await h.engine.login('alice', 'password1');
    await addCustomer(h);
    for (const status of [503, 502, 504]) {
      h.server.failNext('/v1/push', { status, error: 'internal' });
      await expect(h.engine.push()).rejects.toMatchObject({ status });
    }
    h.server.failNext('/v1/push', 'network');
    await expect(h.engine.push()).rejects.toBeInstanceOf(NetworkError);
    expect(await h.db.rejections.count()).toBe(0);
    expect(pushBodies(h.server).map((body) => body.mutations.length)).toEqual([3, 3, 3, 3]);
    await h.engine.push();
    expect(await h.db.outbox.count()).toBe(0);
  });
});

describe('push batches by size', () => {
  it('cuts a batch before it outgrows the byte budget, but always sends at least one', () => {
    const small = { fields: { name: 'x' } };
    const photo = { fields: { photo: 'p'.repeat(400) } };
    expect(prefixWithinBytes([small, small, photo, small], 300)).toEqual([small, small]);
    expect(prefixWithinBytes([photo, small], 300)).toEqual([photo]);
    expect(prefixWithinBytes([small, small], 300)).toEqual([small, small]);
    expect(prefixWithinBytes([], 300)).toEqual([]);
  });
});

describe('pull', () => {
  it('applies pages one transaction each and stores the cursor with the page', async () => {
    const h = await setup({ pullLimit: 10 });
    for (let index = 0; index < 25; index += 1) {
      serverCustomer(h.server, h.alice, `c${String(index).padStart(3, '0')}`, `客户${index}`);
    }
    await h.engine.login('alice', 'password1');

    // The disk fails on a row of the second page: nothing of that page, and no cursor, is kept.
    const failOn = (_key: unknown, row: Customer) => {
      if (row.id === 'c014') throw new Error('disk full');
    };
    h.db.customers.hook('creating', failOn);
    await expect(h.engine.pull()).rejects.toThrow('disk full');
    expect(h.engine.getStatus().state).toBe('error');
    expect(h.engine.getStatus().lastError).toMatch(/disk full/);
    expect(await h.db.customers.count()).toBe(10);
    const firstPageCursor = String(h.server.row('customers', 'c009')?.seq);
    expect(await h.db.syncState.get('cursor')).toEqual({ key: 'cursor', cursor: firstPageCursor });

    h.db.customers.hook('creating').unsubscribe(failOn);
    const progress: SyncStatus['progress'][] = [];
    h.engine.subscribe((status) => progress.push(status.progress));
    const result = await h.engine.pull();
    expect(result.applied).toBe(15);
    expect(await h.db.customers.count()).toBe(25);
    expect(progress.filter((step) => step !== null)).toEqual([
      { done: 10, total: 15 },
      { done: 15, total: 15 },
    ]);
    expect(h.engine.getStatus().progress).toBeNull();
    expect(h.engine.getStatus().lastSyncAt).toBe(h.clock.now().toISOString());
    const pulls = h.server.requests.filter((request) => request.path.startsWith('/v1/pull'));
    const pages = pulls.map((request) => {
      const query = new URL(request.path, BASE_URL).searchParams;
      return `cursor=${query.get('cursor')}&limit=${query.get('limit')}`;
    });
    expect(pages).toEqual([
      'cursor=0&limit=10',
      'cursor=10&limit=10',
      'cursor=10&limit=10',
      'cursor=20&limit=10',
    ]);
  });

  it('keeps a waiting local value only while it is newer than the pulled one', async () => {
    const h = await setup();
    await h.engine.login('alice', 'password1');
    const customer = await addCustomer(h);
    await h.engine.syncNow();

    // Another client of alice changes name and city; later this laptop edits the city offline.
    h.server.writeAs(h.alice.id, 'customers', customer.id, { name: '王伟伟', city: '上海' });
    h.clock.advance(1_000);
    await updateCustomer(await h.context(), customer.id, {
      ...customerToFormValues((await h.db.customers.get(customer.id)) as Customer),
      city: '杭州',
    });

    // The waiting city is newer: it stays (it will win on the server); the name is taken.
    await h.engine.pull();
    let local = await h.db.customers.get(customer.id);
    expect(local?.name).toBe('王伟伟');
    expect(local?.city).toBe('杭州');

    // Someone changes the city again, later still: the waiting city will lose, the newer is taken.
    h.clock.advance(1_000);
    h.server.writeAs(h.alice.id, 'customers', customer.id, { city: '苏州' });
    await h.engine.pull();
    local = await h.db.customers.get(customer.id);
    expect(local?.city).toBe('苏州');
    expect(local?.clocks.city).toBe(h.server.row('customers', customer.id)?.clocks.city);

    // Pushed and pulled again, both sides agree (the later write wins per field).
    await h.engine.syncNow();
    expect(await h.db.outbox.count()).toBe(0);
    expect((await h.db.customers.get(customer.id))?.city).toBe('苏州');
    expect(h.server.row('customers', customer.id)?.data.city).toBe('苏州');
  });

  it('a remove deletes the customer and its children but keeps their outbox entries', async () => {
    const h = await setup();
    await h.engine.login('alice', 'password1');
    const customer = await addCustomer(h);
    await h.engine.syncNow();
    expect(await childrenOf(h.db, customer.id)).toEqual({ followUps: 1, timeline: 1 });

    await updateCustomer(await h.context(), customer.id, {
      ...customerToFormValues(customer),
      notes: '下周来试驾',
    });
    const pending = await h.db.outbox.toArray();
    expect(pending.length).toBeGreaterThan(0);
    h.server.reassign(customer.id, h.bob.id);

    await h.engine.pull();
    expect(await h.db.customers.get(customer.id)).toBeUndefined();
    expect(await childrenOf(h.db, customer.id)).toEqual({ followUps: 0, timeline: 0 });
    expect(await h.db.outbox.toArray()).toEqual(pending);
  });

  it('folds pulled clocks into the local HLC: the next write is newer', async () => {
    // The other writers' clocks run 4 minutes ahead of this laptop (within the drift limit).
    const h = await setup({}, 4 * 60_000);
    serverCustomer(h.server, h.alice, 'c-ahead', '赵六');
    await h.engine.login('alice', 'password1');
    await h.engine.pull();
    const pulled = Object.values(h.server.row('customers', 'c-ahead')?.clocks ?? {});
    const newestPulled = pulled.sort().at(-1) ?? '';

    await addCustomer(h);
    const [entry] = await h.db.outbox.toArray();
    expect((entry?.hlc ?? '') > newestPulled).toBe(true);
    expect(parseHlc(entry?.hlc ?? '').millis).toBeGreaterThanOrEqual(parseHlc(newestPulled).millis);
    expect(parseHlc(entry?.hlc ?? '').node).toBe(await clientId(h.db));
  });

  it('folds the push answer serverHlc too', async () => {
    const h = await setup({}, 60_000);
    await h.engine.login('alice', 'password1');
    await addCustomer(h);
    await h.engine.push();
    const local = await currentHlc(h.db);
    expect(parseHlc(local ?? '').millis).toBeGreaterThanOrEqual(h.clock.now().getTime() + 60_000);
  });

  it('reports the server clock it folded in, with its outbox as it was then', async () => {
    const h = await setup({ pushBatchSize: 2 });
    await h.engine.login('alice', 'password1');
    await addCustomer(h);
    const seqs = (await h.db.outbox.toArray()).map((entry) => entry.seq ?? 0);
    expect(seqs).toHaveLength(3);
    await h.engine.push();
    await h.engine.pull();
    await addCustomer(h, '赵六', '13800138001');
    await h.engine.push();

    const reports = h.server.requests
      .filter((request) => request.path.startsWith('/v1/p'))
      .map((request) => {
        if (request.method === 'POST') {
          const body = request.body as PushRequest;
          return { path: 'push', seenHlc: body.seenHlc, outboxSeq: body.outboxSeq };
        }
        const query = new URL(request.path, BASE_URL).searchParams;
        expect(query.get('clientId')).toBe(pushBodies(h.server)[0]?.clientId);
        return {
          path: 'pull',
          seenHlc: query.get('seenHlc') ?? undefined,
          outboxSeq: query.has('outboxSeq') ? Number(query.get('outboxSeq')) : undefined,
        };
      });
    const later = pushBodies(h.server)[2]?.mutations ?? [];
    expect(later).toHaveLength(2);
    // Nothing folded yet; then the first batch's answer, folded while the third entry waited;
    // then the second's, with the outbox empty; then the pull's; then again mid-outbox.
    expect(reports.map((report) => [report.path, report.outboxSeq])).toEqual([
      ['push', undefined],
      ['push', seqs[2]],
      ['pull', 0],
      ['push', 0],
      ['push', (later.at(-1)?.seq ?? 0) + 1],
    ]);
    expect(reports[1]?.seenHlc).toMatch(/:server$/);
    for (let index = 2; index < reports.length; index += 1) {
      expect((reports[index]?.seenHlc ?? '') > (reports[index - 1]?.seenHlc ?? '')).toBe(true);
    }
    // The changes made after the pull's clock was folded in are newer than it.
    const pulledAt = reports[3]?.seenHlc ?? '';
    expect(later.every((mutation) => mutation.hlc > pulledAt)).toBe(true);
  });

  it('brings concurrent edits as conflict rows that sync to the client', async () => {
    const h = await setup();
    await h.engine.login('alice', 'password1');
    const customer = await addCustomer(h);
    await h.engine.syncNow();
    // Another client of alice changed the city; this one changes it too without having seen it.
    h.server.writeAs(h.alice.id, 'customers', customer.id, { city: '苏州' });
    h.clock.advance(1_000);
    await updateCustomer(await h.context(), customer.id, {
      ...customerToFormValues(customer),
      city: '南京',
    });
    await h.engine.syncNow();
    const conflicts = await h.db.conflicts.toArray();
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      customerId: customer.id,
      field: 'city',
      keptValue: '南京',
      lostValue: '苏州',
      resolution: null,
    });

    // Re-applying the losing value syncs as a normal edit plus the conflict's resolution.
    h.clock.advance(1_000);
    await reapplyConflict(await h.context(), conflicts[0]?.id ?? '');
    await h.engine.syncNow();
    expect(await h.db.rejections.count()).toBe(0);
    expect(h.server.row('customers', customer.id)?.data.city).toBe('苏州');
    expect(h.server.row('conflicts', conflicts[0]?.id ?? '')?.data.resolution).toBe('reapplied');
  });

  it('refuses to load sample data once logged in', async () => {
    const h = await setup();
    await h.engine.login('alice', 'password1');
    await expect(loadSampleShowroom(await h.context(), { customers: 10 })).rejects.toThrow(
      /logged in/,
    );
    expect(await h.db.customers.count()).toBe(0);
  });
});

describe('auth', () => {
  it('refreshes an expired access token once and retries', async () => {
    const h = await setup();
    await h.engine.login('alice', 'password1');
    await addCustomer(h);
    const stored = h.secrets.value;
    h.server.expireAccessTokens();

    await h.engine.syncNow();
    expect(h.paths().filter((path) => path === '/v1/auth/refresh')).toHaveLength(1);
    expect(h.paths().slice(-4)).toEqual(['/v1/push', '/v1/auth/refresh', '/v1/push', '/v1/pull']);
    expect(await h.db.outbox.count()).toBe(0);
    // The rotated tokens are stored at once: the spent refresh token is never used again.
    expect(h.secrets.value).not.toBe(stored);
  });

  it('refreshes once for concurrent requests', async () => {
    const h = await setup();
    await h.engine.login('alice', 'password1');
    h.server.expireAccessTokens();
    await Promise.all([
      h.engine.refreshMe(),
      h.engine.syncNow(),
      h.engine.listUsers().catch(() => []),
    ]);
    expect(h.paths().filter((path) => path === '/v1/auth/refresh')).toHaveLength(1);
  });

  it('a refused refresh asks for a login, keeps the outbox, and pushes it all after the login', async () => {
    const h = await setup();
    await h.engine.login('alice', 'password1');
    await addCustomer(h);
    await addCustomer(h, '陈静', '13700137000');
    h.server.expireAccessTokens();
    h.server.revokeRefreshTokens(h.alice.id);

    await expect(h.engine.syncNow()).rejects.toBeInstanceOf(LoginRequiredError);
    expect(h.engine.getStatus()).toMatchObject({
      state: 'login_required',
      user: { login: 'alice' },
    });
    expect(await h.db.outbox.count()).toBe(6);
    expect(h.secrets.value).toBeNull();

    // Nothing is sent while the login is missing.
    const before = h.server.requests.length;
    await expect(h.engine.push()).rejects.toBeInstanceOf(LoginRequiredError);
    expect(h.server.requests.length).toBe(before);

    // Someone else may not log in while alice's changes wait.
    await expect(h.engine.login('bob', 'password1')).rejects.toBeInstanceOf(LoginRefusedError);

    await h.engine.login('alice', 'password1');
    expect(h.engine.getStatus().state).toBe('idle');
    await h.engine.syncNow();
    expect(await h.db.outbox.count()).toBe(0);
    expect([...h.server.rows.values()].filter((row) => row.table === 'customers')).toHaveLength(2);
  });

  it('426 makes the engine outdated and it sends nothing more', async () => {
    const h = await setup();
    await h.engine.login('alice', 'password1');
    await addCustomer(h);
    h.server.setProtocol(2);

    await expect(h.engine.syncNow()).rejects.toBeInstanceOf(ProtocolOutdatedError);
    expect(h.engine.getStatus().state).toBe('outdated');
    const sent = h.server.requests.length;
    await expect(h.engine.syncNow()).rejects.toBeInstanceOf(ProtocolOutdatedError);
    await expect(h.engine.pull()).rejects.toBeInstanceOf(ProtocolOutdatedError);
    await expect(h.engine.login('alice', 'password1')).rejects.toBeInstanceOf(
      ProtocolOutdatedError,
    );
    expect(h.server.requests.length).toBe(sent);
    expect(await h.db.outbox.count()).toBe(3);
  });

  it('sends the protocol header and the bearer token', async () => {
    const h = await setup();
    const seen: Headers[] = [];
    const engine = createSyncEngine({
      db: h.db,
      baseUrl: BASE_URL,
      session: createSessionVault(h.secrets, h.server.fetch),
      liveEvents: false,
      pushOnWrite: false,
      now: h.clock.now,
      fetch: (input, init) => {
        seen.push(new Headers(init?.headers));
        return h.server.fetch(input, init);
      },
    });
    await engine.login('alice', 'password1');
    await engine.pull();
    expect(seen.every((headers) => headers.get('x-dealerdesk-protocol') === '1')).toBe(true);
    expect(seen[0]?.get('authorization')).toBeNull();
    expect(seen[1]?.get('authorization')).toMatch(/^Bearer access-/);
  });
});

describe('login and logout', () => {
  it('re-owns local-mode rows and their outbox entries, and drops the local settings', async () => {
    const h = await setup();
    const local = await ensureProfile(h.db);
    const customer = await addCustomer(h);
    await saveDealershipSettings(await h.context(), {
      cadence: { firstContactHours: 2, H: 1, A: 3, B: 7, C: 14, O: 5 },
      intentThresholds: { H: 7, A: 30, B: 90 },
      escalationHours: 48,
    });

    const user = await h.engine.login('alice', 'password1');
    expect(user).toMatchObject({ id: h.alice.id, name: '李娜', role: 'consultant' });

    const rows = [
      ...(await h.db.customers.toArray()),
      ...(await h.db.followUps.toArray()),
      ...(await h.db.timeline.toArray()),
    ];
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.ownerId).toBe(h.alice.id);
      expect(row.dealershipId).toBe(h.alice.dealershipId);
    }
    expect((await h.db.timeline.toArray())[0]).toMatchObject({
      actorId: h.alice.id,
      actorName: '李娜',
    });
    expect(await h.db.settings.count()).toBe(0);
    const outbox = await h.db.outbox.toArray();
    expect(outbox.map((entry) => entry.table).sort()).toEqual([
      'customers',
      'followUps',
      'timeline',
    ]);
    for (const entry of outbox) {
      expect(entry.fields.ownerId).toBe(h.alice.id);
      expect(entry.fields.dealershipId).toBe(h.alice.dealershipId);
      expect(JSON.stringify(entry.fields)).not.toContain(local.userId);
    }
    expect(await ensureProfile(h.db)).toMatchObject({
      userId: h.alice.id,
      displayName: '李娜',
      dealershipId: h.alice.dealershipId,
    });

    await h.engine.syncNow();
    expect(h.server.row('customers', customer.id)?.data.ownerId).toBe(h.alice.id);
    expect(await h.db.rejections.count()).toBe(0);
  });

  it('refuses a first login while sample data is loaded', async () => {
    const h = await setup();
    await loadSampleShowroom(h.ctx, { customers: 10 });
    await expect(h.engine.login('alice', 'password1')).rejects.toMatchObject({
      name: 'LoginRefusedError',
      reason: 'sample_data',
    });
    expect(h.server.requests).toHaveLength(0);
    expect(h.engine.getStatus().state).toBe('not_configured');
  });

  it('shows the server message for a wrong password and changes nothing', async () => {
    const h = await setup();
    await addCustomer(h);
    const before = await h.db.customers.toArray();
    await expect(h.engine.login('alice', 'wrong')).rejects.toMatchObject({
      name: 'UnauthorizedError',
    });
    expect(await h.db.customers.toArray()).toEqual(before);
    expect(await h.db.preferences.get('session')).toBeUndefined();
  });

  it('logout clears the user data, keeps the language, and makes a new client id', async () => {
    const h = await setup();
    await h.db.preferences.put({ key: 'language', value: 'en' });
    await h.engine.login('alice', 'password1');
    await addCustomer(h);
    await h.engine.syncNow();
    await addCustomer(h, '陈静', '13700137000');
    const oldClient = await clientId(h.db);

    await h.engine.logout();

    expect(h.paths().at(-1)).toBe('/v1/auth/logout');
    for (const table of [
      h.db.customers,
      h.db.followUps,
      h.db.timeline,
      h.db.settings,
      h.db.conflicts,
      h.db.rejections,
      h.db.team,
      h.db.drafts,
      h.db.outbox,
    ]) {
      expect(await table.count(), table.name).toBe(0);
    }
    expect(await h.db.syncState.get('cursor')).toBeUndefined();
    expect(await h.db.preferences.get('session')).toBeUndefined();
    expect(await h.db.preferences.get('language')).toEqual({ key: 'language', value: 'en' });
    expect(await clientId(h.db)).not.toBe(oldClient);
    const profile = await ensureProfile(h.db);
    expect(profile.userId).not.toBe(h.alice.id);
    expect(profile.displayName).toBe('销售顾问');
    expect(h.secrets.value).toBeNull();
    expect(h.engine.getStatus()).toMatchObject({ state: 'not_configured', user: null });

    // Another user can log in now, with the fresh client id.
    await h.engine.login('bob', 'password1');
    await h.engine.syncNow();
    expect(await h.db.customers.count()).toBe(0);
  });

  it('logout works offline: the revoke is best effort', async () => {
    const h = await setup();
    await h.engine.login('alice', 'password1');
    h.server.failNext('/v1/auth/logout', 'network');
    await h.engine.logout();
    expect(await h.db.preferences.get('session')).toBeUndefined();
  });

  it('a different user after an expired session with nothing pending starts clean', async () => {
    const h = await setup();
    serverCustomer(h.server, h.alice, 'c-alice', '阿丽的客户');
    await h.engine.login('alice', 'password1');
    await h.engine.syncNow();
    expect(await h.db.customers.count()).toBe(1);
    const aliceClient = await clientId(h.db);

    await h.engine.login('bob', 'password1');
    expect(await h.db.customers.count()).toBe(0);
    expect(await clientId(h.db)).not.toBe(aliceClient);
    expect((await ensureProfile(h.db)).userId).toBe(h.bob.id);
  });
});

describe('status and triggers', () => {
  it('reports offline without sending anything while the computer is offline', async () => {
    const h = await setup();
    await h.engine.login('alice', 'password1');
    h.online.value = false;
    const sent = h.server.requests.length;
    await expect(h.engine.syncNow()).rejects.toBeInstanceOf(NetworkError);
    expect(h.engine.getStatus().state).toBe('offline');
    expect(h.server.requests.length).toBe(sent);
    // Local work goes on.
    await addCustomer(h);
    expect(await h.db.customers.count()).toBe(1);
  });

  it('starts in local mode without a session, and loads a stored session on start', async () => {
    const h = await setup();
    await h.engine.start();
    expect(h.engine.getStatus().state).toBe('not_configured');
    await h.engine.login('alice', 'password1');
    await h.engine.stop();

    const again = createSyncEngine({
      db: h.db,
      baseUrl: BASE_URL,
      fetch: h.server.fetch,
      session: createSessionVault(h.secrets, h.server.fetch),
      now: h.clock.now,
      liveEvents: false,
    });
    await again.start();
    await again.whenIdle();
    expect(again.getStatus()).toMatchObject({ state: 'idle', user: { id: h.alice.id } });
    expect(h.paths()).toContain('/v1/me');
    expect(await h.db.team.count()).toBe(3);
    await again.stop();

    // Without stored tokens the session is there but a login is needed.
    await h.secrets.erase();
    const noTokens = createSyncEngine({
      db: h.db,
      baseUrl: BASE_URL,
      fetch: h.server.fetch,
      session: createSessionVault(h.secrets, h.server.fetch),
      liveEvents: false,
    });
    await noTokens.start();
    expect(noTokens.getStatus().state).toBe('login_required');
    await noTokens.stop();
  });

  it('pushes shortly after a write, and counts pending changes live', async () => {
    const timers = fakeScheduler();
    const h = await setup({ scheduler: timers, pushOnWrite: true });
    await h.engine.login('alice', 'password1');
    await h.engine.start();
    await h.engine.whenIdle();
    const pushesBefore = pushBodies(h.server).length;

    await addCustomer(h);
    await vi.waitFor(() => expect(h.engine.getStatus().pending).toBe(3));
    expect(timers.pending()).toContainEqual(300);
    expect(pushBodies(h.server).length).toBe(pushesBefore);

    timers.fire(300);
    await vi.waitFor(() => expect(h.engine.getStatus().pending).toBe(0));
    await h.engine.whenIdle();
    expect(pushBodies(h.server).length).toBe(pushesBefore + 1);
    await h.engine.stop();
    expect(timers.pending()).toEqual([]);
  });

  it('syncs on the timer and when the network comes back', async () => {
    const timers = fakeScheduler();
    let backOnline: (() => void) | null = null;
    const h = await setup({
      scheduler: timers,
      onOnline: (listener) => {
        backOnline = listener;
        return () => {
          backOnline = null;
        };
      },
    });
    await h.engine.login('alice', 'password1');
    await h.engine.start();
    await h.engine.whenIdle();
    const pulls = () => h.paths().filter((path) => path === '/v1/pull').length;
    const before = pulls();

    timers.fire(60_000);
    await h.engine.whenIdle();
    expect(pulls()).toBe(before + 1);

    (backOnline as (() => void) | null)?.();
    await h.engine.whenIdle();
    expect(pulls()).toBe(before + 2);
    await h.engine.stop();
    expect(backOnline).toBeNull();
  });

  it('shows offline as soon as the network goes, and syncs when it is back', async () => {
    let gone: (() => void) | null = null;
    let back: (() => void) | null = null;
    const h = await setup({
      onOffline: (listener) => {
        gone = listener;
        return () => (gone = null);
      },
      onOnline: (listener) => {
        back = listener;
        return () => (back = null);
      },
    });
    await h.engine.login('alice', 'password1');
    await h.engine.start();
    await h.engine.whenIdle();
    expect(h.engine.getStatus().state).toBe('idle');

    h.online.value = false;
    (gone as (() => void) | null)?.();
    expect(h.engine.getStatus().state).toBe('offline');

    h.online.value = true;
    (back as (() => void) | null)?.();
    await h.engine.whenIdle();
    expect(h.engine.getStatus().state).toBe('idle');
    await h.engine.stop();
    expect(gone).toBeNull();
  });

  it('pulls when the server pokes, over the event stream', async () => {
    const h = await setup({ liveEvents: true });
    await h.engine.login('alice', 'password1');
    await h.engine.start();
    await vi.waitFor(() => expect(h.server.openStreams()).toBe(1));
    await h.engine.whenIdle();
    const pulls = () => h.paths().filter((path) => path === '/v1/pull').length;
    const before = pulls();

    serverCustomer(h.server, h.alice, 'c-poked', '钱七');
    h.server.poke();
    await vi.waitFor(async () => expect(await h.db.customers.get('c-poked')).toBeDefined());
    expect(pulls()).toBeGreaterThan(before);
    const events = h.server.requests.find((request) => request.path === '/v1/events');
    expect(events?.auth).toMatch(/^Bearer /);

    await h.engine.stop();
    await vi.waitFor(() => expect(h.server.openStreams()).toBe(0));
  });

  it('reopens the poke stream at once when the network comes back, not after its back-off', async () => {
    const timers = fakeScheduler();
    let back: (() => void) | null = null;
    const h = await setup({
      liveEvents: true,
      scheduler: timers,
      onOnline: (listener) => {
        back = listener;
        return () => (back = null);
      },
    });
    await h.engine.login('alice', 'password1');
    h.online.value = false;
    await h.engine.start();
    // Offline: the stream waits in its back-off.
    await vi.waitFor(() => expect(timers.pending()).toContainEqual(1_000));
    expect(h.server.openStreams()).toBe(0);

    h.online.value = true;
    (back as (() => void) | null)?.();
    await vi.waitFor(() => expect(h.server.openStreams()).toBe(1));
    expect(timers.pending()).not.toContainEqual(1_000);
    await h.engine.stop();
    await vi.waitFor(() => expect(h.server.openStreams()).toBe(0));
  });

  it('retries a 503 (server database away) with back-off, never before its retry-after', async () => {
    const timers = fakeScheduler();
    const h = await setup({ scheduler: timers });
    await h.engine.login('alice', 'password1');
    await h.engine.start();
    await h.engine.whenIdle();
    await addCustomer(h);
    const waiting = await h.db.outbox.count();
    expect(waiting).toBeGreaterThan(0);
    const unavailable = { status: 503, error: 'unavailable', message: 'database away' } as const;

    h.server.failNext('/v1/push', { ...unavailable, retryAfterSeconds: 5 });
    await expect(h.engine.syncNow()).rejects.toBeInstanceOf(ServiceUnavailableError);
    // Transient: not a login or update problem, and a retry is due after the server's 5 s.
    expect(h.engine.getStatus()).toMatchObject({ state: 'error', lastError: 'database away' });
    expect(timers.pending()).toContain(5_000);

    h.server.failNext('/v1/push', unavailable);
    timers.fire(5_000);
    await h.engine.whenIdle();
    // Still away, without a retry-after: the back-off doubles from 2 s.
    expect(timers.pending()).toContain(4_000);
    expect(await h.db.outbox.count()).toBe(waiting);

    timers.fire(4_000);
    await h.engine.whenIdle();
    expect(h.engine.getStatus().state).toBe('idle');
    expect(await h.db.outbox.count()).toBe(0);
    expect(timers.pending()).toEqual([60_000]);
    await h.engine.stop();
    expect(timers.pending()).toEqual([]);
  });

  it('never runs two operations at once', async () => {
    const h = await setup();
    await h.engine.login('alice', 'password1');
    let inFlight = 0;
    let most = 0;
    const wrapped = createSyncEngine({
      db: h.db,
      baseUrl: BASE_URL,
      session: createSessionVault(h.secrets, h.server.fetch),
      liveEvents: false,
      pushOnWrite: false,
      now: h.clock.now,
      fetch: async (input, init) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        try {
          await new Promise((resolve) => setTimeout(resolve, 2));
          return await h.server.fetch(input, init);
        } finally {
          inFlight -= 1;
        }
      },
    });
    await wrapped.start();
    await addCustomer(h);
    await Promise.all([wrapped.syncNow(), wrapped.push(), wrapped.pull(), wrapped.syncNow()]);
    expect(most).toBe(1);
    await wrapped.stop();
  });

  it('sync errors never block local writes', async () => {
    const h = await setup();
    await h.engine.login('alice', 'password1');
    h.server.failNext('/v1/push', { status: 503, error: 'internal', message: 'database down' });
    await addCustomer(h);
    await expect(h.engine.push()).rejects.toThrow('database down');
    expect(h.engine.getStatus()).toMatchObject({ state: 'error', lastError: 'database down' });
    const ctx = await h.context();
    await inWriteTransaction(ctx, ['customers'], () =>
      writeRow(ctx, 'customers', (h.engine.getStatus().user?.id ?? '') + 'x', { name: '新客户' }),
    );
    expect(await h.db.outbox.count()).toBe(4);
  });
});

/** Timers fired by hand; `pending()` lists the delays of what is scheduled. */
function fakeScheduler(): Scheduler & { fire(ms: number): void; pending(): number[] } {
  let next = 1;
  const timers = new Map<number, { callback: () => void; ms: number; repeat: boolean }>();
  return {
    setTimeout(callback, ms) {
      timers.set(next, { callback, ms, repeat: false });
      return next++;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    setInterval(callback, ms) {
      timers.set(next, { callback, ms, repeat: true });
      return next++;
    },
    clearInterval(handle) {
      timers.delete(handle as number);
    },
    fire(ms) {
      for (const [handle, timer] of [...timers]) {
        if (timer.ms !== ms) continue;
        if (!timer.repeat) timers.delete(handle);
        timer.callback();
      }
    },
    pending: () => [...timers.values()].map((timer) => timer.ms),
  };
}
