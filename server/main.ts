// The server's command line (npm run server / npm run server:init).
//
//   serve (default)  start the sync server; configuration from the environment (see config.ts)
//                    over HTTPS with the data directory's certificate (made if missing) or
//                    DEALERDESK_TLS_CERT/KEY; plain HTTP only with DEALERDESK_TLS=off
//   init             create the TLS certificate and the first dealership and its admin:
//                    --dealership <name> --login <login> --name <name> [--password <pw>]
//                    (or DEALERDESK_ADMIN_PASSWORD, or a prompt when run in a terminal)
//   backup           --to <file>: a copy of the embedded database (server stopped; PGlite only)
//   restore          --from <file>: a new DEALERDESK_DATA_DIR from such a copy
//
// Run from source with `npm run server:dev`, or bundled (`npm run build:server`) as
// `node dist-server/main.js`, which needs only the runtime dependencies.
//
// Exit codes: 0 ok, 1 failure, 2 bad configuration or arguments.

import { Writable } from 'node:stream';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { createUserRequestSchema } from '../shared/sync/protocol';
import { createDealershipWithAdmin } from './accounts';
import { buildServer } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { BackupError, backupPgliteDataDir, restorePgliteDataDir } from './db/backup';
import { migrate, SchemaTooNewError } from './db/migrations';
import { openDatabase } from './db/open-database';
import type { DatabaseLogger } from './db/pg-database';
import { loginExists } from './db/users';
import { closeGracefully } from './shutdown';
import { prepareTls, TlsSetupError, type TlsSetup } from './tls';

class UsageError extends Error {}

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

async function readTls(config: Config): Promise<TlsSetup> {
  try {
    return await prepareTls(config);
  } catch (error) {
    if (error instanceof TlsSetupError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
}

/** What the admin compares with the fingerprint each app shows before it trusts the server. */
function describeTls(tls: TlsSetup): string {
  if (tls.kind === 'off')
    return 'TLS is off: passwords and customer data cross the network in clear';
  const origin = {
    given: `the certificate ${tls.certPath}`,
    created: `a new self-signed certificate, saved in ${tls.certPath}`,
    kept: `the self-signed certificate ${tls.certPath}`,
  }[tls.source];
  return `HTTPS with ${origin}\nCertificate SHA-256 fingerprint (compare it with the one the app shows):\n  ${tls.material.fingerprint}`;
}

async function serve(): Promise<void> {
  const config = readConfig();
  const tls = await readTls(config);
  // The database opens before the app (and its logger) exists: forward to the app's log later.
  let log: DatabaseLogger = {
    warn: (details, message) => console.warn(message, details),
    error: (details, message) => console.error(message, details),
  };
  const db = await openDatabase(config, {
    warn: (details, message) => log.warn(details, message),
    error: (details, message) => log.error(details, message),
  });
  const { applied } = await migrate(db);
  const app = await buildServer(config, db, tls.kind === 'on' ? { tls: tls.material } : {});
  log = app.log;
  if (applied.length > 0) app.log.info({ applied }, 'database migrated');
  await app.listen({ port: config.port, host: config.host });
  const scheme = tls.kind === 'on' ? 'https' : 'http';
  app.log.info(
    { database: db.kind, ...(db.kind === 'pglite' ? { dataDir: config.dataDir } : {}) },
    `DealerDesk sync server listening on ${scheme}://${config.host}:${config.port}`,
  );
  if (tls.kind === 'on') {
    app.log.info(
      { certificateFingerprint: tls.material.fingerprint, certificate: tls.certPath },
      `TLS certificate SHA-256 fingerprint ${tls.material.fingerprint}`,
    );
    // Also in plain words on the console, for the admin reading it beside the JSON log.
    console.error(describeTls(tls));
  } else {
    app.log.warn(
      'DEALERDESK_TLS=off: plain HTTP. Passwords, tokens and customer data cross the network in clear; use it only behind a TLS proxy or on this PC.',
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    try {
      await closeGracefully(app, 10_000);
      await db.close();
      process.exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

async function promptHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) process.stdout.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const answer = rl.question(question);
  muted = true;
  try {
    return await answer;
  } finally {
    rl.close();
    process.stdout.write('\n');
  }
}

async function init(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      dealership: { type: 'string' },
      login: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
    },
    strict: true,
  });
  const dealershipName = values.dealership?.trim() ?? '';
  if (!dealershipName || !values.login || !values.name) {
    throw new UsageError(
      'Usage: npm run server:init -- --dealership <name> --login <login> --name <full name> [--password <password>]\n' +
        'The password may also come from DEALERDESK_ADMIN_PASSWORD, or is asked for in a terminal.',
    );
  }
  let password = values.password ?? process.env.DEALERDESK_ADMIN_PASSWORD ?? '';
  if (!password && process.stdin.isTTY) password = await promptHidden('Admin password: ');
  if (!password)
    throw new UsageError('No password: use --password, DEALERDESK_ADMIN_PASSWORD or a terminal.');

  const shape = createUserRequestSchema.shape;
  const checks = [
    ['--login', shape.login.safeParse(values.login)],
    ['--name', shape.name.safeParse(values.name)],
    ['password', shape.password.safeParse(password)],
  ] as const;
  const problems = checks.flatMap(([what, result]) =>
    result.success ? [] : result.error.issues.map((issue) => `${what}: ${issue.message}`),
  );
  if (dealershipName.length > 100) problems.push('--dealership: at most 100 characters');
  if (problems.length > 0) throw new UsageError(problems.join('\n'));

  const config = readConfig();
  const tls = await readTls(config);
  console.log(describeTls(tls));
  const db = await openDatabase(config);
  try {
    await migrate(db);
    const login = values.login.trim();
    if (await loginExists(db, login)) {
      console.error(`The login "${login}" already exists; nothing was created.`);
      process.exitCode = 1;
      return;
    }
    const { dealership, admin } = await createDealershipWithAdmin(db, {
      dealershipName,
      login,
      name: values.name.trim(),
      password,
    });
    console.log(`Created dealership "${dealership.name}" (${dealership.id})`);
    console.log(`Created admin "${admin.name}" with login "${admin.login}" (${admin.id})`);
    console.log(
      db.kind === 'pglite' ? `Database: PGlite in ${config.dataDir}` : 'Database: PostgreSQL',
    );
  } finally {
    await db.close();
  }
}

/** backup --to <file> and restore --from <file>: the embedded database only. */
async function backupOrRestore(command: 'backup' | 'restore', args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { to: { type: 'string' }, from: { type: 'string' } },
    strict: true,
  });
  const config = readConfig();
  if (config.databaseUrl !== null) {
    throw new UsageError(
      'With DATABASE_URL (PostgreSQL) use pg_dump and pg_restore; see server/README.md.',
    );
  }
  if (command === 'backup') {
    if (!values.to) throw new UsageError('Usage: backup --to <file>  (stop the server first)');
    const bytes = await backupPgliteDataDir(config.dataDir, values.to);
    console.log(`Backed up ${config.dataDir} to ${values.to} (${bytes} bytes)`);
    return;
  }
  if (!values.from)
    throw new UsageError('Usage: restore --from <file>  (into DEALERDESK_DATA_DIR)');
  await restorePgliteDataDir(values.from, config.dataDir);
  console.log(`Restored ${values.from} into ${config.dataDir}`);
}

async function main(): Promise<void> {
  const [command = 'serve', ...args] = process.argv.slice(2);
  if (command === 'serve') return serve();
  if (command === 'init') return init(args);
  if (command === 'backup' || command === 'restore') return backupOrRestore(command, args);
  throw new UsageError(`Unknown command "${command}"; use serve, init, backup or restore.`);
}

main().catch((error: unknown) => {
  if (error instanceof UsageError || (error instanceof TypeError && 'code' in error)) {
    // parseArgs reports unknown flags as TypeError with an ERR_PARSE_ARGS_* code.
    console.error(error.message);
    process.exit(2);
  }
  // Expected refusals: the message says what to do; a stack trace would only bury it.
  if (error instanceof SchemaTooNewError || error instanceof BackupError) {
    console.error(error.message);
    process.exit(1);
  }
  console.error(error);
  process.exit(1);
});
