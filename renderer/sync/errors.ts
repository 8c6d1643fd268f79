// What can go wrong talking to the sync server, as types the engine and the UI can tell apart.
// Each maps to one thing to do: go offline and retry later, refresh the token, ask the user to
// log in, tell them to update the app, or show the server's words.

import type { ErrorBody, WipeMode } from '../../shared/sync/protocol';
import type { WipeReason } from '../vault/vault-types';

/** The server could not be reached (fetch threw: offline, DNS, refused, reset, timeout). */
export class NetworkError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NetworkError';
  }
}

/** Any answer with an error status; `code` is the protocol's ErrorCode when the body had one. */
export class ServerError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorBody['error'] | 'bad_response',
    message: string,
    readonly body: ErrorBody | null = null,
  ) {
    super(message);
    this.name = 'ServerError';
  }
}

/** 426: this app speaks an older (or newer) protocol than the server; sync stops. */
export class ProtocolOutdatedError extends ServerError {
  constructor(body: ErrorBody | null) {
    super(426, 'protocol_outdated', body?.message ?? 'This app must be updated', body);
    this.name = 'ProtocolOutdatedError';
  }
}

/** 401 token_expired: refresh and retry. */
export class TokenExpiredError extends ServerError {
  constructor(body: ErrorBody | null) {
    super(401, 'token_expired', body?.message ?? 'Access token expired', body);
    this.name = 'TokenExpiredError';
  }
}

/** 401 unauthorized: wrong password, revoked/replayed refresh token, deactivated user. */
export class UnauthorizedError extends ServerError {
  constructor(body: ErrorBody | null) {
    super(401, 'unauthorized', body?.message ?? 'Not logged in', body);
    this.name = 'UnauthorizedError';
  }
}

/** 403: the role may not do this, or this client id belongs to another user. */
export class ForbiddenError extends ServerError {
  constructor(body: ErrorBody | null) {
    super(403, 'forbidden', body?.message ?? 'Forbidden', body);
    this.name = 'ForbiddenError';
  }
}

/** 429: too many login attempts; `retryAfterSeconds` from the retry-after header when sent. */
export class RateLimitedError extends ServerError {
  constructor(
    body: ErrorBody | null,
    readonly retryAfterSeconds: number | null,
  ) {
    super(429, 'rate_limited', body?.message ?? 'Too many attempts', body);
    this.name = 'RateLimitedError';
  }
}

/**
 * 502, 503, 504: the server (or a proxy before it) cannot serve right now — its database is
 * restarting, say. Nothing was done; the same request is sent again later, after
 * `retryAfterSeconds` when the server said.
 */
export class ServiceUnavailableError extends ServerError {
  constructor(
    status: number,
    body: ErrorBody | null,
    readonly retryAfterSeconds: number | null,
  ) {
    super(status, body?.error ?? 'unavailable', body?.message ?? 'The server is unavailable', body);
    this.name = 'ServiceUnavailableError';
  }
}

/** 409: e.g. the login exists, or a user who still owns customers cannot be deactivated. */
export class ConflictError extends ServerError {
  constructor(body: ErrorBody | null) {
    super(409, 'conflict', body?.message ?? 'Conflict', body);
    this.name = 'ConflictError';
  }
}

/**
 * 410 device_wiped: the server marked this laptop for wipe (an admin's remote wipe, or its user's
 * deactivation). `finalPush`: the server still accepts one push of the outbox first.
 */
export class DeviceWipedError extends ServerError {
  constructor(
    body: ErrorBody | null,
    readonly wipeMode: WipeMode,
    readonly finalPush: boolean,
  ) {
    super(410, 'device_wiped', body?.message ?? 'This device has been marked for wipe', body);
    this.name = 'DeviceWipedError';
  }

  /** Why the local data goes, in the vault's words. */
  get reason(): WipeReason {
    return this.wipeMode === 'after_push' ? 'deactivated' : 'remote_wipe';
  }
}

/**
 * Sync is paused until the user logs in again: no tokens, or the refresh token was refused.
 * Local work goes on; the outbox is kept and pushed after the login.
 */
export class LoginRequiredError extends Error {
  constructor(message = 'Log in to the sync server again') {
    super(message);
    this.name = 'LoginRequiredError';
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/**
 * The server understood the request and refused it for good (a 4xx other than 401, 408, 426 and
 * 429): sending the same request again cannot succeed.
 */
export function isPermanentRefusal(error: unknown): boolean {
  return (
    error instanceof ServerError &&
    error.status >= 400 &&
    error.status < 500 &&
    ![401, 408, 426, 429].includes(error.status)
  );
}
