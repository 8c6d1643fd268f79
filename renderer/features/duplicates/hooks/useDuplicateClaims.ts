import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../../db/db';
import {
  countDuplicateClaims,
  loadClaimCardDetails,
  queryDuplicateClaims,
  type ClaimCardDetails,
  type CustomerClaim,
} from '../duplicate-claims';

/** The open claims, live: a pull that brings a duplicate or a merge updates the list. */
export function useDuplicateClaims(): CustomerClaim[] | undefined {
  return useLiveQuery(() => queryDuplicateClaims(db), []);
}

/** How many claims wait (the sidebar badge); 0 when not a manager, undefined while loading. */
export function useDuplicateClaimCount(enabled: boolean): number | undefined {
  return useLiveQuery(() => (enabled ? countDuplicateClaims(db) : 0), [enabled]);
}

/** Last contact and row counts of the given cards, live. */
export function useClaimCardDetails(
  customerIds: readonly string[],
): Map<string, ClaimCardDetails> | undefined {
  const key = customerIds.join(',');
  // The key stands for the ids: a new array with the same ids must not start a new query.
  return useLiveQuery(() => loadClaimCardDetails(db, customerIds), [key]);
}
