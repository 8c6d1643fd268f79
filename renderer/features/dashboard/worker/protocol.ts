// The messages between the dashboard and its counting worker (worker/dashboard.worker.ts).

import type { DashboardMetrics } from '../dashboard-metrics';
import type { DashboardRange } from '../date-range';

export type CountRequest = {
  kind: 'count';
  id: number;
  /** The app's database, opened by name in the worker (same origin, same IndexedDB). */
  dbName: string;
  range: DashboardRange;
  /** "Now" for the overdue decisions, so a count means the same wherever it runs. */
  now: number;
};

export type WorkerRequest = CountRequest | { kind: 'cancel'; id: number };

export type WorkerReply =
  | { kind: 'progress'; id: number; read: number; total: number }
  | { kind: 'done'; id: number; metrics: DashboardMetrics }
  | { kind: 'failed'; id: number; message: string };
