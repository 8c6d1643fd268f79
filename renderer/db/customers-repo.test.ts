import { describe, expect, it } from 'vitest';
import { addDays, localDay } from '../../shared/domain/dates';
import {
  createCustomer,
  customerToFormValues,
  describeChanges,
  findCustomersByPhone,
  quickCaptureCustomer,
  recordEventVisit,
  requestLost,
  updateCustomer,
} from './customers-repo';
import { completeFollowUp } from './follow-ups-repo';
import { customerForm, DAY, HOUR, openTestDb, timelineOf } from '../test-support/test-db';

describe('createCustomer', () => {
  it('computes the qualification grade from the three facts', async () => {
    const { ctx } = await openTestDb();
    const cases = [
      [{ hasConfidence: true, hasNeed: true, hasPurchasingPower: true }, 'A'],
      [{ hasConfidence: false, hasNeed: true, hasPurchasingPower: true }, 'B'],
      [{ hasConfidence: true, hasNeed: false, hasPurchasingPower: true }, 'C'],
      [{ hasConfidence: true, hasNeed: true, hasPurchasingPower: false }, 'N'],
      [{ hasConfidence: false, hasNeed: false, hasPurchasingPower: true }, 'N'],
    ] as const;
    for (const [facts, grade] of cases) {
      const customer = await createCustomer(ctx, customerForm(facts));
      expect(customer.qualificationGrade, JSON.stringify(facts)).toBe(grade);
    }
  });

  it('computes the intent level from the expected purchase date on the day of the write', async () => {
    const { ctx } = await openTestDb();
    const today = localDay(ctx.now());
    const cases = [
      [null, null],
      [addDays(today, 0), 'H'],
      [addDays(today, 7), 'H'],
      [addDays(today, 8), 'A'],
      [addDays(today, 30), 'A'],
      [addDays(today, 31), 'B'],
      [addDays(today, 90), 'B'],
      [addDays(today, 91), 'C'],
    ] as const;
    for (const [expectedPurchaseDate, level] of cases) {
      const customer = await createCustomer(ctx, customerForm({ expectedPurchaseDate }));
      expect(customer.intentLevel, String(expectedPurchaseDate)).toBe(level);
    }
  });

  it('normalizes and dedupes phones, and trims and dedupes tags', async () => {
    const { db, ctx } = await openTestDb();
    const customer = await createCustomer(
      ctx,
      customerForm({
        phones: [
          { number: '+86 138 0013 8000' },
          { number: '0086-139-0000-1111' },
          { number: '138 0013 8000' },
        ],
        tags: [' VIP ', 'VIP', '置换', '  ', '置换'],
      }),
    );
    expect(customer.phones).toEqual(['13800138000', '13900001111']);
    expect(customer.tags).toEqual(['VIP', '置换']);
    expect(await db.customers.get(customer.id)).toEqual(customer);
  });

  it('stores the card with owner, dealership, confirmation and empty lost fields', async () => {
    const { db, ctx, profile } = await openTestDb();
    const customer = await createCustomer(ctx, customerForm({ name: '李娜', status: 'following' }));
    const now = ctx.now().toISOString();
    expect(customer).toMatchObject({
      name: '李娜',
      status: 'following',
      ownerId: profile.userId,
      dealershipId: profile.dealershipId,
      createdAt: now,
      updatedAt: now,
      confirmedAt: now,
      deleted: false,
      lostReason: '',
      lostCompetitor: '',
      lostRequestedAt: null,
      statusBeforeLost: null,
    });
    expect(customer.id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    const outbox = await db.outbox
      .where('[table+rowId]')
      .equals(['customers', customer.id])
      .toArray();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]!.fields).toMatchObject({
      id: customer.id,
      name: '李娜',
      qualificationGrade: 'N',
    });
  });

  it("writes a 'created' timeline entry and plans the first contact at createdAt + 24 h", async () => {
    const { db, ctx, profile } = await openTestDb();
    const customer = await createCustomer(ctx, customerForm());

    const timeline = await timelineOf(db, customer.id);
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({
      kind: 'created',
      customerId: customer.id,
      ownerId: profile.userId,
      actorId: profile.userId,
      actorName: profile.displayName,
      at: ctx.now().toISOString(),
      changes: [],
    });

    const followUps = await db.followUps.where('customerId').equals(customer.id).toArray();
    expect(followUps).toHaveLength(1);
    expect(followUps[0]).toMatchObject({
      customerId: customer.id,
      ownerId: customer.ownerId,
      state: 'planned',
      channel: 'phone',
      purpose: 'first_contact',
      dueAt: new Date(Date.parse(customer.createdAt) + 24 * HOUR).toISOString(),
      completedAt: null,
      outcome: null,
      result: '',
    });

    // Card, timeline entry and plan all reached the outbox.
    const tables = (await db.outbox.orderBy('seq').toArray()).map(
      (entry) => `${entry.table}:${entry.rowId}`,
    );
    expect(tables).toEqual([
      `customers:${customer.id}`,
      `timeline:${timeline[0]!.id}`,
      `followUps:${followUps[0]!.id}`,
    ]);
  });

  it('plans a follow-up (not a first contact) for an ordered or following customer, and none for a delivered one', async () => {
    const { db, ctx } = await openTestDb();
    const following = await createCustomer(ctx, customerForm({ status: 'following' }));
    const ordered = await createCustomer(
      ctx,
      customerForm({ status: 'ordered', phones: [{ number: '13900001111' }] }),
    );
    const delivered = await createCustomer(
      ctx,
      customerForm({ status: 'delivered', phones: [{ number: '13700001111' }] }),
    );
    for (const customer of [following, ordered]) {
      const plans = await db.followUps.where('customerId').equals(customer.id).toArray();
      expect(plans.map((plan) => [plan.purpose, plan.state])).toEqual([['follow_up', 'planned']]);
    }
    expect(await db.followUps.where('customerId').equals(delivered.id).count()).toBe(0);
    expect((await timelineOf(db, delivered.id)).map((entry) => entry.kind)).toEqual(['created']);
  });

  it('writes nothing at all when any part of the creation fails', async () => {
    const { db, ctx } = await openTestDb();
    // Make the third write of the transaction (the first-contact plan) fail.
    const failPlans = () => {
      throw new Error('follow-up write refused');
    };
    db.followUps.hook('creating', failPlans);
    await expect(createCustomer(ctx, customerForm())).rejects.toThrow('follow-up write refused');
    db.followUps.hook('creating').unsubscribe(failPlans);

    expect(await db.customers.count()).toBe(0);
    expect(await db.timeline.count()).toBe(0);
    expect(await db.followUps.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('updateCustomer', () => {
  it("records a 'changed' timeline entry with each field's old → new and recomputes the grade", async () => {
    const { db, ctx, clock } = await openTestDb();
    const values = customerForm({
      name: '王伟',
      hasConfidence: true,
      hasNeed: false,
      hasPurchasingPower: true,
    });
    const created = await createCustomer(ctx, values);
    expect(created.qualificationGrade).toBe('C');

    clock.advance(HOUR);
    const updated = await updateCustomer(ctx, created.id, {
      ...values,
      name: '王芳',
      hasNeed: true,
    });
    expect(updated).toMatchObject({ name: '王芳', hasNeed: true, qualificationGrade: 'A' });
    expect(updated.confirmedAt).toBe(ctx.now().toISOString());
    expect(updated.updatedAt).toBe(ctx.now().toISOString());
    expect(await db.customers.get(created.id)).toEqual(updated);

    const timeline = await timelineOf(db, created.id);
    expect(timeline.map((entry) => entry.kind)).toEqual(['created', 'changed']);
    const changed = timeline[1]!;
    expect(changed.at).toBe(ctx.now().toISOString());
    expect(changed.changes).toEqual([
      { field: 'name', from: '王伟', to: '王芳' },
      { field: 'hasNeed', from: 'false', to: 'true' },
      { field: 'qualificationGrade', from: 'C', to: 'A' },
    ]);

    // The outbox entry holds exactly the changed fields.
    const outbox = await db.outbox
      .where('[table+rowId]')
      .equals(['customers', created.id])
      .sortBy('seq');
    expect(Object.keys(outbox.at(-1)!.fields).sort()).toEqual(
      ['confirmedAt', 'hasNeed', 'name', 'qualificationGrade', 'updatedAt'].sort(),
    );
  });

  it('re-assesses the intent level on the day of the edit', async () => {
    const { db, ctx, clock } = await openTestDb();
    const expectedPurchaseDate = addDays(localDay(ctx.now()), 40);
    const values = customerForm({ expectedPurchaseDate });
    const created = await createCustomer(ctx, values);
    expect(created.intentLevel).toBe('B');

    clock.advance(35 * DAY);
    const updated = await updateCustomer(ctx, created.id, values);
    expect(updated.intentLevel).toBe('H');
    const changed = (await timelineOf(db, created.id)).find((entry) => entry.kind === 'changed');
    expect(changed?.changes).toEqual([{ field: 'intentLevel', from: 'B', to: 'H' }]);
  });

  it('shows phones and tags as text in the change entry', async () => {
    const { db, ctx } = await openTestDb();
    const values = customerForm({ tags: ['VIP'] });
    const created = await createCustomer(ctx, values);
    await updateCustomer(ctx, created.id, {
      ...values,
      phones: [{ number: '13800138000' }, { number: '+86 139 0000 1111' }],
      tags: ['VIP', '贷款'],
    });
    const changed = (await timelineOf(db, created.id)).find((entry) => entry.kind === 'changed');
    expect([...(changed?.changes ?? [])].sort((a, b) => a.field.localeCompare(b.field))).toEqual([
      { field: 'phones', from: '13800138000', to: '13800138000, 13900001111' },
      { field: 'tags', from: 'VIP', to: 'VIP, 贷款' },
    ]);
  });

  it('saving an unchanged card only confirms it: no change entry', async () => {
    const { db, ctx, clock } = await openTestDb();
    const created = await createCustomer(
      ctx,
      customerForm({ tags: ['VIP'], expectedPurchaseDate: '2026-05-01' }),
    );
    clock.advance(HOUR);
    const updated = await updateCustomer(ctx, created.id, customerToFormValues(created));
    expect(updated.confirmedAt).toBe(ctx.now().toISOString());
    expect((await timelineOf(db, created.id)).map((entry) => entry.kind)).toEqual(['created']);
    const outbox = await db.outbox
      .where('[table+rowId]')
      .equals(['customers', created.id])
      .sortBy('seq');
    expect(outbox).toHaveLength(2);
    expect(Object.keys(outbox[1]!.fields).sort()).toEqual(['confirmedAt', 'updatedAt']);
  });

  it('with the form’s baseline, writes only what the user edited and keeps newer values of the rest', async () => {
    const { ctx, db } = await openTestDb();
    const customer = await createCustomer(ctx, customerForm({ city: '广州', notes: '' }));
    const opened = customerToFormValues(customer);
    // While the form is open, sync brings somebody else's change of the city.
    await updateCustomer(ctx, customer.id, { ...opened, city: '佛山' });
    await db.outbox.clear();

    await updateCustomer(ctx, customer.id, { ...opened, notes: '周六试驾' }, opened);

    expect(await db.customers.get(customer.id)).toMatchObject({ city: '佛山', notes: '周六试驾' });
    const [entry] = await db.outbox.toArray();
    expect(Object.keys(entry?.fields ?? {})).not.toContain('city');
    expect(entry?.fields).toMatchObject({ notes: '周六试驾' });
  });

  it('never makes an owner by an edit, nor turns an owner back: only a delivery does', async () => {
    const { db, ctx } = await openTestDb();
    const buyer = await createCustomer(ctx, customerForm({ status: 'ordered' }));
    const edited = await updateCustomer(ctx, buyer.id, {
      ...customerToFormValues(buyer),
      status: 'delivered',
    });
    expect(edited.status).toBe('ordered');
    expect((await db.customers.get(buyer.id))?.status).toBe('ordered');

    const owner = await createCustomer(ctx, customerForm({ status: 'delivered' }));
    const back = await updateCustomer(ctx, owner.id, {
      ...customerToFormValues(owner),
      status: 'following',
      city: '佛山',
    });
    expect(back).toMatchObject({ status: 'delivered', city: '佛山' });
  });

  it('refuses an unknown customer', async () => {
    const { db, ctx } = await openTestDb();
    await expect(updateCustomer(ctx, 'missing', customerForm())).rejects.toThrow(/not found/);
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('describeChanges', () => {
  it('ignores confirmedAt and unchanged values', async () => {
    const { ctx } = await openTestDb();
    const customer = await createCustomer(ctx, customerForm());
    expect(
      describeChanges(customer, { confirmedAt: 'later', name: customer.name, budgetMin: 20 }),
    ).toEqual([{ field: 'budgetMin', from: '', to: '20' }]);
  });
});

describe('findCustomersByPhone', () => {
  it('finds a customer by any format of any of their numbers', async () => {
    const { ctx } = await openTestDb();
    const wang = await createCustomer(
      ctx,
      customerForm({ phones: [{ number: '+86 138 0013 8000' }, { number: '139 0000 1111' }] }),
    );
    await createCustomer(ctx, customerForm({ name: '李娜', phones: [{ number: '13700001111' }] }));
    for (const typed of [
      '13800138000',
      '+86 138 0013 8000',
      '0086-138-0013-8000',
      '8613800138000',
      '(138) 0013-8000',
      '+8613900001111',
    ]) {
      const found = await findCustomersByPhone(ctx.db, typed);
      expect(
        found.map((customer) => customer.id),
        typed,
      ).toEqual([wang.id]);
    }
  });

  it('finds every holder of a shared number', async () => {
    const { ctx } = await openTestDb();
    const first = await createCustomer(ctx, customerForm({ name: '王伟' }));
    const second = await createCustomer(ctx, customerForm({ name: '王伟（公司）' }));
    const found = await findCustomersByPhone(ctx.db, '138 0013 8000');
    expect(found.map((customer) => customer.id).sort()).toEqual([first.id, second.id].sort());
  });

  it('ignores short input and unknown numbers', async () => {
    const { ctx } = await openTestDb();
    await createCustomer(ctx, customerForm());
    for (const typed of ['', '138', '+86 138', '138001', '13800138001', '1380013800']) {
      expect(await findCustomersByPhone(ctx.db, typed), typed).toEqual([]);
    }
  });
});

describe('requestLost', () => {
  it('requests lost with reason and competitor, remembers the status, and cancels the planned follow-ups', async () => {
    const { db, ctx, clock } = await openTestDb();
    const customer = await createCustomer(ctx, customerForm({ status: 'new' }));
    const [firstPlan] = await db.followUps.where('customerId').equals(customer.id).toArray();
    // One completed contact (with a next plan) so there is history that must stay as it is.
    clock.advance(HOUR);
    const { completed, next } = await completeFollowUp(ctx, firstPlan!.id, {
      outcome: 'contacted',
      result: '在比较其他品牌',
      intentLevel: null,
      planNext: true,
      next: {
        dueAt: new Date(ctx.now().getTime() + 2 * DAY),
        channel: 'wechat',
        purpose: '回复报价',
      },
    });

    clock.advance(HOUR);
    const lost = await requestLost(ctx, customer.id, {
      reason: '已在其他品牌购车',
      competitorBought: '凯美瑞',
    });
    expect(lost).toMatchObject({
      status: 'lost_requested',
      statusBeforeLost: 'following',
      lostReason: '已在其他品牌购车',
      lostCompetitor: '凯美瑞',
      lostRequestedAt: ctx.now().toISOString(),
    });
    expect(await db.customers.get(customer.id)).toEqual(lost);

    expect((await db.followUps.get(next!.id))?.state).toBe('cancelled');
    expect(await db.followUps.get(completed.id)).toEqual(completed);
    expect(
      await db.followUps.where('[state+customerId]').equals(['planned', customer.id]).count(),
    ).toBe(0);

    const entry = (await timelineOf(db, customer.id)).at(-1);
    expect(entry).toMatchObject({
      kind: 'lost_requested',
      text: '已在其他品牌购车',
      changes: [{ field: 'lostCompetitor', from: '', to: '凯美瑞' }],
      at: ctx.now().toISOString(),
    });
    const cancelEntries = await db.outbox
      .where('[table+rowId]')
      .equals(['followUps', next!.id])
      .sortBy('seq');
    expect(cancelEntries.at(-1)!.fields).toEqual({
      state: 'cancelled',
      updatedAt: ctx.now().toISOString(),
    });
  });

  it('keeps the status before lost for an ordered customer and records no competitor change when none is given', async () => {
    const { db, ctx } = await openTestDb();
    const customer = await createCustomer(ctx, customerForm({ status: 'ordered' }));
    const lost = await requestLost(ctx, customer.id, { reason: '资金问题', competitorBought: '' });
    expect(lost.statusBeforeLost).toBe('ordered');
    expect((await timelineOf(db, customer.id)).at(-1)).toMatchObject({
      kind: 'lost_requested',
      changes: [],
    });
  });

  it('refuses a customer who is not active, writing nothing', async () => {
    const { db, ctx } = await openTestDb();
    const delivered = await createCustomer(ctx, customerForm({ status: 'delivered' }));
    const following = await createCustomer(
      ctx,
      customerForm({ status: 'following', phones: [{ number: '13900001111' }] }),
    );
    await requestLost(ctx, following.id, { reason: '不买了', competitorBought: '' });
    const outboxBefore = await db.outbox.count();

    await expect(
      requestLost(ctx, delivered.id, { reason: '不买了', competitorBought: '' }),
    ).rejects.toThrow(/not active \(delivered\)/);
    await expect(
      requestLost(ctx, following.id, { reason: '再次', competitorBought: '' }),
    ).rejects.toThrow(/not active \(lost_requested\)/);
    await expect(
      requestLost(ctx, 'missing', { reason: '不买了', competitorBought: '' }),
    ).rejects.toThrow(/not found/);
    expect(await db.outbox.count()).toBe(outboxBefore);
    expect((await db.customers.get(delivered.id))?.status).toBe('delivered');
  });
});

describe('quickCaptureCustomer', () => {
  it('makes a full event card tagged with the event name and plans the first contact', async () => {
    const { db, ctx } = await openTestDb();
    const customer = await quickCaptureCustomer(
      ctx,
      {
        name: '张敏',
        phone: '+86 139 1234 5678',
        model: '汉EV',
        hasConfidence: false,
        hasNeed: true,
        hasPurchasingPower: true,
        note: '周末带家人再来',
      },
      '2026上海车展',
    );
    expect(customer).toMatchObject({
      name: '张敏',
      phones: ['13912345678'],
      model: '汉EV',
      source: 'event',
      sourceDetail: '2026上海车展',
      tags: ['2026上海车展'],
      notes: '周末带家人再来',
      qualificationGrade: 'B',
      intentLevel: null,
      status: 'new',
      kind: 'person',
    });
    expect(await db.customers.get(customer.id)).toEqual(customer);
    const plans = await db.followUps.where('customerId').equals(customer.id).toArray();
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ purpose: 'first_contact', state: 'planned' });
    expect((await timelineOf(db, customer.id)).map((entry) => entry.kind)).toEqual(['created']);
    expect((await findCustomersByPhone(db, '139-1234-5678')).map((row) => row.id)).toEqual([
      customer.id,
    ]);
  });
});

describe('recordEventVisit', () => {
  it('puts a repeat visitor on their card: the event tag, the model if none, a visit entry; no second card', async () => {
    const { db, ctx } = await openTestDb();
    const known = await createCustomer(
      ctx,
      customerForm({ name: '王强', phones: [{ number: '13912345602' }], tags: ['老客户'] }),
    );
    const updated = await recordEventVisit(
      ctx,
      known.id,
      { model: '途观L', note: '带太太来看车' },
      '2026广州车展',
    );
    expect(updated.tags).toEqual(['老客户', '2026广州车展']);
    expect(updated.model).toBe('途观L');
    expect(await db.customers.count()).toBe(1);
    const visits = (await timelineOf(db, known.id)).filter((entry) => entry.kind === 'event_visit');
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({
      changes: [
        { field: 'event', from: '', to: '2026广州车展' },
        { field: 'model', from: '', to: '途观L' },
      ],
      text: '带太太来看车',
    });
    // Everything went through the write path: the changes wait in the outbox.
    const queued = await db.outbox.toArray();
    expect(
      queued.some((entry) => entry.table === 'timeline' && entry.rowId === visits[0]?.id),
    ).toBe(true);
  });

  it('keeps a model already on the card and does not tag twice', async () => {
    const { ctx } = await openTestDb();
    const known = await createCustomer(
      ctx,
      customerForm({ name: '李雷', model: '帕萨特', tags: ['2026广州车展'] }),
    );
    const updated = await recordEventVisit(
      ctx,
      known.id,
      { model: '途观L', note: '' },
      '2026广州车展',
    );
    expect(updated.model).toBe('帕萨特');
    expect(updated.tags).toEqual(['2026广州车展']);
  });
});
