import { describe, expect, it } from 'vitest';
import { createCustomer } from './customers-repo';
import {
  cacheFetchedImage,
  imagesToUpload,
  markUploaded,
  NotAnImageError,
  prepareImage,
  referencedInLocalRows,
  resolveImage,
  uncachedHashes,
} from './attachments-repo';
import {
  deliveryItems,
  recordOrder,
  scheduleDelivery,
  setItemPhoto,
  signDelivery,
} from './deliveries-repo';
import { customerForm, openTestDb, type TestDb } from '../test-support/test-db';

// An 8-byte PNG signature and a 4-byte JPEG start: enough to hash and to sniff.
const PNG = 'data:image/png;base64,iVBORw0KGgo=';
const JPEG = 'data:image/jpeg;base64,/9j/4A==';

async function scheduled(t: TestDb) {
  const customer = await createCustomer(t.ctx, customerForm());
  await recordOrder(t.ctx, customer.id, {
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
    t.ctx,
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

describe('images kept as attachments', () => {
  it('signing keeps the PNG locally and puts only its reference into the row and the outbox', async () => {
    const t = await openTestDb();
    const delivery = await scheduled(t);
    const { hash } = await prepareImage(PNG);
    expect(hash).toMatch(/^sha256-[0-9a-f]{64}$/);

    const signed = await signDelivery(t.ctx, delivery.id, { png: PNG, signedBy: '王伟' });
    expect(signed.signature).toBe(`att:${hash}`);
    const change = (await t.db.outbox.toArray()).find(
      (entry) => entry.table === 'deliveries' && entry.fields.signature,
    );
    expect(change?.fields.signature).toBe(`att:${hash}`);
    expect(JSON.stringify(await t.db.outbox.toArray())).not.toContain('base64');
    expect(await t.db.attachments.get(hash)).toMatchObject({
      contentType: 'image/png',
      dataUrl: PNG,
      size: 8,
      uploaded: 0,
    });
    expect(await resolveImage(t.db, signed.signature)).toEqual({ state: 'ready', src: PNG });
  });

  it('a checklist photo becomes a reference, and removing it clears the field', async () => {
    const t = await openTestDb();
    const delivery = await scheduled(t);
    const [item] = await deliveryItems(t, delivery.id);
    if (!item) throw new Error('no checklist');
    const { hash } = await prepareImage(JPEG);
    expect((await setItemPhoto(t.ctx, item.id, JPEG)).photo).toBe(`att:${hash}`);
    expect(await referencedInLocalRows(t.db)).toEqual([hash]);
    expect((await imagesToUpload(t.db, [hash])).map((row) => row.hash)).toEqual([hash]);
    await markUploaded(t.db, hash);
    expect(await imagesToUpload(t.db, [hash])).toEqual([]);
    // The same photo again keeps its upload state: the server already holds those bytes.
    await setItemPhoto(t.ctx, item.id, JPEG);
    expect((await t.db.attachments.get(hash))?.uploaded).toBe(1);

    expect((await setItemPhoto(t.ctx, item.id, '')).photo).toBe('');
    expect(await referencedInLocalRows(t.db)).toEqual([]);
    await expect(setItemPhoto(t.ctx, item.id, 'https://example.com/x.jpg')).rejects.toBeInstanceOf(
      NotAnImageError,
    );
  });

  it('resolves references from the cache, inline data URLs of older rows as they are', async () => {
    const t = await openTestDb();
    const { hash, ...image } = await prepareImage(JPEG);
    expect(await resolveImage(t.db, '')).toEqual({ state: 'none' });
    expect(await resolveImage(t.db, JPEG)).toEqual({ state: 'ready', src: JPEG });
    expect(await resolveImage(t.db, `att:${hash}`)).toEqual({ state: 'missing', hash });
    expect(await uncachedHashes(t.db, [hash])).toEqual([hash]);

    await cacheFetchedImage(t.db, { hash, ...image }, t.clock.now());
    expect(await resolveImage(t.db, `att:${hash}`)).toEqual({ state: 'ready', src: JPEG });
    expect(await uncachedHashes(t.db, [hash])).toEqual([]);
    // Fetched from the server: never uploaded back.
    expect(await imagesToUpload(t.db, [hash])).toEqual([]);
  });
});
