import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { PROTOCOL_HEADER, type TokenResponse } from '../../shared/sync/protocol';
import { startServer, type RunningServer } from '../start-server';
import {
  clientClock,
  customerFields,
  describeEachBackend,
  newRowId,
  openFreshDatabase,
  seedDealership,
  testConfig,
  timelineFields,
  type FreshDatabase,
  type SeededDealership,
  type SeededUser,
} from '../test-support';
import { openPgDatabase } from '../db/pg-database';
import type { Database } from '../db/database';

type SseEvent = { event: string; data: string } | { comment: string };

/** An open SSE stream with the events received so far. */
type Stream = {
  events: SseEvent[];
  status: number;
  /** Resolves when the stream has `count` pokes (or rejects after timeoutMs). */
  pokes(count: number, timeoutMs?: number): Promise<void>;
  pokeCount(): number;
  ended: Promise<void>;
  close(): void;
};

async function openStream(url: string, token: string): Promise<Stream> {
  const controller = new AbortController();
  const response = await fetch(`${url}/v1/events`, {
    headers: { authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: '1' },
    signal: controller.signal,
  });
  const events: SseEvent[] = [];
  const waiters: (() => void)[] = [];
  const pokeCount = () =>
    events.filter((event) => 'event' in event && event.event === 'poke').length;
  const ended = (async () => {
    if (!response.body) return;
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith(':')) events.push({ comment: block.slice(1).trim() });
          else {
            const lines = Object.fromEntries(
              block
                .split('\n')
                .map((line) => [
                  line.slice(0, line.indexOf(':')),
                  line.slice(line.indexOf(':') + 1).trim(),
                ]),
            );
            events.push({ event: lines.event ?? 'message', data: lines.data ?? '' });
          }
          for (const wake of waiters.splice(0)) wake();
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    events,
    status: response.status,
    pokeCount,
    pokes(count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`expected ${count} pokes, got ${pokeCount()}: ${JSON.stringify(events)}`),
            ),
          timeoutMs,
        );
        const check = () => {
          if (pokeCount() >= count) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      });
    },
    ended,
    close: () => controller.abort(),
  };
}

async function post<T>(url: string, path: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [PROTOCOL_HEADER]: '1',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const login = (url: string, user: SeededUser) =>
  post<TokenResponse>(url, '/v1/auth/login', {
    login: user.login,
    password: user.password,
    clientId: user.clientId,
  }).then((tokens) => tokens.accessToken);

const pushCustomer = (url: string, token: string, user: SeededUser, seq: number) =>
  post(
    url,
    '/v1/push',
    {
      clientId: user.clientId,
      mutations: [
        {
          seq,
          table: 'customers',
          rowId: newRowId(),
          hlc: clientClock(user.clientId)(),
          fields: customerFields(),
        },
      ],
    },
    token,
  );

describeEachBackend('live pokes (SSE)', (backend) => {
  let fresh: FreshDatabase;
  let server: RunningServer;
  let shop: SeededDealership;
  const streams: Stream[] = [];
  const open = async (url: string, token: string) => {
    const stream = await openStream(url, token);
    streams.push(stream);
    return stream;
  };

  beforeAll(async () => {
    fresh = await openFreshDatabase(backend);
    server = await startServer({
      database: fresh.database,
      config: testConfig(),
      heartbeatMs: 200,
    });
    shop = await seedDealership(fresh.database);
  }, 60_000);
  afterEach(() => {
    for (const stream of streams.splice(0)) stream.close();
  });
  afterAll(async () => {
    await server?.close();
    await fresh?.drop();
  });

  it('says "connected" at once, keeps the stream alive and refuses without a token', async () => {
    const token = await login(server.url, shop.consultantA);
    const stream = await open(server.url, token);
    expect(stream.status).toBe(200);
    await stream.pokes(1);
    expect(stream.events[0]).toEqual({ event: 'poke', data: '{"reason":"connected"}' });
    await expect
      .poll(() => stream.events.some((event) => 'comment' in event), { timeout: 3000 })
      .toBe(true);

    const refused = await fetch(`${server.url}/v1/events`, { headers: { [PROTOCOL_HEADER]: '1' } });
    expect(refused.status).toBe(401);
  });

  it('pokes the owner and the managers on a push, and nobody else', async () => {
    const [tokenA, tokenB, tokenManager] = await Promise.all([
      login(server.url, shop.consultantA),
      login(server.url, shop.consultantB),
      login(server.url, shop.manager),
    ]);
    const streamA = await open(server.url, tokenA);
    const streamB = await open(server.url, tokenB);
    const streamManager = await open(server.url, tokenManager);
    await Promise.all([streamA.pokes(1), streamB.pokes(1), streamManager.pokes(1)]);

    await pushCustomer(server.url, tokenA, shop.consultantA, 1);
    await Promise.all([streamA.pokes(2), streamManager.pokes(2)]);
    expect(streamA.events.at(-1)).toEqual({ event: 'poke', data: '{"reason":"changes"}' });

    // A settings change concerns everyone; B's first change poke must be this one.
    await post(
      server.url,
      '/v1/push',
      {
        clientId: shop.manager.clientId,
        mutations: [
          {
            seq: 1,
            table: 'settings',
            rowId: 'dealership',
            hlc: clientClock(shop.manager.clientId)(),
            fields: { intentThresholds: { H: 5, A: 25, B: 80 } },
          },
        ],
      },
      tokenManager,
    );
    await streamB.pokes(2);
    expect(streamB.pokeCount()).toBe(2);
  });

  it('pokes the owner and the managers when imported cards are withdrawn, and nobody else', async () => {
    const team = await seedDealership(fresh.database, 'Withdraw');
    const [tokenA, tokenB, tokenManager] = await Promise.all([
      login(server.url, team.consultantA),
      login(server.url, team.consultantB),
      login(server.url, team.manager),
    ]);
    const card = newRowId();
    const tick = clientClock(team.consultantA.clientId);
    const entry = { kind: 'created', changes: [{ field: 'importFile', from: '', to: 'a.csv' }] };
    await post(
      server.url,
      '/v1/push',
      {
        clientId: team.consultantA.clientId,
        mutations: [
          { seq: 1, table: 'customers', rowId: card, hlc: tick(), fields: customerFields() },
          {
            seq: 2,
            table: 'timeline',
            rowId: newRowId(),
            hlc: tick(),
            fields: timelineFields(card, team.consultantA.id, entry),
          },
        ],
      },
      tokenA,
    );
    const streamA = await open(server.url, tokenA);
    const streamB = await open(server.url, tokenB);
    const streamManager = await open(server.url, tokenManager);
    await Promise.all([streamA.pokes(1), streamB.pokes(1), streamManager.pokes(1)]);

    const answer = await post<{ withdrawn: string[] }>(
      server.url,
      '/v1/commands/withdraw-imported-customers',
      { customerIds: [card], fileName: 'a.csv' },
      tokenA,
    );
    expect(answer.withdrawn).toEqual([card]);
    await Promise.all([streamA.pokes(2), streamManager.pokes(2)]);

    // A settings change concerns everyone; B's first change poke must be this one.
    await post(
      server.url,
      '/v1/push',
      {
        clientId: team.manager.clientId,
        mutations: [
          {
            seq: 1,
            table: 'settings',
            rowId: 'dealership',
            hlc: clientClock(team.manager.clientId)(),
            fields: { intentThresholds: { H: 5, A: 25, B: 80 } },
          },
        ],
      },
      tokenManager,
    );
    await streamB.pokes(2);
    expect(streamB.pokeCount()).toBe(2);
  });

  it('ends the streams when the server shuts down', async () => {
    const own = await startServer({ database: fresh.database, config: testConfig() });
    const token = await login(own.url, shop.manager);
    const stream = await open(own.url, token);
    await stream.pokes(1);
    await own.close();
    await stream.ended;
    expect(own.app.server.listening).toBe(false);
  });

  if (backend === 'postgres') {
    it('pokes clients of another server instance on the same PostgreSQL', async () => {
      const secondDb: Database = await openPgDatabase(fresh.url ?? '');
      const second = await startServer({ database: secondDb, config: testConfig() });
      try {
        const tokenManager = await login(second.url, shop.manager);
        const stream = await open(second.url, tokenManager);
        await stream.pokes(1);
        const tokenA = await login(server.url, shop.consultantA);
        await pushCustomer(server.url, tokenA, shop.consultantA, 100);
        await stream.pokes(2);
      } finally {
        await second.close();
        await secondDb.close();
      }
    });
  }
});

it('startServer gives a working server on a fresh in-memory database', async () => {
  const server = await startServer();
  try {
    const health = await fetch(`${server.url}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', protocol: 1, database: 'pglite' });
  } finally {
    await server.close();
  }
}, 60_000);
