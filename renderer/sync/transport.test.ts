import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  ForbiddenError,
  NetworkError,
  ProtocolOutdatedError,
  RateLimitedError,
  ServerError,
  ServiceUnavailableError,
  TokenExpiredError,
  UnauthorizedError,
} from './errors';
import { pullResponseSchema } from '../../shared/sync/protocol';
import {
  checkServerHealth,
  createTransport,
  isValidServerAddress,
  normalizeServerAddress,
  isInsecureRemoteAddress,
  type FetchFunction,
} from './transport';

const answer =
  (status: number, body: unknown, headers: Record<string, string> = {}): FetchFunction =>
  async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers });

const pull = (fetchFunction: FetchFunction) =>
  createTransport('http://sync.test', fetchFunction).request({
    method: 'GET',
    path: '/v1/pull?cursor=0&limit=10',
    token: 't',
    schema: pullResponseSchema,
  });

describe('normalizeServerAddress', () => {
  it.each([
    ['http://192.168.1.20:8787', 'http://192.168.1.20:8787'],
    ['  http://192.168.1.20:8787/  ', 'http://192.168.1.20:8787'],
    ['192.168.1.20:8787', 'https://192.168.1.20:8787'],
    ['showroom-pc.local:8787', 'https://showroom-pc.local:8787'],
    ['https://sync.example.com/dealerdesk/', 'https://sync.example.com/dealerdesk'],
    ['HTTP://Sync.Example.com', 'http://sync.example.com'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeServerAddress(input)).toBe(expected);
  });

  it.each([
    '',
    'ftp://example.com',
    'javascript:alert(1)',
    'http://user:pass@example.com',
    'http://example.com/?a=1',
    'http://example.com/#x',
    'http://',
  ])('refuses %j', (input) => {
    expect(isValidServerAddress(input)).toBe(false);
  });
});

describe('plain http', () => {
  it.each([
    ['http://localhost:8787', false],
    ['http://127.0.0.1:8787', false],
    ['http://127.10.0.1:8787', false],
    ['http://[::1]:8787', false],
    ['http://192.168.1.20:8787', true],
    ['http://showroom-pc.local:8787', true],
    ['http://localhost.evil.example:8787', true],
    ['http://127.0.0.1.nip.io:8787', true],
    ['https://192.168.1.20:8787', false],
  ])('%s sends in clear over a network: %s', (url, insecure) => {
    expect(isInsecureRemoteAddress(url)).toBe(insecure);
  });
});

describe('transport errors', () => {
  it('maps 426 to ProtocolOutdatedError', async () => {
    await expect(
      pull(answer(426, { error: 'protocol_outdated', message: 'update', serverProtocol: 2 })),
    ).rejects.toBeInstanceOf(ProtocolOutdatedError);
  });

  it('tells token_expired from unauthorized', async () => {
    await expect(
      pull(answer(401, { error: 'token_expired', message: 'x' })),
    ).rejects.toBeInstanceOf(TokenExpiredError);
    await expect(pull(answer(401, { error: 'unauthorized', message: 'x' }))).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    // A 401 without a readable body is "log in", never "refresh".
    await expect(pull(answer(401, '<html>'))).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('maps 403, 409 and 429 (with retry-after)', async () => {
    await expect(pull(answer(403, { error: 'forbidden', message: 'no' }))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      pull(answer(409, { error: 'conflict', message: 'still owns customers' })),
    ).rejects.toMatchObject({ name: 'ConflictError', message: 'still owns customers' });
    const limited = pull(
      answer(429, { error: 'rate_limited', message: 'slow down' }, { 'retry-after': '42' }),
    );
    await expect(limited).rejects.toBeInstanceOf(RateLimitedError);
    await expect(limited).rejects.toMatchObject({ retryAfterSeconds: 42 });
    expect(ConflictError).toBeDefined();
  });

  it('turns a thrown fetch into NetworkError and a 5xx page into ServerError', async () => {
    await expect(
      pull(async () => {
        throw new TypeError('fetch failed');
      }),
    ).rejects.toBeInstanceOf(NetworkError);
    await expect(pull(answer(500, 'Internal Server Error'))).rejects.toMatchObject({
      name: 'ServerError',
      status: 500,
    });
    await expect(pull(answer(502, 'Bad Gateway'))).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      status: 502,
      retryAfterSeconds: null,
    });
  });

  it('maps 503 unavailable to ServiceUnavailableError with its retry-after', async () => {
    const away = pull(
      answer(503, { error: 'unavailable', message: 'database away' }, { 'retry-after': '5' }),
    );
    await expect(away).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(away).rejects.toMatchObject({ code: 'unavailable', retryAfterSeconds: 5 });
  });

  it('refuses an answer that does not match the protocol schema', async () => {
    const error = await pull(answer(200, { changes: 'lots' })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ code: 'bad_response' });
  });

  it('passes an abort through as it is', async () => {
    const controller = new AbortController();
    controller.abort();
    const transport = createTransport('http://sync.test', (input, init) => fetch(input, init));
    await expect(
      transport.request({ method: 'GET', path: '/v1/me', schema: null, signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('checkServerHealth', () => {
  it('accepts a DealerDesk server of our protocol, without the protocol header', async () => {
    let headers: Headers | null = null;
    const result = await checkServerHealth('sync.test:8787', async (input, init) => {
      expect(input).toBe('https://sync.test:8787/health');
      headers = new Headers(init?.headers);
      return new Response(JSON.stringify({ status: 'ok', protocol: 1, database: 'pglite' }));
    });
    expect(result).toEqual({ ok: true, protocol: 1, database: 'pglite' });
    expect((headers as Headers | null)?.get('x-dealerdesk-protocol')).toBeNull();
  });

  it("tells a server that refuses the app's origin (CORS) from one that is not there", async () => {
    const modes: (RequestMode | undefined)[] = [];
    // What a browser does when the server answers without allowing our origin: the CORS request
    // fails as if nothing were there; a no-cors request gets an opaque answer.
    const result = await checkServerHealth('http://sync.test', async (_input, init) => {
      modes.push(init?.mode);
      if (init?.mode !== 'no-cors') throw new TypeError('Failed to fetch');
      return new Response(null, { status: 200 });
    });
    expect(result).toMatchObject({ ok: false, reason: 'origin_refused' });
    expect(modes).toEqual([undefined, 'no-cors']);
  });

  it('tells unreachable, foreign and mismatched servers apart', async () => {
    await expect(
      checkServerHealth('http://sync.test', async () => {
        throw new TypeError('fetch failed');
      }),
    ).resolves.toMatchObject({ ok: false, reason: 'unreachable' });
    await expect(
      checkServerHealth('http://sync.test', answer(200, '<html>')),
    ).resolves.toMatchObject({ ok: false, reason: 'not_dealerdesk' });
    await expect(
      checkServerHealth('http://sync.test', answer(200, { status: 'ok', protocol: 2 })),
    ).resolves.toMatchObject({ ok: false, reason: 'protocol_mismatch' });
    await expect(
      checkServerHealth(
        'http://sync.test',
        answer(503, { status: 'unavailable', protocol: 1, database: 'postgres' }),
      ),
    ).resolves.toMatchObject({ ok: false, reason: 'database_unavailable' });
  });
});
