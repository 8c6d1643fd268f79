import { describe, expect, it } from 'vitest';
import type { ServerCertificate } from '../../shared/desktop/desktop-api';
import {
  CertificateProblemError,
  guardCertificate,
  type CertificateProblem,
} from './certificate-guard';

const OLD = `${'AA:'.repeat(31)}AA`;
const NEW = `${'BB:'.repeat(31)}BB`;

function harness(initial: ServerCertificate, baseUrl = 'https://showroom-pc.local:8787') {
  const state = { seen: initial, time: 0, inspections: 0, requests: 0, fail: false };
  const problems: CertificateProblem[] = [];
  const fetch = guardCertificate({
    baseUrl,
    inspect: async () => {
      state.inspections += 1;
      return state.seen;
    },
    fetch: async () => {
      state.requests += 1;
      if (state.fail) throw new TypeError('net::ERR_CERT_AUTHORITY_INVALID');
      return new Response('{}');
    },
    onProblem: (problem) => problems.push(problem),
    intervalMs: 5_000,
    now: () => state.time,
  });
  return { state, problems, fetch };
}

const pinned = (fingerprint: string): ServerCertificate => ({
  kind: 'certificate',
  fingerprint,
  pinned: OLD,
  source: 'reported',
});

describe('the certificate guard', () => {
  it('lets requests through while the server shows the trusted certificate', async () => {
    const h = harness(pinned(OLD));
    await h.fetch('https://showroom-pc.local:8787/v1/pull');
    await h.fetch('https://showroom-pc.local:8787/v1/push');
    expect(h.state.requests).toBe(2);
    // One look per interval, not one per request.
    expect(h.state.inspections).toBe(1);
    expect(h.problems).toEqual([]);
  });

  it('stops every request once the server shows another certificate', async () => {
    const h = harness(pinned(OLD));
    await h.fetch('https://showroom-pc.local:8787/v1/pull');
    h.state.seen = pinned(NEW);
    h.state.time = 5_000;
    await expect(h.fetch('https://showroom-pc.local:8787/v1/pull')).rejects.toBeInstanceOf(
      CertificateProblemError,
    );
    expect(h.problems).toEqual([{ kind: 'changed', pinned: OLD, presented: NEW }]);
    const sent = h.state.requests;
    h.state.seen = pinned(OLD);
    h.state.time = 60_000;
    // Stopped for good: only accepting the new certificate (a new engine) resumes sync.
    await expect(h.fetch('https://showroom-pc.local:8787/v1/push')).rejects.toThrow(/changed/);
    expect(h.state.requests).toBe(sent);
  });

  it('tells a refused handshake (the desktop app) from a network failure', async () => {
    const h = harness(pinned(OLD));
    await h.fetch('https://showroom-pc.local:8787/v1/pull');
    h.state.fail = true;
    h.state.seen = pinned(NEW);
    await expect(h.fetch('https://showroom-pc.local:8787/v1/pull')).rejects.toBeInstanceOf(
      CertificateProblemError,
    );
  });

  it('passes a plain network failure on as it is', async () => {
    const h = harness(pinned(OLD));
    h.state.fail = true;
    await expect(h.fetch('https://showroom-pc.local:8787/v1/pull')).rejects.toThrow(TypeError);
    expect(h.problems).toEqual([]);
  });

  it('asks for a confirmation when nothing was pinned for the server', async () => {
    const h = harness({ kind: 'certificate', fingerprint: NEW, pinned: null, source: 'handshake' });
    await expect(h.fetch('https://showroom-pc.local:8787/v1/pull')).rejects.toThrow(
      /not confirmed/,
    );
    expect(h.problems).toEqual([{ kind: 'unconfirmed', presented: NEW }]);
    expect(h.state.requests).toBe(0);
  });

  it('does not touch a plain-http server', async () => {
    const h = harness({ kind: 'plain' }, 'http://127.0.0.1:8787');
    await h.fetch('http://127.0.0.1:8787/v1/pull');
    expect(h.state.inspections).toBe(0);
  });
});
