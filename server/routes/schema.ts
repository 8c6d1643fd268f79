// GET /v1/schema: the protocol's reference (every message and table row as JSON Schema), the same
// document as docs/sync-schema.json, for whoever writes a client. It describes shapes, holds no
// data, and is public in the repository: no token needed (the protocol header is, as on all /v1).

import type { FastifyInstance } from 'fastify';
import { buildSchemaReference } from '../../shared/sync/schema-reference';

export function registerSchemaRoutes(app: FastifyInstance): void {
  const reference = buildSchemaReference();
  app.get('/v1/schema', async () => reference);
}
