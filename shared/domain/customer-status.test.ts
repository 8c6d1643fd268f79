import { describe, expect, it } from 'vitest';
import { ACTIVE_STATUSES, CUSTOMER_STATUSES, isActiveStatus } from './customer-status';

describe('isActiveStatus', () => {
  it('new, following and ordered customers are active (they must always have a plan)', () => {
    expect(isActiveStatus('new')).toBe(true);
    expect(isActiveStatus('following')).toBe(true);
    expect(isActiveStatus('ordered')).toBe(true);
  });

  it('delivered and lost customers are not', () => {
    expect(isActiveStatus('delivered')).toBe(false);
    expect(isActiveStatus('lost_requested')).toBe(false);
    expect(isActiveStatus('lost')).toBe(false);
  });

  it('agrees with ACTIVE_STATUSES over every status', () => {
    expect(CUSTOMER_STATUSES.filter(isActiveStatus)).toEqual([...ACTIVE_STATUSES]);
  });
});
