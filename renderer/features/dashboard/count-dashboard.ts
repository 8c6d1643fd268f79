// Counts the dashboard in a worker when the platform has one, on this thread otherwise (vitest,
// or a shell that refuses the worker: should it fail to start, counting falls back for good).

import type { AppDB } from '../../db/AppDB';
import {
  loadDashboardData,
  type DashboardLoadOptions,
  type DashboardLoadProgress,
} from './dashboard-data';
import { dashboardMetrics, type DashboardMetrics } from './dashboard-metrics';
import type { DashboardRange } from './date-range';
import type { WorkerReply, WorkerRequest } from './worker/protocol';

type Pending = {
  resolve: (metrics: DashboardMetrics) => void;
  reject: (error: Error) => void;
  onProgress?: (progress: DashboardLoadProgress) => void;
  /** Counting here instead, if the worker turns out not to work. */
  fallback: () => void;
};

/** undefined: not tried yet; null: no worker on this platform (or it failed to start). */
let worker: Worker | null | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();

function countHere(
  db: AppDB,
  range: DashboardRange,
  now: Date,
  options: DashboardLoadOptions,
): Promise<DashboardMetrics> {
  return loadDashboardData(db, range, options).then((data) => dashboardMetrics(data, range, now));
}

function handleReply(reply: WorkerReply): void {
  const request = pending.get(reply.id);
  if (!request) return;
  if (reply.kind === 'progress') {
    request.onProgress?.({ read: reply.read, total: reply.total });
    return;
  }
  pending.delete(reply.id);
  if (reply.kind === 'done') request.resolve(reply.metrics);
  else request.reject(new Error(reply.message));
}

function dashboardWorker(): Worker | null {
  if (worker !== undefined) return worker;
  if (typeof Worker === 'undefined') return (worker = null);
  try {
    const created = new Worker(new URL('./worker/dashboard.worker.ts', import.meta.url), {
      type: 'module',
      name: 'dashboard',
    });
    created.onmessage = (event: MessageEvent<WorkerReply>) => handleReply(event.data);
    created.onerror = () => {
      created.terminate();
      worker = null;
      const waiting = [...pending.values()];
      pending.clear();
      for (const request of waiting) request.fallback();
    };
    worker = created;
  } catch {
    worker = null;
  }
  return worker;
}

export function countDashboard(
  db: AppDB,
  range: DashboardRange,
  now: Date,
  options: DashboardLoadOptions = {},
): Promise<DashboardMetrics> {
  const target = dashboardWorker();
  if (!target) return countHere(db, range, now, options);
  return new Promise((resolve, reject) => {
    const id = nextId;
    nextId += 1;
    const send = (message: WorkerRequest) => target.postMessage(message);
    pending.set(id, {
      resolve,
      reject,
      onProgress: options.onProgress,
      fallback: () => countHere(db, range, now, options).then(resolve, reject),
    });
    options.signal?.addEventListener(
      'abort',
      () => {
        if (!pending.delete(id)) return;
        send({ kind: 'cancel', id });
        reject(new DOMException('The count was cancelled', 'AbortError'));
      },
      { once: true },
    );
    send({ kind: 'count', id, dbName: db.name, range, now: now.getTime() });
  });
}

/** Whether counts run in the worker (false once it failed to start): for the benchmark's report. */
export function countsInWorker(): boolean {
  return dashboardWorker() !== null;
}
