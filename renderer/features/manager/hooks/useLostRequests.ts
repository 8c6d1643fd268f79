import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../../db/db';
import { countLostRequests, queryLostRequests, type LostRequest } from '../lost-requests';

/** The open lost requests, live: a pull that brings a new request or a decision updates it. */
export function useLostRequests(): LostRequest[] | undefined {
  return useLiveQuery(() => queryLostRequests(db), []);
}

/** How many requests wait (for the sidebar badge); undefined while loading. */
export function useLostRequestCount(enabled: boolean): number | undefined {
  return useLiveQuery(() => (enabled ? countLostRequests(db) : 0), [enabled]);
}
