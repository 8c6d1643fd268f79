// Graceful stop: Fastify stops accepting, ends the SSE streams (preClose hook) and waits for
// requests in flight. A client may also hold a connection open on which it never sent a request
// (fetch implementations open spare ones); Node's server.close() waits for those until the client
// gives up, so after a grace period every remaining connection is cut.

import type { FastifyInstance } from 'fastify';

export async function closeGracefully(app: FastifyInstance, graceMs: number): Promise<void> {
  const timer = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}
