// Access tokens are short-lived HS256 JWTs (sub = user id, sid = the session, plus dealership and
// role for the client's convenience — the server re-reads the user and the session on every
// request). Refresh tokens are opaque random strings; the database holds only their SHA-256, so a
// leaked table cannot be replayed.

import { createHash, createHmac, randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Role } from '../../shared/sync/tables';
import { HttpError, unauthorized } from '../http/errors';

export type AccessClaims = {
  userId: string;
  /** The session (refresh-token family) the token belongs to: its end ends the token. */
  sessionId: string;
  dealershipId: string;
  role: Role;
};

export type TokenSigner = {
  /** Deterministic: the same claims and second give the same token (a retried refresh). */
  signAccess(claims: AccessClaims, nowMs?: number): Promise<{ token: string; expiresAt: Date }>;
  /** The token's user and session; throws 401 token_expired or unauthorized. */
  verifyAccess(token: string): Promise<{ userId: string; sessionId: string }>;
  /**
   * The refresh token that follows `refreshToken` in its family: an HMAC of it, so a refresh
   * retried in the reuse window can hand out the same successor again without the database
   * keeping any token in clear.
   */
  successorOf(refreshToken: string): { token: string; hash: string };
};

export function createTokenSigner(secret: string, accessTtlSeconds: number): TokenSigner {
  const key = new TextEncoder().encode(secret);
  return {
    async signAccess(claims, nowMs = Date.now()) {
      const issuedAt = Math.floor(nowMs / 1000);
      const expiresAt = issuedAt + accessTtlSeconds;
      const token = await new SignJWT({
        sid: claims.sessionId,
        dealershipId: claims.dealershipId,
        role: claims.role,
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.userId)
        .setIssuedAt(issuedAt)
        .setExpirationTime(expiresAt)
        .sign(key);
      return { token, expiresAt: new Date(expiresAt * 1000) };
    },
    async verifyAccess(token) {
      try {
        const { payload } = await jwtVerify(token, key, { algorithms: ['HS256'] });
        if (typeof payload.sub !== 'string') throw unauthorized('token_invalid');
        // A token from before sessions were checked: the client refreshes it once.
        if (typeof payload.sid !== 'string') throw new errors.JWTExpired('no session', payload);
        return { userId: payload.sub, sessionId: payload.sid };
      } catch (error) {
        if (error instanceof errors.JWTExpired) {
          throw new HttpError(
            401,
            'token_expired',
            'token_expired',
            'The access token has expired; refresh it.',
          );
        }
        throw unauthorized('token_invalid', 'The access token is not valid.');
      }
    },
    successorOf(refreshToken) {
      const token = createHmac('sha256', key)
        .update(`refresh-successor:${refreshToken}`)
        .digest('base64url');
      return { token, hash: hashRefreshToken(token) };
    },
  };
}

export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
