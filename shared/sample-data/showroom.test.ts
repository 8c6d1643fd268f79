import { describe, expect, it } from 'vitest';
import { isActiveStatus } from '../domain/customer-status';
import { intentLevel } from '../domain/intent';
import { phoneProblem } from '../domain/phone';
import { qualificationGrade } from '../domain/qualification';
import { customerFormSchema } from '../domain/schemas';
import { generateShowroom, showroomChunks, type SampleShowroom } from './showroom';

const NOW = new Date('2026-03-10T02:00:00.000Z');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const showroom = generateShowroom({ seed: 20261124, customers: 2_000, now: NOW });

function plannedByCustomer(room: SampleShowroom) {
  const planned = new Map<string, number>();
  for (const followUp of room.followUps) {
    if (followUp.state === 'planned')
      planned.set(followUp.customerId, (planned.get(followUp.customerId) ?? 0) + 1);
  }
  return planned;
}

describe('generateShowroom determinism', () => {
  it('gives identical output for the same seed and now', { timeout: 30_000 }, () => {
    const again = generateShowroom({ seed: 20261124, customers: 2_000, now: NOW });
    expect(again).toEqual(showroom);
  });

  it('gives different output for a different seed', () => {
    const other = generateShowroom({ seed: 20261125, customers: 2_000, now: NOW });
    expect(other.customers.map((c) => c.id)).not.toEqual(showroom.customers.map((c) => c.id));
    expect(other.customers.map((c) => c.phones[0])).not.toEqual(
      showroom.customers.map((c) => c.phones[0]),
    );
    expect(other.customers.map((c) => c.name)).not.toEqual(showroom.customers.map((c) => c.name));
  });

  it('a smaller showroom is a prefix of a larger one with the same seed', () => {
    const small = generateShowroom({ seed: 20261124, customers: 100, now: NOW });
    expect(small.customers).toEqual(showroom.customers.slice(0, 100));
  });

  it('chunks concatenate to exactly the whole showroom', () => {
    const chunks = [...showroomChunks({ seed: 20261124, customers: 2_000, now: NOW }, 300)];
    expect(chunks.map((chunk) => chunk.customers.length)).toEqual([
      300, 300, 300, 300, 300, 300, 200,
    ]);
    expect(chunks.flatMap((chunk) => chunk.customers)).toEqual(showroom.customers);
    expect(chunks.flatMap((chunk) => chunk.followUps)).toEqual(showroom.followUps);
    expect(chunks.flatMap((chunk) => chunk.orders)).toEqual(showroom.orders);
    expect(chunks.flatMap((chunk) => chunk.surveys)).toEqual(showroom.surveys);
    expect(chunks.flatMap((chunk) => chunk.complaints)).toEqual(showroom.complaints);
    expect(() => [...showroomChunks({ seed: 1, customers: 10, now: NOW }, 0)]).toThrow(/chunkSize/);
  });

  it('generates exactly the number of customers asked for, and nothing for zero', () => {
    expect(showroom.customers).toHaveLength(2_000);
    expect(generateShowroom({ seed: 1, customers: 0, now: NOW })).toEqual({
      customers: [],
      followUps: [],
      orders: [],
      deliveries: [],
      surveys: [],
      complaints: [],
    });
  });
});

describe('generateShowroom customers', () => {
  it('every phone is valid, already normalized, and unique across the showroom', () => {
    const all = showroom.customers.flatMap((c) => c.phones);
    expect(all.length).toBeGreaterThan(showroom.customers.length); // some have a second phone
    for (const phone of all) {
      expect(phoneProblem(phone), phone).toBeNull();
      expect(phone).toMatch(/^1[3-9]\d{9}$/);
    }
    expect(new Set(all).size).toBe(all.length);
  });

  it('the qualification grade agrees with the three facts', () => {
    for (const customer of showroom.customers) {
      expect(customer.qualificationGrade).toBe(qualificationGrade(customer));
    }
    const grades = new Set(showroom.customers.map((c) => c.qualificationGrade));
    expect([...grades].sort()).toEqual(['A', 'B', 'C', 'N']);
  });

  it('the intent level agrees with the expected purchase date as of now', () => {
    const today = '2026-03-10';
    for (const customer of showroom.customers) {
      expect(customer.intentLevel).toBe(intentLevel(customer.expectedPurchaseDate, today));
    }
  });

  it('ids are unique and UUIDv7-shaped, customers and follow-ups alike', () => {
    const ids = [...showroom.customers.map((c) => c.id), ...showroom.followUps.map((f) => f.id)];
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a customer id carries its creation time in the UUIDv7 timestamp bits', () => {
    for (const customer of showroom.customers.slice(0, 200)) {
      const millis = parseInt(customer.id.slice(0, 8) + customer.id.slice(9, 13), 16);
      expect(millis).toBe(Date.parse(customer.createdAt));
    }
  });

  it('every card passes the customer form validation (save and edit would work)', () => {
    for (const customer of showroom.customers) {
      const form = {
        ...customer,
        phones: customer.phones.map((number) => ({ number })),
        status: customer.status === 'lost_requested' ? 'following' : customer.status,
      };
      const result = customerFormSchema.safeParse(form);
      expect(result.success, `${customer.id}: ${JSON.stringify(result.error?.issues)}`).toBe(true);
    }
  });

  it('covers every pipeline status the sample is meant to show', () => {
    const statuses = new Set(showroom.customers.map((c) => c.status));
    expect([...statuses].sort()).toEqual([
      'delivered',
      'following',
      'lost_requested',
      'new',
      'ordered',
    ]);
  });

  it('delivered customers carry delivery data; the others do not', () => {
    for (const customer of showroom.customers) {
      if (customer.status === 'delivered') {
        expect(customer.deliveryDate).not.toBeNull();
        expect(customer.contractAmount).toBeGreaterThan(0);
      } else {
        expect(customer.deliveryDate).toBeNull();
      }
    }
  });

  it('nothing is created, edited or confirmed after now', () => {
    for (const customer of showroom.customers) {
      expect(Date.parse(customer.createdAt)).toBeLessThanOrEqual(NOW.getTime());
      expect(Date.parse(customer.updatedAt)).toBeLessThanOrEqual(NOW.getTime());
      expect(Date.parse(customer.updatedAt)).toBeGreaterThanOrEqual(Date.parse(customer.createdAt));
      expect(Date.parse(customer.confirmedAt)).toBeLessThanOrEqual(NOW.getTime());
    }
  });
});

describe('generateShowroom follow-ups', () => {
  it('every follow-up belongs to a generated customer', () => {
    const ids = new Set(showroom.customers.map((c) => c.id));
    for (const followUp of showroom.followUps) expect(ids.has(followUp.customerId)).toBe(true);
  });

  it('every active customer has at most one planned follow-up, and about 95% have one', () => {
    const planned = plannedByCustomer(showroom);
    const active = showroom.customers.filter((c) => isActiveStatus(c.status));
    expect(active.length).toBeGreaterThan(1_500);
    for (const customer of active) expect(planned.get(customer.id) ?? 0).toBeLessThanOrEqual(1);
    const withPlan = active.filter((c) => planned.get(c.id) === 1).length / active.length;
    expect(withPlan).toBeGreaterThan(0.92);
    expect(withPlan).toBeLessThan(0.98);
    // …so the "no plan" view has something to show.
    expect(withPlan).toBeLessThan(1);
  });

  it('delivered and lost-requested customers have no planned follow-up', () => {
    const planned = plannedByCustomer(showroom);
    for (const customer of showroom.customers.filter((c) => !isActiveStatus(c.status))) {
      expect(planned.get(customer.id) ?? 0).toBe(0);
    }
  });

  it('planned follow-ups are open; done ones are completed with an outcome, in the past', () => {
    for (const followUp of showroom.followUps) {
      if (followUp.state === 'planned') {
        expect(followUp.completedAt).toBeNull();
        expect(followUp.outcome).toBeNull();
      } else {
        expect(followUp.state).toBe('done');
        expect(followUp.outcome).not.toBeNull();
        expect(followUp.result).not.toBe('');
        expect(Date.parse(followUp.dueAt)).toBeLessThan(NOW.getTime());
        expect(Date.parse(followUp.completedAt!)).toBeGreaterThanOrEqual(
          Date.parse(followUp.dueAt),
        );
        // A contact logged as done has happened: it is not on the timeline in the future.
        expect(Date.parse(followUp.completedAt!)).toBeLessThanOrEqual(NOW.getTime());
      }
    }
  });

  it('no follow-up was planned (created) after now', () => {
    for (const followUp of showroom.followUps) {
      expect(Date.parse(followUp.createdAt)).toBeLessThanOrEqual(NOW.getTime());
    }
  });

  it('planned follow-ups fall due around today: some past due, most upcoming, none far in the past', () => {
    const due = showroom.followUps
      .filter((f) => f.state === 'planned')
      .map((f) => Date.parse(f.dueAt));
    const day = 86_400_000;
    expect(Math.min(...due)).toBeGreaterThanOrEqual(NOW.getTime() - 10 * day);
    expect(due.some((t) => t < NOW.getTime())).toBe(true);
    expect(due.filter((t) => t > NOW.getTime()).length).toBeGreaterThan(due.length / 2);
  });

  it('new leads get no history, only the first-contact plan', () => {
    const newIds = new Set(showroom.customers.filter((c) => c.status === 'new').map((c) => c.id));
    for (const followUp of showroom.followUps.filter((f) => newIds.has(f.customerId))) {
      expect(followUp.state).toBe('planned');
      expect(followUp.purpose).toBe('首次联系，确认需求');
    }
  });
});

describe('generateShowroom at scale', () => {
  it('generates 10,000 customers without error, with unique phones and ids', () => {
    const large = generateShowroom({ seed: 7, customers: 10_000, now: NOW });
    expect(large.customers).toHaveLength(10_000);
    const phones = large.customers.flatMap((c) => c.phones);
    expect(new Set(phones).size).toBe(phones.length);
    const ids = [...large.customers.map((c) => c.id), ...large.followUps.map((f) => f.id)];
    expect(new Set(ids).size).toBe(ids.length);
    const planned = plannedByCustomer(large);
    expect([...planned.values()].every((count) => count === 1)).toBe(true);
    const latest = Math.max(
      ...large.customers.map((c) => Date.parse(c.updatedAt)),
      ...large.followUps.map((f) => Date.parse(f.completedAt ?? f.createdAt)),
    );
    expect(latest).toBeLessThanOrEqual(NOW.getTime());
  }, 60_000);
});
