import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION } from '../../shared/sync/protocol';
import type { AppContext } from '../app-context';

export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/health', async () => {
    // A server that cannot reach its database is not healthy: this throws into a 500.
    await ctx.db.query('SELECT 1');
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
