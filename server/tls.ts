// HTTPS for the showroom server. Passwords, refresh tokens and every customer cross a Wi-Fi that
// anyone at an auto show can listen to, so the server speaks TLS unless told not to
// (DEALERDESK_TLS=off). A showroom has no domain name and no certificate authority: by default
// the server makes its own self-signed certificate once (server:init, or the first start) and
// keeps it in the data directory; the apps pin it on first connection after the user compared
// its SHA-256 fingerprint with the one the server prints (as Syncthing and SSH do). A dealership
// with its own certificate gives its files instead (DEALERDESK_TLS_CERT / DEALERDESK_TLS_KEY).

import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
// @peculiar/x509 resolves its parts with tsyringe, which needs the Reflect metadata API first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { Config } from './config';
import { IN_MEMORY_DATA_DIR } from './config';

export type TlsMaterial = {
  /** PEM certificate (chain) and PEM private key, as Node's https module takes them. */
  cert: string;
  key: string;
  /** SHA-256 of the leaf certificate, `AB:CD:…` (what the apps show and pin). */
  fingerprint: string;
};

export type TlsSetup =
  | { kind: 'off' }
  | {
      kind: 'on';
      material: TlsMaterial;
      /** given: the admin's files; created: made now; kept: made earlier in the data dir. */
      source: 'given' | 'created' | 'kept';
      certPath: string;
      keyPath: string;
    };

export const CERT_FILE_NAME = 'server-cert.pem';
export const KEY_FILE_NAME = 'server-key.pem';
/** Long, because every renewal means every laptop must compare and accept a new fingerprint. */
const VALIDITY_DAYS = 5 * 366;

/** SHA-256 fingerprint of the first certificate in `pem`, upper-case hex pairs joined by `:`. */
export function certificateFingerprint(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

/** The names the laptops may use to reach this PC: its host name(s) and every address. */
export function localNames(): { dns: string[]; ips: string[] } {
  const host = os.hostname().toLowerCase();
  const dns = new Set(['localhost']);
  if (host !== '') {
    dns.add(host);
    if (!host.includes('.')) dns.add(`${host}.local`);
  }
  const ips = new Set(['127.0.0.1', '::1']);
  for (const addresses of Object.values(os.networkInterfaces())) {
    for (const address of addresses ?? []) {
      // A link-local IPv6 address needs a zone id no URL carries: useless in a SAN.
      if (address.family === 'IPv6' && address.address.toLowerCase().startsWith('fe80:')) continue;
      ips.add(address.address);
    }
  }
  return { dns: [...dns], ips: [...ips] };
}

/** A self-signed ECDSA P-256 server certificate for these names. */
export async function createSelfSignedCertificate(
  names: { dns: string[]; ips: string[] },
  now = new Date(),
): Promise<{ cert: string; key: string }> {
  // The global Web Crypto (Node ≥ 20), which is the type @peculiar/x509 is written against.
  const { crypto } = globalThis;
  x509.cryptoProvider.set(crypto);
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await crypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const serial = Buffer.from(crypto.getRandomValues(new Uint8Array(16)));
  // A positive serial number: clear the top bit.
  serial[0] = (serial[0] ?? 0) & 0x7f;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial.toString('hex'),
    name: `CN=DealerDesk sync server (${names.dns[1] ?? names.dns[0] ?? 'localhost'})`,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: new Date(now.getTime() + VALIDITY_DAYS * 86_400_000),
    signingAlgorithm: algorithm,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...names.dns.map((value) => ({ type: 'dns' as const, value })),
        ...names.ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pkcs8 = await crypto.subtle.exportKey('pkcs8', keys.privateKey);
  return {
    cert: certificate.toString('pem'),
    key: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY'),
  };
}

export class TlsSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TlsSetupError';
  }
}

/** Checks that the key belongs to the certificate before the server tries to listen with them. */
function material(cert: string, key: string, where: string): TlsMaterial {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch (error) {
    throw new TlsSetupError(`${where}: not a PEM certificate (${String(error)})`);
  }
  let matches: boolean;
  try {
    matches = certificate.checkPrivateKey(createPrivateKey(key));
  } catch (error) {
    throw new TlsSetupError(`${where}: not a PEM private key (${String(error)})`);
  }
  if (!matches) throw new TlsSetupError(`${where}: the private key does not match the certificate`);
  return { cert, key, fingerprint: certificate.fingerprint256 };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/** The private key readable by the server's own user only (POSIX; Windows ignores modes). */
async function restrictKey(keyPath: string): Promise<void> {
  if (process.platform === 'win32') return;
  const { mode } = await stat(keyPath);
  if ((mode & 0o077) !== 0) await chmod(keyPath, 0o600);
}

/**
 * The TLS the server will speak with: the admin's files, or the data directory's self-signed
 * certificate (created when missing, with this PC's names), or none when switched off.
 */
export async function prepareTls(config: Config, now = new Date()): Promise<TlsSetup> {
  if (!config.tls) return { kind: 'off' };
  if (config.tlsCertPath !== null && config.tlsKeyPath !== null) {
    const [cert, key] = await Promise.all([
      readFile(config.tlsCertPath, 'utf8'),
      readFile(config.tlsKeyPath, 'utf8'),
    ]);
    return {
      kind: 'on',
      material: material(cert, key, `${config.tlsCertPath} / ${config.tlsKeyPath}`),
      source: 'given',
      certPath: config.tlsCertPath,
      keyPath: config.tlsKeyPath,
    };
  }
  if (config.dataDir === IN_MEMORY_DATA_DIR) {
    throw new TlsSetupError(
      'An in-memory data directory cannot keep a certificate: give DEALERDESK_TLS_CERT and DEALERDESK_TLS_KEY',
    );
  }
  const folder = path.join(config.dataDir, 'tls');
  const certPath = path.join(folder, CERT_FILE_NAME);
  const keyPath = path.join(folder, KEY_FILE_NAME);
  if ((await exists(certPath)) && (await exists(keyPath))) {
    await restrictKey(keyPath);
    const [cert, key] = await Promise.all([readFile(certPath, 'utf8'), readFile(keyPath, 'utf8')]);
    return { kind: 'on', material: material(cert, key, folder), source: 'kept', certPath, keyPath };
  }
  const created = await createSelfSignedCertificate(localNames(), now);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  // The key first and exclusively: two servers started at once must not mix two key pairs.
  await writeFile(keyPath, created.key, { mode: 0o600, flag: 'wx' });
  await writeFile(certPath, created.cert, { mode: 0o644 });
  return {
    kind: 'on',
    material: material(created.cert, created.key, folder),
    source: 'created',
    certPath,
    keyPath,
  };
}
