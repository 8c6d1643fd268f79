// The tokens of the logged-in user and every authenticated request. Access tokens are short-lived;
// when the server says `token_expired` we refresh once and retry. The refresh token never stays
// here: the host's session vault (shared/sync/session-vault.ts; in Electron the main process)
// keeps it and refreshes on our behalf, so this module only ever holds an access token. Refresh
// tokens rotate and a replayed one revokes the whole family, so there is at most one refresh in
// flight at a time. A refused refresh means "log in again": nothing local is touched (the outbox
// waits for the same user).

import type { LoginRequest, TokenResponse } from '../../shared/sync/protocol';
import { tokenResponseSchema } from '../../shared/sync/protocol';
import {
  sessionTokensOf,
  type SessionAccess,
  type SessionRefresh,
  type SessionTokens,
  type SessionVault,
} from '../../shared/sync/session-vault';
import {
  DeviceWipedError,
  LoginRequiredError,
  NetworkError,
  ProtocolOutdatedError,
  ServerError,
  TokenExpiredError,
  UnauthorizedError,
} from './errors';
import type { Transport } from './transport';

export type Tokens = SessionTokens;

export type Auth = {
  /** Asks the vault for a session with this server; false when there is none. */
  load(): Promise<boolean>;
  hasTokens(): boolean;
  /** Asks the server; stores nothing (the caller stores after its local work succeeded). */
  login(request: LoginRequest): Promise<TokenResponse>;
  /** Hands the login's tokens to the vault; only the access part stays here. */
  store(tokens: Tokens): Promise<void>;
  /** Forgets the session here and in the vault. */
  clear(): Promise<void>;
  /** Revokes the refresh token's family on the server; best effort, never throws. */
  revoke(timeoutMs: number): Promise<void>;
  /** Runs `request` with the access token; on token_expired refreshes once and runs it again. */
  authorized<T>(request: (accessToken: string) => Promise<T>): Promise<T>;
};

/** The vault's answer as the error the engine already knows how to handle. */
function refreshFailure(result: Exclude<SessionRefresh, { outcome: 'refreshed' }>): Error {
  switch (result.outcome) {
    case 'refused':
      return new LoginRequiredError(result.message);
    case 'unreachable':
      return new NetworkError(result.message);
    case 'failed':
      // A refresh answers the wipe only when nothing may be pushed any more.
      if (result.status === 410 && result.code === 'device_wiped') {
        return new DeviceWipedError(null, result.wipeMode ?? 'discard', false);
      }
      return result.status === 426
        ? new ProtocolOutdatedError(null)
        : new ServerError(result.status, 'bad_response', result.message);
  }
}

export function createAuth(transport: Transport, vault: SessionVault): Auth {
  let access: SessionAccess | null = null;
  let refreshing: Promise<SessionAccess> | null = null;

  const clear = async (): Promise<void> => {
    access = null;
    await vault.clear();
  };

  /** A valid-looking token the server refuses (revoked, user deactivated): log in again. */
  const refused = async (error: Error): Promise<never> => {
    await clear();
    throw new LoginRequiredError(error.message);
  };

  const refresh = (used: SessionAccess): Promise<SessionAccess> => {
    if (refreshing) return refreshing;
    // Someone refreshed while our request was on its way: use theirs.
    if (access && access.accessToken !== used.accessToken) return Promise.resolve(access);
    refreshing = (async () => {
      try {
        const result = await vault.refresh(used.accessToken);
        if (result.outcome !== 'refreshed') {
          if (result.outcome === 'refused') access = null;
          throw refreshFailure(result);
        }
        access = result.access;
        return result.access;
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  };

  return {
    async load() {
      access = await vault.load(transport.baseUrl).catch(() => null);
      return access !== null;
    },
    hasTokens: () => access !== null,
    login: (request) =>
      transport.request({
        method: 'POST',
        path: '/v1/auth/login',
        body: request,
        schema: tokenResponseSchema,
      }),
    async store(tokens) {
      await vault.store(transport.baseUrl, sessionTokensOf(tokens));
      access = {
        accessToken: tokens.accessToken,
        accessExpiresAt: tokens.accessExpiresAt,
        refreshExpiresAt: tokens.refreshExpiresAt,
      };
    },
    clear,
    revoke: (timeoutMs) => vault.revoke(timeoutMs),
    async authorized(request) {
      const current = refreshing ? await refreshing : access;
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
  return sessionTokensOf(answer);
}
