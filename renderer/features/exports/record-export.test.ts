// Recording exports through the real sync engine against the in-memory fake server: recorded at
// once when online, queued and sent on the next sync round when not, stored once after a lost
// answer, refused (and not queued) for a consultant, and never sent under another user's login.

import { v7 as uuidv7 } from 'uuid';
import { describe, expect, it } from 'vitest';
import type { RecordExportRequest } from '../../../shared/sync/export-protocol';
import { openTestDb } from '../../test-support/test-db';
import { createSyncEngine } from '../../sync/engine';
import { createSessionVault, memorySecretSlot } from '../../../shared/sync/session-vault';
import { createFakeSyncServer } from '../../test-support/fake-sync-server';
import { ExportRefusedError, recordExport } from './record-export';

async function setup() {
  const test = await openTestDb();
  const server = createFakeSyncServer({ now: () => test.clock.now().getTime() });
  const manager = server.addUser({ login: 'boss', name: '周经理', role: 'manager' });
  const consultant = server.addUser({ login: 'lina', name: '李娜', role: 'consultant' });
  const online = { value: true };
  const engine = createSyncEngine({
    db: test.db,
    baseUrl: 'http://sync.test:8787',
    fetch: server.fetch,
    session: createSessionVault(memorySecretSlot(), server.fetch),
    now: test.clock.now,
    isOnline: () => online.value,
    liveEvents: false,
    pushOnWrite: false,
  });
  return { ...test, server, manager, consultant, online, engine };
}

function request(overrides: Partial<RecordExportRequest> = {}): RecordExportRequest {
  return {
    id: uuidv7(),
    format: 'xlsx',
    exportedAt: '2026-03-10T09:30:00.000Z',
    rowCount: 7,
    filter: {
      ownerIds: [],
      grades: [],
      intents: [],
      sources: [],
      range: { from: '2026-02-08T16:00:00.000Z', to: '2026-03-17T16:00:00.000Z' },
      bucket: null,
    },
    ...overrides,
  };
}

describe('recording an export', () => {
  it('records at once when the server answers, leaving nothing queued', async () => {
    const h = await setup();
    await h.engine.login('boss', 'password1');
    const body = request();
    await expect(recordExport(h.engine, h.db, h.manager.id, body)).resolves.toBe('recorded');
    expect(h.server.exportRecords.get(body.id)).toMatchObject({
      userId: h.manager.id,
      rowCount: 7,
      format: 'xlsx',
    });
    expect(await h.db.pendingExports.count()).toBe(0);
  });

  it('queues the record offline and sends it with the next sync round', async () => {
    const h = await setup();
    await h.engine.login('boss', 'password1');
    h.online.value = false;
    const body = request({ format: 'pdf' });
    await expect(recordExport(h.engine, h.db, h.manager.id, body)).resolves.toBe('queued');
    expect(h.server.exportRecords.size).toBe(0);
    expect(await h.db.pendingExports.get(body.id)).toMatchObject({ userId: h.manager.id });

    h.online.value = true;
    await h.engine.syncNow();
    expect(h.server.exportRecords.get(body.id)).toMatchObject({ format: 'pdf' });
    expect(await h.db.pendingExports.count()).toBe(0);
  });

  it('queues on a network failure and a server error, and stores a lost answer once', async () => {
    const h = await setup();
    await h.engine.login('boss', 'password1');
    const lost = request();
    const broken = request();
    h.server.failNext('/v1/exports', 'lost_response');
    await expect(recordExport(h.engine, h.db, h.manager.id, lost)).resolves.toBe('queued');
    h.server.failNext('/v1/exports', { status: 503, error: 'internal' });
    await expect(recordExport(h.engine, h.db, h.manager.id, broken)).resolves.toBe('queued');
    // The server already has the first (only its answer was lost), not the second.
    expect([...h.server.exportRecords.keys()]).toEqual([lost.id]);

    await h.engine.syncNow();
    expect([...h.server.exportRecords.keys()].sort()).toEqual([lost.id, broken.id].sort());
    const posts = h.server.requests.filter(
      (sent) => sent.path === '/v1/exports' && sent.method === 'POST',
    );
    expect(posts).toHaveLength(4);
    expect(await h.db.pendingExports.count()).toBe(0);
  });

  it('refuses for a consultant: no record anywhere, nothing queued', async () => {
    const h = await setup();
    await h.engine.login('lina', 'password1');
    await expect(recordExport(h.engine, h.db, h.consultant.id, request())).rejects.toBeInstanceOf(
      ExportRefusedError,
    );
    expect(h.server.exportRecords.size).toBe(0);
    expect(await h.db.pendingExports.count()).toBe(0);
  });

  it("keeps a user's queued records through another user's session, and sends them as theirs", async () => {
    const h = await setup();
    await h.engine.login('boss', 'password1');
    h.online.value = false;
    const body = request();
    await recordExport(h.engine, h.db, h.manager.id, body);
    h.online.value = true;
    await h.engine.logout();

    await h.engine.login('lina', 'password1');
    await h.engine.syncNow();
    expect(h.server.exportRecords.size).toBe(0);
    expect(await h.db.pendingExports.count()).toBe(1);
    await h.engine.logout();

    await h.engine.login('boss', 'password1');
    await h.engine.syncNow();
    expect(h.server.exportRecords.get(body.id)?.userId).toBe(h.manager.id);
    expect(await h.db.pendingExports.count()).toBe(0);
  });
});
