import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planRoundRobin, planToOne } from './reassign';

describe('planToOne', () => {
  it('gives every customer to the one owner, and nothing for no customers', () => {
    expect([...planToOne(['c1', 'c2'], 'u1')]).toEqual([['u1', ['c1', 'c2']]]);
    expect(planToOne([], 'u1').size).toBe(0);
  });
});

describe('planRoundRobin', () => {
  it('deals the customers around the consultants in the order chosen', () => {
    const plan = planRoundRobin(['c1', 'c2', 'c3', 'c4', 'c5'], ['u1', 'u2', 'u3']);
    expect([...plan]).toEqual([
      ['u1', ['c1', 'c4']],
      ['u2', ['c2', 'c5']],
      ['u3', ['c3']],
    ]);
  });

  it('leaves out consultants who get nothing, and hands a repeated customer over once', () => {
    expect([...planRoundRobin(['c1', 'c1'], ['u1', 'u2'])]).toEqual([['u1', ['c1']]]);
  });

  it('refuses an empty choice of consultants', () => {
    expect(() => planRoundRobin(['c1'], [])).toThrow(/at least one/);
  });

  it('assigns each customer exactly once, shares differing by at most one (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.uuid(), { maxLength: 60 }),
        fc.uniqueArray(fc.uuid(), { minLength: 1, maxLength: 8 }),
        (customers, consultants) => {
          const plan = planRoundRobin(customers, consultants);
          const assigned = [...plan.values()].flat();
          expect(assigned.sort()).toEqual([...customers].sort());
          const sizes = [...plan.values()].map((list) => list.length);
          if (sizes.length > 0)
            expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
          for (const owner of plan.keys()) expect(consultants).toContain(owner);
        },
      ),
      { seed: 20261124, numRuns: 200 },
    );
  });
});
