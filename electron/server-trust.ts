// Trust in the sync server's certificate, the way SSH and Syncthing do it: a showroom server has
// a self-signed certificate no authority vouches for, so on first connection the app shows its
// SHA-256 fingerprint, the user compares it with the one the server printed, and from then on
// the app trusts exactly that certificate for that host (a pin). Everything else keeps
// Chromium's normal verification. A different certificate later is refused: sync stops and the
// page tells the user, who can accept the new one deliberately (after the admin renewed it).
//
// The fingerprint is read by the main process itself from a TLS handshake (`tls.connect`), not
// taken from the server's word, so a machine in the middle cannot lie about it.

import { X509Certificate } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import type { ServerCertificate } from '../shared/desktop/desktop-api';

/** `AB:CD:…`: 32 upper-case hex pairs, as Node's fingerprint256 and the server print it. */
export const FINGERPRINT_PATTERN = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;
export const TRUST_FILE_NAME = 'server-trust.json';

/** Chromium's verify-proc answers: accept, refuse, or "use your own verification". */
export const VERIFY_ACCEPT = 0;
export const VERIFY_REFUSE = -2;
export const VERIFY_DEFAULT = -3;

export type CertificateVerifyRequest = { hostname: string; certificate: { data: string } };

export type ServerTrust = {
  /** The pinned fingerprint for a host name (lower case), or null. */
  pinned(hostname: string): Promise<string | null>;
  pin(hostname: string, fingerprint: string): Promise<void>;
  /** For session.setCertificateVerifyProc: pinned hosts get exactly their certificate. */
  verify(request: CertificateVerifyRequest, callback: (result: number) => void): void;
  /** The certificate a server presents, read from a handshake; compared with the pin. */
  inspect(baseUrl: string): Promise<ServerCertificate>;
  /** The configured sync server's origin (the CSP's connect-src), or null in local mode. */
  serverOrigin(): Promise<string | null>;
  /** Records it; true when it changed (the page must reload to get the new policy). */
  setServerOrigin(origin: string | null): Promise<boolean>;
};

/** SHA-256 of a PEM certificate, in the pin's format; null when it cannot be parsed. */
export function pemFingerprint(pem: string): string | null {
  try {
    return new X509Certificate(pem).fingerprint256;
  } catch {
    return null;
  }
}

/** Chromium's verdict for a certificate given the pins: pure, for tests and the verify proc. */
export function verdict(
  pins: ReadonlyMap<string, string>,
  request: CertificateVerifyRequest,
): number {
  const pin = pins.get(request.hostname.toLowerCase());
  if (pin === undefined) return VERIFY_DEFAULT;
  return pemFingerprint(request.certificate.data) === pin ? VERIFY_ACCEPT : VERIFY_REFUSE;
}

/** Reads the certificate a TLS server presents, without trusting or refusing it. */
export function probeCertificate(
  host: string,
  port: number,
  timeoutMs = 10_000,
): Promise<{ fingerprint: string } | { error: string }> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host,
      port,
      // SNI carries host names only.
      ...(isIP(host) === 0 ? { servername: host } : {}),
      // We verify by fingerprint ourselves; this handshake only looks and sends nothing.
      rejectUnauthorized: false,
    });
    const finish = (result: { fingerprint: string } | { error: string }): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ error: 'timed out' }), timeoutMs);
    socket.once('secureConnect', () => {
      const fingerprint = socket.getPeerCertificate().fingerprint256;
      finish(fingerprint ? { fingerprint } : { error: 'the server sent no certificate' });
    });
    socket.once('error', (error) => finish({ error: error.message }));
  });
}

function hostOf(url: URL): string {
  // URL keeps IPv6 literals in brackets; TLS and Chromium's verify proc use the bare address.
  return url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
}

/** `filePath` is resolved on use: userData may only be final once the app is ready. */
export function createServerTrust(
  filePath: () => string,
  onChange: () => void = () => undefined,
): ServerTrust {
  let pins: Map<string, string> | null = null;
  let origin: string | null = null;

  const save = async (current: Map<string, string>): Promise<void> => {
    const target = filePath();
    await mkdir(path.dirname(target), { recursive: true });
    const content = JSON.stringify({ server: origin, pins: Object.fromEntries(current) });
    await writeFile(`${target}.tmp`, content, { encoding: 'utf8', mode: 0o600 });
    await rename(`${target}.tmp`, target);
  };

  const load = async (): Promise<Map<string, string>> => {
    if (pins !== null) return pins;
    const loaded = new Map<string, string>();
    try {
      const parsed: unknown = JSON.parse(await readFile(filePath(), 'utf8'));
      if (
        typeof parsed === 'object' &&
        parsed !== null &&
        'server' in parsed &&
        typeof parsed.server === 'string'
      ) {
        origin = parsed.server;
      }
      if (typeof parsed === 'object' && parsed !== null && 'pins' in parsed) {
        const stored: unknown = parsed.pins;
        if (typeof stored === 'object' && stored !== null) {
          for (const [host, fingerprint] of Object.entries(stored)) {
            if (typeof fingerprint === 'string' && FINGERPRINT_PATTERN.test(fingerprint)) {
              loaded.set(host, fingerprint);
            }
          }
        }
      }
    } catch {
      // No file yet (or a damaged one): no pins, every server is asked about again.
    }
    pins ??= loaded;
    return pins;
  };

  return {
    async pinned(hostname) {
      return (await load()).get(hostname.toLowerCase()) ?? null;
    },
    async pin(hostname, fingerprint) {
      if (!FINGERPRINT_PATTERN.test(fingerprint)) throw new Error('Not a SHA-256 fingerprint');
      const current = await load();
      current.set(hostname.toLowerCase(), fingerprint);
      await save(current);
      onChange();
    },
    verify(request, callback) {
      load().then(
        (current) => callback(verdict(current, request)),
        () => callback(VERIFY_REFUSE),
      );
    },
    async serverOrigin() {
      await load();
      return origin;
    },
    async setServerOrigin(next) {
      const current = await load();
      if (next === origin) return false;
      origin = next;
      await save(current);
      return true;
    },
    async inspect(baseUrl) {
      const url = new URL(baseUrl);
      if (url.protocol !== 'https:') return { kind: 'plain' };
      const host = hostOf(url);
      const probed = await probeCertificate(host, Number(url.port || 443));
      if ('error' in probed) return { kind: 'unreachable', message: probed.error };
      return {
        kind: 'certificate',
        fingerprint: probed.fingerprint,
        pinned: (await load()).get(host) ?? null,
        source: 'handshake',
      };
    },
  };
}
