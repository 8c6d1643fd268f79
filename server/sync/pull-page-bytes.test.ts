// Pull pages are bounded by bytes as well as rows: big rows (photos in data URLs, long notes) come
// in several pages that each stay under the budget, with the usual hasMore/cursor walk, and a
// row larger than the whole budget still comes, alone in its page.

import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  pullResponseSchema,
  type Change,
  type Mutation,
  type PullQuery,
  type PullResponse,
} from '../../shared/sync/protocol';
import type { Caller } from '../auth/authorize';
import {
  clientClock,
  createTestApp,
  customerFields,
  describeEachBackend,
  newRowId,
  seedDealership,
  type SeededDealership,
  type TestApp,
} from '../test-support';
import { pull, type PullLimits } from './pull';
import { createPullProgress } from './pull-progress';

const PAGE_BYTES = 64 * 1024;
const BIG_ROWS = 12;

/** What the byte bound counts for a change: its row JSON (data and clocks). */
function rowBytes(change: Change): number {
  if (change.kind !== 'upsert') return 0;
  return (
    Buffer.byteLength(JSON.stringify(change.data)) +
    Buffer.byteLength(JSON.stringify(change.clocks))
  );
}

describeEachBackend('pull pages bounded by bytes', (backend) => {
  let t: TestApp;
  let shop: SeededDealership;
  let token = '';
  const bigIds: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(backend, { pullPageBytes: PAGE_BYTES });
    shop = await seedDealership(t.db);
    token = (await t.http.login(shop.consultantA)).accessToken;
    const tick = clientClock(shop.consultantA.clientId);
    // 20,000 characters of three UTF-8 bytes each: about 60 KB a row, so one row per 64 KiB page.
    const mutations: Mutation[] = Array.from({ length: BIG_ROWS }, (_, index) => {
      const rowId = newRowId();
      bigIds.push(rowId);
      return {
        seq: index + 1,
        table: 'customers',
        rowId,
        hlc: tick(),
        fields: customerFields({ name: `大客户 ${index}`, notes: '照'.repeat(20_000) }),
      };
    });
    // The body limit (1 MiB) allows a dozen such rows in two pushes.
    await t.http.push(token, shop.consultantA.clientId, mutations.slice(0, 6));
    await t.http.push(token, shop.consultantA.clientId, mutations.slice(6));
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('cuts pages at the byte budget, keeps hasMore and the cursor walk, and loses nothing', async () => {
    const seen: string[] = [];
    let cursor = '0';
    let pages = 0;
    for (;;) {
      const page = await t.http.pull(token, cursor, 1000);
      pages += 1;
      expect(page.changes.length).toBeGreaterThan(0);
      const bytes = page.changes.reduce((sum, change) => sum + rowBytes(change), 0);
      // Within the budget, or a single change that alone is larger.
      if (page.changes.length > 1) expect(bytes).toBeLessThanOrEqual(PAGE_BYTES);
      expect(BigInt(page.cursor)).toBeGreaterThan(BigInt(cursor));
      expect(page.cursor).toBe(page.changes.at(-1)?.seq);
      seen.push(...page.changes.map((change) => change.id));
      cursor = page.cursor;
      if (!page.hasMore) {
        expect(page.remaining).toBe(0);
        break;
      }
      expect(page.remaining).toBeGreaterThan(0);
      expect(pages).toBeLessThan(100);
    }
    expect(pages).toBeGreaterThanOrEqual(BIG_ROWS);
    for (const id of bigIds) expect(seen.filter((seen) => seen === id)).toHaveLength(1);
    // Nothing more after the end.
    const after = await t.http.pull(token, cursor, 1000);
    expect(after).toMatchObject({ changes: [], hasMore: false, cursor });
  });

  const consultantA = (): Caller => ({
    id: shop.consultantA.id,
    login: shop.consultantA.login,
    name: shop.consultantA.name,
    role: 'consultant',
    dealershipId: shop.dealershipId,
    dealershipName: 'Showroom',
    // pull() never reads the session: any id stands for the caller's.
    sessionId: 'test-session',
  });

  /** pull() itself, its JSON answer read back through the protocol's schema. */
  const pullPage = async (query: PullQuery, limits: PullLimits): Promise<PullResponse> => {
    const page = await pull(t.db, consultantA(), query, limits, createPullProgress());
    return pullResponseSchema.parse(JSON.parse(page.body.join('')));
  };

  it('sends a row larger than the whole budget alone, so the client still makes progress', async () => {
    let cursor = '0';
    const ids: string[] = [];
    for (let pages = 0; pages < 100; pages += 1) {
      const page = await pullPage({ cursor, limit: 1000 }, { maxBytes: 1000 });
      expect(page.changes.length).toBeLessThanOrEqual(1);
      ids.push(...page.changes.map((change) => change.id));
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    expect(ids.filter((id) => bigIds.includes(id))).toHaveLength(BIG_ROWS);
  });

  it('still bounds a page by its row count', async () => {
    const page = await pullPage({ cursor: '0', limit: 2 }, { maxBytes: 64 * 1024 * 1024 });
    expect(page.changes).toHaveLength(2);
    expect(page.hasMore).toBe(true);
  });
});
