import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { complaintDueDates, complaintOverdue } from '../domain/complaint';
import { SURVEY_INDICATORS } from '../domain/survey';
import { vinProblem } from '../domain/vin';
import { rowIdSchema } from '../sync/storable';
import { NEW_ROW_SCHEMAS, type SyncTableName } from '../sync/tables';
import { generateShowroom } from './showroom';

const NOW = new Date('2026-03-10T02:00:00.000Z');
const showroom = generateShowroom({ seed: 20261124, customers: 3_000, now: NOW });
const customers = new Map(showroom.customers.map((customer) => [customer.id, customer]));
const at = (iso: string | null) => Date.parse(iso ?? '');

function customerOf(row: { customerId: string }) {
  const customer = customers.get(row.customerId);
  if (!customer) throw new Error(`no customer ${row.customerId}`);
  return customer;
}

describe('sample sales records', () => {
  it('gives every ordered or delivered customer one order, and nobody else', () => {
    const buyers = showroom.customers
      .filter((customer) => customer.status === 'ordered' || customer.status === 'delivered')
      .map((customer) => customer.id);
    expect(buyers.length).toBeGreaterThan(300);
    expect(showroom.orders.map((order) => order.customerId).sort()).toEqual(buyers.sort());
    for (const order of showroom.orders) {
      const customer = customerOf(order);
      expect(order.amount).toBe(customer.contractAmount);
      expect(order.model).toBe(customer.model);
      expect(order.state).toBe('active');
      expect(at(order.createdAt)).toBeGreaterThanOrEqual(at(customer.createdAt));
      expect(at(order.createdAt)).toBeLessThanOrEqual(NOW.getTime());
      expect(order.orderedOn).toBe(dayjs(order.createdAt).format('YYYY-MM-DD'));
      if (customer.status === 'delivered') expect(order.kind).toBe('contract');
    }
    expect(new Set(showroom.orders.map((order) => order.kind))).toEqual(
      new Set(['deposit', 'contract']),
    );
  });

  it('gives every delivered customer a completed, signed delivery after the order, on the delivery date', () => {
    const delivered = showroom.customers.filter((customer) => customer.status === 'delivered');
    expect(showroom.deliveries.map((delivery) => delivery.customerId).sort()).toEqual(
      delivered.map((customer) => customer.id).sort(),
    );
    const orders = new Map(showroom.orders.map((order) => [order.id, order]));
    for (const delivery of showroom.deliveries) {
      const customer = customerOf(delivery);
      const order = orders.get(delivery.orderId ?? '');
      expect(order?.customerId).toBe(customer.id);
      expect(delivery.state).toBe('completed');
      expect(delivery.signature).toMatch(/^data:image\/png;base64,/);
      expect(vinProblem(delivery.vin), delivery.vin).toBeNull();
      expect(at(delivery.completedAt)).toBeGreaterThanOrEqual(at(order?.createdAt ?? null));
      expect(at(delivery.completedAt)).toBeGreaterThanOrEqual(at(delivery.scheduledAt));
      expect(at(delivery.completedAt)).toBeLessThanOrEqual(NOW.getTime());
      // The card's delivery date is the handover day, never before the customer first came.
      expect(customer.deliveryDate).toBe(delivery.warrantyStart);
      expect(customer.deliveryDate! >= dayjs(customer.createdAt).format('YYYY-MM-DD')).toBe(true);
    }
  });

  it('surveys most delivered customers a week after the handover, with scores in range', () => {
    const deliveries = new Map(showroom.deliveries.map((delivery) => [delivery.id, delivery]));
    const surveyed = new Set<string>();
    for (const survey of showroom.surveys) {
      const delivery = deliveries.get(survey.deliveryId ?? '');
      expect(delivery?.customerId).toBe(survey.customerId);
      expect(at(survey.surveyedAt) - at(delivery?.completedAt ?? null)).toBeGreaterThanOrEqual(
        6 * 86_400_000,
      );
      expect(at(survey.surveyedAt)).toBeLessThanOrEqual(NOW.getTime());
      for (const indicator of SURVEY_INDICATORS) {
        expect(Number.isInteger(survey[indicator])).toBe(true);
        expect(survey[indicator]).toBeGreaterThanOrEqual(1);
        expect(survey[indicator]).toBeLessThanOrEqual(5);
      }
      for (const score of [survey.expectation, survey.perception]) {
        expect(Number.isInteger(score) && score >= 1 && score <= 10).toBe(true);
      }
      surveyed.add(survey.customerId);
    }
    expect(surveyed.size).toBe(showroom.surveys.length);
    // Of the deliveries whose day-7 call has come, most were surveyed (not all: some not reached).
    const callDue = showroom.deliveries.filter(
      (delivery) => at(delivery.completedAt) + 8 * 86_400_000 <= NOW.getTime(),
    );
    const share = callDue.filter((delivery) => surveyed.has(delivery.customerId)).length;
    expect(share / callDue.length).toBeGreaterThan(0.7);
    expect(share / callDue.length).toBeLessThan(0.97);
    // Not every customer is delighted: the averages must have something to tell apart.
    const perceivedBelowExpected = showroom.surveys.filter((s) => s.perception < s.expectation);
    expect(perceivedBelowExpected.length).toBeGreaterThan(0);
    expect(perceivedBelowExpected.length).toBeLessThan(showroom.surveys.length / 2);
  });

  it('has complaints from delivered customers: resolved, open, and overdue of both kinds', () => {
    expect(showroom.complaints.length).toBeGreaterThan(20);
    const deliveredAt = new Map(showroom.deliveries.map((d) => [d.customerId, d.completedAt]));
    const overdue = { first_contact: 0, result: 0, none: 0 };
    let resolved = 0;
    for (const complaint of showroom.complaints) {
      expect(customerOf(complaint).status).toBe('delivered');
      expect(at(complaint.receivedAt)).toBeGreaterThan(at(deliveredAt.get(complaint.customerId)!));
      expect(at(complaint.receivedAt)).toBeLessThanOrEqual(NOW.getTime());
      const due = complaintDueDates(new Date(complaint.receivedAt));
      expect(complaint.firstContactDueAt).toBe(due.firstContactDueAt.toISOString());
      expect(complaint.resultDueAt).toBe(due.resultDueAt.toISOString());
      if (complaint.resolvedAt !== null) {
        resolved += 1;
        expect(complaint.resolution).not.toBe('');
        expect(at(complaint.resolvedAt)).toBeGreaterThanOrEqual(at(complaint.firstContactAt));
        expect(at(complaint.firstContactAt)).toBeGreaterThan(at(complaint.receivedAt));
        expect(at(complaint.resolvedAt)).toBeLessThanOrEqual(NOW.getTime());
      } else {
        overdue[complaintOverdue(complaint, NOW) ?? 'none'] += 1;
      }
    }
    expect(resolved).toBeGreaterThan(0);
    expect(overdue.result).toBeGreaterThan(0);
    expect(overdue.first_contact + overdue.none).toBeGreaterThan(0);
  });

  it('every row is one the sync server accepts, and every id is unique', () => {
    const meta = { dealershipId: 'd', ownerId: 'o', deleted: false };
    // Each is pushed as a new row (test/support/sample-showroom-seed.ts): it must be whole.
    const tables: [SyncTableName, readonly { id: string }[]][] = [
      ['customers', showroom.customers],
      ['followUps', showroom.followUps],
      ['orders', showroom.orders],
      ['deliveries', showroom.deliveries],
      [
        'surveys',
        showroom.surveys.map((survey) => ({
          ...survey,
          consultantId: 'o',
          surveyedBy: 'm',
          surveyedByName: '周经理',
        })),
      ],
      ['complaints', showroom.complaints],
    ];
    const ids = new Set<string>();
    let total = 0;
    for (const [table, rows] of tables) {
      for (const row of rows) {
        const parsed = NEW_ROW_SCHEMAS[table].safeParse({ ...row, ...meta });
        expect(parsed.success, `${table}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
        expect(rowIdSchema.safeParse(row.id).success, row.id).toBe(true);
        ids.add(row.id);
        total += 1;
      }
    }
    expect(ids.size).toBe(total);
  });
});
