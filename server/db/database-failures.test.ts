// Failures of the database under the app, in process: a bad statement stays an ordinary error, a
// database that is away is DatabaseUnavailableError (503 on the wire) and never an unhandled
// 'error' event. test/sync/database-outage.test.ts proves the same against a real server process.

import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import {
  createTestApp,
  describeEachBackend,
  openFreshDatabase,
  POSTGRES_URL,
  seedDealership,
  type FreshDatabase,
  type TestApp,
} from '../test-support';
import { DatabaseUnavailableError } from './database';
import { isConnectionFailure } from './pg-database';

describeEachBackend('database failures', (backend) => {
  let fresh: FreshDatabase | null = null;
  let testApp: TestApp | null = null;

  afterEach(async () => {
    await testApp?.close();
    await fresh?.drop();
    testApp = null;
    fresh = null;
  }, 60_000);

  it('a failed statement is an ordinary error and leaves the database usable', async () => {
    fresh = await openFreshDatabase(backend, { migrate: false });
    const failing = fresh.database.transaction((tx) => tx.query('SELECT * FROM no_such_table'));
    await expect(failing).rejects.toThrow(/no_such_table/);
    await expect(failing).rejects.not.toBeInstanceOf(DatabaseUnavailableError);
    await expect(fresh.database.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
  }, 60_000);

  it.runIf(backend === 'postgres')(
    'a connection cut inside a transaction is DatabaseUnavailableError; the next one succeeds',
    async () => {
      fresh = await openFreshDatabase(backend, { migrate: false });
      const killer = new pg.Client({ connectionString: fresh.url ?? '' });
      await killer.connect();
      try {
        const cut = fresh.database.transaction(async (tx) => {
          const [row] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          await killer.query('SELECT pg_terminate_backend($1)', [row?.pid]);
          await tx.query('SELECT 1');
        });
        await expect(cut).rejects.toBeInstanceOf(DatabaseUnavailableError);
        await expect(
          fresh.database.transaction((tx) => tx.query('SELECT 2 AS two')),
        ).resolves.toEqual([{ two: 2 }]);
      } finally {
        await killer.end();
      }
    },
    60_000,
  );

  it('answers 503 unavailable with Retry-After, and /health says so, while the database is away', async () => {
    testApp = await createTestApp(backend);
    const { db, http } = testApp;
    const { consultantA } = await seedDealership(db);
    const { accessToken } = await http.login(consultantA);

    const restore = await takeAway(testApp);
    try {
      const pull = await http.request({ url: '/v1/pull?cursor=0', token: accessToken });
      expect(pull.status).toBe(503);
      expect(pull.headers['retry-after']).toMatch(/^\d+$/);
      expect(pull.body).toMatchObject({ error: 'unavailable' });

      const health = await http.request({ url: '/health' });
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'unavailable', database: backend });
    } finally {
      await restore();
    }
    if (backend === 'postgres') {
      const health = await http.request({ url: '/health' });
      expect(health.status).toBe(200);
      const pull = await http.request({ url: '/v1/pull?cursor=0', token: accessToken });
      expect(pull.status).toBe(200);
    }
  }, 60_000);
});

/** Makes the app's database unreachable; resolves to a function that brings it back (if it can). */
async function takeAway(testApp: TestApp): Promise<() => Promise<void>> {
  if (testApp.db.kind === 'pglite') {
    // PGlite cannot go away and come back: closed is the one way it is unavailable.
    await testApp.db.close();
    return async () => {};
  }
  const admin = new pg.Client({ connectionString: POSTGRES_URL ?? '' });
  await admin.connect();
  const [name] = await testApp.db.query<{ name: string }>('SELECT current_database() AS name');
  const database = name?.name ?? '';
  await admin.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS false`);
  await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [
    database,
  ]);
  return async () => {
    await admin.query(`ALTER DATABASE ${database} WITH ALLOW_CONNECTIONS true`);
    await admin.end();
  };
}

it('tells connection failures from statement errors', () => {
  const sqlError = (code: string, message = 'failed') =>
    Object.assign(new Error(message), { code });
  expect(isConnectionFailure(sqlError('57P01', 'terminating connection'))).toBe(true);
  expect(isConnectionFailure(sqlError('08006'))).toBe(true);
  expect(isConnectionFailure(sqlError('ECONNREFUSED'))).toBe(true);
  expect(isConnectionFailure(new Error('Connection terminated unexpectedly'))).toBe(true);
  expect(isConnectionFailure(sqlError('23505', 'duplicate key'))).toBe(false);
  expect(isConnectionFailure(sqlError('42P01', 'relation does not exist'))).toBe(false);
  expect(isConnectionFailure('Connection terminated')).toBe(false);
});
