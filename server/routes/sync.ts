import type { FastifyInstance } from 'fastify';
import { pullQuerySchema, pushRequestSchema } from '../../shared/sync/protocol';
import type { AppContext } from '../app-context';
import { HttpError, parseRequest } from '../http/errors';
import { pull } from '../sync/pull';
import { push } from '../sync/push';

// Cursors are PostgreSQL bigints; a larger number would fail in SQL instead of being refused.
const MAX_BIGINT = 2n ** 63n - 1n;

export function registerSyncRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/v1/push', async (request) => {
    const caller = await ctx.authorize(request, 'sync');
    const body = parseRequest(pushRequestSchema, request.body);
    return push(ctx.db, caller, body);
  });

  app.get('/v1/pull', async (request) => {
    const caller = await ctx.authorize(request, 'sync');
    const query = parseRequest(pullQuerySchema, request.query);
    if (BigInt(query.cursor) > MAX_BIGINT) {
      throw new HttpError(400, 'invalid_request', 'The request is not valid.', {
        issues: [{ path: 'cursor', message: 'cursor: out of range' }],
      });
    }
    return pull(ctx.db, caller, query, { maxBytes: ctx.config.pullPageBytes });
  });
}
