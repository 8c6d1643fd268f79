// The Fastify application: logging, limits, CORS, the protocol-version gate, error mapping and
// every route. buildServer() expects a migrated database and does not listen; main.ts and
// start-server.ts do that.

import compress from '@fastify/compress';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance } from 'fastify';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../shared/sync/protocol';
import type { AppContext } from './app-context';
import { createAuthorizer } from './auth/authorize';
import { createTokenSigner } from './auth/tokens';
import type { Config } from './config';
import type { Database } from './db/database';
import { getOrCreateSecret, JWT_SECRET_NAME } from './db/secrets';
import { createPokeHub } from './events/poke-hub';
import { HttpError, installErrorHandlers } from './http/errors';
import { installJsonBodyParser } from './http/json-body';
import { registerAuthRoutes } from './routes/auth';
import { registerCommandRoutes } from './routes/commands';
import { registerEventRoutes } from './routes/events';
import { registerExportRoutes } from './routes/exports';
import { registerHealthRoutes } from './routes/health';
import { registerSyncRoutes } from './routes/sync';
import { registerUserRoutes } from './routes/users';

export type BuildOptions = {
  /** SSE keep-alive interval (25 s; tests shorten it). */
  heartbeatMs?: number;
};

export async function buildServer(
  config: Config,
  db: Database,
  options: BuildOptions = {},
): Promise<FastifyInstance> {
  const secret = config.jwtSecret ?? (await getOrCreateSecret(db, JWT_SECRET_NAME));
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Fastify's request serializer logs no headers today; this keeps it so if that changes.
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
    bodyLimit: config.bodyLimitBytes,
    // Idle keep-alive sockets must not hold a shutdown up.
    forceCloseConnections: 'idle',
  });

  const pokes = createPokeHub((payload) =>
    app.log.warn({ payload }, 'ignored a malformed change notice'),
  );
  const signer = createTokenSigner(secret, config.accessTtlSeconds);
  const ctx: AppContext = {
    config,
    db,
    authorize: createAuthorizer(db, signer),
    sessions: { signer, refreshTtlSeconds: config.refreshTtlSeconds },
    pokes,
    heartbeatMs: options.heartbeatMs ?? 25_000,
  };

  installErrorHandlers(app);
  installJsonBodyParser(app);
  await app.register(cors, {
    origin: config.corsOrigins,
    methods: ['GET', 'POST', 'PATCH', 'OPTIONS'],
    allowedHeaders: ['authorization', 'content-type', PROTOCOL_HEADER],
    exposedHeaders: ['retry-after'],
    maxAge: 600,
  });
  // A first sync is tens of MB of JSON (rows and their per-field clocks) that gzips about 10×.
  // The event stream is hijacked, so pokes are never held back in a compression buffer.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['gzip', 'deflate'] });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'rate_limited', `Too many login attempts; try again in ${context.after}.`),
  });

  // An old client must stop before it writes anything the server would misread.
  app.addHook('onRequest', async (request) => {
    if (request.method === 'OPTIONS' || !request.url.startsWith('/v1/')) return;
    if (request.headers[PROTOCOL_HEADER] !== String(PROTOCOL_VERSION)) {
      throw new HttpError(
        426,
        'protocol_outdated',
        `This server speaks sync protocol ${PROTOCOL_VERSION}; please update the app.`,
        { serverProtocol: PROTOCOL_VERSION },
      );
    }
  });

  registerHealthRoutes(app, ctx);
  registerAuthRoutes(app, ctx);
  registerUserRoutes(app, ctx);
  registerSyncRoutes(app, ctx);
  registerEventRoutes(app, ctx);
  registerCommandRoutes(app, ctx);
  registerExportRoutes(app, ctx);

  await pokes.listen(db);
  // SSE streams never finish by themselves: end them before close() waits for open requests.
  app.addHook('preClose', async () => {
    await pokes.close();
  });
  return app;
}
