// PUT/GET /v1/attachments/<hash> and the push rule that a row references only stored attachments.

import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared/sync/protocol';
import type { SyncTableName } from '../../shared/sync/tables';
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

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG_START = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
const LIMIT = 4096;

const png = (size = 200) =>
  Buffer.concat([PNG_SIGNATURE, randomBytes(size - PNG_SIGNATURE.length)]);
const jpeg = (size = 200) => Buffer.concat([JPEG_START, randomBytes(size - JPEG_START.length)]);
const hashOf = (bytes: Buffer) => `sha256-${createHash('sha256').update(bytes).digest('hex')}`;

describeEachBackend('attachments', (backend) => {
  let t: TestApp;
  let shop: SeededDealership;
  let other: SeededDealership;
  const tokens = { a: '', b: '', manager: '', otherManager: '' };

  beforeAll(async () => {
    t = await createTestApp(backend, { attachmentLimitBytes: LIMIT });
    shop = await seedDealership(t.db, 'North');
    other = await seedDealership(t.db, 'South');
    tokens.a = (await t.http.login(shop.consultantA)).accessToken;
    tokens.b = (await t.http.login(shop.consultantB)).accessToken;
    tokens.manager = (await t.http.login(shop.manager)).accessToken;
    tokens.otherManager = (await t.http.login(other.manager)).accessToken;
  }, 60_000);
  afterAll(async () => t?.close());

  const put = (token: string | null, hash: string, body: Buffer, contentType = 'image/png') =>
    t.app.inject({
      method: 'PUT',
      url: `/v1/attachments/${hash}`,
      headers: {
        [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        'content-type': contentType,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      payload: body,
    });
  const get = (token: string, hash: string) =>
    t.app.inject({
      method: 'GET',
      url: `/v1/attachments/${hash}`,
      headers: { [PROTOCOL_HEADER]: String(PROTOCOL_VERSION), authorization: `Bearer ${token}` },
    });

  /** A customer of consultant A with a delivery and one checklist item (no photo yet). */
  async function deliveryOfA() {
    const tick = clientClock(shop.consultantA.clientId);
    let seq = Date.now();
    const push = (table: SyncTableName, rowId: string, fields: Record<string, unknown>) =>
      t.http.push(tokens.a, shop.consultantA.clientId, [
        { seq: ++seq, table, rowId, hlc: tick(), fields },
      ]);
    const now = new Date().toISOString();
    const customerId = newRowId();
    const deliveryId = newRowId();
    const itemId = newRowId();
    await push('customers', customerId, customerFields({ status: 'ordered' }));
    await push('deliveries', deliveryId, {
      customerId,
      orderId: null,
      vin: 'LFV2A21K4G3041234',
      engineNumber: 'EA211',
      brand: '大众',
      model: 'ID.4',
      colour: '蓝',
      plate: '',
      scheduledAt: now,
      state: 'scheduled',
      templateVersion: 1,
      signature: '',
      signedBy: '',
      signedAt: null,
      completedAt: null,
      warrantyStart: null,
      createdAt: now,
      updatedAt: now,
      deleted: false,
    });
    await push('deliveryItems', itemId, {
      customerId,
      deliveryId,
      sectionKey: 'pdi',
      sectionTitle: '',
      itemKey: 'pdi.tyres',
      label: '',
      required: true,
      position: 0,
      state: 'open',
      doneAt: null,
      doneBy: null,
      doneByName: '',
      note: '',
      notApplicableReason: '',
      photo: '',
      createdAt: now,
      updatedAt: now,
      deleted: false,
    });
    return { customerId, deliveryId, itemId, push };
  }

  it('stores the bytes under their hash once, and hands them back cacheable for ever', async () => {
    const bytes = jpeg();
    const hash = hashOf(bytes);
    const first = await put(tokens.a, hash, bytes, 'image/jpeg');
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ hash, size: bytes.length });
    const again = await put(tokens.a, hash, bytes, 'image/jpeg');
    expect(again.statusCode).toBe(200);

    const answer = await get(tokens.a, hash);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('image/jpeg');
    expect(answer.headers['cache-control']).toContain('immutable');
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(answer.rawPayload, bytes)).toBe(0);
  });

  it('refuses bytes whose hash is not the one named, and stores nothing', async () => {
    const bytes = png();
    const claimed = hashOf(png());
    const answer = await put(tokens.a, claimed, bytes);
    expect(answer.statusCode).toBe(400);
    expect(answer.json()).toMatchObject({ error: 'invalid_request' });
    expect(answer.json().message).toContain(hashOf(bytes));
    expect((await get(tokens.manager, claimed)).statusCode).toBe(404);
    expect((await get(tokens.manager, hashOf(bytes))).statusCode).toBe(404);
  });

  it('refuses other content types, bytes that are not the declared image, and bad hashes', async () => {
    const text = Buffer.from('<svg onload="alert(1)"/>');
    expect((await put(tokens.a, hashOf(text), text, 'image/svg+xml')).statusCode).toBe(415);
    const pngBytes = png();
    // PNG bytes declared as JPEG: never served under the wrong type.
    expect((await put(tokens.a, hashOf(pngBytes), pngBytes, 'image/jpeg')).statusCode).toBe(400);
    expect((await put(tokens.a, hashOf(text), text, 'image/png')).statusCode).toBe(400);
    expect((await put(tokens.a, 'sha256-XYZ', pngBytes)).statusCode).toBe(400);
    expect((await get(tokens.a, '..%2F..%2Fetc')).statusCode).toBe(400);
  });

  it('refuses an attachment over the size limit', async () => {
    const bytes = png(LIMIT + 1);
    const answer = await put(tokens.a, hashOf(bytes), bytes);
    expect(answer.statusCode).toBe(413);
    expect((await get(tokens.manager, hashOf(bytes))).statusCode).toBe(404);
    const atLimit = png(LIMIT);
    expect((await put(tokens.a, hashOf(atLimit), atLimit)).statusCode).toBe(201);
  });

  it('needs a login', async () => {
    const bytes = png();
    expect((await put(null, hashOf(bytes), bytes)).statusCode).toBe(401);
  });

  it('refuses a push referencing an attachment the server does not hold, and applies it after the upload', async () => {
    const { itemId, push } = await deliveryOfA();
    const bytes = jpeg();
    const ref = `att:${hashOf(bytes)}`;
    const refused = await push('deliveryItems', itemId, { photo: ref });
    expect(refused.acks[0]).toMatchObject({ status: 'rejected', reason: 'invalid' });
    expect(refused.acks[0]?.message).toContain(hashOf(bytes));

    expect((await put(tokens.a, hashOf(bytes), bytes, 'image/jpeg')).statusCode).toBe(201);
    const applied = await push('deliveryItems', itemId, { photo: ref });
    expect(applied.acks[0]).toMatchObject({ status: 'applied' });
    // A malformed reference is no reference: refused by the field schema.
    const malformed = await push('deliveryItems', itemId, { photo: 'att:sha256-nothex' });
    expect(malformed.acks[0]).toMatchObject({ status: 'rejected', reason: 'invalid' });
  });

  it('still takes inline data URLs from clients that predate attachments, however large', async () => {
    const { itemId, push } = await deliveryOfA();
    const photo = `data:image/jpeg;base64,${jpeg(280_000).toString('base64')}`;
    const answer = await push('deliveryItems', itemId, { photo });
    expect(answer.acks[0]).toMatchObject({ status: 'applied' });
  });

  it('lets only callers who see a referencing row read it: never another dealership', async () => {
    const { customerId, deliveryId, push } = await deliveryOfA();
    const bytes = png();
    const hash = hashOf(bytes);
    expect((await put(tokens.a, hash, bytes)).statusCode).toBe(201);

    // Not referenced yet: the uploader reads it, a manager of the dealership too, no one else.
    expect((await get(tokens.a, hash)).statusCode).toBe(200);
    expect((await get(tokens.manager, hash)).statusCode).toBe(200);
    expect((await get(tokens.b, hash)).statusCode).toBe(404);
    expect((await get(tokens.otherManager, hash)).statusCode).toBe(404);

    const signed = await push('deliveries', deliveryId, { signature: `att:${hash}` });
    expect(signed.acks[0]?.status).toBe('applied');
    // Another consultant's customer: still not B's to read; another dealership never.
    expect((await get(tokens.b, hash)).statusCode).toBe(404);
    expect((await get(tokens.otherManager, hash)).statusCode).toBe(404);
    // The other dealership uploading the same bytes gets its own copy, not a look at ours.
    expect((await put(tokens.otherManager, hash, bytes)).statusCode).toBe(201);

    // The customer goes to B: the row is B's now, and so is the signature.
    const reassigned = await t.http.request({
      url: '/v1/commands/reassign-customers',
      token: tokens.manager,
      body: { customerIds: [customerId], toUserId: shop.consultantB.id },
    });
    expect(reassigned.status).toBe(200);
    const asB = await get(tokens.b, hash);
    expect(asB.statusCode).toBe(200);
    expect(Buffer.compare(asB.rawPayload, bytes)).toBe(0);
  });
});
