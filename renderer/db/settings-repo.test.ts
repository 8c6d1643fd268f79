import { describe, expect, it } from 'vitest';
import { addDays, localDay } from '../../shared/domain/dates';
import { DEFAULT_POST_DELIVERY_CADENCE } from '../../shared/domain/post-delivery';
import {
  DEALERSHIP_SETTINGS_ID,
  DEFAULT_DEALERSHIP_SETTINGS,
  type DealershipSettingsFields,
} from '../../shared/domain/settings';
import { createCustomer } from './customers-repo';
import {
  migrateLocalEscalationHours,
  readDealershipSettings,
  saveDealershipSettings,
} from './settings-repo';
import { customerForm, HOUR, openTestDb } from '../test-support/test-db';

const EDITED: DealershipSettingsFields = {
  cadence: { firstContactHours: 4, H: 1, A: 5, B: 10, C: 21, O: 3 },
  intentThresholds: { H: 14, A: 45, B: 120 },
  postDeliveryCadence: {
    consultantCallDays: 2,
    surveyCallDays: 5,
    monthCallDays: 28,
    firstServiceDays: 120,
    insuranceRenewalDaysBefore: 45,
    warrantyYears: 4,
    insuranceYears: 2,
    birthdayCare: false,
  },
  escalationHours: 72,
  lockAfterMinutes: 5,
  offlineLockDays: 14,
  dealership: {
    name: '广州天河大众 4S 店',
    address: '广州市天河区黄埔大道西 100 号',
    phone: '020-38881234',
  },
};

describe('dealership settings', () => {
  it('reads the defaults until settings are saved', async () => {
    const { db } = await openTestDb();
    expect(await readDealershipSettings(db)).toEqual(DEFAULT_DEALERSHIP_SETTINGS);
    expect(await db.settings.count()).toBe(0);
  });

  it('reads back saved settings, written through the outbox', async () => {
    const { db, ctx, profile } = await openTestDb();
    await saveDealershipSettings(ctx, EDITED);
    expect(await readDealershipSettings(db)).toEqual(EDITED);

    const row = await db.settings.get(DEALERSHIP_SETTINGS_ID);
    expect(row).toMatchObject({
      ...EDITED,
      id: DEALERSHIP_SETTINGS_ID,
      dealershipId: profile.dealershipId,
    });
    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ table: 'settings', rowId: DEALERSHIP_SETTINGS_ID });
    expect(outbox[0]!.fields).toMatchObject(EDITED);
  });

  it('saves the dealership name, address and phone alone, and reads them empty from an older row', async () => {
    const { db, ctx } = await openTestDb();
    const { dealership: _omitted, ...older } = EDITED;
    await saveDealershipSettings(ctx, older);
    expect((await readDealershipSettings(db)).dealership).toEqual({
      name: '',
      address: '',
      phone: '',
    });
    await saveDealershipSettings(ctx, { dealership: EDITED.dealership });
    expect(await readDealershipSettings(db)).toEqual(EDITED);
    const last = (await db.outbox.orderBy('seq').toArray()).at(-1)!;
    expect(Object.keys(last.fields).sort()).toEqual(['dealership', 'updatedAt']);
  });

  it('records only the part that changed on a second save, and nothing for an identical one', async () => {
    const { db, ctx, clock } = await openTestDb();
    await saveDealershipSettings(ctx, EDITED);
    clock.advance(HOUR);
    await saveDealershipSettings(ctx, { ...EDITED, cadence: { ...EDITED.cadence, H: 3 } });
    await saveDealershipSettings(ctx, { ...EDITED, cadence: { ...EDITED.cadence, H: 3 } });
    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox).toHaveLength(2);
    expect(outbox[1]!.fields).toEqual({
      cadence: { ...EDITED.cadence, H: 3 },
      updatedAt: ctx.now().toISOString(),
    });
    expect((await readDealershipSettings(db)).cadence.H).toBe(3);
  });

  it("dates a new customer's first contact by the saved cadence", async () => {
    const { db, ctx } = await openTestDb();
    const before = await createCustomer(ctx, customerForm());
    await saveDealershipSettings(ctx, EDITED);
    const after = await createCustomer(ctx, customerForm({ phones: [{ number: '13900001111' }] }));

    const dueOf = async (customerId: string) =>
      (await db.followUps.where('customerId').equals(customerId).first())?.dueAt;
    expect(await dueOf(before.id)).toBe(new Date(ctx.now().getTime() + 24 * HOUR).toISOString());
    expect(await dueOf(after.id)).toBe(new Date(ctx.now().getTime() + 4 * HOUR).toISOString());
  });

  it("assesses a new customer's intent with the saved thresholds", async () => {
    const { ctx } = await openTestDb();
    const expectedPurchaseDate = addDays(localDay(ctx.now()), 10);
    const before = await createCustomer(ctx, customerForm({ expectedPurchaseDate }));
    await saveDealershipSettings(ctx, EDITED);
    const after = await createCustomer(
      ctx,
      customerForm({ expectedPurchaseDate, phones: [{ number: '13900001111' }] }),
    );
    expect(before.intentLevel).toBe('A');
    expect(after.intentLevel).toBe('H');
  });
});

describe('escalation threshold', () => {
  it('reads the default from a row written before the field existed', async () => {
    const { db, ctx } = await openTestDb();
    await saveDealershipSettings(ctx, EDITED);
    const row = await db.settings.get(DEALERSHIP_SETTINGS_ID);
    if (!row) throw new Error('no row');
    const { escalationHours: _dropped, ...older } = row;
    await db.settings.put(older);
    expect((await readDealershipSettings(db)).escalationHours).toBe(48);
  });

  it('takes a manager’s old local threshold into the dealership settings once', async () => {
    const { db, ctx } = await openTestDb();
    await db.preferences.put({ key: 'escalationHours', hours: 24 });
    // Nothing to write it into yet: it waits.
    await migrateLocalEscalationHours(ctx, true);
    expect(await db.preferences.get('escalationHours')).toBeDefined();

    await saveDealershipSettings(ctx, EDITED);
    const row = await db.settings.get(DEALERSHIP_SETTINGS_ID);
    if (!row) throw new Error('no row');
    const { escalationHours: _dropped, ...older } = row;
    await db.settings.put(older);
    await db.outbox.clear();
    await migrateLocalEscalationHours(ctx, true);
    expect((await readDealershipSettings(db)).escalationHours).toBe(24);
    expect(await db.preferences.get('escalationHours')).toBeUndefined();
    const [entry] = await db.outbox.toArray();
    expect(entry?.fields).toMatchObject({ escalationHours: 24 });
    // Once only.
    await migrateLocalEscalationHours(ctx, true);
    expect(await db.outbox.count()).toBe(1);
  });

  it('never overrides a dealership value, and a consultant’s laptop just forgets its own', async () => {
    const { db, ctx } = await openTestDb();
    await saveDealershipSettings(ctx, EDITED);
    await db.outbox.clear();
    await db.preferences.put({ key: 'escalationHours', hours: 24 });
    await migrateLocalEscalationHours(ctx, true);
    expect((await readDealershipSettings(db)).escalationHours).toBe(72);
    await db.preferences.put({ key: 'escalationHours', hours: 24 });
    await migrateLocalEscalationHours(ctx, false);
    expect(await db.preferences.get('escalationHours')).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('warranty and insurance terms', () => {
  it('reads the default terms from a cadence saved before they existed', async () => {
    const { db, ctx } = await openTestDb();
    const { warrantyYears: _w, insuranceYears: _i, ...older } = DEFAULT_POST_DELIVERY_CADENCE;
    await saveDealershipSettings(ctx, { postDeliveryCadence: { ...older, consultantCallDays: 4 } });
    expect((await readDealershipSettings(db)).postDeliveryCadence).toMatchObject({
      consultantCallDays: 4,
      warrantyYears: 3,
      insuranceYears: 1,
    });
  });
});
