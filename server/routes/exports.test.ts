import { afterAll, beforeAll, expect, it } from 'vitest';
import type {
  ExportRecord,
  ListExportsResponse,
  RecordExportRequest,
} from '../../shared/sync/export-protocol';
import {
  createTestApp,
  describeEachBackend,
  newRowId,
  seedDealership,
  type SeededDealership,
  type TestApp,
} from '../test-support';

function exportBody(overrides: Partial<RecordExportRequest> = {}): RecordExportRequest {
  return {
    id: newRowId(),
    format: 'xlsx',
    exportedAt: new Date(Date.now() - 60_000).toISOString(),
    rowCount: 12,
    filter: {
      ownerIds: [],
      grades: ['A'],
      intents: ['H', 'A'],
      sources: ['walk_in'],
      range: { from: '2026-10-24T16:00:00.000Z', to: '2026-12-01T16:00:00.000Z' },
      bucket: 'past_due',
    },
    ...overrides,
  };
}

describeEachBackend('export routes', (backend) => {
  let t: TestApp;
  let shop: SeededDealership;
  let other: SeededDealership;
  const tokens = { admin: '', manager: '', consultant: '', otherAdmin: '', otherManager: '' };

  beforeAll(async () => {
    t = await createTestApp(backend);
    shop = await seedDealership(t.db, 'North');
    other = await seedDealership(t.db, 'South');
    tokens.admin = (await t.http.login(shop.admin)).accessToken;
    tokens.manager = (await t.http.login(shop.manager)).accessToken;
    tokens.consultant = (await t.http.login(shop.consultantA)).accessToken;
    tokens.otherAdmin = (await t.http.login(other.admin)).accessToken;
    tokens.otherManager = (await t.http.login(other.manager)).accessToken;
  }, 60_000);
  afterAll(async () => t?.close());

  const list = (token: string, query = '') =>
    t.http.request<ListExportsResponse>({ url: `/v1/exports${query}`, token });

  it('refuses consultants: no recording, no list, and nothing is stored', async () => {
    const body = exportBody();
    const recorded = await t.http.request({ url: '/v1/exports', token: tokens.consultant, body });
    expect(recorded.status).toBe(403);
    expect(recorded.body).toMatchObject({ error: 'forbidden' });
    // Even an invalid body is refused for the role first: a consultant learns nothing of the shape.
    const invalid = await t.http.request({
      url: '/v1/exports',
      token: tokens.consultant,
      body: { nonsense: true },
    });
    expect(invalid.status).toBe(403);

    const listed = await list(tokens.consultant);
    expect(listed.status).toBe(403);
    const all = await list(tokens.admin, '?limit=200');
    expect(all.body.exports.map((record) => record.id)).not.toContain(body.id);
  });

  it('needs a login', async () => {
    const response = await t.http.request({ url: '/v1/exports', body: exportBody() });
    expect(response.status).toBe(401);
  });

  it('records a manager export as the caller, and lets admins but not managers list it', async () => {
    const body = exportBody({ format: 'pdf', rowCount: 3 });
    const recorded = await t.http.request<ExportRecord>({
      url: '/v1/exports',
      token: tokens.manager,
      body,
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({
      id: body.id,
      userId: shop.manager.id,
      userName: shop.manager.name,
      format: 'pdf',
      rowCount: 3,
      filter: body.filter,
      exportedAt: body.exportedAt,
    });

    const byManager = await list(tokens.manager);
    expect(byManager.status).toBe(403);

    const byAdmin = await list(tokens.admin);
    expect(byAdmin.status).toBe(200);
    const found = byAdmin.body.exports.find((record) => record.id === body.id);
    expect(found).toMatchObject({
      userId: shop.manager.id,
      userLogin: shop.manager.login,
      format: 'pdf',
      rowCount: 3,
      filter: body.filter,
    });
    expect(Date.parse(found?.recordedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(body.exportedAt));
  });

  it('stores a record sent twice once (a queued record whose answer was lost)', async () => {
    const body = exportBody({ format: 'csv' });
    const first = await t.http.request({ url: '/v1/exports', token: tokens.admin, body });
    expect(first.status).toBe(201);
    const again = await t.http.request<ExportRecord>({
      url: '/v1/exports',
      token: tokens.admin,
      body,
    });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(body.id);
    const all = await list(tokens.admin, '?limit=200');
    expect(all.body.exports.filter((record) => record.id === body.id)).toHaveLength(1);

    // Someone else presenting the same id does not take the record over.
    const taken = await t.http.request({ url: '/v1/exports', token: tokens.otherManager, body });
    expect(taken.status).toBe(409);
    const theirs = await list(tokens.otherAdmin, '?limit=200');
    expect(theirs.body.exports.map((record) => record.id)).not.toContain(body.id);
  });

  it("never shows another dealership's exports", async () => {
    const mine = exportBody();
    const theirs = exportBody();
    expect(
      (await t.http.request({ url: '/v1/exports', token: tokens.manager, body: mine })).status,
    ).toBe(201);
    expect(
      (await t.http.request({ url: '/v1/exports', token: tokens.otherManager, body: theirs }))
        .status,
    ).toBe(201);

    const north = await list(tokens.admin, '?limit=200');
    const south = await list(tokens.otherAdmin, '?limit=200');
    const northIds = north.body.exports.map((record) => record.id);
    const southIds = south.body.exports.map((record) => record.id);
    expect(northIds).toContain(mine.id);
    expect(northIds).not.toContain(theirs.id);
    expect(southIds).toEqual([theirs.id]);
    expect(south.body.total).toBe(1);
  });

  it('lists newest first, in pages', async () => {
    const shopB = await seedDealership(t.db, 'Paged');
    const admin = (await t.http.login(shopB.admin)).accessToken;
    const base = Date.now() - 3_600_000;
    const bodies = [0, 1, 2, 3, 4].map((minutes) =>
      exportBody({ exportedAt: new Date(base + minutes * 60_000).toISOString() }),
    );
    // Sent out of order: the list follows when each export was made, not when it arrived.
    for (const body of [bodies[2], bodies[0], bodies[4], bodies[1], bodies[3]]) {
      const response = await t.http.request({ url: '/v1/exports', token: admin, body });
      expect(response.status).toBe(201);
    }
    const newestFirst = [...bodies].reverse().map((body) => body.id);
    const first = await list(admin, '?limit=2');
    const second = await list(admin, '?limit=2&offset=2');
    const third = await list(admin, '?limit=2&offset=4');
    expect(first.body.total).toBe(5);
    expect(
      [...first.body.exports, ...second.body.exports, ...third.body.exports].map((r) => r.id),
    ).toEqual(newestFirst);
  });

  it('never records an export as made in the future', async () => {
    const body = exportBody({ exportedAt: new Date(Date.now() + 86_400_000).toISOString() });
    const response = await t.http.request<ExportRecord>({
      url: '/v1/exports',
      token: tokens.manager,
      body,
    });
    expect(response.status).toBe(201);
    expect(Date.parse(response.body.exportedAt)).toBeLessThanOrEqual(Date.now());
  });

  it('validates bodies and queries strictly', async () => {
    const cases: unknown[] = [
      {},
      { ...exportBody(), extra: 1 },
      exportBody({ id: 'not-a-uuid' }),
      { ...exportBody(), format: 'docx' },
      exportBody({ rowCount: -1 }),
      exportBody({ rowCount: 1.5 }),
      { ...exportBody(), exportedAt: 'yesterday' },
      { ...exportBody(), filter: { ...exportBody().filter, grades: ['Z'] } },
      { ...exportBody(), filter: { ...exportBody().filter, bucket: 'someday' } },
      { ...exportBody(), filter: { ...exportBody().filter, colour: 'red' } },
      { ...exportBody(), filter: { ...exportBody().filter, range: { from: 'x', to: 'y' } } },
    ];
    for (const body of cases) {
      const response = await t.http.request({ url: '/v1/exports', token: tokens.manager, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body).toMatchObject({ error: 'invalid_request' });
    }
    const unknownField = await t.http.request<{ issues: { message: string }[] }>({
      url: '/v1/exports',
      token: tokens.manager,
      body: { ...exportBody(), extra: 1 },
    });
    expect(JSON.stringify(unknownField.body.issues)).toContain('extra');

    for (const query of ['?limit=0', '?limit=201', '?offset=-1', '?page=2']) {
      const response = await list(tokens.admin, query);
      expect(response.status, query).toBe(400);
    }
  });
});
