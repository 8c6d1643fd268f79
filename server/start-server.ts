// A real server on a loopback port with a fresh in-memory database unless one is given: for the
// server's own SSE tests and for client integration tests that need an actual HTTP endpoint.
// Plain HTTP unless a certificate is given (tests talk to it over loopback only).

import type { FastifyInstance } from 'fastify';
import { buildServer } from './app';
import { IN_MEMORY_DATA_DIR, loadConfig, type Config } from './config';
import type { Database } from './db/database';
import { migrate } from './db/migrations';
import { openDatabase } from './db/open-database';
import { closeGracefully } from './shutdown';
import type { TlsMaterial } from './tls';

export type RunningServer = {
  /** e.g. http://127.0.0.1:40123, or https://… with `tls` (no trailing slash). */
  url: string;
  /** The certificate's SHA-256 fingerprint with `tls`; null over HTTP. */
  certificateFingerprint: string | null;
  app: FastifyInstance;
  database: Database;
  config: Config;
  /** Stops the server, and closes the database if startServer opened it. */
  close(): Promise<void>;
};

export type StartServerOptions = {
  /** Overrides of the defaults (port 0 on 127.0.0.1, in-memory PGlite, silent logs). */
  config?: Partial<Config>;
  /** Use this database (it is migrated, and left open on close) instead of a fresh one. */
  database?: Database;
  heartbeatMs?: number;
  /** Speak HTTPS with this certificate (server/tls.ts makes one). */
  tls?: TlsMaterial;
};

export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const config: Config = {
    ...loadConfig({}),
    host: '127.0.0.1',
    port: 0,
    dataDir: IN_MEMORY_DATA_DIR,
    logLevel: 'silent',
    ...options.config,
  };
  const ownsDatabase = !options.database;
  const database = options.database ?? (await openDatabase(config));
  try {
    await migrate(database);
    const app = await buildServer(config, database, {
      ...(options.heartbeatMs ? { heartbeatMs: options.heartbeatMs } : {}),
      ...(options.tls ? { tls: options.tls } : {}),
    });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('Not listening on TCP');
    const { port } = address;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return {
      url: `${options.tls ? 'https' : 'http'}://${host}:${port}`,
      certificateFingerprint: options.tls?.fingerprint ?? null,
      app,
      database,
      config,
      async close() {
        await closeGracefully(app, 250);
        if (ownsDatabase) await database.close();
      },
    };
  } catch (error) {
    if (ownsDatabase) await database.close();
    throw error;
  }
}
