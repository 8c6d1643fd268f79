import { describe, expect, it } from 'vitest';
import { createSessionVault, memorySecretSlot } from '../../shared/sync/session-vault';
import { openTestDb, TEST_TEAM, type TestDb } from '../test-support/test-db';
import { createSyncEngine, type SyncEngine } from './engine';
import { NetworkError, ServerError } from './errors';
import {
  createFakeSyncServer,
  FakeCommandRefusal,
  type FakeSyncServer,
} from '../test-support/fake-sync-server';

const BASE_URL = 'http://sync.test:8787';
const CUSTOMER = '0190bbbb-0000-7000-8000-000000000001';
const OTHER = '0190bbbb-0000-7000-8000-000000000002';

type Harness = TestDb & {
  server: FakeSyncServer;
  engine: SyncEngine;
  online: { value: boolean };
  /** Paths asked of the server since the login, without queries. */
  paths: () => string[];
  bodiesOf: (path: string) => unknown[];
};

async function setup(role: 'manager' | 'admin' = 'manager'): Promise<Harness> {
  const test = await openTestDb();
  const server = createFakeSyncServer({ now: () => test.clock.now().getTime() });
  server.addUser({ login: 'boss', name: '张经理', role });
  const online = { value: true };
  const engine = createSyncEngine({
    db: test.db,
    baseUrl: BASE_URL,
    fetch: server.fetch,
    session: createSessionVault(memorySecretSlot(), server.fetch),
    now: test.clock.now,
    isOnline: () => online.value,
    liveEvents: false,
    pushOnWrite: false,
  });
  await engine.login('boss', 'password1');
  const since = server.requests.length;
  const after = () => server.requests.slice(since);
  return {
    ...test,
    server,
    engine,
    online,
    paths: () => after().map((request) => request.path.replace(/\?.*$/, '')),
    bodiesOf: (path) =>
      after()
        .filter((request) => request.path === path)
        .map((request) => request.body),
  };
}

describe('manager commands', () => {
  it('sends each command to its route, then pulls so the laptop shows the outcome', async () => {
    const h = await setup();
    h.server.answerCommand('/v1/commands/decide-lost', () => ({ status: 'lost' }));
    h.server.answerCommand('/v1/commands/merge-customers', () => ({
      survivorId: CUSTOMER,
      ownerId: TEST_TEAM[0]?.id,
      merged: [OTHER],
      alreadyMerged: [],
    }));
    h.server.answerCommand('/v1/commands/delete-customer', (body) => ({
      customerId: (body as { customerId: string }).customerId,
      deleted: true,
    }));
    h.server.answerCommand('/v1/commands/restore-customer', (body) => ({
      customerId: (body as { customerId: string }).customerId,
      deleted: false,
    }));

    expect(
      await h.engine.decideLost({ customerId: CUSTOMER, decision: 'approve', note: '同意' }),
    ).toEqual({ status: 'lost' });
    const merge = { survivorId: CUSTOMER, mergedIds: [OTHER], ownerId: 'user-x' };
    expect((await h.engine.mergeDuplicateCustomers(merge)).merged).toEqual([OTHER]);
    expect(await h.engine.deleteCustomer({ customerId: CUSTOMER, reason: '重复录入' })).toEqual({
      customerId: CUSTOMER,
      deleted: true,
    });
    expect(await h.engine.restoreCustomer(CUSTOMER)).toEqual({
      customerId: CUSTOMER,
      deleted: false,
    });

    expect(h.paths()).toEqual([
      '/v1/commands/decide-lost',
      '/v1/pull',
      '/v1/commands/merge-customers',
      '/v1/pull',
      '/v1/commands/delete-customer',
      '/v1/pull',
      '/v1/commands/restore-customer',
      '/v1/pull',
    ]);
    expect(h.bodiesOf('/v1/commands/decide-lost')).toEqual([
      { customerId: CUSTOMER, decision: 'approve', note: '同意' },
    ]);
    expect(h.bodiesOf('/v1/commands/merge-customers')).toEqual([merge]);
    expect(h.bodiesOf('/v1/commands/delete-customer')).toEqual([
      { customerId: CUSTOMER, reason: '重复录入' },
    ]);
    expect(h.bodiesOf('/v1/commands/restore-customer')).toEqual([{ customerId: CUSTOMER }]);
    expect(h.server.requests.every((r) => r.path.startsWith('/v1/auth') || r.auth)).toBe(true);
  });

  it('rejects with the server refusal and pulls nothing; a failed pull afterwards is no failure', async () => {
    const h = await setup();
    h.server.answerCommand('/v1/commands/decide-lost', () => {
      throw new FakeCommandRefusal(409, 'conflict', 'no longer requested');
    });
    const refused = h.engine.decideLost({ customerId: CUSTOMER, decision: 'send_back' });
    await expect(refused).rejects.toBeInstanceOf(ServerError);
    await expect(refused).rejects.toMatchObject({ status: 409 });
    expect(h.paths()).toEqual(['/v1/commands/decide-lost']);

    h.server.answerCommand('/v1/commands/delete-customer', () => ({
      customerId: CUSTOMER,
      deleted: true,
    }));
    h.server.failNext('/v1/pull', { status: 500, error: 'internal' });
    await expect(h.engine.deleteCustomer({ customerId: CUSTOMER })).resolves.toEqual({
      customerId: CUSTOMER,
      deleted: true,
    });
  });

  it('needs the network: offline a command is refused before anything is sent', async () => {
    const h = await setup();
    h.online.value = false;
    await expect(h.engine.restoreCustomer(CUSTOMER)).rejects.toBeInstanceOf(NetworkError);
    await expect(h.engine.listDeletedCustomers()).rejects.toBeInstanceOf(NetworkError);
    expect(h.paths()).toEqual([]);
  });

  it('reassigns in chunks of 200 per new owner, tells the progress, and pulls once at the end', async () => {
    const h = await setup();
    const chunks: { customerIds: string[]; toUserId: string }[] = [];
    h.server.answerCommand('/v1/commands/reassign-customers', (body) => {
      const chunk = body as { customerIds: string[]; toUserId: string };
      chunks.push(chunk);
      // The first customer of every chunk was already the new owner's.
      const [first, ...rest] = chunk.customerIds;
      return { reassigned: rest.length, skipped: first === undefined ? [] : [first] };
    });
    const ids = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, index) => `${prefix}${index}`);
    const plan = new Map([
      ['lina', ids('a', 450)],
      ['wang', ids('b', 30)],
    ]);
    const progress: [number, number][] = [];
    const result = await h.engine.reassignCustomers(plan, (done, total) =>
      progress.push([done, total]),
    );

    expect(chunks.map((chunk) => [chunk.toUserId, chunk.customerIds.length])).toEqual([
      ['lina', 200],
      ['lina', 200],
      ['lina', 50],
      ['wang', 30],
    ]);
    expect(chunks.flatMap((chunk) => chunk.customerIds)).toEqual([
      ...ids('a', 450),
      ...ids('b', 30),
    ]);
    expect(progress).toEqual([
      [200, 480],
      [400, 480],
      [450, 480],
      [480, 480],
    ]);
    expect(result).toEqual({ reassigned: 476, skipped: ['a0', 'a200', 'a400', 'b0'] });
    expect(h.paths().filter((path) => path === '/v1/pull')).toHaveLength(1);
    expect(h.paths().at(-1)).toBe('/v1/pull');
  });

  it('withdraws imported cards in pages of 1000, joins the answers, and pulls once at the end', async () => {
    const h = await setup();
    const pages: { customerIds: string[]; fileName: string }[] = [];
    h.server.answerCommand('/v1/commands/withdraw-imported-customers', (body) => {
      const page = body as { customerIds: string[]; fileName: string };
      pages.push(page);
      // The last card of every page is refused.
      const kept = page.customerIds.at(-1) ?? '';
      return {
        withdrawn: page.customerIds.slice(0, -1),
        refused: [{ customerId: kept, reason: 'others_activity' }],
      };
    });
    const ids = Array.from({ length: 2300 }, (_, index) => `c${index}`);
    const progress: [number, number][] = [];
    const answer = await h.engine.withdrawImportedCustomers(
      { customerIds: ids, fileName: '车展.xlsx' },
      (done, total) => progress.push([done, total]),
    );

    expect(pages.map((page) => [page.customerIds.length, page.fileName])).toEqual([
      [1000, '车展.xlsx'],
      [1000, '车展.xlsx'],
      [300, '车展.xlsx'],
    ]);
    expect(pages.flatMap((page) => page.customerIds)).toEqual(ids);
    expect(progress).toEqual([
      [1000, 2300],
      [2000, 2300],
      [2300, 2300],
    ]);
    expect(answer.withdrawn).toHaveLength(2297);
    expect(answer.refused).toEqual(
      ['c999', 'c1999', 'c2299'].map((customerId) => ({ customerId, reason: 'others_activity' })),
    );
    expect(h.paths().filter((path) => path === '/v1/pull')).toHaveLength(1);
    expect(h.paths().at(-1)).toBe('/v1/pull');
  });

  it('lists the deleted cards without pulling', async () => {
    const h = await setup();
    const deleted = {
      id: CUSTOMER,
      name: '王伟',
      phones: ['13800138000'],
      ownerId: 'u1',
      ownerName: '李娜',
      deletedAt: '2026-03-09T10:00:00.000Z',
      deletedById: 'u2',
      deletedByName: '张经理',
      reason: '',
    };
    h.server.answerCommand('/v1/deleted-customers', () => ({ customers: [deleted] }));
    expect(await h.engine.listDeletedCustomers()).toEqual({ customers: [deleted] });
    expect(h.paths()).toEqual(['/v1/deleted-customers']);
  });

  it('shares a queued request only with an identical one', async () => {
    const h = await setup();
    let merges = 0;
    h.server.answerCommand('/v1/commands/merge-customers', (body) => {
      merges += 1;
      const request = body as { survivorId: string; mergedIds: string[]; ownerId: string };
      return { ...request, merged: request.mergedIds, alreadyMerged: [] };
    });
    const merge = { survivorId: CUSTOMER, mergedIds: [OTHER], ownerId: 'u1' };
    // Held behind a sync, the first two are one queued request; the third differs.
    const sync = h.engine.syncNow();
    const first = h.engine.mergeDuplicateCustomers(merge);
    const same = h.engine.mergeDuplicateCustomers({ ...merge });
    const otherOwner = h.engine.mergeDuplicateCustomers({ ...merge, ownerId: 'u2' });
    await Promise.all([sync, first, same, otherOwner]);
    expect(merges).toBe(2);
    expect(await same).toEqual(await first);
    expect((await otherOwner).ownerId).toBe('u2');
  });
});

describe('user administration', () => {
  it('creates and updates users, answering with the refreshed team that is also kept locally', async () => {
    const h = await setup('admin');
    const afterCreate = await h.engine.createUser({
      login: 'lina',
      name: '李娜',
      password: 'a long enough password',
      role: 'consultant',
    });
    expect(afterCreate.map((user) => user.login).sort()).toEqual(['boss', 'lina']);
    const lina = afterCreate.find((user) => user.login === 'lina');
    if (!lina) throw new Error('lina was not created');

    const afterUpdate = await h.engine.updateUser(lina.id, { name: '李娜娜' });
    expect(afterUpdate.find((user) => user.id === lina.id)?.name).toBe('李娜娜');
    expect(h.paths()).toEqual(['/v1/users', '/v1/users', `/v1/users/${lina.id}`, '/v1/users']);
    expect((await h.db.team.get(lina.id))?.name).toBe('李娜娜');
  });
});
