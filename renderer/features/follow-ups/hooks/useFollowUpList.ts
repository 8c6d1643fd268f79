// The follow-up views' counts and ids under the page's search and filters, from the in-memory
// projection (recomputed on every committed write). The table reads the rows on screen only.

import { useMemo } from 'react';
import {
  overviewFrom,
  plannedSummariesInView,
  type FollowUpOverview,
} from '../../../db/follow-up-queries';
import { useListProjection } from '../../../db/projection/useListProjection';
import { useDealershipSettings } from '../../../db/useDealershipSettings';
import { localDay } from '../../../../shared/domain/dates';
import type { FollowUpBucket } from '../../../../shared/domain/follow-up';
import {
  customerRestrictionOf,
  filterFollowUps,
  filterNoPlanIds,
  purposesIn,
  type FollowUpFilter,
} from '../follow-up-filter';

export type FollowUpIdList = { ids: string[]; purposes: string[] };

/** The counts of every view and the no-plan ids; undefined while loading. */
export function useFollowUpOverview(now: Date): FollowUpOverview | undefined {
  const snapshot = useListProjection();
  return useMemo(() => snapshot && overviewFrom(snapshot.projection, now), [snapshot, now]);
}

/** undefined while loading. */
export function useFollowUpIds(
  view: FollowUpBucket,
  now: Date,
  filter: FollowUpFilter,
): FollowUpIdList | undefined {
  const snapshot = useListProjection();
  const settings = useDealershipSettings();
  return useMemo(() => {
    if (!snapshot || !settings) return undefined;
    const planned = plannedSummariesInView(snapshot.projection, view, now);
    const customerIds = snapshot.projection.customerIdsMatching(
      customerRestrictionOf(filter),
      localDay(now),
      settings.intentThresholds,
    );
    return {
      ids: filterFollowUps(planned, filter, customerIds).map((followUp) => followUp.id),
      purposes: purposesIn(planned),
    };
  }, [snapshot, settings, view, now, filter]);
}

/** The no-plan customers (computed once with the counts) that pass the customer filters. */
export function useNoPlanIds(ids: string[], filter: FollowUpFilter): string[] | undefined {
  const snapshot = useListProjection();
  const settings = useDealershipSettings();
  return useMemo(() => {
    if (!snapshot || !settings) return undefined;
    const customerIds = snapshot.projection.customerIdsMatching(
      customerRestrictionOf(filter),
      localDay(new Date()),
      settings.intentThresholds,
    );
    return filterNoPlanIds(ids, customerIds);
  }, [snapshot, settings, ids, filter]);
}
