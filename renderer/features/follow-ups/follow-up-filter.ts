// The follow-up views' search and filters, as pure functions: which customers the search and the
// customer filters let through is read from the list projection (customerIdsMatching); this part applies
// it, with the follow-up's own filters (channel, purpose), to a view's planned follow-ups.

import type { CustomerRestriction } from '../../db/customer-queries';
import type { IntentLevel } from '../../../shared/domain/intent';
import type { FollowUp, FollowUpChannel } from '../../../shared/domain/follow-up';
import type { QualificationGrade } from '../../../shared/domain/qualification';

export type FollowUpFilter = {
  /** A name prefix, or digits for a phone prefix, as in the customer list. */
  search: string;
  /** The consultants whose customers to show (managers only; empty = everyone). */
  ownerIds: string[];
  grades: QualificationGrade[];
  intentLevels: IntentLevel[];
  channels: FollowUpChannel[];
  purposes: string[];
};

export const EMPTY_FOLLOW_UP_FILTER: FollowUpFilter = {
  search: '',
  ownerIds: [],
  grades: [],
  intentLevels: [],
  channels: [],
  purposes: [],
};

export function isFollowUpFilterEmpty(filter: FollowUpFilter): boolean {
  return (
    filter.search.trim() === '' &&
    filter.ownerIds.length +
      filter.grades.length +
      filter.intentLevels.length +
      filter.channels.length +
      filter.purposes.length ===
      0
  );
}

/** The part of the filter that is about the customer. */
export function customerRestrictionOf(filter: FollowUpFilter): CustomerRestriction {
  return {
    search: filter.search,
    grades: filter.grades,
    intentLevels: filter.intentLevels,
    ownerIds: filter.ownerIds,
  };
}

/**
 * The follow-ups that pass the filter, in the order given. `customerIds` is the set the customer
 * part lets through, or null when it restricts nothing.
 */
export function filterFollowUps<Row extends Pick<FollowUp, 'customerId' | 'channel' | 'purpose'>>(
  followUps: readonly Row[],
  filter: FollowUpFilter,
  customerIds: ReadonlySet<string> | null,
): Row[] {
  const channels = new Set<string>(filter.channels);
  const purposes = new Set(filter.purposes);
  return followUps.filter(
    (followUp) =>
      (customerIds === null || customerIds.has(followUp.customerId)) &&
      (channels.size === 0 || channels.has(followUp.channel)) &&
      (purposes.size === 0 || purposes.has(followUp.purpose)),
  );
}

/** The customers of the "no plan" view that pass the filter (channel and purpose do not apply). */
export function filterNoPlanIds(
  ids: readonly string[],
  customerIds: ReadonlySet<string> | null,
): string[] {
  return customerIds === null ? [...ids] : ids.filter((id) => customerIds.has(id));
}

/** The purposes a view's follow-ups have, most frequent first, for the purpose filter. */
export function purposesIn(followUps: readonly Pick<FollowUp, 'purpose'>[]): string[] {
  const counts = new Map<string, number>();
  for (const { purpose } of followUps) {
    if (purpose.trim()) counts.set(purpose, (counts.get(purpose) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
    .map(([purpose]) => purpose);
}
