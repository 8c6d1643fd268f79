import { describe, expect, it } from 'vitest';
import { SIGNATURE_ITEM_KEY } from '../../shared/domain/checklist-template';
import type { DeliveryFormValues, OrderFormValues } from '../../shared/domain/delivery-schemas';
import {
  DEFAULT_POST_DELIVERY_CADENCE,
  type PostDeliveryKind,
} from '../../shared/domain/post-delivery';
import { readChecklistTemplate, saveChecklistTemplate } from './checklist-template-repo';
import { createCustomer } from './customers-repo';
import {
  cancelDelivery,
  cancelOrder,
  completeDelivery,
  CustomerStateError,
  DeliveryBlockedError,
  deliveryItems,
  DeliveryStateError,
  recordOrder,
  rescheduleDelivery,
  scheduleDelivery,
  setItemState,
  signDelivery,
} from './deliveries-repo';
import { saveDealershipSettings } from './settings-repo';
import {
  customerForm,
  expectOutboxAcceptedByServer,
  openTestDb,
  type TestDb,
} from '../test-support/test-db';

const ORDER: OrderFormValues = {
  kind: 'deposit',
  amount: 219_800,
  depositAmount: 20_000,
  brand: '大众',
  model: 'ID.4 CROZZ',
  trim: 'Pro',
  colour: '星空蓝',
  orderedOn: '2026-03-10',
  note: '周末提车',
};

const VEHICLE: DeliveryFormValues = {
  vin: 'LFV2A21K4G3041234',
  engineNumber: 'EA211-778899',
  brand: '大众',
  model: 'ID.4 CROZZ',
  colour: '星空蓝',
  plate: '',
  scheduledAt: new Date('2026-03-14T02:00:00.000Z'),
};

const PNG = 'data:image/png;base64,iVBORw0KGgo=';

async function orderedCustomer(t: TestDb, birthday: string | null = '1990-06-01') {
  const customer = await createCustomer(t.ctx, customerForm({ birthday }));
  await recordOrder(t.ctx, customer.id, ORDER);
  return customer;
}

async function settleEverything(t: TestDb, deliveryId: string) {
  for (const item of await deliveryItems(t, deliveryId)) {
    if (item.itemKey !== SIGNATURE_ITEM_KEY) await setItemState(t.ctx, item.id, { state: 'done' });
  }
}

describe('orders', () => {
  it('moves the customer to O with the contract amount, and records it on the timeline', async () => {
    const t = await openTestDb();
    const customer = await orderedCustomer(t);
    const stored = await t.db.customers.get(customer.id);
    expect(stored).toMatchObject({
      status: 'ordered',
      contractAmount: 219_800,
      model: 'ID.4 CROZZ',
    });
    const orders = await t.db.orders.where('customerId').equals(customer.id).toArray();
    expect(orders).toMatchObject([
      { kind: 'deposit', amount: 219_800, depositAmount: 20_000, state: 'active' },
    ]);
    const kinds = (await t.db.timeline.toArray()).map((entry) => entry.kind);
    expect(kinds).toContain('order_recorded');
    expect(await t.db.outbox.where('table').equals('orders').count()).toBe(1);
  });

  it('refuses an order for a customer who is not active', async () => {
    const t = await openTestDb();
    const customer = await createCustomer(t.ctx, customerForm({ status: 'delivered' }));
    await expect(recordOrder(t.ctx, customer.id, ORDER)).rejects.toBeInstanceOf(CustomerStateError);
  });
});

describe('deliveries', () => {
  it('is scheduled only for an ordered customer', async () => {
    const t = await openTestDb();
    const customer = await createCustomer(t.ctx, customerForm());
    await expect(scheduleDelivery(t.ctx, customer.id, VEHICLE, 'handover')).rejects.toBeInstanceOf(
      CustomerStateError,
    );
  });

  it('copies the template into one row per item, in order, and plans the handover', async () => {
    const t = await openTestDb();
    const customer = await orderedCustomer(t);
    const delivery = await scheduleDelivery(t.ctx, customer.id, VEHICLE, 'handover');
    const template = await readChecklistTemplate(t.db);
    const items = await deliveryItems(t, delivery.id);
    const templateKeys = template.sections.flatMap((section) =>
      section.items.map((item) => item.key),
    );
    expect(items.map((item) => item.itemKey)).toEqual(templateKeys);
    expect(items.map((item) => item.position)).toEqual(templateKeys.map((_, index) => index));
    expect(delivery).toMatchObject({ state: 'scheduled', templateVersion: 1, vin: VEHICLE.vin });
    expect(delivery.orderId).not.toBeNull();
    const handover = (await t.db.followUps.where('customerId').equals(customer.id).toArray()).find(
      (followUp) => followUp.kind === 'delivery',
    );
    expect(handover).toMatchObject({
      state: 'planned',
      channel: 'delivery',
      dueAt: VEHICLE.scheduledAt.toISOString(),
      deliveryId: delivery.id,
    });
    // Every item is its own synced row: two people ticking different items never collide.
    expect(await t.db.outbox.where('table').equals('deliveryItems').count()).toBe(items.length);
  });

  it('keeps the template version it started with when the template changes', async () => {
    const t = await openTestDb();
    const customer = await orderedCustomer(t);
    const before = await scheduleDelivery(t.ctx, customer.id, VEHICLE, 'handover');
    const template = await readChecklistTemplate(t.db);
    const version = await saveChecklistTemplate(t.ctx, [
      ...template.sections,
      {
        key: 'extra',
        title: '加装检查',
        items: [{ key: 'extra.dashcam', label: '行车记录仪', required: true }],
      },
    ]);
    expect(version).toBe(2);
    const itemsBefore = await deliveryItems(t, before.id);
    expect(itemsBefore.some((item) => item.itemKey === 'extra.dashcam')).toBe(false);
    expect((await t.db.deliveries.get(before.id))?.templateVersion).toBe(1);
    // The template row is the laptop's to create: it syncs whole.
    await expectOutboxAcceptedByServer(t.db);
  });

  it('is refused completion with the open required items named, then completes when settled and signed', async () => {
    const t = await openTestDb();
    const customer = await orderedCustomer(t);
    const delivery = await scheduleDelivery(t.ctx, customer.id, VEHICLE, 'handover');
    const items = await deliveryItems(t, delivery.id);
    await settleEverything(t, delivery.id);
    const tyres = items.find((item) => item.itemKey === 'pdi.tyres');
    const cable = items.find((item) => item.itemKey === 'keys_kit.charging_cable');
    if (!tyres || !cable) throw new Error('default template changed');
    await setItemState(t.ctx, tyres.id, { state: 'open' });
    await setItemState(t.ctx, cable.id, { state: 'not_applicable', reason: '燃油车' });

    const refused = await completeDelivery(t.ctx, delivery.id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DeliveryBlockedError);
    const blockers = (refused as DeliveryBlockedError).blockers;
    expect(blockers).toEqual([
      { kind: 'required_open', items: [expect.objectContaining({ itemKey: 'pdi.tyres' })] },
      { kind: 'not_signed' },
    ]);
    expect((await t.db.customers.get(customer.id))?.status).toBe('ordered');

    await setItemState(t.ctx, tyres.id, { state: 'done' });
    await signDelivery(t.ctx, delivery.id, { png: PNG, signedBy: '王伟' });
    const signatureItem = (await deliveryItems(t, delivery.id)).find(
      (item) => item.itemKey === SIGNATURE_ITEM_KEY,
    );
    expect(signatureItem?.state).toBe('done');
    const ticked = (await deliveryItems(t, delivery.id)).find(
      (item) => item.itemKey === 'pdi.tyres',
    );
    expect(ticked).toMatchObject({
      state: 'done',
      doneBy: t.profile.userId,
      doneByName: t.profile.displayName,
    });

    t.clock.set('2026-03-14T07:30:00.000Z');
    const { delivery: completed, followUps } = await completeDelivery(t.ctx, delivery.id);
    expect(completed).toMatchObject({
      state: 'completed',
      completedAt: '2026-03-14T07:30:00.000Z',
    });
    const owner = await t.db.customers.get(customer.id);
    expect(owner).toMatchObject({ status: 'delivered', deliveryDate: completed.warrantyStart });
    expect(owner?.insuranceExpiry?.slice(0, 4)).toBe('2027');
    expect(owner?.warrantyExpiry?.slice(0, 4)).toBe('2029');
    expect(followUps.map((followUp) => followUp.kind)).toEqual([
      'consultant_call',
      'survey_call',
      'month_call',
      'birthday_care',
      'first_service',
      'insurance_renewal',
    ]);
    // A code, shown in each reader's language; never a sentence in the language of the writer.
    expect(followUps.map((followUp) => followUp.purpose)).toEqual(
      followUps.map((followUp) => followUp.kind),
    );

    const all = await t.db.followUps.where('customerId').equals(customer.id).toArray();
    expect(all.find((followUp) => followUp.kind === 'delivery')?.state).toBe('done');
    // The first-contact plan of the new lead is no longer a sales plan for an owner.
    const sales = all.filter((followUp) => !followUp.kind || followUp.kind === 'sales');
    expect(sales.every((followUp) => followUp.state !== 'planned')).toBe(true);
    const kinds = (await t.db.timeline.toArray()).map((entry) => entry.kind);
    expect(kinds).toContain('delivery_completed');

    // A completed delivery is closed: no more ticking.
    await expect(setItemState(t.ctx, tyres.id, { state: 'open' })).rejects.toBeInstanceOf(
      DeliveryBlockedError,
    );
    // The order, delivery, items, photos, signature and plans all sync.
    await expectOutboxAcceptedByServer(t.db);
  });

  it('dates the warranty and the insurance by the terms the dealership sets', async () => {
    const t = await openTestDb();
    await saveDealershipSettings(t.ctx, {
      postDeliveryCadence: {
        ...DEFAULT_POST_DELIVERY_CADENCE,
        warrantyYears: 5,
        insuranceYears: 2,
      },
    });
    const customer = await orderedCustomer(t);
    const delivery = await scheduleDelivery(t.ctx, customer.id, VEHICLE, 'handover');
    await settleEverything(t, delivery.id);
    await signDelivery(t.ctx, delivery.id, { png: PNG, signedBy: '王伟' });
    t.clock.set('2026-03-14T07:30:00.000Z');
    await completeDelivery(t.ctx, delivery.id);
    const owner = await t.db.customers.get(customer.id);
    expect(owner?.warrantyExpiry).toBe('2031-03-14');
    expect(owner?.insuranceExpiry).toBe('2028-03-14');
  });

  it('plans the post-delivery follow-ups by the dealership cadence', async () => {
    const t = await openTestDb();
    await saveDealershipSettings(t.ctx, {
      postDeliveryCadence: {
        consultantCallDays: 2,
        surveyCallDays: 5,
        monthCallDays: 28,
        firstServiceDays: 60,
        insuranceRenewalDaysBefore: 20,
        birthdayCare: false,
      },
    });
    const customer = await orderedCustomer(t);
    const delivery = await scheduleDelivery(t.ctx, customer.id, VEHICLE, 'handover');
    await settleEverything(t, delivery.id);
    await signDelivery(t.ctx, delivery.id, { png: PNG, signedBy: '王伟' });
    const { followUps } = await completeDelivery(t.ctx, delivery.id);
    const gapDays = (kind: PostDeliveryKind) => {
      const due = followUps.find((followUp) => followUp.kind === kind)?.dueAt ?? '';
      return Math.round((Date.parse(due) - Date.parse(t.clock.now().toISOString())) / 86_400_000);
    };
    expect(followUps.some((followUp) => followUp.kind === 'birthday_care')).toBe(false);
    // Calls land at 10:00 local of their day: within a day of the cadence's count.
    expect(Math.abs(gapDays('consultant_call') - 2)).toBeLessThanOrEqual(1);
    expect(Math.abs(gapDays('survey_call') - 5)).toBeLessThanOrEqual(1);
    expect(Math.abs(gapDays('first_service') - 60)).toBeLessThanOrEqual(1);
  });
});

describe('changing plans: rescheduling and cancelling', () => {
  async function scheduled(t: TestDb) {
    const customer = await orderedCustomer(t);
    const delivery = await scheduleDelivery(t.ctx, customer.id, VEHICLE, '交车');
    return { customer, delivery };
  }

  const plannedOf = (t: TestDb, customerId: string) =>
    t.db.followUps.where('[state+customerId]').equals(['planned', customerId]).toArray();

  it('moves a handover and its follow-up to the new time, with the reason on the timeline', async () => {
    const t = await openTestDb();
    const { customer, delivery } = await scheduled(t);
    const later = new Date('2026-03-21T06:30:00.000Z');
    const moved = await rescheduleDelivery(t.ctx, delivery.id, {
      scheduledAt: later,
      reason: '客户出差',
    });
    expect(moved.scheduledAt).toBe(later.toISOString());
    const handovers = (await plannedOf(t, customer.id)).filter((row) => row.kind === 'delivery');
    expect(handovers).toMatchObject([
      { kind: 'delivery', deliveryId: delivery.id, dueAt: later.toISOString() },
    ]);
    const entry = (await t.db.timeline.toArray()).find(
      (row) => row.kind === 'delivery_rescheduled',
    );
    expect(entry).toMatchObject({
      text: '客户出差',
      changes: [
        { field: 'scheduledAt', from: VEHICLE.scheduledAt.toISOString(), to: later.toISOString() },
      ],
    });
    await expectOutboxAcceptedByServer(t.db);
  });

  it('cancels a handover: its follow-up is cancelled, the customer stays ordered with a plan to rebook', async () => {
    const t = await openTestDb();
    const { customer, delivery } = await scheduled(t);
    // The consultant had done every sales call: nothing but the handover is planned.
    for (const row of await plannedOf(t, customer.id)) {
      if (row.kind !== 'delivery') await t.db.followUps.update(row.id, { state: 'done' });
    }
    const cancelled = await cancelDelivery(t.ctx, delivery.id, { reason: '车辆运输受损，需换车' });
    expect(cancelled).toMatchObject({ state: 'cancelled', cancelReason: '车辆运输受损，需换车' });
    expect((await t.db.customers.get(customer.id))?.status).toBe('ordered');
    // Still exactly one sales plan (the one it had, or a new call to rebook): never none, never two.
    const planned = await plannedOf(t, customer.id);
    expect(planned).toHaveLength(1);
    expect(planned[0]).toMatchObject({
      kind: 'sales',
      channel: 'phone',
      purpose: 'rebook_handover',
    });
    expect((await t.db.timeline.toArray()).map((row) => row.kind)).toContain('delivery_cancelled');
    // A new handover can be scheduled again.
    await expect(scheduleDelivery(t.ctx, customer.id, VEHICLE, '交车')).resolves.toMatchObject({
      state: 'scheduled',
    });
    await expectOutboxAcceptedByServer(t.db);
  });

  it('cancels an order with its open handover; the customer goes back to following with a plan', async () => {
    const t = await openTestDb();
    const { customer, delivery } = await scheduled(t);
    const [order] = await t.db.orders.where('customerId').equals(customer.id).toArray();
    const cancelled = await cancelOrder(t.ctx, order!.id, { reason: '客户资金问题，退订' });
    expect(cancelled).toMatchObject({ state: 'cancelled', cancelReason: '客户资金问题，退订' });
    expect((await t.db.deliveries.get(delivery.id))?.state).toBe('cancelled');
    expect(await t.db.customers.get(customer.id)).toMatchObject({
      status: 'following',
      contractAmount: null,
    });
    const planned = await plannedOf(t, customer.id);
    expect(planned).toHaveLength(1);
    expect(planned[0]?.kind ?? 'sales').toBe('sales');
    expect((await t.db.timeline.toArray()).map((row) => row.kind)).toContain('order_cancelled');
    await expectOutboxAcceptedByServer(t.db);
  });

  it('keeps the customer ordered while another order is still active', async () => {
    const t = await openTestDb();
    const customer = await orderedCustomer(t);
    await recordOrder(t.ctx, customer.id, { ...ORDER, kind: 'contract', amount: 230_000 });
    const [first] = await t.db.orders.where('customerId').equals(customer.id).sortBy('createdAt');
    await cancelOrder(t.ctx, first!.id, { reason: '改签新合同' });
    expect(await t.db.customers.get(customer.id)).toMatchObject({
      status: 'ordered',
      contractAmount: 230_000,
    });
  });

  it('refuses to change what is already settled', async () => {
    const t = await openTestDb();
    const { customer, delivery } = await scheduled(t);
    await cancelDelivery(t.ctx, delivery.id, { reason: '客户改期未定' });
    await expect(cancelDelivery(t.ctx, delivery.id, { reason: '再次取消' })).rejects.toThrow(
      DeliveryStateError,
    );
    await expect(
      rescheduleDelivery(t.ctx, delivery.id, { scheduledAt: new Date(), reason: '' }),
    ).rejects.toThrow(DeliveryStateError);
    const [order] = await t.db.orders.where('customerId').equals(customer.id).toArray();
    await cancelOrder(t.ctx, order!.id, { reason: '退订' });
    await expect(cancelOrder(t.ctx, order!.id, { reason: '退订' })).rejects.toThrow(
      DeliveryStateError,
    );
  });
});
