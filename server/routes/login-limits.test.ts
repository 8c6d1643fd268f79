// Login attempts are limited per address and login, per address (password spraying: one guess
// for many logins) and in all (many addresses), in the database, so every instance counts the same
// attempts. A refusal is 429 with Retry-After, before any password is checked.

import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared/sync/protocol';
import { buildServer } from '../app';
import {
  describeEachBackend,
  newClientId,
  openFreshDatabase,
  seedDealership,
  testConfig,
  type FreshDatabase,
  type SeededDealership,
} from '../test-support';

async function attempt(app: FastifyInstance, login: string, remoteAddress: string) {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/auth/login',
    remoteAddress,
    headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), 'content-type': 'application/json' },
    payload: JSON.stringify({ login, password: 'one guess only', clientId: newClientId() }),
  });
  return { status: response.statusCode, retryAfter: response.headers['retry-after'] };
}

// The defaults of loadConfig (testConfig lifts them for the other suites).
const DEFAULT_LIMITS = { loginRateLimit: 10, loginRateLimitAddress: 30, loginRateLimitGlobal: 600 };

describeEachBackend('login limits', (backend) => {
  let fresh: FreshDatabase;
  let shop: SeededDealership;
  const apps: FastifyInstance[] = [];

  const start = async (overrides: Parameters<typeof testConfig>[0] = {}) => {
    const app = await buildServer(testConfig(overrides), fresh.database);
    await app.ready();
    apps.push(app);
    return app;
  };

  beforeAll(async () => {
    fresh = await openFreshDatabase(backend);
    shop = await seedDealership(fresh.database);
  }, 60_000);
  afterAll(async () => {
    for (const app of apps) await app.close();
    await fresh?.drop();
  });

  it('limits all attempts together, whatever the address', async () => {
    const app = await start({ loginRateLimitGlobal: 5 });
    // Each address and login once: only the global bucket can refuse.
    const results = [];
    for (let i = 0; i < 8; i += 1) {
      results.push(await attempt(app, `unknown.${i}`, `10.2.0.${i + 1}`));
    }
    expect(results.map((result) => result.status)).toEqual([
      401, 401, 401, 401, 401, 429, 429, 429,
    ]);
    const refused = results.filter((result) => result.status === 429);
    for (const result of refused) {
      expect(Number(result.retryAfter)).toBeGreaterThan(0);
      expect(Number(result.retryAfter)).toBeLessThanOrEqual(60);
    }
  });

  it('refuses a password spray: one guess for each of 40 logins from one address', async () => {
    const app = await start(DEFAULT_LIMITS);
    const statuses: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      statuses.push((await attempt(app, `sprayed.${i}`, '10.1.0.1')).status);
    }
    const refused = statuses.filter((status) => status === 429).length;
    expect(statuses.slice(0, 30).every((status) => status === 401)).toBe(true);
    expect(refused).toBe(10);
    // Another address is not affected.
    expect((await attempt(app, shop.admin.login, '10.1.0.2')).status).toBe(401);
  });

  it('counts the attempts of every instance on one database', async () => {
    const [one, two] = [await start(DEFAULT_LIMITS), await start(DEFAULT_LIMITS)];
    const statuses: number[] = [];
    // The default limit for one address and login is 10 a minute: shared, not 10 per instance.
    for (let i = 0; i < 12; i += 1) {
      statuses.push((await attempt(i % 2 === 0 ? one : two, 'shared.target', '10.3.0.1')).status);
    }
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});
