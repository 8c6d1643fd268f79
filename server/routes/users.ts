// The dealership's users: managers read the list, admins create and change users.

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  createUserRequestSchema,
  updateUserRequestSchema,
  userIdSchema,
} from '../../shared/sync/protocol';
import { createUser, updateUser } from '../accounts';
import type { AppContext } from '../app-context';
import { authorizeFirst, callerOf } from '../auth/authorize';
import { listTeam } from '../db/users';
import { parseRequest } from '../http/errors';

// The users table's id is a uuid column: anything else would fail in SQL, not be refused.
const userParamsSchema = z.object({ id: userIdSchema }).strict();

export function registerUserRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/v1/users', authorizeFirst(ctx.authorize, 'list_users'), async (request) => {
    const caller = callerOf(request);
    return { users: await listTeam(ctx.db, caller.dealershipId) };
  });

  app.post('/v1/users', authorizeFirst(ctx.authorize, 'manage_users'), async (request, reply) => {
    const caller = callerOf(request);
    const body = parseRequest(createUserRequestSchema, request.body);
    const user = await createUser(ctx.db, { ...body, dealershipId: caller.dealershipId });
    const { dealershipId: _dealershipId, ...member } = user;
    return reply.code(201).send(member);
  });

  app.patch('/v1/users/:id', authorizeFirst(ctx.authorize, 'manage_users'), async (request) => {
    const caller = callerOf(request);
    const { id } = parseRequest(userParamsSchema, request.params);
    const body = parseRequest(updateUserRequestSchema, request.body);
    const member = await updateUser(ctx.db, caller, id, body);
    // A new password or a deactivation ended the user's sessions: their streams end now too.
    if (body.password || body.active === false) ctx.pokes.endSessions({ userId: member.id });
    return member;
  });
}
