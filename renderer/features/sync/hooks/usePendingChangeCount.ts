import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../../db/db';
import { countPendingChanges } from '../../../db/write-path';

/**
 * Local changes not yet pushed (undefined while loading). Read from the outbox itself, so the count
 * is right in local mode and before the engine starts.
 */
export function usePendingChangeCount(): number | undefined {
  return useLiveQuery(() => countPendingChanges(db), []);
}
