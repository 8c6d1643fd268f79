// Completing a delivery is a workflow step the server checks on push: every required checklist
// item settled and the customer's signature present. The same rule as the laptop's.

import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { SIGNATURE_ITEM_KEY } from '../../shared/domain/checklist-template';
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

describeEachBackend('delivery completion', (backend) => {
  let t: TestApp;
  let shop: SeededDealership;
  let token = '';
  let tick: () => string;
  let seq = 0;
  let customerId: string;
  let deliveryId: string;
  const itemIds: Record<string, string> = {};

  const push = (table: SyncTableName, rowId: string, fields: Record<string, unknown>) =>
    t.http.push(token, shop.consultantA.clientId, [
      { seq: ++seq, table, rowId, hlc: tick(), fields },
    ]);

  beforeAll(async () => {
    t = await createTestApp(backend);
  }, 60_000);
  afterAll(async () => t?.close());

  beforeEach(async () => {
    shop = await seedDealership(t.db);
    token = (await t.http.login(shop.consultantA)).accessToken;
    tick = clientClock(shop.consultantA.clientId);
    seq = 0;
    customerId = newRowId();
    deliveryId = newRowId();
    const now = new Date().toISOString();
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
    for (const [position, [itemKey, required]] of (
      [
        ['pdi.tyres', true],
        ['pdi.trim', false],
        [SIGNATURE_ITEM_KEY, true],
      ] as const
    ).entries()) {
      itemIds[itemKey] = newRowId();
      const answer = await push('deliveryItems', itemIds[itemKey] ?? '', {
        customerId,
        deliveryId,
        sectionKey: itemKey.split('.')[0],
        sectionTitle: '',
        itemKey,
        label: '',
        required,
        position,
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
      expect(answer.acks[0]?.status).toBe('applied');
    }
  });

  const complete = () =>
    push('deliveries', deliveryId, { state: 'completed', completedAt: new Date().toISOString() });

  it('refuses a completion with a required item open or no signature, naming them', async () => {
    const answer = await complete();
    expect(answer.acks[0]).toMatchObject({ status: 'rejected', reason: 'invalid' });
    expect(answer.acks[0]?.message).toContain('pdi.tyres');
    expect(answer.acks[0]?.message).toContain('not signed');
    // The optional item does not block.
    expect(answer.acks[0]?.message).not.toContain('pdi.trim');
  });

  it('accepts it once the required items are settled and the customer signed, in one push', async () => {
    const now = new Date().toISOString();
    const answer = await t.http.push(token, shop.consultantA.clientId, [
      {
        seq: ++seq,
        table: 'deliveryItems',
        rowId: itemIds['pdi.tyres'] ?? '',
        hlc: tick(),
        fields: { state: 'not_applicable', notApplicableReason: '新车无需' },
      },
      {
        seq: ++seq,
        table: 'deliveries',
        rowId: deliveryId,
        hlc: tick(),
        fields: { signature: 'data:image/png;base64,AAAA', signedBy: '王伟', signedAt: now },
      },
      {
        seq: ++seq,
        table: 'deliveryItems',
        rowId: itemIds[SIGNATURE_ITEM_KEY] ?? '',
        hlc: tick(),
        fields: { state: 'done', doneAt: now },
      },
      {
        seq: ++seq,
        table: 'deliveries',
        rowId: deliveryId,
        hlc: tick(),
        fields: { state: 'completed', completedAt: now },
      },
    ]);
    expect(answer.acks.map((ack) => ack.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
    ]);
  });

  it('refuses a signature that is not a PNG data URL', async () => {
    const answer = await push('deliveries', deliveryId, { signature: 'https://example.com/x.png' });
    expect(answer.acks[0]).toMatchObject({ status: 'rejected', reason: 'invalid' });
  });
});
