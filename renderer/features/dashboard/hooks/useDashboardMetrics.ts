// Counts the dashboard for a range (in a worker: count-dashboard.ts) and counts again when the rows
// it reads change. Not a live query: at 100,000 cards a count reads tens of thousands of rows, and
// a first sync commits a page a second; so changes are watched through Dexie's storagemutated
// event and a recount starts once they have settled. While a recount of the same range runs, the
// last figures stay on screen.

import Dexie, { type ObservabilitySet } from 'dexie';
import { useCallback, useEffect, useState } from 'react';
import { db } from '../../../db/db';
import { countDashboard } from '../count-dashboard';
import type { DashboardLoadProgress } from '../dashboard-data';
import type { DashboardMetrics } from '../dashboard-metrics';
import type { DashboardRange } from '../date-range';

/** The tables whose changes alter a figure. */
const WATCHED_TABLES = ['customers', 'followUps', 'surveys', 'complaints', 'team'] as const;
/** Quiet time after the last change before counting again. */
const SETTLE_MS = 1_500;

type Counted = { rangeKey: string; key: string; metrics: DashboardMetrics; computedAt: Date };

export type DashboardCount = {
  /** The range's figures; null until the first count of this range finishes. */
  metrics: DashboardMetrics | null;
  computedAt: Date | null;
  /** A count of the current range (or a recount) is running. */
  counting: boolean;
  progress: DashboardLoadProgress | null;
  error: string | null;
  recount: () => void;
};

export function useDashboardMetrics(range: DashboardRange): DashboardCount {
  const [revision, setRevision] = useState(0);
  const [counted, setCounted] = useState<Counted | null>(null);
  const [progress, setProgress] = useState<{ key: string } & DashboardLoadProgress>();
  const [failure, setFailure] = useState<{ key: string; message: string }>();
  const { from, to } = range;
  const rangeKey = `${from}/${to}`;
  const key = `${rangeKey}#${revision}`;

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const prefixes = WATCHED_TABLES.map((table) => `idb://${db.name}/${table}/`);
    const handleMutated = (parts: ObservabilitySet) => {
      if (!Object.keys(parts).some((part) => prefixes.some((prefix) => part.startsWith(prefix))))
        return;
      clearTimeout(timer);
      timer = setTimeout(() => setRevision((current) => current + 1), SETTLE_MS);
    };
    Dexie.on('storagemutated', handleMutated);
    return () => {
      clearTimeout(timer);
      Dexie.on('storagemutated').unsubscribe(handleMutated);
    };
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    const countRange = { from, to };
    const now = new Date();
    countDashboard(db, countRange, now, {
      signal: controller.signal,
      onProgress: (step) => setProgress({ key, ...step }),
    }).then(
      (metrics) => {
        if (controller.signal.aborted) return;
        setCounted({ rangeKey, key, metrics, computedAt: now });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setFailure({ key, message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [from, to, rangeKey, key]);

  const recount = useCallback(() => setRevision((current) => current + 1), []);
  const current = counted?.rangeKey === rangeKey ? counted : null;
  const error = failure?.key === key ? failure.message : null;
  return {
    metrics: current?.metrics ?? null,
    computedAt: current?.computedAt ?? null,
    counting: counted?.key !== key && error === null,
    progress: progress?.key === key ? progress : null,
    error,
    recount,
  };
}
