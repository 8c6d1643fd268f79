import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config';
import { startServer } from './start-server';
import { createSelfSignedCertificate, prepareTls, TlsSetupError } from './tls';

const folders: string[] = [];
async function tempDir(): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'dealerdesk-tls-'));
  folders.push(folder);
  return folder;
}

afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

/** The fingerprint a client sees in the handshake (what the desktop app's probe reads). */
function handshakeFingerprint(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      resolve(socket.getPeerCertificate().fingerprint256);
      socket.end();
    });
    socket.on('error', reject);
  });
}

describe('configuration', () => {
  it('speaks TLS by default; plain HTTP only when switched off', () => {
    expect(loadConfig({})).toMatchObject({ tls: true, tlsCertPath: null, tlsKeyPath: null });
    expect(loadConfig({ DEALERDESK_TLS: 'off' }).tls).toBe(false);
    expect(loadConfig({ DEALERDESK_TLS: ' OFF ' }).tls).toBe(false);
    expect(() => loadConfig({ DEALERDESK_TLS: 'no' })).toThrow(/DEALERDESK_TLS/);
  });

  it('takes a certificate and key given together, and refuses one without the other', () => {
    expect(
      loadConfig({
        DEALERDESK_TLS_CERT: '/etc/dd/cert.pem',
        DEALERDESK_TLS_KEY: '/etc/dd/key.pem',
      }),
    ).toMatchObject({ tls: true, tlsCertPath: '/etc/dd/cert.pem', tlsKeyPath: '/etc/dd/key.pem' });
    expect(() => loadConfig({ DEALERDESK_TLS_CERT: '/etc/dd/cert.pem' })).toThrow(
      /both or neither/,
    );
    expect(() =>
      loadConfig({
        DEALERDESK_TLS: 'off',
        DEALERDESK_TLS_CERT: 'c.pem',
        DEALERDESK_TLS_KEY: 'k.pem',
      }),
    ).toThrow(/DEALERDESK_TLS=off/);
  });
});

describe('the self-signed certificate', () => {
  it('names this PC and its addresses, for server authentication only', async () => {
    const { cert } = await createSelfSignedCertificate({
      dns: ['localhost', 'showroom-pc', 'showroom-pc.local'],
      ips: ['127.0.0.1', '::1', '192.168.1.20'],
    });
    const parsed = new X509Certificate(cert);
    expect(parsed.subjectAltName).toContain('DNS:showroom-pc.local');
    expect(parsed.subjectAltName).toContain('IP Address:192.168.1.20');
    expect(parsed.checkHost('showroom-pc')).toBe('showroom-pc');
    expect(parsed.checkIP('192.168.1.20')).toBe('192.168.1.20');
    expect(parsed.ca).toBe(false);
    expect(parsed.keyUsage).toContain('1.3.6.1.5.5.7.3.1');
    expect(Date.parse(parsed.validTo) - Date.now()).toBeGreaterThan(4 * 365 * 86_400_000);
  });

  it('is made once in the data directory, with the key readable by its owner only', async () => {
    const dataDir = await tempDir();
    const config = { ...loadConfig({}), dataDir };
    const first = await prepareTls(config);
    if (first.kind !== 'on') throw new Error('TLS is off');
    expect(first.source).toBe('created');
    expect(first.material.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    if (process.platform !== 'win32') {
      expect((await stat(first.keyPath)).mode & 0o777).toBe(0o600);
    }
    expect(await readFile(first.certPath, 'utf8')).toContain('BEGIN CERTIFICATE');

    const again = await prepareTls(config);
    expect(again).toMatchObject({ kind: 'on', source: 'kept' });
    expect(again.kind === 'on' && again.material.fingerprint).toBe(first.material.fingerprint);
  });

  it('takes the files given, and refuses a key of another certificate', async () => {
    const folder = await tempDir();
    const one = await createSelfSignedCertificate({ dns: ['localhost'], ips: [] });
    const other = await createSelfSignedCertificate({ dns: ['localhost'], ips: [] });
    await writeFile(path.join(folder, 'cert.pem'), one.cert);
    await writeFile(path.join(folder, 'key.pem'), one.key);
    await writeFile(path.join(folder, 'other-key.pem'), other.key);
    const given = {
      ...loadConfig({}),
      tlsCertPath: path.join(folder, 'cert.pem'),
      tlsKeyPath: path.join(folder, 'key.pem'),
    };
    const setup = await prepareTls(given);
    expect(setup).toMatchObject({ kind: 'on', source: 'given' });
    expect(setup.kind === 'on' && setup.material.fingerprint).toBe(
      new X509Certificate(one.cert).fingerprint256,
    );
    await expect(
      prepareTls({ ...given, tlsKeyPath: path.join(folder, 'other-key.pem') }),
    ).rejects.toBeInstanceOf(TlsSetupError);
  });

  it('is not needed when TLS is off', async () => {
    await expect(prepareTls({ ...loadConfig({ DEALERDESK_TLS: 'off' }) })).resolves.toEqual({
      kind: 'off',
    });
  });
});

describe('the server over HTTPS', { timeout: 120_000 }, () => {
  it('serves with the certificate and tells its fingerprint at /health', async () => {
    const created = await createSelfSignedCertificate({ dns: ['localhost'], ips: ['127.0.0.1'] });
    const fingerprint = new X509Certificate(created.cert).fingerprint256;
    const server = await startServer({ tls: { ...created, fingerprint } });
    try {
      expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const port = Number(new URL(server.url).port);
      expect(await handshakeFingerprint(port)).toBe(fingerprint);
      // A client that trusts exactly this certificate (as the pinned app does) gets the answer.
      const health = await new Promise<unknown>((resolve, reject) => {
        const socket = tls.connect(
          { host: '127.0.0.1', port, ca: created.cert, servername: 'localhost' },
          () => {
            socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
          },
        );
        let text = '';
        socket.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        socket.on('end', () => resolve(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))));
        socket.on('error', reject);
      });
      expect(health).toMatchObject({ status: 'ok', certificateFingerprint: fingerprint });
    } finally {
      await server.close();
    }
  });

  it('stays plain HTTP for tests that give no certificate', async () => {
    const server = await startServer();
    try {
      expect(server.url).toMatch(/^http:\/\//);
      const health = (await (await fetch(`${server.url}/health`)).json()) as unknown;
      expect(health).toMatchObject({ status: 'ok', certificateFingerprint: null });
    } finally {
      await server.close();
    }
  });
});
