// Sync servers for the load and dealer-group benchmarks: the production bundle (what a showroom
// PC runs, `npm run build:server`) in child processes on loopback, each with its own pool on one
// PostgreSQL database, with their resident memory sampled from /proc while they run.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** test-results/ is git-ignored. */
const BUNDLE_DIR = path.join(REPO_ROOT, 'test-results/bench/server-bundle');

export async function buildServerBundle(): Promise<string> {
  await promisify(execFile)(process.execPath, ['scripts/build-server.mjs', BUNDLE_DIR], {
    cwd: REPO_ROOT,
  });
  return path.join(BUNDLE_DIR, 'main.js');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type FreshDatabase = { url: string; drop(): Promise<void> };

/** A new database on the PostgreSQL server of `adminUrl`, dropped by drop(). */
export async function freshPostgresDatabase(
  adminUrl: string,
  label: string,
): Promise<FreshDatabase> {
  const name = `dealerdesk_${label}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export type ServerInstance = {
  url: string;
  pid: number;
  /** Peak resident memory so far (VmHWM), and now (VmRSS), in bytes. */
  memory(): Promise<{ peakRssBytes: number; rssBytes: number }>;
  /** CPU seconds (user + system) used so far. */
  cpuSeconds(): Promise<number>;
  output(): string;
  stop(): Promise<void>;
};

async function procStatus(pid: number): Promise<{ peakRssBytes: number; rssBytes: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { peakRssBytes: kib('VmHWM') * 1024, rssBytes: kib('VmRSS') * 1024 };
}

async function procCpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? 0) + Number(fields[12] ?? 0)) / 100;
}

export async function startServerInstance(
  bundle: string,
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
  /** Node flags for the server, e.g. --cpu-prof to see where its time goes. */
  nodeArgs: string[] = [],
): Promise<ServerInstance> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, bundle], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: databaseUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      DEALERDESK_TLS: 'off',
      LOG_LEVEL: 'warn',
      // Hundreds of laptops log in from one address within seconds: the per-address limits are
      // for the internet, not for this bench.
      DEALERDESK_LOGIN_RATE_LIMIT: '10000',
      DEALERDESK_LOGIN_RATE_LIMIT_ADDRESS: '100000',
      DEALERDESK_LOGIN_RATE_LIMIT_GLOBAL: '1000000',
      DEALERDESK_MAX_CONNECTIONS: '5000',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    // The last 64 KiB is enough to say why it failed.
    output = (output + chunk.toString()).slice(-65_536);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer /health within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pid = child.pid ?? 0;
  return {
    url,
    pid,
    memory: () => procStatus(pid),
    cpuSeconds: () => procCpuSeconds(pid),
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
