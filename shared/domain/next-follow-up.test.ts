import { describe, expect, it } from 'vitest';
import type { FollowUp } from './follow-up';
import { planAnsweredByContact, proposeFollowUpPurpose } from './next-follow-up';

function plan(overrides: Partial<FollowUp>): FollowUp {
  return {
    id: 'f',
    dealershipId: 'd',
    ownerId: 'o',
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
    deleted: false,
    clocks: {},
    customerId: 'c',
    dueAt: '2026-12-07T02:00:00.000Z',
    channel: 'phone',
    purpose: '确认预算',
    state: 'planned',
    completedAt: null,
    outcome: null,
    result: '',
    ...overrides,
  };
}

const endOfToday = new Date('2026-12-08T00:00:00.000Z');

describe('proposeFollowUpPurpose', () => {
  it('follows the stage and the intent level', () => {
    expect(proposeFollowUpPurpose({ status: 'new', intentLevel: null })).toBe('first_contact');
    expect(proposeFollowUpPurpose({ status: 'following', intentLevel: 'H' })).toBe('close_deal');
    expect(proposeFollowUpPurpose({ status: 'following', intentLevel: 'A' })).toBe('invite_visit');
    expect(proposeFollowUpPurpose({ status: 'following', intentLevel: 'B' })).toBe('nurture');
    expect(proposeFollowUpPurpose({ status: 'following', intentLevel: 'C' })).toBe('follow_up');
    expect(proposeFollowUpPurpose({ status: 'following', intentLevel: null })).toBe('follow_up');
    expect(proposeFollowUpPurpose({ status: 'ordered', intentLevel: 'H' })).toBe('order_progress');
  });

  it('proposes no sales follow-up for owners and lost customers', () => {
    expect(proposeFollowUpPurpose({ status: 'delivered', intentLevel: 'A' })).toBeNull();
    expect(proposeFollowUpPurpose({ status: 'lost', intentLevel: null })).toBeNull();
    expect(proposeFollowUpPurpose({ status: 'lost_requested', intentLevel: null })).toBeNull();
  });
});

describe('planAnsweredByContact', () => {
  it('answers the one plan due today or earlier', () => {
    const due = plan({ id: 'due' });
    const later = plan({ id: 'later', dueAt: '2026-12-09T02:00:00.000Z' });
    expect(planAnsweredByContact([due, later], 'c', endOfToday)).toEqual({
      kind: 'one',
      followUp: due,
    });
  });

  it('answers the automatic first contact even before it is due', () => {
    const first = plan({ id: 'first', purpose: 'first_contact', dueAt: '2026-12-08T09:00:00Z' });
    expect(planAnsweredByContact([first], 'c', endOfToday)).toEqual({
      kind: 'one',
      followUp: first,
    });
  });

  it('answers nothing when only later plans are open', () => {
    const later = plan({ dueAt: '2026-12-09T02:00:00.000Z' });
    expect(planAnsweredByContact([later], 'c', endOfToday)).toEqual({ kind: 'none' });
  });

  it('leaves done, cancelled, deleted, other customers and after-sales calls alone', () => {
    const rows = [
      plan({ id: 'done', state: 'done' }),
      plan({ id: 'cancelled', state: 'cancelled' }),
      plan({ id: 'deleted', deleted: true }),
      plan({ id: 'other', customerId: 'x' }),
      plan({ id: 'call', kind: 'consultant_call' }),
      plan({ id: 'handover', kind: 'delivery' }),
    ];
    expect(planAnsweredByContact(rows, 'c', endOfToday)).toEqual({ kind: 'none' });
  });

  it('is unclear, oldest first, when several plans could be the one', () => {
    const a = plan({ id: 'a', dueAt: '2026-12-06T02:00:00.000Z' });
    const b = plan({ id: 'b', purpose: 'first_contact', dueAt: '2026-12-05T02:00:00.000Z' });
    expect(planAnsweredByContact([a, b], 'c', endOfToday)).toEqual({
      kind: 'unclear',
      candidates: [b, a],
    });
  });
});
