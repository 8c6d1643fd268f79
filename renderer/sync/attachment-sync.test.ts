// The engine with attachments, against the fake sync server: images go up before the rows that
// reference them, and come down (a few at a time, checked against their hash) after a pull.

import { describe, expect, it, vi } from 'vitest';
import { attachmentRef, hashAttachment } from '../../shared/sync/attachments';
import type { PushRequest } from '../../shared/sync/protocol';
import { prepareImage, resolveImage } from '../db/attachments-repo';
import { createCustomer } from '../db/customers-repo';
import {
  deliveryItems,
  recordOrder,
  scheduleDelivery,
  setItemPhoto,
  signDelivery,
} from '../db/deliveries-repo';
import { ensureProfile, writeContextFor } from '../db/profile-repo';
import { customerForm, openTestDb } from '../test-support/test-db';
import { createSyncEngine } from './engine';
import { createSessionVault, memorySecretSlot } from '../../shared/sync/session-vault';
import { createFakeSyncServer, type FakeSyncServer } from '../test-support/fake-sync-server';

const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const JPEG = 'data:image/jpeg;base64,/9j/4A==';

async function setup(options: { fetch?: (server: FakeSyncServer) => typeof fetch } = {}) {
  const test = await openTestDb();
  const server = createFakeSyncServer({ now: () => test.clock.now().getTime() });
  const alice = server.addUser({ login: 'alice', name: '李娜', role: 'consultant' });
  const online = { value: true };
  const fetchThrough = options.fetch?.(server) ?? server.fetch;
  const engine = createSyncEngine({
    db: test.db,
    baseUrl: 'http://sync.test:8787',
    fetch: fetchThrough,
    session: createSessionVault(memorySecretSlot(), fetchThrough),
    now: test.clock.now,
    isOnline: () => online.value,
    liveEvents: false,
    pushOnWrite: false,
  });
  await engine.login('alice', 'password1');
  const context = async () =>
    writeContextFor(test.db, await ensureProfile(test.db), test.clock.now);
  return { ...test, server, alice, engine, online, context };
}

async function scheduledDelivery(
  ctx: Awaited<ReturnType<Awaited<ReturnType<typeof setup>>['context']>>,
) {
  const customer = await createCustomer(ctx, customerForm());
  await recordOrder(ctx, customer.id, {
    kind: 'deposit',
    amount: 200_000,
    depositAmount: 10_000,
    brand: '大众',
    model: 'ID.4',
    trim: '',
    colour: '',
    orderedOn: '2026-03-10',
    note: '',
  });
  return scheduleDelivery(
    ctx,
    customer.id,
    {
      vin: 'LFV2A21K4G3041234',
      engineNumber: 'EA211',
      brand: '大众',
      model: 'ID.4',
      colour: '',
      plate: '',
      scheduledAt: new Date('2026-03-14T02:00:00.000Z'),
    },
    'handover',
  );
}

/** A PNG of its own (the signature and some bytes), as a data URL, with its hash. */
async function distinctPng(index: number) {
  const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, index, 7, 7]);
  return { bytes, hash: await hashAttachment(bytes) };
}

describe('attachments in sync', () => {
  it('uploads the images before the push that references them, once', async () => {
    const h = await setup();
    const ctx = await h.context();
    const delivery = await scheduledDelivery(ctx);
    const [item] = await deliveryItems(h, delivery.id);
    if (!item) throw new Error('no checklist');
    await setItemPhoto(ctx, item.id, JPEG);
    await signDelivery(ctx, delivery.id, { png: PNG, signedBy: '王伟' });
    const photo = await prepareImage(JPEG);
    const signature = await prepareImage(PNG);

    await h.engine.syncNow();

    const requests = h.server.requests.map((request) => `${request.method} ${request.path}`);
    const firstPush = requests.indexOf('POST /v1/push');
    const uploads = requests
      .map((request, index) => ({ request, index }))
      .filter(({ request }) => request.startsWith('PUT /v1/attachments/'));
    expect(uploads.map(({ request }) => request).sort()).toEqual(
      [`PUT /v1/attachments/${photo.hash}`, `PUT /v1/attachments/${signature.hash}`].sort(),
    );
    expect(uploads.every(({ index }) => index < firstPush)).toBe(true);
    // The rows carry references, never the bytes; every change was applied.
    const pushed = h.server.requests
      .filter((request) => request.path === '/v1/push')
      .map((request) => request.body as PushRequest);
    expect(JSON.stringify(pushed)).not.toContain('base64');
    expect(await h.db.outbox.count()).toBe(0);
    expect(await h.db.rejections.count()).toBe(0);
    expect(h.server.row('deliveryItems', item.id)?.data.photo).toBe(attachmentRef(photo.hash));
    expect(h.server.row('deliveries', delivery.id)?.data.signature).toBe(
      attachmentRef(signature.hash),
    );
    expect((await h.db.attachments.get(photo.hash))?.uploaded).toBe(1);

    // A later change to the row does not send the image again.
    await setItemPhoto(ctx, item.id, '');
    await setItemPhoto(ctx, item.id, JPEG);
    const before = h.server.requests.length;
    await h.engine.syncNow();
    expect(h.server.requests.slice(before).filter((request) => request.method === 'PUT')).toEqual(
      [],
    );
    expect(h.server.row('deliveryItems', item.id)?.data.photo).toBe(attachmentRef(photo.hash));

    // The customer's signature and photos leave the laptop with the user.
    await h.engine.logout();
    expect(await h.db.attachments.count()).toBe(0);
  });

  it('pushes nothing while an upload cannot get through, and everything once it can', async () => {
    const h = await setup();
    const ctx = await h.context();
    const delivery = await scheduledDelivery(ctx);
    await signDelivery(ctx, delivery.id, { png: PNG, signedBy: '王伟' });
    h.server.failNext('/v1/attachments/', 'network');
    const pushesBefore = h.server.requests.filter((request) => request.path === '/v1/push').length;

    await expect(h.engine.syncNow()).rejects.toThrow();
    // The batch that references the signature was not sent without it.
    const pushed = h.server.requests
      .filter((request) => request.path === '/v1/push')
      .slice(pushesBefore)
      .flatMap((request) => (request.body as PushRequest).mutations);
    expect(pushed.some((mutation) => 'signature' in mutation.fields)).toBe(false);
    expect(await h.db.outbox.count()).toBeGreaterThan(0);

    await h.engine.syncNow();
    expect(await h.db.outbox.count()).toBe(0);
    expect(await h.db.rejections.count()).toBe(0);
    expect(String(h.server.row('deliveries', delivery.id)?.data.signature)).toMatch(/^att:/);
  });

  it('fetches the images pulled rows reference, at most three at a time, and keeps them', async () => {
    let inFlight = 0;
    let most = 0;
    const h = await setup({
      fetch: (server) => async (input, init) => {
        const isDownload = String(input).includes('/v1/attachments/') && init?.method === 'GET';
        if (!isDownload) return server.fetch(String(input), init);
        inFlight += 1;
        most = Math.max(most, inFlight);
        try {
          await new Promise((resolve) => setTimeout(resolve, 5));
          return await server.fetch(String(input), init);
        } finally {
          inFlight -= 1;
        }
      },
    });
    const customerId = '0193a000-0000-7000-8000-000000000001';
    h.server.writeAs(h.alice.id, 'customers', customerId, {
      ...customerForm(),
      phones: ['13900139000'],
      id: customerId,
      dealershipId: h.alice.dealershipId,
      ownerId: h.alice.id,
      createdAt: '2026-03-01T00:00:00.000Z',
      updatedAt: '2026-03-01T00:00:00.000Z',
      deleted: false,
    });
    const images = await Promise.all([1, 2, 3, 4, 5, 6].map(distinctPng));
    const itemIds: string[] = [];
    for (const [index, image] of images.entries()) {
      h.server.attachments.set(`${h.alice.dealershipId}/${image.hash}`, {
        bytes: image.bytes,
        contentType: 'image/png',
        uploadedBy: 'someone-else',
      });
      const id = `0193a000-0000-7000-8000-00000000010${index}`;
      itemIds.push(id);
      h.server.writeAs(h.alice.id, 'deliveryItems', id, {
        id,
        customerId,
        deliveryId: '0193a000-0000-7000-8000-000000000002',
        dealershipId: h.alice.dealershipId,
        ownerId: h.alice.id,
        photo: attachmentRef(image.hash),
        position: index,
        deleted: false,
      });
    }
    // One image the server serves wrong: never cached under the hash it does not have.
    const [tampered] = images;
    if (!tampered) throw new Error('no images');
    h.server.attachments.set(`${h.alice.dealershipId}/${tampered.hash}`, {
      bytes: (await distinctPng(99)).bytes,
      contentType: 'image/png',
      uploadedBy: 'someone-else',
    });

    await h.engine.syncNow();
    expect(await h.db.deliveryItems.count()).toBe(images.length);
    // The rows are there at once; the photos follow in the background.
    await vi.waitFor(async () => {
      expect(await h.db.attachments.count()).toBe(images.length - 1);
    });
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(3);
    expect(await h.db.attachments.get(tampered.hash)).toBeUndefined();
    const [, second] = images;
    if (!second) throw new Error('no images');
    const shown = await resolveImage(h.db, attachmentRef(second.hash));
    expect(shown.state).toBe('ready');

    // Offline afterwards: the cached photo still shows.
    h.online.value = false;
    expect(await resolveImage(h.db, attachmentRef(second.hash))).toEqual(shown);
  });
});
