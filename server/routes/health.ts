// GET /health: is this a DealerDesk server, of which protocol, and can it reach its database?
// A database that is away is 503 "unavailable" (a load balancer takes the instance out; the app's
// "Test connection" says so) rather than a 500.

import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION } from '../../shared/sync/protocol';
import type { AppContext } from '../app-context';
import { DatabaseUnavailableError } from '../db/database';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '../http/errors';

export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/health', async (request, reply) => {
    try {
      await ctx.db.query('SELECT 1');
    } catch (error) {
      if (!(error instanceof DatabaseUnavailableError)) throw error;
      request.log.warn({ err: error.cause }, 'health: database unavailable');
      return reply.code(503).header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS)).send({
        status: 'unavailable',
        protocol: PROTOCOL_VERSION,
        database: ctx.db.kind,
        certificateFingerprint: ctx.certificateFingerprint,
      });
    }
    // The certificate's fingerprint is no secret (every TLS handshake shows the certificate).
    // A browser cannot see the certificate it talks to, so the browser build of the app shows
    // this for the user to compare with the one the server printed (weaker than the desktop
    // app's own look at the handshake: see server/README.md).
    return {
      status: 'ok',
      protocol: PROTOCOL_VERSION,
      database: ctx.db.kind,
      certificateFingerprint: ctx.certificateFingerprint,
    };
  });
}
