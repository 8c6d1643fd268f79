// The tokens of the logged-in user and every authenticated request. Access tokens are short-lived;
// when the server says `token_expired` we refresh once and retry. Refresh tokens rotate and a
// replayed one revokes the whole family, so there is at most one refresh in flight at a time and
// its result is stored before anyone uses it. A refused refresh means "log in again": the tokens
// are dropped, but nothing local is touched (the outbox waits for the same user).

import {
  tokenResponseSchema,
  type LoginRequest,
  type TokenResponse,
} from '../../shared/sync/protocol';
import { LoginRequiredError, TokenExpiredError, UnauthorizedError } from './errors';
import type { SecretStore } from './secret-store';
import type { Transport } from './transport';

/** The key the tokens are stored under (one JSON value). */
export const TOKENS_SECRET_KEY = 'sync.tokens';

export type Tokens = Pick<
  TokenResponse,
  'accessToken' | 'accessExpiresAt' | 'refreshToken' | 'refreshExpiresAt'
>;

export type Auth = {
  /** Reads stored tokens; false when there are none. */
  load(): Promise<boolean>;
  hasTokens(): boolean;
  /** Asks the server; stores nothing (the caller stores after its local work succeeded). */
  login(request: LoginRequest): Promise<TokenResponse>;
  store(tokens: Tokens): Promise<void>;
  /** Forgets the tokens here and in the secret store. */
  clear(): Promise<void>;
  /** Revokes the refresh token's family on the server; best effort, never throws. */
  revoke(timeoutMs: number): Promise<void>;
  /** Runs `request` with the access token; on token_expired refreshes once and runs it again. */
  authorized<T>(request: (accessToken: string) => Promise<T>): Promise<T>;
};

export function createAuth(transport: Transport, secrets: SecretStore): Auth {
  let tokens: Tokens | null = null;
  let refreshing: Promise<Tokens> | null = null;

  const persist = async (next: Tokens): Promise<void> => {
    tokens = next;
    try {
      await secrets.set(TOKENS_SECRET_KEY, JSON.stringify(next));
    } catch (error) {
      // No keychain: the tokens live in memory for this run; the next start asks for a login.
      console.warn('[sync] tokens not stored', error);
    }
  };

  const clear = async (): Promise<void> => {
    tokens = null;
    try {
      await secrets.delete(TOKENS_SECRET_KEY);
    } catch (error) {
      console.warn('[sync] stored tokens not deleted', error);
    }
  };

  /** A valid-looking token the server refuses (revoked, user deactivated): log in again. */
  const refused = async (error: Error): Promise<never> => {
    await clear();
    throw new LoginRequiredError(error.message);
  };

  const refresh = (used: Tokens): Promise<Tokens> => {
    if (refreshing) return refreshing;
    // Someone refreshed while our request was on its way: use theirs, never spend a token twice.
    if (tokens && tokens.accessToken !== used.accessToken) return Promise.resolve(tokens);
    refreshing = (async () => {
      try {
        const answer = await transport.request({
          method: 'POST',
          path: '/v1/auth/refresh',
          body: { refreshToken: used.refreshToken },
          schema: tokenResponseSchema,
        });
        const next = tokensOf(answer);
        await persist(next);
        return next;
      } catch (error) {
        if (error instanceof UnauthorizedError || error instanceof TokenExpiredError) {
          await clear();
          throw new LoginRequiredError(error.message);
        }
        throw error;
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  };

  return {
    async load() {
      const stored = await secrets.get(TOKENS_SECRET_KEY).catch(() => null);
      tokens = stored === null ? null : parseTokens(stored);
      return tokens !== null;
    },
    hasTokens: () => tokens !== null,
    login: (request) =>
      transport.request({
        method: 'POST',
        path: '/v1/auth/login',
        body: request,
        schema: tokenResponseSchema,
      }),
    store: persist,
    clear,
    async revoke(timeoutMs) {
      const current = tokens;
      if (!current) return;
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      try {
        await transport.request({
          method: 'POST',
          path: '/v1/auth/logout',
          body: { refreshToken: current.refreshToken },
          schema: null,
          signal: controller.signal,
        });
      } catch {
        // Offline or already revoked: the token expires on its own; the local data goes anyway.
      } finally {
        clearTimeout(timer);
      }
    },
    async authorized(request) {
      const current = refreshing ? await refreshing : tokens;
      if (!current) throw new LoginRequiredError();
      try {
        return await request(current.accessToken);
      } catch (error) {
        if (error instanceof UnauthorizedError) return refused(error);
        if (!(error instanceof TokenExpiredError)) throw error;
      }
      const next = await refresh(current);
      try {
        return await request(next.accessToken);
      } catch (error) {
        // Expired again right after a refresh: the clocks disagree; let the user log in.
        if (error instanceof UnauthorizedError || error instanceof TokenExpiredError) {
          return refused(error);
        }
        throw error;
      }
    },
  };
}

export function tokensOf(answer: TokenResponse): Tokens {
  return {
    accessToken: answer.accessToken,
    accessExpiresAt: answer.accessExpiresAt,
    refreshToken: answer.refreshToken,
    refreshExpiresAt: answer.refreshExpiresAt,
  };
}

function parseTokens(text: string): Tokens | null {
  try {
    const parsed = tokenResponseSchema
      .pick({
        accessToken: true,
        accessExpiresAt: true,
        refreshToken: true,
        refreshExpiresAt: true,
      })
      .safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
