// The bundled server (`npm run build:server` → dist-server/main.js) runs with plain Node and
// nothing but its runtime packages: it is built into a scratch directory whose node_modules holds
// only the packages the bundle leaves external (PGlite, argon2), then initialised, served and
// asked for /health — as on a showroom PC after `npm ci --omit=dev`.

import { spawn, spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../test/support/free-port';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const scratch = await mkdtemp(path.join(os.tmpdir(), 'dealerdesk-bundle-'));
const appDir = path.join(scratch, 'app');
const mainJs = path.join(appDir, 'dist-server', 'main.js');
const dataDir = path.join(scratch, 'server-data');

/**
 * The only packages the bundle may load from node_modules (see scripts/build-server.mjs): PGlite,
 * and argon2 with its binding for this platform (@node-rs/argon2-<platform>, one installed).
 */
async function runtimePackages(): Promise<string[]> {
  const bindings = (await readdir(path.join(projectRoot, 'node_modules', '@node-rs')))
    .filter((name) => name.startsWith('argon2'))
    .map((name) => `@node-rs/${name}`);
  return ['@electric-sql/pglite', ...bindings];
}

function runMain(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [mainJs, ...args], {
    cwd: appDir,
    env: { PATH: process.env.PATH ?? '', DEALERDESK_DATA_DIR: dataDir, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

beforeAll(async () => {
  const build = spawnSync(
    process.execPath,
    ['scripts/build-server.mjs', path.join(appDir, 'dist-server')],
    { cwd: projectRoot, encoding: 'utf8' },
  );
  expect(build.stderr).toBe('');
  expect(build.status).toBe(0);
  await writeFile(path.join(appDir, 'package.json'), JSON.stringify({ type: 'module' }));
  for (const name of await runtimePackages()) {
    const link = path.join(appDir, 'node_modules', name);
    await mkdir(path.dirname(link), { recursive: true });
    // 'junction' makes the link work on Windows without privileges; elsewhere it is ignored.
    await symlink(path.join(projectRoot, 'node_modules', name), link, 'junction');
  }
}, 120_000);

afterAll(() => rm(scratch, { recursive: true, force: true }));

/** GET over HTTPS, trusting exactly the server's own (self-signed) certificate. */
function getJson(url: string, ca: string): Promise<unknown> {
  return new Promise((resolve) => {
    const request = https.get(url, { ca, servername: 'localhost' }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(response.statusCode === 200 ? JSON.parse(body) : null));
    });
    request.on('error', () => resolve(null));
  });
}

describe('dist-server/main.js', () => {
  it('initialises a dealership, then serves /health, with no devDependencies', async () => {
    const init = runMain(
      ['init', '--dealership', '广州天河4S店', '--login', 'admin', '--name', '系统管理员'],
      { DEALERDESK_ADMIN_PASSWORD: 'admin-password-1' },
    );
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    expect(init.stdout).toContain('Created admin "系统管理员" with login "admin"');

    const port = await freePort();
    const server = spawn(process.execPath, [mainJs], {
      cwd: appDir,
      env: {
        PATH: process.env.PATH ?? '',
        DEALERDESK_DATA_DIR: dataDir,
        PORT: String(port),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    server.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
    try {
      // HTTPS by default, with the certificate init made (the bundle carries the TLS code too).
      const ca = await readFile(path.join(dataDir, 'tls', 'server-cert.pem'), 'utf8');
      let health: unknown = null;
      for (let attempt = 0; attempt < 100 && health === null; attempt += 1) {
        health = await getJson(`https://127.0.0.1:${port}/health`, ca);
        if (health === null) await new Promise((resolve) => setTimeout(resolve, 200));
      }
      // stderr carries only the certificate's fingerprint for the admin, no error.
      expect(stderr).toContain('Certificate SHA-256 fingerprint');
      expect(stderr).not.toMatch(/error|cannot find|ERR_/i);
      expect(health).toMatchObject({ status: 'ok', database: 'pglite' });
    } finally {
      server.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 120_000);
});
