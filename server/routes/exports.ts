// The export log: managers and admins record each export of the team board's follow-up list;
// admins read the dealership's log. Who exported is always the caller.

import type { FastifyInstance } from 'fastify';
import {
  listExportsQuerySchema,
  recordExportRequestSchema,
} from '../../shared/sync/export-protocol';
import type { AppContext } from '../app-context';
import { insertExport, listExports } from '../db/exports';
import { conflict, parseRequest } from '../http/errors';

export function registerExportRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post('/v1/exports', async (request, reply) => {
    const caller = await ctx.authorize(request, 'export_follow_ups');
    const body = parseRequest(recordExportRequestSchema, request.body);
    const stored = await insertExport(ctx.db, caller, body);
    if (!stored) throw conflict('This export id is already taken.');
    return reply.code(stored.created ? 201 : 200).send(stored.record);
  });

  app.get('/v1/exports', async (request) => {
    const caller = await ctx.authorize(request, 'list_exports');
    const query = parseRequest(listExportsQuerySchema, request.query);
    return listExports(ctx.db, caller.dealershipId, query);
  });
}
