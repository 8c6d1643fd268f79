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
import { listTeam } from '../db/users';
import { parseRequest } from '../http/errors';

// The users table's id is a uuid column: anything else would fail in SQL, not be refused.
const userParamsSchema = z.object({ id: userIdSchema }).strict();

export function registerUserRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/v1/users', async (request) => {
    const caller = await ctx.authorize(request, 'list_users');
    return { users: await listTeam(ctx.db, caller.dealershipId) };
  });

  app.post('/v1/users', async (request, reply) => {
    const caller = await ctx.authorize(request, 'manage_users');
    const body = parseRequest(createUserRequestSchema, request.body);
    const user = await createUser(ctx.db, { ...body, dealershipId: caller.dealershipId });
    const { dealershipId: _dealershipId, ...member } = user;
    return reply.code(201).send(member);
  });

  app.patch('/v1/users/:id', async (request) => {
    const caller = await ctx.authorize(request, 'manage_users');
    const { id } = parseRequest(userParamsSchema, request.params);
    const body = parseRequest(updateUserRequestSchema, request.body);
    return updateUser(ctx.db, caller, id, body);
  });
}
