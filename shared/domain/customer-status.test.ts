import { describe, expect, it } from 'vitest';
import {
  ACTIVE_STATUSES,
  CUSTOMER_STATUSES,
  isActiveStatus,
  statusLetter,
} from './customer-status';
import { INTENT_LEVELS } from './intent';

describe('statusLetter', () => {
  it('shows N for a new lead, whatever its intent', () => {
    expect(statusLetter('new', null)).toBe('N');
    for (const level of INTENT_LEVELS) expect(statusLetter('new', level)).toBe('N');
  });

  it('shows the intent level while in follow-up, N when not assessed yet', () => {
    for (const level of INTENT_LEVELS) expect(statusLetter('following', level)).toBe(level);
    expect(statusLetter('following', null)).toBe('N');
  });

  it('shows O / D / F for ordered, delivered and lost (requested or approved)', () => {
    for (const intent of [null, ...INTENT_LEVELS]) {
      expect(statusLetter('ordered', intent)).toBe('O');
      expect(statusLetter('delivered', intent)).toBe('D');
      expect(statusLetter('lost_requested', intent)).toBe('F');
      expect(statusLetter('lost', intent)).toBe('F');
    }
  });
});

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
