import { describe, expect, it } from 'vitest';
import type { FollowUp, FollowUpChannel } from '../../../shared/domain/follow-up';
import {
  EMPTY_FOLLOW_UP_FILTER,
  customerRestrictionOf,
  filterFollowUps,
  filterNoPlanIds,
  isFollowUpFilterEmpty,
  purposesIn,
} from './follow-up-filter';

function followUp(id: string, customerId: string, channel: FollowUpChannel, purpose: string) {
  return { id, customerId, channel, purpose } as const satisfies Partial<FollowUp>;
}

// Only the fields the filter reads; the cast keeps the fixtures short.
const FOLLOW_UPS = [
  followUp('f1', 'c1', 'phone', 'first_contact'),
  followUp('f2', 'c2', 'wechat', '邀约试驾'),
  followUp('f3', 'c3', 'phone', '邀约试驾'),
  followUp('f4', 'c1', 'visit', '邀约试驾'),
] as unknown as FollowUp[];

const ids = (rows: FollowUp[]) => rows.map((row) => row.id);

describe('follow-up filter', () => {
  it('lets everything through, in order, when nothing is chosen', () => {
    expect(isFollowUpFilterEmpty(EMPTY_FOLLOW_UP_FILTER)).toBe(true);
    expect(ids(filterFollowUps(FOLLOW_UPS, EMPTY_FOLLOW_UP_FILTER, null))).toEqual([
      'f1',
      'f2',
      'f3',
      'f4',
    ]);
  });

  it('keeps the follow-ups of the customers the search and customer filters let through', () => {
    expect(ids(filterFollowUps(FOLLOW_UPS, EMPTY_FOLLOW_UP_FILTER, new Set(['c1'])))).toEqual([
      'f1',
      'f4',
    ]);
    expect(filterFollowUps(FOLLOW_UPS, EMPTY_FOLLOW_UP_FILTER, new Set())).toEqual([]);
  });

  it('filters by channel and purpose, each as any-of, and combines them with the customers', () => {
    const filter = { ...EMPTY_FOLLOW_UP_FILTER, channels: ['phone', 'visit'] as FollowUpChannel[] };
    expect(ids(filterFollowUps(FOLLOW_UPS, filter, null))).toEqual(['f1', 'f3', 'f4']);
    const withPurpose = { ...filter, purposes: ['邀约试驾'] };
    expect(isFollowUpFilterEmpty(withPurpose)).toBe(false);
    expect(ids(filterFollowUps(FOLLOW_UPS, withPurpose, null))).toEqual(['f3', 'f4']);
    expect(ids(filterFollowUps(FOLLOW_UPS, withPurpose, new Set(['c3'])))).toEqual(['f3']);
  });

  it('hands the customer part (search, consultant, grade, intent) to the index query', () => {
    const filter = {
      ...EMPTY_FOLLOW_UP_FILTER,
      search: '王',
      ownerIds: ['u1'],
      grades: ['A' as const],
      intentLevels: ['H' as const],
      channels: ['phone' as const],
    };
    expect(customerRestrictionOf(filter)).toEqual({
      search: '王',
      ownerIds: ['u1'],
      grades: ['A'],
      intentLevels: ['H'],
    });
    expect(isFollowUpFilterEmpty({ ...EMPTY_FOLLOW_UP_FILTER, search: '  ' })).toBe(true);
  });

  it('narrows the no-plan customers by the customer part only', () => {
    expect(filterNoPlanIds(['c1', 'c2', 'c3'], null)).toEqual(['c1', 'c2', 'c3']);
    expect(filterNoPlanIds(['c1', 'c2', 'c3'], new Set(['c3', 'c1']))).toEqual(['c1', 'c3']);
  });

  it('offers the purposes of the view, most frequent first, blanks left out', () => {
    const withBlank = [...FOLLOW_UPS, followUp('f5', 'c4', 'sms', ' ') as unknown as FollowUp];
    expect(purposesIn(withBlank)).toEqual(['邀约试驾', 'first_contact']);
  });
});
