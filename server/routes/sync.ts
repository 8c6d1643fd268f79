import type { FastifyInstance } from 'fastify';
import { pullQuerySchema, pushRequestSchema } from '../../shared/sync/protocol';
import type { AppContext } from '../app-context';
import { parseRequest } from '../http/errors';
import { pull } from '../sync/pull';
import { push } from '../sync/push';

export function registerSyncRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/v1/push', async (request) => {
    const caller = await ctx.authorize(request, 'sync');
    const body = parseRequest(pushRequestSchema, request.body);
    return push(ctx.db, caller, body);
  });

  app.get('/v1/pull', async (request) => {
    const caller = await ctx.authorize(request, 'sync');
    const query = parseRequest(pullQuerySchema, request.query);
    return pull(ctx.db, caller, query);
  });
}
