// The Fastify application: logging, limits, CORS, the protocol-version gate, error mapping and
// every route. buildServer() expects a migrated database and does not listen; main.ts and
// start-server.ts do that.

import type http from 'node:http';
import https from 'node:https';
import compress from '@fastify/compress';
import cors from '@fastify/cors';
import Fastify, { type FastifyInstance } from 'fastify';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../shared/sync/protocol';
import type { AppContext } from './app-context';
import { createAuthorizer } from './auth/authorize';
import { createLoginLimiter } from './auth/login-limiter';
import { createTokenSigner } from './auth/tokens';
import type { Config } from './config';
import type { Database } from './db/database';
import type { TlsMaterial } from './tls';
import { getOrCreateSecret, JWT_SECRET_NAME } from './db/secrets';
import { createPokeHub } from './events/poke-hub';
import { HttpError, installErrorHandlers } from './http/errors';
import { registerAttachmentRoutes } from './routes/attachments';
import { installJsonBodyParser } from './http/json-body';
import { registerAuthRoutes } from './routes/auth';
import { registerCommandRoutes } from './routes/commands';
import { registerEventRoutes } from './routes/events';
import { registerExportRoutes } from './routes/exports';
import { registerHealthRoutes } from './routes/health';
import { registerSchemaRoutes } from './routes/schema';
import { registerSyncRoutes } from './routes/sync';
import { registerUpdateRoutes } from './routes/updates';
import { registerUserRoutes } from './routes/users';
import { registerDeviceRoutes } from './routes/devices';

export type BuildOptions = {
  /** SSE keep-alive interval (25 s; tests shorten it). */
  heartbeatMs?: number;
  /** Where the JSON log goes (stdout; tests read it). */
  logStream?: { write(line: string): void };
  /** Speak HTTPS with this certificate (tls.ts); absent: plain HTTP. */
  tls?: TlsMaterial;
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
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    bodyLimit: config.bodyLimitBytes,
    // Idle keep-alive sockets must not hold a shutdown up.
    forceCloseConnections: 'idle',
    // A client that opens a connection and never finishes its request (a slow body, headers a
    // byte at a time) must not hold a socket for ever: Node cuts it with a 408. The event stream
    // lifts the idle timeout for its own socket (routes/events.ts).
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: config.connectionTimeoutMs,
    keepAliveTimeout: config.keepAliveTimeoutMs,
    http: {
      requestTimeout: config.requestTimeoutMs,
      headersTimeout: config.headersTimeoutMs,
      // How often Node looks for requests past those timeouts (its default is 30 s).
      connectionsCheckingInterval: Math.min(30_000, Math.ceil(config.headersTimeoutMs / 4)),
    },
    // Fastify's https option changes the instance's type; a factory keeps one type for both.
    ...(options.tls
      ? {
          serverFactory: (handler: http.RequestListener) =>
            https.createServer(
              {
                cert: options.tls?.cert,
                key: options.tls?.key,
                requestTimeout: config.requestTimeoutMs,
                headersTimeout: config.headersTimeoutMs,
                connectionsCheckingInterval: Math.min(
                  30_000,
                  Math.ceil(config.headersTimeoutMs / 4),
                ),
              },
              handler,
            ),
        }
      : {}),
  });
  // More open connections than this are refused at once, before any parsing.
  app.server.maxConnections = config.maxConnections;

  const pokes = createPokeHub((payload) =>
    app.log.warn({ bytes: payload.length }, 'ignored a malformed change notice'),
  );
  const signer = createTokenSigner(secret, config.accessTtlSeconds);
  const ctx: AppContext = {
    config,
    db,
    authorize: createAuthorizer(db, signer),
    sessions: {
      signer,
      refreshTtlSeconds: config.refreshTtlSeconds,
      refreshReuseSeconds: config.refreshReuseSeconds,
    },
    loginLimiter: createLoginLimiter(db, {
      perAddressAndLogin: config.loginRateLimit,
      perAddress: config.loginRateLimitAddress,
      global: config.loginRateLimitGlobal,
    }),
    pokes,
    heartbeatMs: options.heartbeatMs ?? 25_000,
    certificateFingerprint: options.tls?.fingerprint ?? null,
  };

  installErrorHandlers(app);
  installJsonBodyParser(app);
  await app.register(cors, {
    origin: config.corsOrigins,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'OPTIONS'],
    allowedHeaders: ['authorization', 'content-type', PROTOCOL_HEADER],
    exposedHeaders: ['retry-after'],
    maxAge: 600,
  });
  // A first sync is tens of MB of JSON (rows and their per-field clocks) that gzips about 10×.
  // The event stream is hijacked, so pokes are never held back in a compression buffer.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['gzip', 'deflate'] });
  // Every answer: no content sniffing, and no caching of tokens or of anyone's customers.
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'no-store');
  });

  // An old client must stop before it writes anything the server would misread.
  app.addHook('onRequest', async (request) => {
    if (request.method === 'OPTIONS' || !request.url.startsWith('/v1/')) return;
    if (request.headers[PROTOCOL_HEADER] !== String(PROTOCOL_VERSION)) {
      throw new HttpError(
        426,
        'protocol_outdated',
        'protocol_outdated',
        `This server speaks sync protocol ${PROTOCOL_VERSION}; please update the app.`,
        { serverProtocol: PROTOCOL_VERSION },
      );
    }
  });

  registerHealthRoutes(app, ctx);
  registerAuthRoutes(app, ctx);
  registerUserRoutes(app, ctx);
  registerDeviceRoutes(app, ctx);
  registerSyncRoutes(app, ctx);
  registerEventRoutes(app, ctx);
  registerCommandRoutes(app, ctx);
  registerExportRoutes(app, ctx);
  registerSchemaRoutes(app);
  registerUpdateRoutes(app, ctx);
  registerAttachmentRoutes(app, ctx);

  await pokes.listen(db);
  // SSE streams never finish by themselves: end them before close() waits for open requests.
  app.addHook('preClose', async () => {
    await pokes.close();
  });
  return app;
}
