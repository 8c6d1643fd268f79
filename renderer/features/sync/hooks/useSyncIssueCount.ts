import { useLiveQuery } from 'dexie-react-hooks';
import { countSyncIssues } from '../../../db/conflicts-repo';
import { db } from '../../../db/db';

/** Unresolved conflicts plus refused changes, live; undefined while loading. */
export function useSyncIssueCount(): number | undefined {
  return useLiveQuery(() => countSyncIssues(db), []);
}
