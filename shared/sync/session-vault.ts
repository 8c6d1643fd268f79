// Where a sync session's refresh token lives: with the host, never in the page. The refresh token
// is worth weeks of access (an access token, minutes), so a script injected into the renderer
// must not be able to read it. The vault keeps it with the server address it belongs to, and
// hands the renderer only the access part: it refreshes and revokes by itself, and only ever
// sends the refresh token to the address it was stored with.
//
// Used in three places with different storage and fetch: the Electron main process (safeStorage
// file, Chromium's network stack with the pinned certificate), the browser build's DesktopApi
// (localStorage, window.fetch) and tests or Node clients (memory, any fetch).

import { z } from 'zod';
import {
  errorBodySchema,
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  tokenResponseSchema,
  WIPE_MODES,
  type WipeMode,
} from './protocol';

export type SessionAccess = {
  accessToken: string;
  accessExpiresAt: string;
  refreshExpiresAt: string;
};

export type SessionTokens = SessionAccess & { refreshToken: string };

/** The access part as it crosses IPC: checked on arrival, like every answer from elsewhere. */
export const sessionAccessSchema = z.strictObject({
  accessToken: z.string().min(1),
  accessExpiresAt: z.string(),
  refreshExpiresAt: z.string(),
}) satisfies z.ZodType<SessionAccess>;

export const sessionRefreshSchema = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('refreshed'), access: sessionAccessSchema }),
  z.strictObject({ outcome: z.literal('refused'), message: z.string() }),
  z.strictObject({ outcome: z.literal('unreachable'), message: z.string() }),
  z.strictObject({
    outcome: z.literal('failed'),
    status: z.number(),
    code: z.string(),
    message: z.string(),
    wipeMode: z.enum(WIPE_MODES).optional(),
  }),
]) satisfies z.ZodType<SessionRefresh>;

/** Why a refresh did not give a new access token, as data (errors do not cross IPC intact). */
export type SessionRefresh =
  | { outcome: 'refreshed'; access: SessionAccess }
  /** No session, or the server refused the refresh token: log in again (the vault forgot it). */
  | { outcome: 'refused'; message: string }
  /** The server could not be reached: try again later. */
  | { outcome: 'unreachable'; message: string }
  /** Any other answer (a 5xx, 426, 429, a body we do not understand). */
  | {
      outcome: 'failed';
      status: number;
      code: string;
      message: string;
      /** 410 device_wiped: how this laptop must empty itself. */
      wipeMode?: WipeMode;
    };

export type SessionVault = {
  /** The stored session's access part, or null when none is stored for this server. */
  load(baseUrl: string): Promise<SessionAccess | null>;
  /** Keeps the tokens of a login at `baseUrl`, replacing any session. */
  store(baseUrl: string, tokens: SessionTokens): Promise<void>;
  /**
   * A new access token from the stored refresh token. `usedAccessToken` is the one the server
   * said expired: if the vault already holds a newer one (a refresh raced ours), that is the
   * answer, and the rotated refresh token is never spent twice.
   */
  refresh(usedAccessToken: string): Promise<SessionRefresh>;
  /** Revokes the refresh token's family on the server; best effort, never throws. */
  revoke(timeoutMs: number): Promise<void>;
  clear(): Promise<void>;
};

/** One stored value (the session as JSON); each host decides where it lives. */
export type SecretSlot = {
  read(): Promise<string | null>;
  write(value: string): Promise<void>;
  erase(): Promise<void>;
};

export type VaultFetch = (input: string, init?: RequestInit) => Promise<Response>;

const storedSessionSchema = z.object({
  baseUrl: z.string(),
  tokens: tokenResponseSchema.pick({
    accessToken: true,
    accessExpiresAt: true,
    refreshToken: true,
    refreshExpiresAt: true,
  }),
});
type StoredSession = z.infer<typeof storedSessionSchema>;

/** The same four token fields and nothing else (a login answer also carries the user). */
export function sessionTokensOf(tokens: SessionTokens): SessionTokens {
  return {
    accessToken: tokens.accessToken,
    accessExpiresAt: tokens.accessExpiresAt,
    refreshToken: tokens.refreshToken,
    refreshExpiresAt: tokens.refreshExpiresAt,
  };
}

function accessOf(tokens: SessionTokens): SessionAccess {
  return {
    accessToken: tokens.accessToken,
    accessExpiresAt: tokens.accessExpiresAt,
    refreshExpiresAt: tokens.refreshExpiresAt,
  };
}

function parseStored(text: string | null): StoredSession | null {
  if (text === null) return null;
  try {
    const parsed = storedSessionSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function errorBodyOf(
  response: Response,
): Promise<{ code: string; message: string; wipeMode?: WipeMode }> {
  try {
    const parsed = errorBodySchema.safeParse(await response.json());
    if (parsed.success) {
      const { error: code, message, wipeMode } = parsed.data;
      return wipeMode === undefined ? { code, message } : { code, message, wipeMode };
    }
  } catch {
    // Not JSON (a proxy's page): the status alone speaks.
  }
  return { code: 'bad_response', message: `HTTP ${response.status}` };
}

export function createSessionVault(
  slot: SecretSlot,
  fetchFunction: VaultFetch,
  warn: (message: string, error: unknown) => void = (message, error) =>
    console.warn(message, error),
): SessionVault {
  // The session as last read or written. Without a keychain the slot refuses to write and the
  // session lives here for this run only; the next start asks for a login.
  let current: StoredSession | null | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  const read = async (): Promise<StoredSession | null> => {
    if (current === undefined) {
      current = parseStored(await slot.read().catch(() => null));
    }
    return current;
  };

  const keep = async (session: StoredSession): Promise<void> => {
    current = session;
    try {
      await slot.write(JSON.stringify(session));
    } catch (error) {
      warn('[sync] session kept in memory only', error);
    }
  };

  const forget = async (): Promise<void> => {
    current = null;
    try {
      await slot.erase();
    } catch (error) {
      warn('[sync] stored session not deleted', error);
    }
  };

  const post = (session: StoredSession, path: string, signal?: AbortSignal) =>
    fetchFunction(`${session.baseUrl}${path}`, {
      method: 'POST',
      headers: {
        [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        accept: 'application/json',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ refreshToken: session.tokens.refreshToken }),
      signal,
    });

  return {
    load: (baseUrl) =>
      serialized(async () => {
        const session = await read();
        return session !== null && session.baseUrl === baseUrl ? accessOf(session.tokens) : null;
      }),
    store: (baseUrl, tokens) =>
      serialized(() => keep({ baseUrl, tokens: sessionTokensOf(tokens) })),
    refresh: (usedAccessToken) =>
      serialized(async (): Promise<SessionRefresh> => {
        const session = await read();
        if (session === null) return { outcome: 'refused', message: 'Not logged in' };
        if (session.tokens.accessToken !== usedAccessToken) {
          return { outcome: 'refreshed', access: accessOf(session.tokens) };
        }
        let response: Response;
        try {
          response = await post(session, '/v1/auth/refresh');
        } catch (error) {
          return { outcome: 'unreachable', message: describe(error) };
        }
        if (response.status === 401) {
          // Revoked, replayed or expired: the token is worthless, keep nothing.
          const { message } = await errorBodyOf(response);
          await forget();
          return { outcome: 'refused', message };
        }
        if (!response.ok) {
          return { outcome: 'failed', status: response.status, ...(await errorBodyOf(response)) };
        }
        let parsed: ReturnType<typeof tokenResponseSchema.safeParse>;
        try {
          parsed = tokenResponseSchema.safeParse(await response.json());
        } catch (error) {
          return { outcome: 'unreachable', message: describe(error) };
        }
        if (!parsed.success) {
          return {
            outcome: 'failed',
            status: response.status,
            code: 'bad_response',
            message: '/v1/auth/refresh: unexpected answer',
          };
        }
        const tokens = sessionTokensOf(parsed.data);
        await keep({ baseUrl: session.baseUrl, tokens });
        return { outcome: 'refreshed', access: accessOf(tokens) };
      }),
    revoke: (timeoutMs) =>
      serialized(async () => {
        const session = await read();
        if (session === null) return;
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), timeoutMs);
        try {
          const response = await post(session, '/v1/auth/logout', controller.signal);
          await response.body?.cancel();
        } catch {
          // Offline or already revoked: the token expires on its own.
        } finally {
          clearTimeout(timer);
        }
      }),
    clear: () => serialized(forget),
  };
}

/** A slot in memory: for tests, and Node clients that log in every run. */
export function memorySecretSlot(initial: string | null = null): SecretSlot & {
  readonly value: string | null;
} {
  let value = initial;
  return {
    get value() {
      return value;
    },
    read: async () => value,
    write: async (next) => {
      value = next;
    },
    erase: async () => {
      value = null;
    },
  };
}
