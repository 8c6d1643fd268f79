// The export log: managers and admins record each export of the team board's follow-up list;
// admins read the dealership's log. Who exported is always the caller.

import type { FastifyInstance } from 'fastify';
import {
  listExportsQuerySchema,
  recordExportRequestSchema,
} from '../../shared/sync/export-protocol';
import type { AppContext } from '../app-context';
import { authorizeFirst, callerOf } from '../auth/authorize';
import { insertExport, listExports } from '../db/exports';
import { conflict, parseRequest } from '../http/errors';

export function registerExportRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post(
    '/v1/exports',
    authorizeFirst(ctx.authorize, 'export_follow_ups'),
    async (request, reply) => {
      const caller = callerOf(request);
      const body = parseRequest(recordExportRequestSchema, request.body);
      const stored = await insertExport(ctx.db, caller, body);
      if (!stored) throw conflict('export_id_taken', 'This export id is already taken.');
      return reply.code(stored.created ? 201 : 200).send(stored.record);
    },
  );

  app.get('/v1/exports', authorizeFirst(ctx.authorize, 'list_exports'), async (request) => {
    const caller = callerOf(request);
    const query = parseRequest(listExportsQuerySchema, request.query);
    return listExports(ctx.db, caller.dealershipId, query);
  });
}
