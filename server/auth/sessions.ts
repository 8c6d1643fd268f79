// Login, refresh and logout. A login starts a refresh-token *family*; each refresh spends the
// presented token and issues the next one of the family. A spent token presented again means a
// copy exists somewhere (stolen, or replayed by a proxy): the whole family is revoked, so whoever
// holds the newest token is logged out too and must prove the password again.

import { v7 as uuidv7 } from 'uuid';
import type { LoginRequest, SessionUser, TokenResponse } from '../../shared/sync/protocol';
import type { Database, Queryable } from '../db/database';
import { findUserById, findUserByLogin, type UserRow } from '../db/users';
import { forbidden, unauthorized } from '../http/errors';
import { verifyAgainstDummy, verifyPassword } from './passwords';
import { hashRefreshToken, newRefreshToken, type TokenSigner } from './tokens';

export type SessionSettings = { signer: TokenSigner; refreshTtlSeconds: number };

export function toSessionUser(user: UserRow): SessionUser {
  return {
    id: user.id,
    login: user.login,
    name: user.name,
    role: user.role,
    dealershipId: user.dealershipId,
    dealershipName: user.dealershipName,
  };
}

export async function login(
  db: Database,
  settings: SessionSettings,
  request: LoginRequest,
): Promise<TokenResponse> {
  const user = await findUserByLogin(db, request.login);
  const passwordOk = user
    ? await verifyPassword(user.passwordHash, request.password)
    : await verifyAgainstDummy(request.password);
  if (!user || !passwordOk) throw unauthorized('Wrong login or password.');
  if (!user.active) throw unauthorized('This account has been deactivated.');

  return db.transaction(async (tx) => {
    await bindClient(tx, request.clientId, user.id);
    return issueTokens(tx, settings, user, { familyId: uuidv7(), clientId: request.clientId });
  });
}

/** A client id belongs to the first user who logs in with it, for ever. */
async function bindClient(tx: Queryable, clientId: string, userId: string): Promise<void> {
  const [bound] = await tx.query<{ user_id: string }>(
    `INSERT INTO clients (client_id, user_id) VALUES ($1, $2)
     ON CONFLICT (client_id) DO UPDATE SET last_seen_at = now()
     RETURNING user_id::text`,
    [clientId, userId],
  );
  if (bound?.user_id !== userId) {
    throw forbidden('This client id belongs to another user; the app must make a new one.');
  }
}

async function issueTokens(
  tx: Queryable,
  settings: SessionSettings,
  user: UserRow,
  session: { familyId: string; clientId: string },
): Promise<TokenResponse> {
  const access = await settings.signer.signAccess({
    userId: user.id,
    dealershipId: user.dealershipId,
    role: user.role,
  });
  const refresh = newRefreshToken();
  const refreshExpiresAt = new Date(Date.now() + settings.refreshTtlSeconds * 1000);
  await tx.query(
    `INSERT INTO refresh_tokens (id, user_id, family_id, client_id, token_hash, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      uuidv7(),
      user.id,
      session.familyId,
      session.clientId,
      refresh.hash,
      refreshExpiresAt.toISOString(),
    ],
  );
  return {
    accessToken: access.token,
    accessExpiresAt: access.expiresAt.toISOString(),
    refreshToken: refresh.token,
    refreshExpiresAt: refreshExpiresAt.toISOString(),
    user: toSessionUser(user),
  };
}

type RefreshOutcome = { ok: true; tokens: TokenResponse } | { ok: false; message: string };

export async function refresh(
  db: Database,
  settings: SessionSettings,
  refreshToken: string,
): Promise<TokenResponse> {
  // The revocation of a reused family must commit, so the transaction returns the refusal instead
  // of throwing it (a throw would roll the revocation back).
  const outcome = await db.transaction<RefreshOutcome>(async (tx) => {
    const [stored] = await tx.query<{
      id: string;
      user_id: string;
      family_id: string;
      client_id: string;
      expired: boolean;
      used: boolean;
      revoked: boolean;
    }>(
      `SELECT id::text, user_id::text, family_id::text, client_id,
              expires_at <= now() AS expired, used_at IS NOT NULL AS used,
              revoked_at IS NOT NULL AS revoked
       FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
      [hashRefreshToken(refreshToken)],
    );
    if (!stored) return { ok: false, message: 'Unknown refresh token.' };
    if (stored.revoked) return { ok: false, message: 'This session has ended; log in again.' };
    if (stored.used) {
      await revokeFamily(tx, stored.family_id);
      return {
        ok: false,
        message: 'This refresh token was already used; the session has been ended for safety.',
      };
    }
    if (stored.expired) return { ok: false, message: 'The session has expired; log in again.' };
    const user = await findUserById(tx, stored.user_id);
    if (!user?.active) {
      await revokeFamily(tx, stored.family_id);
      return { ok: false, message: 'This account has been deactivated.' };
    }
    await tx.query('UPDATE refresh_tokens SET used_at = now() WHERE id = $1', [stored.id]);
    const tokens = await issueTokens(tx, settings, user, {
      familyId: stored.family_id,
      clientId: stored.client_id,
    });
    return { ok: true, tokens };
  });
  if (!outcome.ok) throw unauthorized(outcome.message);
  return outcome.tokens;
}

export async function logout(db: Database, refreshToken: string): Promise<void> {
  await db.query(
    `UPDATE refresh_tokens SET revoked_at = now()
     WHERE revoked_at IS NULL
       AND family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = $1)`,
    [hashRefreshToken(refreshToken)],
  );
}

async function revokeFamily(tx: Queryable, familyId: string): Promise<void> {
  await tx.query(
    'UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL',
    [familyId],
  );
}

/** Ends every session of a user (deactivation, new password). */
export async function revokeUserSessions(tx: Queryable, userId: string): Promise<void> {
  await tx.query(
    'UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL',
    [userId],
  );
}
