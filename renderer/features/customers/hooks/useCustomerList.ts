import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../../db/db';
import {
  countCustomers,
  isUnfiltered,
  queryCustomerIds,
  queryFirstCustomerIds,
  type CustomerListFilter,
} from '../../../db/customer-queries';
import { localDay } from '../../../../shared/domain/dates';
import { useNow } from '../../../ui/useNow';

const FIRST_SCREEN = 100;

export type CustomerIdList = {
  /** Ids in display order; may be only the first screen's while `complete` is false. */
  ids: string[];
  /** How many rows the list has (known before all their ids are). */
  count: number;
  complete: boolean;
};

/** The ids of the cards matching the filter (undefined while nothing is known yet). */
export function useCustomerIds(filter: CustomerListFilter): CustomerIdList | undefined {
  // Intent levels are today's: the list is asked again when the day turns over.
  const today = localDay(new Date(useNow(60_000)));
  const full = useLiveQuery(() => queryCustomerIds(db, filter, today), [filter, today]);
  const firstScreen = useLiveQuery(
    async () =>
      isUnfiltered(filter)
        ? {
            ids: await queryFirstCustomerIds(db, filter.sort, FIRST_SCREEN),
            count: await countCustomers(db),
          }
        : null,
    [filter],
  );
  if (full) return { ids: full, count: full.length, complete: true };
  if (firstScreen) return { ...firstScreen, complete: false };
  return undefined;
}
