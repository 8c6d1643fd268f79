import { afterAll, beforeAll, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import {
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  pullResponseSchema,
  type Mutation,
  type PullResponse,
} from '../../shared/sync/protocol';
import type { Caller } from '../auth/authorize';
import type { Queryable } from '../db/database';
import {
  clientClock,
  createTestApp,
  customerFields,
  describeEachBackend,
  followUpFields,
  newRowId,
  seedDealership,
  type SeededDealership,
  type TestApp,
} from '../test-support';
import { pull } from './pull';
import { createPullProgress, type PullProgress } from './pull-progress';

describeEachBackend('pull', (backend) => {
  let t: TestApp;
  let shop: SeededDealership;
  const tokens = { a: '', b: '', manager: '' };
  const customersOfA: string[] = [];
  const customersOfB: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(backend);
    shop = await seedDealership(t.db);
    tokens.a = (await t.http.login(shop.consultantA)).accessToken;
    tokens.b = (await t.http.login(shop.consultantB)).accessToken;
    tokens.manager = (await t.http.login(shop.manager)).accessToken;

    const tickA = clientClock(shop.consultantA.clientId);
    const mutationsA: Mutation[] = [];
    for (let i = 0; i < 12; i += 1) {
      const id = newRowId();
      customersOfA.push(id);
      mutationsA.push({
        seq: mutationsA.length + 1,
        table: 'customers',
        rowId: id,
        hlc: tickA(),
        fields: customerFields({ name: `A${i}` }),
      });
      mutationsA.push({
        seq: mutationsA.length + 1,
        table: 'followUps',
        rowId: newRowId(),
        hlc: tickA(),
        fields: followUpFields(id),
      });
    }
    await t.http.push(tokens.a, shop.consultantA.clientId, mutationsA);
    const tickB = clientClock(shop.consultantB.clientId);
    const mutationsB: Mutation[] = [];
    for (let i = 0; i < 5; i += 1) {
      const id = newRowId();
      customersOfB.push(id);
      mutationsB.push({
        seq: i + 1,
        table: 'customers',
        rowId: id,
        hlc: tickB(),
        fields: customerFields({ name: `B${i}` }),
      });
    }
    await t.http.push(tokens.b, shop.consultantB.clientId, mutationsB);
  }, 60_000);
  afterAll(async () => t?.close());

  it('pages through the scope in seq order with cursor, hasMore and remaining', async () => {
    // A's scope: the settings row + 12 customers + 12 follow-ups = 25 changes.
    const first = await t.http.pull(tokens.a, '0', 10);
    expect(first.changes).toHaveLength(10);
    expect(first).toMatchObject({ hasMore: true, remaining: 15, cursor: first.changes[9]?.seq });
    const second = await t.http.pull(tokens.a, first.cursor, 10);
    expect(second).toMatchObject({ hasMore: true, remaining: 5 });
    const third = await t.http.pull(tokens.a, second.cursor, 10);
    expect(third).toMatchObject({ hasMore: false, remaining: 0 });
    expect(third.changes).toHaveLength(5);
    const last = await t.http.pull(tokens.a, third.cursor, 10);
    expect(last).toEqual({ changes: [], cursor: third.cursor, hasMore: false, remaining: 0 });

    const all = [...first.changes, ...second.changes, ...third.changes];
    const seqs = all.map((change) => BigInt(change.seq));
    expect([...seqs].sort((x, y) => (x < y ? -1 : 1))).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('answers JSON that is a PullResponse to the letter, rows exactly as stored', async () => {
    const response = await t.http.request<unknown>({
      url: '/v1/pull?cursor=0&limit=7',
      token: tokens.manager,
    });
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const page = pullResponseSchema.strict().parse(response.body);
    const [stored] = await t.db.query<{ data: unknown; clocks: unknown }>(
      'SELECT data, clocks FROM records WHERE dealership_id = $1 AND id = $2',
      [shop.dealershipId, customersOfA[0]],
    );
    const card = page.changes.find((change) => change.id === customersOfA[0]);
    expect(card).toMatchObject({ kind: 'upsert', table: 'customers', ...stored });
    for (const change of page.changes) {
      expect(Object.keys(change)).toEqual(
        change.kind === 'upsert'
          ? ['kind', 'seq', 'table', 'id', 'data', 'clocks']
          : ['kind', 'seq', 'table', 'id'],
      );
    }
  });

  const callerOf = (user: SeededDealership['consultantA']): Caller => ({
    id: user.id,
    login: user.login,
    name: user.name,
    role: 'consultant',
    dealershipId: shop.dealershipId,
    dealershipName: 'Showroom',
    sessionId: 'test-session',
  });

  /** The database behind a meter that counts the statements counting the rest of the scope. */
  const countingDb = (): { db: Queryable; counts: () => number } => {
    let counts = 0;
    return {
      db: {
        query: (sql, params, options) => {
          if (sql.includes('count(*) FROM')) counts += 1;
          return t.db.query(sql, params, options);
        },
        exec: (sql) => t.db.exec(sql),
      },
      counts: () => counts,
    };
  };

  const walk = async (db: Queryable, progress: () => PullProgress, limit: number) => {
    const pages: PullResponse[] = [];
    let cursor = '0';
    for (;;) {
      const page = await pull(
        db,
        callerOf(shop.consultantA),
        { cursor, limit },
        { maxBytes: 4 << 20 },
        progress(),
      );
      pages.push(pullResponseSchema.parse(JSON.parse(page.body.join(''))));
      cursor = page.cursor;
      if (!page.hasMore) return pages;
    }
  };

  it('counts what remains once per pull, not once per page, and says the same', async () => {
    const metered = countingDb();
    const progress = createPullProgress();
    const pages = await walk(metered.db, () => progress, 4);
    const total = pages.reduce((sum, page) => sum + page.changes.length, 0);
    expect(pages.length).toBeGreaterThan(3);
    expect(metered.counts()).toBe(1);
    let done = 0;
    for (const page of pages) {
      done += page.changes.length;
      expect(page.remaining).toBe(total - done);
      expect(page.hasMore).toBe(page.remaining > 0);
    }
    // Served by an instance that did not serve the page before (no memory): counted, same figures.
    const forgetful = countingDb();
    const again = await walk(forgetful.db, createPullProgress, 4);
    expect(again.map((page) => page.remaining)).toEqual(pages.map((page) => page.remaining));
    expect(forgetful.counts()).toBe(pages.length - 1);
  });

  it('compresses a page for a client that accepts gzip, and not for one that does not', async () => {
    const ask = (encoding: string | null) =>
      t.app.inject({
        url: '/v1/pull?cursor=0&limit=50',
        headers: {
          [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
          authorization: `Bearer ${tokens.manager}`,
          ...(encoding ? { 'accept-encoding': encoding } : {}),
        },
      });
    const plain = await ask(null);
    expect(plain.headers['content-encoding']).toBeUndefined();
    const zipped = await ask('gzip, deflate');
    expect(zipped.statusCode).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    const unzipped = gunzipSync(zipped.rawPayload).toString('utf8');
    expect(JSON.parse(unzipped)).toEqual(JSON.parse(plain.body));
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
  });

  it('gives a consultant only their own rows and the dealership rows', async () => {
    const changes = await t.http.pullAll(tokens.a);
    const ids = new Set(changes.map((change) => change.id));
    for (const id of customersOfA) expect(ids.has(id)).toBe(true);
    for (const id of customersOfB) expect(ids.has(id)).toBe(false);
    expect(ids.has('dealership')).toBe(true);
    const ofB = await t.http.pullAll(tokens.b);
    expect(ofB.filter((change) => change.table === 'followUps')).toEqual([]);
  });

  it('gives a manager the whole dealership', async () => {
    const changes = await t.http.pullAll(tokens.manager);
    const ids = new Set(changes.map((change) => change.id));
    for (const id of [...customersOfA, ...customersOfB]) expect(ids.has(id)).toBe(true);
    expect(changes).toHaveLength(1 + 24 + 5);
  });

  it('shows a row once, at its latest seq', async () => {
    const before = await t.http.pull(tokens.a);
    const id = customersOfA[0] ?? '';
    // A change on top of the stored district (with its clock as base): no conflict row.
    const stored = (await t.http.pullAll(tokens.a)).find((change) => change.id === id);
    const district = stored?.kind === 'upsert' ? (stored.clocks.district ?? '') : '';
    const response = await t.http.push(tokens.a, shop.consultantA.clientId, [
      {
        seq: 1000,
        table: 'customers',
        rowId: id,
        hlc: clientClock(shop.consultantA.clientId)(),
        fields: { district: '西湖区' },
        base: { district },
      },
    ]);
    expect(response.acks[0]?.status).toBe('applied');
    const changes = await t.http.pullAll(tokens.a);
    const copies = changes.filter((change) => change.id === id);
    expect(copies).toHaveLength(1);
    expect(copies[0]?.seq).toBe(changes.at(-1)?.seq);
    expect(BigInt(copies[0]?.seq ?? 0)).toBeGreaterThan(BigInt(before.cursor));
  });

  it('never skips a row while others push concurrently', async () => {
    const writers = [shop.consultantA, shop.consultantB, shop.manager];
    const writerTokens = [tokens.a, tokens.b, tokens.manager];
    const start = await t.http.pull(tokens.manager);
    let cursor = (await t.http.pullAll(tokens.manager)).at(-1)?.seq ?? start.cursor;
    const seen = new Set<string>();
    let writing = true;
    const puller = (async () => {
      while (writing) {
        const page = await t.http.pull(tokens.manager, cursor, 7);
        for (const change of page.changes) seen.add(change.id);
        cursor = page.cursor;
      }
    })();
    const written: string[] = [];
    await Promise.all(
      writers.map(async (user, index) => {
        const tick = clientClock(user.clientId);
        for (let batch = 0; batch < 6; batch += 1) {
          const mutations: Mutation[] = [0, 1, 2].map((i) => {
            const id = newRowId();
            written.push(id);
            return {
              seq: 2000 + batch * 3 + i,
              table: 'customers',
              rowId: id,
              hlc: tick(),
              fields: customerFields({ name: `W${index}-${batch}-${i}` }),
            };
          });
          await t.http.push(writerTokens[index] ?? '', user.clientId, mutations);
        }
      }),
    );
    writing = false;
    await puller;
    for (const change of await t.http.pullAll(tokens.manager, cursor)) seen.add(change.id);
    expect(written.filter((id) => !seen.has(id))).toEqual([]);
  });

  it('validates the query strictly', async () => {
    for (const url of [
      '/v1/pull?cursor=abc',
      '/v1/pull?limit=5000',
      '/v1/pull?cursor=0&since=1',
      '/v1/pull?cursor=9999999999999999999',
    ]) {
      const response = await t.http.request({ url, token: tokens.a });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ error: 'invalid_request' });
    }
    expect((await t.http.request({ url: '/v1/pull' })).status).toBe(401);
  });
  // Last: it adds rows to A's scope that the counts above do not expect.
  it('keeps remaining above zero while more changes wait, even when they were written mid-pull', async () => {
    const progress = createPullProgress();
    const caller = callerOf(shop.consultantA);
    const limits = { maxBytes: 4 << 20 };
    const first = await pull(t.db, caller, { cursor: '0', limit: 20 }, limits, progress);
    expect(first.hasMore).toBe(true);
    // Written after the count: the remembered figure does not know them.
    const tick = clientClock(shop.consultantA.clientId);
    const added = Array.from({ length: 30 }, (_, index): Mutation => ({
      seq: 3000 + index,
      table: 'customers',
      rowId: newRowId(),
      hlc: tick(),
      fields: customerFields({ name: `Late${index}` }),
    }));
    await t.http.push(tokens.a, shop.consultantA.clientId, added);
    let cursor = first.cursor;
    const seen = new Set<string>();
    for (let pages = 0; pages < 50; pages += 1) {
      const page = await pull(t.db, caller, { cursor, limit: 20 }, limits, progress);
      const body = pullResponseSchema.parse(JSON.parse(page.body.join('')));
      for (const change of body.changes) seen.add(change.id);
      expect(page.hasMore ? page.remaining > 0 : page.remaining === 0).toBe(true);
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(added.filter((mutation) => !seen.has(mutation.rowId))).toEqual([]);
  });
});
