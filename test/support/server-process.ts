// Real sync servers for the multi-client tests: `server/main.ts` in child processes on loopback,
// exactly as `npm run server:dev` starts it (the bundle is tested in server/bundle.test.ts), on PostgreSQL when TEST_DATABASE_URL is set (a fresh
// database per test file) and on the embedded PGlite in a temporary data folder otherwise.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from './free-port';
import { rawApi, type RawApi } from './sync-clients';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SERVER_ENTRY = 'server/main.ts';

export const ADMIN = { login: 'admin', name: '系统管理员', password: 'admin-pass-2026' };

/** Where the servers keep their data: one PostgreSQL database or one PGlite folder. */
export type Storage = {
  kind: 'postgres' | 'pglite';
  env: Record<string, string>;
  drop(): Promise<void>;
};

/** PostgreSQL when TEST_DATABASE_URL (or DATABASE_URL) names one, unless PGlite is asked for. */
export async function freshStorage(
  label: string,
  kind: 'postgres' | 'pglite' | 'default' = 'default',
): Promise<Storage> {
  const baseUrl = kind === 'pglite' ? undefined : postgresUrl();
  if (kind === 'postgres' && !baseUrl)
    throw new Error('No PostgreSQL configured (TEST_DATABASE_URL)');
  if (baseUrl) {
    const name = `dd_${label}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    return {
      kind: 'postgres',
      env: { DATABASE_URL: url.toString() },
      drop: async () => {
        const client = new pg.Client({ connectionString: baseUrl });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const dataDir = await mkdtemp(join(tmpdir(), `dealerdesk-${label}-`));
  return {
    kind: 'pglite',
    env: { DEALERDESK_DATA_DIR: dataDir },
    drop: () => rm(dataDir, { recursive: true, force: true }),
  };
}

export function postgresUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
}

function baseEnv(storage: Storage, extra: Record<string, string>): NodeJS.ProcessEnv {
  // Only what the server reads: the parent's DATABASE_URL must never leak into a PGlite run.
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'warn',
    DEALERDESK_LOGIN_RATE_LIMIT: '1000',
    DEALERDESK_LOGIN_RATE_LIMIT_ADDRESS: '100000',
    DEALERDESK_LOGIN_RATE_LIMIT_GLOBAL: '1000000',
    // The clients talk to it over loopback only: plain HTTP keeps the tests about sync (the
    // server's TLS has its own tests in server/tls.test.ts).
    DEALERDESK_TLS: 'off',
    ...storage.env,
    ...extra,
  };
}

function run(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', SERVER_ENTRY, ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `server:init`: the first dealership and its admin (before the PGlite server starts). */
export async function initDealership(storage: Storage, dealershipName: string): Promise<void> {
  const child = run(
    [
      'init',
      '--dealership',
      dealershipName,
      '--login',
      ADMIN.login,
      '--name',
      ADMIN.name,
      '--password',
      ADMIN.password,
    ],
    baseEnv(storage, {}),
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`server init exited with ${code}:\n${output}`);
}

export type ServerProcess = {
  url: string;
  /** Everything the process wrote, for failure messages. */
  output(): string;
  /** The exit code once the process has exited; null while it runs. */
  exitCode(): number | null;
  /** SIGTERM and wait for the graceful exit. */
  stop(): Promise<void>;
  /** SIGKILL (kill -9) and wait until the process is gone: no graceful anything. */
  crash(): Promise<void>;
  /** Whether the process is still running (it must never exit by itself). */
  alive(): boolean;
};

export async function startServerProcess(
  storage: Storage,
  extraEnv: Record<string, string> = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const child = run([], baseEnv(storage, { PORT: String(port), HOST: '127.0.0.1', ...extraEnv }));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`server exited with ${child.exitCode} before answering:\n${output}`);
    }
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer /health within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    url,
    output: () => output,
    exitCode: () => child.exitCode,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0 && code !== null) {
        throw new Error(`server exited with ${code} on SIGTERM:\n${output}`);
      }
    },
    crash: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    alive: () => child.exitCode === null && child.signalCode === null,
  };
}

export type FileServer = {
  readonly url: string;
  readonly storage: Storage;
  /** Raw protocol calls to this server. */
  readonly api: RawApi;
};

/**
 * One server process for the test file that calls this: a fresh database, the dealership made by
 * the init command, the server started before the file's tests and stopped (its data dropped)
 * after them. The getters are valid inside tests.
 */
export function serverForThisFile(
  label: string,
  dealershipName: string,
  env: Record<string, string> = {},
): FileServer {
  let storage: Storage | undefined;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    storage = await freshStorage(label);
    await initDealership(storage, dealershipName);
    server = await startServerProcess(storage, env);
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await storage?.drop();
  }, 60_000);
  return {
    get url() {
      if (!server) throw new Error('the server starts in beforeAll');
      return server.url;
    },
    get storage() {
      if (!storage) throw new Error('the storage is made in beforeAll');
      return storage;
    },
    get api() {
      return rawApi(this.url);
    },
  };
}
