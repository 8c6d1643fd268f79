import { Readable } from 'node:stream';
import { constants } from 'node:zlib';
import type { FastifyInstance, RouteShorthandOptions } from 'fastify';
import { pullQuerySchema, pushRequestSchema } from '../../shared/sync/protocol';
import type { AppContext } from '../app-context';
import { claimFinalPush, deviceWiped, releaseFinalPush } from '../devices';
import { invalidRequest, parseRequest } from '../http/errors';
import { pull } from '../sync/pull';
import { createPullProgress } from '../sync/pull-progress';
import { push } from '../sync/push';

// Cursors are PostgreSQL bigints; a larger number would fail in SQL instead of being refused.
const MAX_BIGINT = 2n ** 63n - 1n;

/**
 * Pull pages are the server's bulk output (a first sync is tens of MiB of JSON): gzip level 1
 * instead of the default 6 costs a fraction of the CPU for a slightly larger answer — the
 * compression, not the database, was most of a first sync's server time. Same encodings and
 * threshold as every other answer (app.ts).
 */
const PULL_COMPRESSION = {
  encodings: ['gzip', 'deflate'],
  threshold: 1024,
  zlibOptions: { level: constants.Z_BEST_SPEED },
} satisfies RouteShorthandOptions['compress'];

export function registerSyncRoutes(app: FastifyInstance, ctx: AppContext): void {
  const pullProgress = createPullProgress();
  app.post('/v1/push', async (request) => {
    const caller = await ctx.authorize(request, 'push');
    const body = parseRequest(pushRequestSchema, request.body);
    const device = caller.device;
    if (!device || device.wipeMode === null) return push(ctx.db, caller, body);
    // A device being wiped after a deactivation hands over its last changes, once, as itself.
    if (body.clientId !== device.clientId) throw deviceWiped(device);
    if (!(await claimFinalPush(ctx.db, device.clientId))) {
      throw deviceWiped({ ...device, finalPushUsed: true });
    }
    try {
      return await push(ctx.db, caller, body);
    } catch (error) {
      await releaseFinalPush(ctx.db, device.clientId);
      throw error;
    }
  });

  app.get('/v1/pull', { compress: PULL_COMPRESSION }, async (request, reply) => {
    const caller = await ctx.authorize(request, 'sync');
    const query = parseRequest(pullQuerySchema, request.query);
    if (BigInt(query.cursor) > MAX_BIGINT) {
      throw invalidRequest([{ path: 'cursor', message: 'cursor: out of range' }]);
    }
    const page = await pull(
      ctx.db,
      caller,
      query,
      { maxBytes: ctx.config.pullPageBytes },
      pullProgress,
    );
    // The body is already JSON, in pieces: streamed as it is, compressed on the way out.
    return reply.type('application/json; charset=utf-8').send(Readable.from(page.body));
  });
}
