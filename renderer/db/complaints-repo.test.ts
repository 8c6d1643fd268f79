import { describe, expect, it } from 'vitest';
import type { ComplaintSteps } from '../../shared/domain/post-delivery-schemas';
import { complaintOverdue } from '../../shared/domain/complaint';
import { customerComplaints, listOpenComplaints } from './complaint-queries';
import {
  logComplaint,
  recordFirstContact,
  resolveComplaint,
  saveHandlingSteps,
} from './complaints-repo';
import { createCustomer } from './customers-repo';
import {
  customerForm,
  DAY,
  expectOutboxAcceptedByServer,
  HOUR,
  openTestDb,
  timelineOf,
} from '../test-support/test-db';

const local = (day: string, time = '10:00') => new Date(`${day}T${time}:00`);

const STEPS: ComplaintSteps = {
  stepListen: '客户说高速上方向盘抖动',
  stepCalm: '先道歉，约好明天到店检查',
  stepEmpathize: '理解新车出问题的失望',
  stepAct: '安排售后做四轮动平衡',
};

// Monday 2 March 2026, 10:00 local time: first contact due Thursday, a result the next Monday.
const MONDAY = local('2026-03-02');

async function customerWithComplaint() {
  const test = await openTestDb({ start: local('2026-03-02', '11:30') });
  const customer = await createCustomer(test.ctx, customerForm({ status: 'delivered' }));
  const complaint = await logComplaint(test.ctx, customer.id, {
    category: 'product_quality',
    description: '新车高速方向盘抖动',
    receivedAt: MONDAY,
  });
  return { ...test, customer, complaint };
}

describe('logComplaint', () => {
  it('stores the complaint with its two working-day deadlines and a timeline entry', async () => {
    const { db, customer, complaint } = await customerWithComplaint();
    expect(complaint).toMatchObject({
      customerId: customer.id,
      ownerId: customer.ownerId,
      category: 'product_quality',
      description: '新车高速方向盘抖动',
      receivedAt: MONDAY.toISOString(),
      firstContactDueAt: local('2026-03-05').toISOString(),
      resultDueAt: local('2026-03-09').toISOString(),
      firstContactAt: null,
      resolution: '',
      resolvedAt: null,
    });
    expect(await db.complaints.get(complaint.id)).toEqual(complaint);
    expect(await customerComplaints(db, customer.id)).toEqual([complaint]);
    expect(await listOpenComplaints(db)).toEqual([{ complaint, customer }]);

    const entry = (await timelineOf(db, customer.id)).find(
      (item) => item.kind === 'complaint_received',
    );
    expect(entry).toMatchObject({
      text: '新车高速方向盘抖动',
      changes: [
        { field: 'complaintCategory', from: '', to: 'product_quality' },
        { field: 'receivedAt', from: '', to: MONDAY.toISOString() },
        { field: 'firstContactDueAt', from: '', to: complaint.firstContactDueAt },
        { field: 'resultDueAt', from: '', to: complaint.resultDueAt },
      ],
    });
  });

  it('refuses a complaint without category or description, writing nothing', async () => {
    const { db, ctx } = await openTestDb();
    const customer = await createCustomer(ctx, customerForm());
    const outboxBefore = await db.outbox.count();
    await expect(
      logComplaint(ctx, customer.id, {
        category: 'service',
        description: '   ',
        receivedAt: ctx.now(),
      }),
    ).rejects.toThrow('validation.complaintDescriptionRequired');
    await expect(
      logComplaint(ctx, 'no-such-customer', {
        category: 'service',
        description: '等了两个小时',
        receivedAt: ctx.now(),
      }),
    ).rejects.toThrow('not found');
    expect(await db.complaints.count()).toBe(0);
    expect(await db.outbox.count()).toBe(outboxBefore);
  });
});

describe('handling a complaint', () => {
  it('records the first contact, which meets the first deadline', async () => {
    const { db, ctx, clock, complaint } = await customerWithComplaint();
    clock.set(local('2026-03-04', '15:00'));
    const contacted = await recordFirstContact(ctx, complaint.id);
    expect(contacted.firstContactAt).toBe(local('2026-03-04', '15:00').toISOString());
    expect(complaintOverdue(contacted, local('2026-03-06'))).toBeNull();
    expect(complaintOverdue(contacted, local('2026-03-09', '10:01'))).toBe('result');
    await expect(recordFirstContact(ctx, complaint.id)).rejects.toThrow('already contacted');
    expect(await db.complaints.get(complaint.id)).toEqual(contacted);
  });

  it('saves the four handling steps, recording only those that changed', async () => {
    const { db, ctx, complaint } = await customerWithComplaint();
    const saved = await saveHandlingSteps(ctx, complaint.id, {
      ...STEPS,
      stepEmpathize: '',
      stepAct: '',
    });
    expect(saved).toMatchObject({ stepListen: STEPS.stepListen, stepCalm: STEPS.stepCalm });
    const before = await db.outbox.count();
    await saveHandlingSteps(ctx, complaint.id, STEPS);
    const last = (await db.outbox.toArray()).slice(before);
    expect(last.map((entry) => Object.keys(entry.fields).sort())).toEqual([
      ['stepAct', 'stepEmpathize', 'updatedAt'],
    ]);
    expect(await db.complaints.get(complaint.id)).toMatchObject(STEPS);
  });

  it('resolves with a resolution: resolved, contacted, off the open list, on the timeline', async () => {
    const { db, ctx, clock, customer, complaint } = await customerWithComplaint();
    clock.advance(DAY + 3 * HOUR);
    const resolved = await resolveComplaint(ctx, complaint.id, {
      ...STEPS,
      resolution: '免费做动平衡并更换一条轮胎，客户满意',
    });
    const at = ctx.now().toISOString();
    expect(resolved).toMatchObject({
      ...STEPS,
      resolution: '免费做动平衡并更换一条轮胎，客户满意',
      resolvedAt: at,
      firstContactAt: at,
    });
    expect(complaintOverdue(resolved, local('2026-04-01'))).toBeNull();
    expect(await listOpenComplaints(db)).toEqual([]);
    expect(await customerComplaints(db, customer.id)).toEqual([resolved]);
    const kinds = (await timelineOf(db, customer.id)).map((entry) => entry.kind);
    expect(kinds).toEqual(['created', 'complaint_received', 'complaint_resolved']);
    expect((await timelineOf(db, customer.id)).at(-1)?.text).toBe(
      '免费做动平衡并更换一条轮胎，客户满意',
    );
    await expectOutboxAcceptedByServer(db);
  });

  it('keeps an earlier first contact when resolving', async () => {
    const { ctx, clock, complaint } = await customerWithComplaint();
    const contacted = await recordFirstContact(ctx, complaint.id);
    clock.advance(2 * DAY);
    const resolved = await resolveComplaint(ctx, complaint.id, {
      ...STEPS,
      resolution: '已退差价',
    });
    expect(resolved.firstContactAt).toBe(contacted.firstContactAt);
  });

  it('needs a resolution, and a resolved complaint cannot be handled again', async () => {
    const { db, ctx, complaint } = await customerWithComplaint();
    await expect(
      resolveComplaint(ctx, complaint.id, { ...STEPS, resolution: '  ' }),
    ).rejects.toThrow('validation.resolutionRequired');
    expect((await db.complaints.get(complaint.id))?.resolvedAt).toBeNull();

    await resolveComplaint(ctx, complaint.id, { ...STEPS, resolution: '已道歉并补偿保养一次' });
    await expect(recordFirstContact(ctx, complaint.id)).rejects.toThrow('already resolved');
    await expect(saveHandlingSteps(ctx, complaint.id, STEPS)).rejects.toThrow('already resolved');
    await expect(
      resolveComplaint(ctx, complaint.id, { ...STEPS, resolution: '再次结案' }),
    ).rejects.toThrow('already resolved');
  });

  it('lists open complaints first on the card, newest first within', async () => {
    const { db, ctx, customer, complaint } = await customerWithComplaint();
    const later = await logComplaint(ctx, customer.id, {
      category: 'price',
      description: '说好的赠品没给',
      receivedAt: local('2026-03-02', '11:00'),
    });
    expect((await customerComplaints(db, customer.id)).map((row) => row.id)).toEqual([
      later.id,
      complaint.id,
    ]);
    await resolveComplaint(ctx, later.id, { ...STEPS, resolution: '补发脚垫' });
    expect((await customerComplaints(db, customer.id)).map((row) => row.id)).toEqual([
      complaint.id,
      later.id,
    ]);
  });
});
