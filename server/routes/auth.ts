// Login, token refresh, logout and "who am I". Login is rate limited per address and login, per
// address and in all (auth/login-limiter.ts), before the password is checked.

import type { FastifyInstance } from 'fastify';
import {
  loginRequestSchema,
  logoutRequestSchema,
  refreshRequestSchema,
  type MeResponse,
} from '../../shared/sync/protocol';
import type { AppContext } from '../app-context';
import { login, logout, refresh } from '../auth/sessions';
import { listTeam } from '../db/users';
import { deviceLabel } from '../devices';
import { parseRequest, type ServerErrorBody } from '../http/errors';

export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/v1/auth/login', async (request, reply) => {
    const body = parseRequest(loginRequestSchema, request.body);
    const refusal = await ctx.loginLimiter({ address: request.ip, login: body.login });
    if (refusal) {
      return reply
        .code(429)
        .header('retry-after', String(refusal.retryAfterSeconds))
        .send({
          error: 'rate_limited',
          reason: 'too_many_logins',
          message: `Too many login attempts; try again in ${refusal.retryAfterSeconds} seconds.`,
        } satisfies ServerErrorBody);
    }
    return login(ctx.db, ctx.sessions, body, deviceLabel(request.headers['user-agent']));
  });

  app.post('/v1/auth/refresh', async (request) => {
    const body = parseRequest(refreshRequestSchema, request.body);
    return refresh(ctx.db, ctx.sessions, body.refreshToken);
  });

  app.post('/v1/auth/logout', async (request, reply) => {
    const body = parseRequest(logoutRequestSchema, request.body);
    const ended = await logout(ctx.db, body.refreshToken);
    if (ended) ctx.pokes.endSessions({ sessionId: ended.sessionId });
    return reply.code(204).send();
  });

  app.get('/v1/me', async (request): Promise<MeResponse> => {
    const {
      sessionId: _sessionId,
      device: _device,
      ...user
    } = await ctx.authorize(request, 'sync');
    return {
      user,
      team: await listTeam(ctx.db, user.dealershipId),
      serverTime: new Date().toISOString(),
    };
  });
}
