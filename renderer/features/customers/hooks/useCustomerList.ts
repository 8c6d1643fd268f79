// The customer list's ids, tags and count, from the in-memory projection: recomputed in a few
// milliseconds whenever the filter, the day or a committed write changes them.

import { useMemo } from 'react';
import { customerIdsFrom, type CustomerListFilter } from '../../../db/customer-queries';
import { useListProjection } from '../../../db/projection/useListProjection';
import { useDealershipSettings } from '../../../db/useDealershipSettings';
import { localDay } from '../../../../shared/domain/dates';
import { useNow } from '../../../ui/useNow';

export type CustomerIdList = {
  /** Ids in display order. */
  ids: string[];
  /** How many rows the list has. */
  count: number;
  /** Always true now that the whole list is known at once (kept for the list's callers). */
  complete: boolean;
};

/** The ids of the cards matching the filter (undefined while nothing is known yet). */
export function useCustomerIds(filter: CustomerListFilter): CustomerIdList | undefined {
  // Intent levels are today's: the list is asked again when the day turns over.
  const today = localDay(new Date(useNow(60_000)));
  const snapshot = useListProjection();
  const settings = useDealershipSettings();
  return useMemo(() => {
    if (!snapshot || !settings) return undefined;
    const ids = customerIdsFrom(snapshot.projection, filter, today, settings.intentThresholds);
    return { ids, count: ids.length, complete: true };
  }, [snapshot, settings, filter, today]);
}

/** Every tag in use, for the tag filter (undefined while loading). */
export function useCustomerTags(): string[] | undefined {
  const snapshot = useListProjection();
  return useMemo(() => snapshot?.projection.tags(), [snapshot]);
}
