// Stops sync when the server's certificate is not the one the user trusted. In Electron the
// main process already refuses a changed certificate (the request fails); this guard is what
// tells the user why, with both fingerprints. In the browser build, which cannot see
// certificates, it is the only check: it compares the server's reported fingerprint with the
// pin every few seconds while sync talks to the server.

import type { ServerCertificate } from '../../shared/desktop/desktop-api';
import { isAbortError, NetworkError } from './errors';
import type { FetchFunction } from './transport';

export type CertificateProblem =
  /** An https server the user never confirmed (e.g. the address was set before TLS). */
  | { kind: 'unconfirmed'; presented: string }
  /** The server presents another certificate than the one trusted: sync stops. */
  | { kind: 'changed'; pinned: string; presented: string };

/** Thrown by every request while the certificate is not the trusted one: sync goes nowhere. */
export class CertificateProblemError extends NetworkError {
  constructor(readonly problem: CertificateProblem) {
    super(
      problem.kind === 'changed'
        ? `The server's certificate changed (trusted ${problem.pinned}, now ${problem.presented}): sync stopped`
        : `The server's certificate was not confirmed yet (${problem.presented})`,
    );
    this.name = 'CertificateProblemError';
  }
}

/** What the user must decide about this certificate, or null when it is the trusted one. */
export function certificateProblem(seen: ServerCertificate): CertificateProblem | null {
  if (seen.kind !== 'certificate') return null;
  if (seen.pinned === null) return { kind: 'unconfirmed', presented: seen.fingerprint };
  if (seen.pinned !== seen.fingerprint) {
    return { kind: 'changed', pinned: seen.pinned, presented: seen.fingerprint };
  }
  return null;
}

export type CertificateGuardOptions = {
  baseUrl: string;
  inspect: (baseUrl: string) => Promise<ServerCertificate>;
  fetch: FetchFunction;
  onProblem: (problem: CertificateProblem) => void;
  /** How long a good look at the certificate holds (5 s). */
  intervalMs?: number;
  now?: () => number;
};

export function guardCertificate(options: CertificateGuardOptions): FetchFunction {
  if (new URL(options.baseUrl).protocol !== 'https:') return options.fetch;
  const intervalMs = options.intervalMs ?? 5_000;
  const now = options.now ?? (() => Date.now());
  let checkedAt = Number.NEGATIVE_INFINITY;
  let problem: CertificateProblem | null = null;

  const check = async (): Promise<void> => {
    checkedAt = now();
    // Unreachable: the request itself will say so; nothing to decide about a certificate.
    const found = certificateProblem(await options.inspect(options.baseUrl));
    if (found === null) return;
    problem = found;
    options.onProblem(found);
  };

  return async (input, init) => {
    if (problem === null && now() - checkedAt >= intervalMs) await check();
    if (problem !== null) throw new CertificateProblemError(problem);
    try {
      return await options.fetch(input, init);
    } catch (error) {
      // A refused handshake looks like any network failure: look at the certificate to tell.
      if (!isAbortError(error)) {
        await check().catch(() => undefined);
        if (problem !== null) throw new CertificateProblemError(problem);
      }
      throw error;
    }
  };
}
