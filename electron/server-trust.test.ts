import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from '../server/tls';
import {
  createServerTrust,
  VERIFY_ACCEPT,
  VERIFY_DEFAULT,
  VERIFY_REFUSE,
  verdict,
} from './server-trust';

type Tls = { cert: string; key: string; fingerprint: string };

async function certificate(): Promise<Tls> {
  const made = await createSelfSignedCertificate({ dns: ['localhost'], ips: ['127.0.0.1'] });
  return { ...made, fingerprint: new X509Certificate(made.cert).fingerprint256 };
}

let first: Tls;
let second: Tls;
let folder = '';
let server: https.Server;

beforeAll(async () => {
  [first, second] = await Promise.all([certificate(), certificate()]);
  folder = await mkdtemp(path.join(os.tmpdir(), 'dealerdesk-trust-'));
  server = https.createServer({ cert: first.cert, key: first.key }, (_request, response) =>
    response.end('ok'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(folder, { recursive: true, force: true });
});

const port = () => (server.address() as AddressInfo).port;
const trustFile = (name: string) => () => path.join(folder, name);

describe('the verdict for Chromium', () => {
  const pins = new Map([['showroom-pc.local', `${'AB:'.repeat(31)}AB`]]);

  it('leaves hosts without a pin to Chromium’s own verification', () => {
    expect(verdict(pins, { hostname: 'example.com', certificate: { data: 'x' } })).toBe(
      VERIFY_DEFAULT,
    );
  });

  it('accepts exactly the pinned certificate and refuses any other', () => {
    const exact = new Map([['localhost', first.fingerprint]]);
    expect(verdict(exact, { hostname: 'LOCALHOST', certificate: { data: first.cert } })).toBe(
      VERIFY_ACCEPT,
    );
    expect(verdict(exact, { hostname: 'localhost', certificate: { data: second.cert } })).toBe(
      VERIFY_REFUSE,
    );
    expect(verdict(exact, { hostname: 'localhost', certificate: { data: 'garbage' } })).toBe(
      VERIFY_REFUSE,
    );
  });
});

describe('server trust', () => {
  it('reads the fingerprint from the handshake and compares it with the pin', async () => {
    server.setSecureContext({ cert: first.cert, key: first.key });
    const trust = createServerTrust(trustFile('a.json'));
    const url = `https://127.0.0.1:${port()}`;
    await expect(trust.inspect(url)).resolves.toEqual({
      kind: 'certificate',
      fingerprint: first.fingerprint,
      pinned: null,
      source: 'handshake',
    });
    await trust.pin('127.0.0.1', first.fingerprint);
    await expect(trust.inspect(url)).resolves.toMatchObject({ pinned: first.fingerprint });

    // The server restarted with a new certificate: the pin no longer matches.
    server.setSecureContext({ cert: second.cert, key: second.key });
    await expect(trust.inspect(url)).resolves.toMatchObject({
      fingerprint: second.fingerprint,
      pinned: first.fingerprint,
    });
  });

  it('keeps pins across starts, and tells Chromium through the verify proc', async () => {
    let changes = 0;
    const trust = createServerTrust(trustFile('b.json'), () => (changes += 1));
    await trust.pin('Showroom-PC.local', first.fingerprint);
    expect(changes).toBe(1);
    expect(await readFile(path.join(folder, 'b.json'), 'utf8')).toContain('showroom-pc.local');

    const restarted = createServerTrust(trustFile('b.json'));
    await expect(restarted.pinned('showroom-pc.local')).resolves.toBe(first.fingerprint);
    const result = await new Promise<number>((resolve) =>
      restarted.verify(
        { hostname: 'showroom-pc.local', certificate: { data: second.cert } },
        resolve,
      ),
    );
    expect(result).toBe(VERIFY_REFUSE);
  });

  it('refuses to pin anything but a SHA-256 fingerprint', async () => {
    const trust = createServerTrust(trustFile('c.json'));
    await expect(trust.pin('localhost', 'AB:CD')).rejects.toThrow(/fingerprint/);
  });

  it('says plain for http and unreachable for a closed port', async () => {
    const trust = createServerTrust(trustFile('d.json'));
    await expect(trust.inspect('http://127.0.0.1:8787')).resolves.toEqual({ kind: 'plain' });
    await expect(trust.inspect('https://127.0.0.1:1')).resolves.toMatchObject({
      kind: 'unreachable',
    });
  });
});
