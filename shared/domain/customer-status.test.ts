import { describe, expect, it } from 'vitest';
import {
  ACTIVE_STATUSES,
  CUSTOMER_STATUSES,
  isActiveStatus,
  statusAfterEdit,
  statusLock,
  statusesOfferedByHand,
} from './customer-status';

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

describe('statuses set by hand', () => {
  it('a new or active card is offered the active statuses only: only a completed delivery makes an owner', () => {
    expect(statusesOfferedByHand(null)).toEqual(['new', 'following', 'ordered']);
    expect(statusesOfferedByHand('following')).not.toContain('delivered');
    expect(statusesOfferedByHand('ordered')).not.toContain('delivered');
  });

  it('an owner stays an owner on the form, and a lost card waits for the manager', () => {
    expect(statusesOfferedByHand('delivered')).toEqual(['delivered']);
    expect(statusLock('delivered')).toBe('owner');
    expect(statusLock('lost_requested')).toBe('lost');
    expect(statusLock('lost')).toBe('lost');
    expect(statusLock('ordered')).toBeNull();
    expect(statusLock(null)).toBeNull();
  });

  it('an edit never delivers a card, never un-delivers one and never leaves a lost state', () => {
    expect(statusAfterEdit('ordered', 'delivered')).toBe('ordered');
    expect(statusAfterEdit('new', 'delivered')).toBe('new');
    expect(statusAfterEdit('delivered', 'following')).toBe('delivered');
    expect(statusAfterEdit('lost_requested', 'following')).toBe('lost_requested');
    expect(statusAfterEdit('lost', 'ordered')).toBe('lost');
    expect(statusAfterEdit('new', 'ordered')).toBe('ordered');
    expect(statusAfterEdit('ordered', 'following')).toBe('following');
  });

  it('whatever is offered is what an edit keeps', () => {
    for (const current of CUSTOMER_STATUSES) {
      for (const offered of statusesOfferedByHand(current)) {
        if (statusLock(current) === null) expect(statusAfterEdit(current, offered)).toBe(offered);
      }
    }
  });
});
