// Counts the dashboard off the UI thread: at 100,000 customers a quarter's count reads about
// 230,000 rows, and turning them into objects (and collecting them afterwards) is work the UI
// thread would otherwise do in slices of up to ~0.7 s. Here it costs the screen nothing; only the
// small metrics object travels back.

import { AppDB } from '../../../db/AppDB';
import { fixedKeySource } from '../../../vault/field-keys';
import { loadDashboardData } from '../dashboard-data';
import { dashboardMetrics } from '../dashboard-metrics';
import type { CountRequest, WorkerReply, WorkerRequest } from './protocol';

const running = new Map<number, AbortController>();

function reply(message: WorkerReply): void {
  self.postMessage(message);
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.kind === 'cancel') running.get(request.id)?.abort();
  else void count(request);
};

async function count(request: CountRequest): Promise<void> {
  const controller = new AbortController();
  running.set(request.id, controller);
  // A connection per count: one kept open would block the app's schema upgrades and its
  // delete on logout, and would not see a database deleted and made again.
  // It holds no keys: it counts from the clear fields (codes, dates, owners) and nothing else.
  const db = new AppDB(request.dbName, fixedKeySource(null), { whenLocked: 'clear-fields-only' });
  try {
    const data = await loadDashboardData(db, request.range, {
      signal: controller.signal,
      onProgress: (progress) => reply({ kind: 'progress', id: request.id, ...progress }),
    });
    const metrics = dashboardMetrics(data, request.range, new Date(request.now));
    reply({ kind: 'done', id: request.id, metrics });
  } catch (error) {
    if (!controller.signal.aborted) {
      reply({
        kind: 'failed',
        id: request.id,
        message: error instanceof Error ? error.message : String(error),
      });
    }
  } finally {
    running.delete(request.id);
    db.close();
  }
}
