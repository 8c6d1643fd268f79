// The list projection as React sees it: re-rendered when a committed write changes it, undefined
// while it is being built (or while the vault is locked), so a screen shows "loading" then.

import { useCallback, useEffect, useMemo, useSyncExternalStore } from 'react';
import type { AppDB } from '../AppDB';
import { db as appDb } from '../db';
import type { ListProjection } from './list-projection';
import {
  currentProjection,
  installProjection,
  projectionIfReady,
  projectionProgress,
  projectionVersion,
  subscribeProjection,
  subscribeProjectionProgress,
  type ProjectionProgress,
} from './projection-store';

// The app's database gets the middleware before anything opens it (modules load before the first
// query runs); databases made after projection-store loads get it as a Dexie addon anyway.
installProjection(appDb);

/** A projection and the version it was read at: a new object whenever the lists may change. */
export type ProjectionSnapshot = { projection: ListProjection; version: number };

export function useListProjection(db: AppDB = appDb): ProjectionSnapshot | undefined {
  const subscribe = useCallback((listener: () => void) => subscribeProjection(db, listener), [db]);
  const version = useSyncExternalStore(subscribe, () => projectionVersion(db));
  // Until the vault builds it on unlock, the first screen that needs it builds it.
  useEffect(() => {
    projectionIfReady(db);
  }, [db, version]);
  const projection = currentProjection(db);
  return useMemo(() => (projection ? { projection, version } : undefined), [projection, version]);
}

/**
 * How far the build the lists wait for is (cards read of all cards, when it reads every row), or
 * null when none runs. Re-rendered at most every PROGRESS_INTERVAL_MS while it reads.
 */
export function useProjectionProgress(db: AppDB = appDb): ProjectionProgress | null {
  const subscribe = useCallback(
    (listener: () => void) => subscribeProjectionProgress(db, listener),
    [db],
  );
  return useSyncExternalStore(subscribe, () => projectionProgress(db));
}
