// An in-memory sync server for the Playwright e2e suite and the README screenshots, seeded with
// the fixed accounts of e2e-accounts.ts: one dealership per parallel slot, each with an admin, a
// manager and two consultants. Nothing is kept: every start begins empty.
//
// Run: node --import tsx test/support/e2e-sync-server.ts   (port 8788, or E2E_SYNC_PORT)
// Plain HTTP on loopback by default; with E2E_SYNC_TLS_CERT and E2E_SYNC_TLS_KEY (PEM files) it
// speaks HTTPS, and with E2E_SYNC_DATA_DIR it keeps its data there across restarts (the TLS spec
// restarts it with another certificate).

import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { DEFAULT_CORS_ORIGINS } from '../../server/config';
import {
  createDealershipWithAdmin,
  createUser,
  certificateFingerprint,
  startServer,
  type Database,
  type TlsMaterial,
  type RunningServer,
} from '../../server/index';
import { E2E_DEALERSHIP_COUNT, e2eDealership, e2eSyncPort } from './e2e-accounts';

export async function seedE2eDealerships(
  database: Database,
  count = E2E_DEALERSHIP_COUNT,
): Promise<void> {
  for (let slot = 0; slot < count; slot += 1) {
    const dealership = e2eDealership(slot);
    const { dealership: created } = await createDealershipWithAdmin(database, {
      dealershipName: dealership.name,
      ...dealership.admin,
    });
    for (const [role, account] of [
      ['manager', dealership.manager],
      ['consultant', dealership.consultants[0]],
      ['consultant', dealership.consultants[1]],
    ] as const) {
      await createUser(database, { dealershipId: created.id, role, ...account });
    }
  }
}

export type E2eSyncServerOptions = {
  port: number;
  tls?: TlsMaterial;
  /** A PGlite directory kept across restarts; absent: in memory. */
  dataDir?: string;
  /** Origins of the renderer besides the defaults (the screenshot preview has its own port). */
  extraCorsOrigins?: string[];
};

export async function startE2eSyncServer(options: E2eSyncServerOptions): Promise<RunningServer> {
  const server = await startServer({
    ...(options.tls ? { tls: options.tls } : {}),
    config: {
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      port: options.port,
      corsOrigins: [...DEFAULT_CORS_ORIGINS, ...(options.extraCorsOrigins ?? [])],
      // Many tests log in as the same few accounts, all from this machine, within a minute.
      loginRateLimit: 10_000,
      loginRateLimitAddress: 100_000,
      loginRateLimitGlobal: 1_000_000,
    },
  });
  try {
    const seeded = await server.database.query<{ count: string }>(
      'SELECT count(*)::text AS count FROM dealerships',
    );
    if (seeded[0]?.count === '0') await seedE2eDealerships(server.database);
  } catch (error) {
    await server.close();
    throw error;
  }
  return server;
}

async function readTlsFiles(
  certPath: string | undefined,
  keyPath: string | undefined,
): Promise<TlsMaterial | null> {
  if (!certPath || !keyPath) return null;
  const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
  return { cert, key, fingerprint: certificateFingerprint(cert) };
}

async function main(): Promise<void> {
  // E2E_WEB_PORT: the renderer under test is served on another port than the default 4173.
  const webPort = Number(process.env.E2E_WEB_PORT);
  const tls = await readTlsFiles(process.env.E2E_SYNC_TLS_CERT, process.env.E2E_SYNC_TLS_KEY);
  const server = await startE2eSyncServer({
    port: e2eSyncPort(),
    extraCorsOrigins: webPort ? [`http://localhost:${webPort}`] : [],
    ...(tls ? { tls } : {}),
    ...(process.env.E2E_SYNC_DATA_DIR ? { dataDir: process.env.E2E_SYNC_DATA_DIR } : {}),
  });
  console.log(`e2e sync server on ${server.url} (${E2E_DEALERSHIP_COUNT} dealerships)`);
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

const runDirectly = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
