// The one place that talks HTTP to the sync server: base URL, the protocol header, the bearer
// token, and error bodies turned into typed errors (errors.ts). Every answer is validated with
// the protocol's zod schema before anyone uses it: a server we do not understand is an error,
// never data. `fetch` is injected, so the same code runs in the app, in Node and in tests.

import { z } from 'zod';
import { errorBodySchema, PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared/sync/protocol';
import type { ErrorBody } from '../../shared/sync/protocol';
import {
  ConflictError,
  DeviceWipedError,
  ForbiddenError,
  NetworkError,
  ProtocolOutdatedError,
  RateLimitedError,
  ServerError,
  ServiceUnavailableError,
  TokenExpiredError,
  UnauthorizedError,
  isAbortError,
} from './errors';
import { describeZodIssues } from '../../shared/zod-issues';

export type FetchFunction = (input: string, init?: RequestInit) => Promise<Response>;

export type RequestOptions<T> = {
  method: 'GET' | 'POST' | 'PATCH';
  /** Starts with `/`, e.g. `/v1/push`. */
  path: string;
  body?: unknown;
  token?: string;
  /** null: the answer has no body (204). */
  schema: z.ZodType<T> | null;
  signal?: AbortSignal;
};

export type Transport = {
  readonly baseUrl: string;
  request<T>(options: RequestOptions<T>): Promise<T>;
  /** A streaming GET (server-sent events): the Response once its status was checked. */
  openStream(path: string, token: string, signal: AbortSignal): Promise<Response>;
  /** PUT of raw bytes (an attachment); resolves once the server accepted them. */
  putBytes(path: string, bytes: Uint8Array, contentType: string, token: string): Promise<void>;
  /** GET of raw bytes (an attachment). */
  getBytes(path: string, token: string, signal?: AbortSignal): Promise<Uint8Array>;
};

export class InvalidServerAddressError extends Error {
  constructor(input: string) {
    super(`Not an http(s) server address: ${input}`);
    this.name = 'InvalidServerAddressError';
  }
}

/**
 * The base URL as stored: http(s) only, no credentials, query or fragment, no trailing slash.
 * `192.168.1.20:8787` (what people type) becomes `https://192.168.1.20:8787`: the server speaks
 * TLS unless its admin switched it off.
 */
export function normalizeServerAddress(input: string): string {
  const trimmed = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new InvalidServerAddressError(input);
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.hostname === '' ||
    url.username !== '' ||
    url.password !== '' ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    throw new InvalidServerAddressError(input);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Plain http is for a server on this very PC (nothing crosses a network); anywhere else the
 * passwords, tokens and customers would cross the showroom Wi-Fi in clear, so it needs the
 * admin's explicit, recorded choice (Settings → sync server).
 */
export function isLoopbackAddress(baseUrl: string): boolean {
  const { hostname } = new URL(baseUrl);
  return (
    hostname === 'localhost' ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/** True when the address would send everything in clear over a network. */
export function isInsecureRemoteAddress(baseUrl: string): boolean {
  return new URL(baseUrl).protocol === 'http:' && !isLoopbackAddress(baseUrl);
}

export function isValidServerAddress(input: string): boolean {
  try {
    normalizeServerAddress(input);
    return true;
  } catch {
    return false;
  }
}

export function createTransport(baseUrl: string, fetchFunction: FetchFunction): Transport {
  const base = normalizeServerAddress(baseUrl);

  const send = async (
    method: string,
    path: string,
    init: {
      body?: unknown;
      /** Raw bytes instead of a JSON body. */
      bytes?: { data: Uint8Array; contentType: string };
      token?: string;
      signal?: AbortSignal;
      accept?: string;
    },
  ): Promise<Response> => {
    const headers: Record<string, string> = {
      [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
      accept: init.accept ?? 'application/json',
    };
    if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
    let body: BodyInit | undefined;
    if (init.bytes !== undefined) {
      headers['content-type'] = init.bytes.contentType;
      body = init.bytes.data.slice();
    } else if (init.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(init.body);
    }
    let response: Response;
    try {
      response = await fetchFunction(base + path, { method, headers, body, signal: init.signal });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw new NetworkError(
        `Could not reach ${base}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  };

  return {
    baseUrl: base,
    async request<T>(options: RequestOptions<T>): Promise<T> {
      const response = await send(options.method, options.path, options);
      if (options.schema === null) {
        await response.body?.cancel();
        return undefined as T;
      }
      let json: unknown;
      try {
        json = await response.json();
      } catch (error) {
        if (isAbortError(error)) throw error;
        throw new ServerError(response.status, 'bad_response', `${options.path}: not JSON`);
      }
      const parsed = options.schema.safeParse(json);
      if (!parsed.success) {
        throw new ServerError(
          response.status,
          'bad_response',
          `${options.path}: unexpected answer (${describeZodIssues(parsed.error, { limit: 3 })})`,
        );
      }
      return parsed.data;
    },
    openStream(path, token, signal) {
      return send('GET', path, { token, signal, accept: 'text/event-stream' });
    },
    async putBytes(path, bytes, contentType, token) {
      const response = await send('PUT', path, { bytes: { data: bytes, contentType }, token });
      await response.body?.cancel();
    },
    async getBytes(path, token, signal) {
      const response = await send('GET', path, { token, signal, accept: 'image/*' });
      try {
        return new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        if (isAbortError(error)) throw error;
        throw new NetworkError(`${path}: the download broke off`, { cause: error });
      }
    },
  };
}

/** The retry-after header in seconds (the HTTP-date form is not used by our server). */
function retryAfterSeconds(response: Response): number | null {
  const header = response.headers.get('retry-after');
  const seconds = header === null ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

async function errorFromResponse(response: Response): Promise<Error> {
  let body: ErrorBody | null = null;
  try {
    const parsed = errorBodySchema.safeParse(await response.json());
    if (parsed.success) body = parsed.data;
  } catch {
    // Not JSON (a proxy's HTML page, say): the status alone decides.
  }
  switch (response.status) {
    case 426:
      return new ProtocolOutdatedError(body);
    case 401:
      return body?.error === 'token_expired'
        ? new TokenExpiredError(body)
        : new UnauthorizedError(body);
    case 403:
      return new ForbiddenError(body);
    case 409:
      return new ConflictError(body);
    case 410:
      if (body?.error === 'device_wiped') {
        return new DeviceWipedError(body, body.wipeMode ?? 'discard', body.finalPush === true);
      }
      return new ServerError(410, body?.error ?? 'bad_response', body?.message ?? 'HTTP 410', body);
    case 429:
      return new RateLimitedError(body, retryAfterSeconds(response));
    case 502:
    case 503:
    case 504:
      return new ServiceUnavailableError(response.status, body, retryAfterSeconds(response));
    default:
      return new ServerError(
        response.status,
        body?.error ?? 'bad_response',
        body?.message ?? `HTTP ${response.status}`,
        body,
      );
  }
}

const healthSchema = z.object({
  status: z.literal('ok'),
  protocol: z.number().int(),
  database: z.string().optional(),
});
/** A DealerDesk server that is up but cannot reach its database (503). */
const unavailableHealthSchema = z.object({
  status: z.literal('unavailable'),
  protocol: z.number().int(),
});

export type HealthResult =
  | { ok: true; protocol: number; database: string | null }
  | {
      ok: false;
      reason:
        | 'unreachable'
        /** Something answers at the address but the browser withholds it: CORS refused our origin. */
        | 'origin_refused'
        | 'not_dealerdesk'
        | 'protocol_mismatch'
        | 'database_unavailable';
      detail: string;
    };

/** "Test connection" in Settings: is a DealerDesk server of our protocol at this address? */
export async function checkServerHealth(
  baseUrl: string,
  fetchFunction: FetchFunction,
  signal?: AbortSignal,
): Promise<HealthResult> {
  let response: Response;
  try {
    response = await fetchFunction(`${normalizeServerAddress(baseUrl)}/health`, {
      headers: { accept: 'application/json' },
      signal,
    });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    // A browser reports a refused origin (CORS) exactly like a dead address. A no-cors request
    // is not subject to CORS: if it gets an (opaque) answer, a server is there and refuses us.
    if (signal?.aborted) return { ok: false, reason: 'unreachable', detail };
    try {
      await fetchFunction(`${normalizeServerAddress(baseUrl)}/health`, { mode: 'no-cors', signal });
      return { ok: false, reason: 'origin_refused', detail };
    } catch {
      return { ok: false, reason: 'unreachable', detail };
    }
  }
  let json: unknown = null;
  try {
    json = await response.json();
  } catch {
    // handled below as "not a DealerDesk server"
  }
  const parsed = healthSchema.safeParse(json);
  if (response.status === 503 && unavailableHealthSchema.safeParse(json).success) {
    return { ok: false, reason: 'database_unavailable', detail: 'HTTP 503' };
  }
  if (!response.ok || !parsed.success) {
    return { ok: false, reason: 'not_dealerdesk', detail: `HTTP ${response.status}` };
  }
  if (parsed.data.protocol !== PROTOCOL_VERSION) {
    return {
      ok: false,
      reason: 'protocol_mismatch',
      detail: `server ${parsed.data.protocol}, app ${PROTOCOL_VERSION}`,
    };
  }
  return { ok: true, protocol: parsed.data.protocol, database: parsed.data.database ?? null };
}
