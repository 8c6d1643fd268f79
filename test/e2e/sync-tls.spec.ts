// The app connects to an HTTPS sync server with a self-signed certificate the way a showroom
// does: the user types the address, compares the fingerprint in the dialog with the one the
// server printed, trusts it, logs in and syncs. When the server comes back with another
// certificate, sync stops with a warning naming both fingerprints until the user accepts it.
//
// The browser build cannot pin a certificate itself (Playwright's ignoreHTTPSErrors stands in
// for the desktop app's pinned trust); it compares the fingerprint the server reports.

import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { createSelfSignedCertificate } from '../../server/tls';
import { e2eDealership } from '../support/e2e-accounts';
import { freePort } from '../support/free-port';
import { SyncClient } from './pages/sync-client';
import { CustomerCard } from './pages/customer-card';
import { uniqueSuffix } from './pages/browsers';

type Certificate = { certPath: string; keyPath: string; fingerprint: string };

let folder = '';
let port = 0;
let server: ChildProcess | null = null;
let first: Certificate;
let second: Certificate;

async function makeCertificate(name: string): Promise<Certificate> {
  const made = await createSelfSignedCertificate({ dns: ['localhost'], ips: ['127.0.0.1'] });
  const certPath = path.join(folder, `${name}-cert.pem`);
  const keyPath = path.join(folder, `${name}-key.pem`);
  await writeFile(certPath, made.cert);
  await writeFile(keyPath, made.key, { mode: 0o600 });
  return { certPath, keyPath, fingerprint: new X509Certificate(made.cert).fingerprint256 };
}

function healthy(): Promise<boolean> {
  return new Promise((resolve) => {
    const request = https.get(
      { host: '127.0.0.1', port, path: '/health', rejectUnauthorized: false, timeout: 2_000 },
      (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      },
    );
    request.on('error', () => resolve(false));
    request.on('timeout', () => request.destroy());
  });
}

/** The e2e sync server over HTTPS with this certificate, its data kept in `folder`. */
async function startTlsServer(certificate: Certificate): Promise<void> {
  server = spawn('node', ['--import', 'tsx', 'test/support/e2e-sync-server.ts'], {
    env: {
      ...process.env,
      E2E_SYNC_PORT: String(port),
      E2E_SYNC_TLS_CERT: certificate.certPath,
      E2E_SYNC_TLS_KEY: certificate.keyPath,
      E2E_SYNC_DATA_DIR: path.join(folder, 'data'),
    },
    stdio: 'ignore',
  });
  await expect.poll(healthy, { timeout: 90_000, intervals: [500] }).toBe(true);
}

async function stopTlsServer(): Promise<void> {
  const running = server;
  server = null;
  if (running === null || running.exitCode !== null) return;
  const exited = new Promise((resolve) => running.once('exit', resolve));
  running.kill('SIGTERM');
  await exited;
}

test.describe.configure({ mode: 'serial', timeout: 240_000 });

test.beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'dealerdesk-e2e-tls-'));
  port = await freePort();
  [first, second] = await Promise.all([makeCertificate('first'), makeCertificate('second')]);
  await startTlsServer(first);
});

test.afterAll(async () => {
  await stopTlsServer();
  await rm(folder, { recursive: true, force: true });
});

test('connects through the fingerprint dialog, syncs, and stops when the certificate changes', async ({
  browser,
}) => {
  const account = e2eDealership(0).consultants[0];
  const address = `https://127.0.0.1:${port}`;
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  const sync = new SyncClient(page);
  const card = new CustomerCard(page);
  try {
    await page.goto('/#/settings');
    // Typed without a scheme, as people do: the app makes it https.
    await page.getByTestId('sync-server-address').fill(`127.0.0.1:${port}`);
    await page.getByRole('button', { name: '保存地址' }).click();
    await expect(page.getByTestId('certificate-dialog')).toBeVisible();
    await expect(page.getByTestId('certificate-fingerprint')).toHaveText(first.fingerprint);
    await page.getByTestId('certificate-trust').click();

    await expect(page.getByTestId('sync-login-input')).toBeVisible();
    await sync.submitLogin(account.login, account.password);
    await expect(page.getByTestId('sync-session')).toContainText(address, { timeout: 60_000 });
    await sync.expectInSync(60_000);

    const name = `加密客户${uniqueSuffix()}`;
    await card.create({ name, phone: '13700003333' });
    await sync.expectInSync(60_000);
    await expect(page.getByTestId('sync-certificate-warning')).toHaveCount(0);

    // The server comes back with another certificate (renewed, or an impostor).
    await stopTlsServer();
    await startTlsServer(second);
    await page.goto('/#/settings');
    await expect(async () => {
      await page.getByTestId('sync-now-button').click();
      await expect(page.getByTestId('sync-certificate-warning')).toBeVisible({ timeout: 2_000 });
    }).toPass({ timeout: 60_000 });
    await expect(page.getByTestId('sync-certificate-warning')).toHaveText(
      '服务器证书已变更，同步已停止',
    );

    // Nothing goes out while the certificate is not the trusted one.
    await card.create({ name: `${name}乙`, phone: '13700004444' });
    await expect(sync.pending()).toHaveText(/^[1-9]\d* 条更改待同步$/);
    await page.waitForTimeout(1_500);
    await expect(sync.pending()).toHaveText(/^[1-9]\d* 条更改待同步$/);

    await page.getByTestId('sync-certificate-warning').click();
    await expect(page.getByTestId('certificate-pinned')).toHaveText(first.fingerprint);
    await expect(page.getByTestId('certificate-presented')).toHaveText(second.fingerprint);
    await page.getByTestId('certificate-accept').click();
    await page.getByTestId('certificate-accept-confirm').click();
    await expect(page.getByTestId('sync-certificate-warning')).toHaveCount(0);
    await sync.expectInSync(60_000);
  } finally {
    await context.close();
  }
});
