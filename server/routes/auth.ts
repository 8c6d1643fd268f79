// Login, token refresh, logout and "who am I". Login is rate limited per address and login name.

import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  loginRequestSchema,
  logoutRequestSchema,
  refreshRequestSchema,
  type MeResponse,
} from '../../shared/sync/protocol';
import type { AppContext } from '../app-context';
import { login, logout, refresh } from '../auth/sessions';
import { listTeam } from '../db/users';
import { parseRequest } from '../http/errors';

function rateLimitKey(request: FastifyRequest): string {
  const body = request.body;
  const name =
    typeof body === 'object' && body !== null && 'login' in body && typeof body.login === 'string'
      ? body.login.trim().toLowerCase().slice(0, 64)
      : '';
  return `${request.ip}|${name}`;
}

export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/v1/auth/login',
    {
      config: {
        rateLimit: {
          max: ctx.config.loginRateLimit,
          timeWindow: 60_000,
          // After body parsing, so the key can include the login.
          hook: 'preHandler',
          keyGenerator: rateLimitKey,
        },
      },
    },
    async (request) => {
      const body = parseRequest(loginRequestSchema, request.body);
      return login(ctx.db, ctx.sessions, body);
    },
  );

  app.post('/v1/auth/refresh', async (request) => {
    const body = parseRequest(refreshRequestSchema, request.body);
    return refresh(ctx.db, ctx.sessions, body.refreshToken);
  });

  app.post('/v1/auth/logout', async (request, reply) => {
    const body = parseRequest(logoutRequestSchema, request.body);
    await logout(ctx.db, body.refreshToken);
    return reply.code(204).send();
  });

  app.get('/v1/me', async (request): Promise<MeResponse> => {
    const caller = await ctx.authorize(request, 'sync');
    return {
      user: caller,
      team: await listTeam(ctx.db, caller.dealershipId),
      serverTime: new Date().toISOString(),
    };
  });
}
