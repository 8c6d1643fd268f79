import type { FastifyInstance } from 'fastify';
import { PROTOCOL_VERSION } from '../../shared/sync/protocol';
import type { AppContext } from '../app-context';

export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/health', async () => {
    // A server that cannot reach its database is not healthy: this throws into a 500.
    await ctx.db.query('SELECT 1');
    return { status: 'ok', protocol: PROTOCOL_VERSION, database: ctx.db.kind };
  });
}
