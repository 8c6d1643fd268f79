// Access tokens are short-lived HS256 JWTs (sub = user id, plus dealership and role for the
// client's convenience — the server re-reads the user on every request). Refresh tokens are opaque
// random strings; the database holds only their SHA-256, so a leaked table cannot be replayed.

import { createHash, randomBytes } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Role } from '../../shared/sync/tables';
import { HttpError, unauthorized } from '../http/errors';

export type AccessClaims = { userId: string; dealershipId: string; role: Role };

export type TokenSigner = {
  signAccess(claims: AccessClaims, nowMs?: number): Promise<{ token: string; expiresAt: Date }>;
  /** The token's user id; throws 401 token_expired or unauthorized. */
  verifyAccess(token: string): Promise<string>;
};

export function createTokenSigner(secret: string, accessTtlSeconds: number): TokenSigner {
  const key = new TextEncoder().encode(secret);
  return {
    async signAccess(claims, nowMs = Date.now()) {
      const issuedAt = Math.floor(nowMs / 1000);
      const expiresAt = issuedAt + accessTtlSeconds;
      const token = await new SignJWT({ dealershipId: claims.dealershipId, role: claims.role })
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
        if (typeof payload.sub !== 'string') throw unauthorized();
        return payload.sub;
      } catch (error) {
        if (error instanceof errors.JWTExpired) {
          throw new HttpError(401, 'token_expired', 'The access token has expired; refresh it.');
        }
        throw unauthorized('The access token is not valid.');
      }
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
