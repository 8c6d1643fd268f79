// The ids of a follow-up view's rows under the page's search and filters, read live. Only ids and
// the small follow-up records are held; the table reads the customers of the rows on screen.

import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../../db/db';
import { customerIdsMatching } from '../../../db/customer-queries';
import { plannedInView } from '../../../db/follow-up-queries';
import type { FollowUpBucket } from '../../../../shared/domain/follow-up';
import {
  customerRestrictionOf,
  filterFollowUps,
  filterNoPlanIds,
  purposesIn,
  type FollowUpFilter,
} from '../follow-up-filter';

export type FollowUpIdList = { ids: string[]; purposes: string[] };

/** undefined while loading. */
export function useFollowUpIds(
  view: FollowUpBucket,
  now: Date,
  filter: FollowUpFilter,
): FollowUpIdList | undefined {
  return useLiveQuery(async () => {
    const [followUps, customerIds] = await Promise.all([
      plannedInView(db, view, now),
      customerIdsMatching(db, customerRestrictionOf(filter)),
    ]);
    return {
      ids: filterFollowUps(followUps, filter, customerIds).map((followUp) => followUp.id),
      purposes: purposesIn(followUps),
    };
  }, [view, now, filter]);
}

/** The no-plan customers (computed once with the counts) that pass the customer filters. */
export function useNoPlanIds(ids: string[], filter: FollowUpFilter): string[] | undefined {
  return useLiveQuery(
    async () => filterNoPlanIds(ids, await customerIdsMatching(db, customerRestrictionOf(filter))),
    [ids, filter],
  );
}
