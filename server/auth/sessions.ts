// Login, refresh and logout. A login starts a session: a refresh-token *family* (its id is the
// session id, carried by every access token as `sid`); each refresh spends the presented token and
// issues the next one of the family. The server checks the session on every request, so a logout,
// a new password or a deactivation ends the access tokens at once, not when they expire.
//
// A spent token presented again means a copy exists somewhere (stolen, or replayed by a proxy):
// the whole family is revoked, so whoever holds the newest token is logged out too. Except within
// a short reuse window (like the "reuse interval" of mature identity servers): a refresh whose
// answer was lost, retried, or two refreshes racing from one client, get the same new pair again
// — the successor token is an HMAC of the spent one and the access token is re-signed with the
// same claims and second, so nothing secret is kept in clear to repeat the answer.

import { v7 as uuidv7 } from 'uuid';
import type {
  ErrorReason,
  LoginRequest,
  SessionUser,
  TokenResponse,
  WipeMode,
} from '../../shared/sync/protocol';
import type { Database, Queryable } from '../db/database';
import { deviceWiped } from '../devices';
import { findUserById, findUserByLogin, type UserRow } from '../db/users';
import { forbidden, type HttpError, unauthorized } from '../http/errors';
import { verifyAgainstDummy, verifyPassword } from './passwords';
import { hashRefreshToken, newRefreshToken, type TokenSigner } from './tokens';

export type SessionSettings = {
  signer: TokenSigner;
  refreshTtlSeconds: number;
  /** How long a spent refresh token still answers with its successor (0: never). */
  refreshReuseSeconds: number;
};

/** One answer for a wrong password and a deactivated account: it must not confirm a guess. */
export const LOGIN_REFUSED = 'Wrong login or password, or the account is deactivated.';

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
  label: string | null = null,
): Promise<TokenResponse> {
  const user = await findUserByLogin(db, request.login);
  const passwordOk = user
    ? await verifyPassword(user.passwordHash, request.password)
    : await verifyAgainstDummy(request.password);
  if (!user || !passwordOk || !user.active) throw unauthorized('login_refused', LOGIN_REFUSED);

  return db.transaction(async (tx) => {
    await bindClient(tx, request.clientId, user.id, label);
    const familyId = uuidv7();
    await tx.query('INSERT INTO sessions (id, user_id) VALUES ($1, $2)', [familyId, user.id]);
    return issueTokens(tx, settings, user, {
      familyId,
      clientId: request.clientId,
      refresh: newRefreshToken(),
    });
  });
}

/**
 * A client id belongs to the first user who logs in with it, for ever. A login on a device that
 * was signed out remotely clears the mark (the password was given again); a device marked for
 * wipe is told so instead of being logged in (after its password was checked, like any answer).
 */
async function bindClient(
  tx: Queryable,
  clientId: string,
  userId: string,
  label: string | null,
): Promise<void> {
  const [bound] = await tx.query<{
    user_id: string;
    wipe_mode: WipeMode | null;
    final_push_used: boolean;
  }>(
    `INSERT INTO clients (client_id, user_id, label) VALUES ($1, $2, $3)
     ON CONFLICT (client_id) DO UPDATE SET last_seen_at = now(),
       label = coalesce(EXCLUDED.label, clients.label),
       revoked_at = CASE WHEN clients.user_id = EXCLUDED.user_id THEN NULL
                         ELSE clients.revoked_at END
     RETURNING user_id::text, wipe_mode, final_push_at IS NOT NULL AS final_push_used`,
    [clientId, userId, label],
  );
  if (bound?.user_id !== userId) {
    throw forbidden(
      'client_bound_to_other_user',
      'This client id belongs to another user; the app must make a new one.',
    );
  }
  // No new session for a device marked for wipe: its final push, if any, is lost with it.
  if (bound.wipe_mode !== null)
    throw deviceWiped({ wipeMode: bound.wipe_mode, finalPushUsed: true });
}

async function issueTokens(
  tx: Queryable,
  settings: SessionSettings,
  user: UserRow,
  session: { familyId: string; clientId: string; refresh: { token: string; hash: string } },
): Promise<TokenResponse> {
  // Whole seconds, the JWT's precision: the row's created_at re-signs the same token on a retry.
  const issuedAtMs = Math.floor(Date.now() / 1000) * 1000;
  const refreshExpiresAt = new Date(issuedAtMs + settings.refreshTtlSeconds * 1000);
  await tx.query(
    `INSERT INTO refresh_tokens (id, user_id, family_id, client_id, token_hash, created_at,
                                 expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      uuidv7(),
      user.id,
      session.familyId,
      session.clientId,
      session.refresh.hash,
      new Date(issuedAtMs).toISOString(),
      refreshExpiresAt.toISOString(),
    ],
  );
  return tokenResponse(settings, user, {
    familyId: session.familyId,
    refreshToken: session.refresh.token,
    issuedAtMs,
    refreshExpiresAt,
  });
}

async function tokenResponse(
  settings: SessionSettings,
  user: UserRow,
  pair: { familyId: string; refreshToken: string; issuedAtMs: number; refreshExpiresAt: Date },
): Promise<TokenResponse> {
  const access = await settings.signer.signAccess(
    { userId: user.id, sessionId: pair.familyId, dealershipId: user.dealershipId, role: user.role },
    pair.issuedAtMs,
  );
  return {
    accessToken: access.token,
    accessExpiresAt: access.expiresAt.toISOString(),
    refreshToken: pair.refreshToken,
    refreshExpiresAt: pair.refreshExpiresAt.toISOString(),
    user: toSessionUser(user),
  };
}

type RefreshOutcome =
  | { ok: true; tokens: TokenResponse }
  | { ok: false; reason: ErrorReason; message: string }
  | { ok: false; wiped: HttpError };

export async function refresh(
  db: Database,
  settings: SessionSettings,
  refreshToken: string,
): Promise<TokenResponse> {
  // The revocation of a reused family must commit, so the transaction returns the refusal instead
  // of throwing it (a throw would roll the revocation back).
  const outcome = await db.transaction<RefreshOutcome>(async (tx) => {
    // FOR UPDATE: of two refreshes racing with one token, the second waits for the first and then
    // finds it spent a moment ago, inside the reuse window.
    const [stored] = await tx.query<{
      id: string;
      user_id: string;
      family_id: string;
      client_id: string;
      expired: boolean;
      used: boolean;
      revoked: boolean;
      in_reuse_window: boolean;
    }>(
      `SELECT id::text, user_id::text, family_id::text, client_id,
              expires_at <= now() AS expired, used_at IS NOT NULL AS used,
              revoked_at IS NOT NULL AS revoked,
              coalesce(used_at > now() - make_interval(secs => $2), false) AS in_reuse_window
       FROM refresh_tokens WHERE token_hash = $1 FOR UPDATE`,
      [hashRefreshToken(refreshToken), settings.refreshReuseSeconds],
    );
    if (!stored)
      return { ok: false, reason: 'refresh_token_unknown', message: 'Unknown refresh token.' };
    const wiped = await refreshOnMarkedDevice(tx, settings, refreshToken, stored);
    if (wiped) return wiped;
    if (stored.revoked)
      return {
        ok: false,
        reason: 'session_ended',
        message: 'This session has ended; log in again.',
      };
    const user = await findUserById(tx, stored.user_id);
    if (!user?.active) {
      await revokeFamily(tx, stored.family_id);
      return {
        ok: false,
        reason: 'account_deactivated',
        message: 'This account has been deactivated.',
      };
    }
    const successor = settings.signer.successorOf(refreshToken);
    if (stored.used) {
      const repeated = stored.in_reuse_window
        ? await repeatSuccessor(tx, settings, user, stored.family_id, successor)
        : null;
      if (repeated) return { ok: true, tokens: repeated };
      await revokeFamily(tx, stored.family_id);
      return {
        ok: false,
        reason: 'refresh_token_reused',
        message: 'This refresh token was already used; the session has been ended for safety.',
      };
    }
    if (stored.expired)
      return {
        ok: false,
        reason: 'session_expired',
        message: 'The session has expired; log in again.',
      };
    await tx.query('UPDATE refresh_tokens SET used_at = now() WHERE id = $1', [stored.id]);
    // A family started by an older server during a rolling upgrade has no session row yet.
    await tx.query(
      'INSERT INTO sessions (id, user_id) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING',
      [stored.family_id, stored.user_id],
    );
    const tokens = await issueTokens(tx, settings, user, {
      familyId: stored.family_id,
      clientId: stored.client_id,
      refresh: successor,
    });
    return { ok: true, tokens };
  });
  if (outcome.ok) return outcome.tokens;
  if ('wiped' in outcome) throw outcome.wiped;
  throw unauthorized(outcome.reason, outcome.message);
}

/**
 * A refresh from a device marked for wipe: its sessions may have ended (a deactivation ends them
 * all), yet it gets one more pair while its token would otherwise be good, so that it can make its
 * final push (if it may) and confirm the wipe — the authorizer lets those tokens do nothing else,
 * every other request answers 410. A spent or expired token, or a device that confirmed, gets the
 * 410 at once. null: the device is not marked.
 */
async function refreshOnMarkedDevice(
  tx: Queryable,
  settings: SessionSettings,
  refreshToken: string,
  stored: {
    id: string;
    user_id: string;
    family_id: string;
    client_id: string;
    used: boolean;
    expired: boolean;
  },
): Promise<RefreshOutcome | null> {
  const [device] = await tx.query<{
    wipe_mode: WipeMode | null;
    final_push_used: boolean;
    wiped: boolean;
  }>(
    `SELECT wipe_mode, final_push_at IS NOT NULL AS final_push_used, wiped_at IS NOT NULL AS wiped
     FROM clients WHERE client_id = $1`,
    [stored.client_id],
  );
  if (!device || device.wipe_mode === null) return null;
  const standing = { wipeMode: device.wipe_mode, finalPushUsed: device.final_push_used };
  const user = await findUserById(tx, stored.user_id);
  if (device.wiped || stored.used || stored.expired || !user) {
    return { ok: false, wiped: deviceWiped(standing) };
  }
  await tx.query('UPDATE refresh_tokens SET used_at = now() WHERE id = $1', [stored.id]);
  const tokens = await issueTokens(tx, settings, user, {
    familyId: stored.family_id,
    clientId: stored.client_id,
    refresh: settings.signer.successorOf(refreshToken),
  });
  return { ok: true, tokens };
}

/**
 * The answer the first refresh of a spent token gave, again — only while its successor is itself
 * unspent: once the client has used the new pair, the old token coming back is a copy.
 */
async function repeatSuccessor(
  tx: Queryable,
  settings: SessionSettings,
  user: UserRow,
  familyId: string,
  successor: { token: string; hash: string },
): Promise<TokenResponse | null> {
  const [next] = await tx.query<{ issued_ms: number; expires_ms: number }>(
    `SELECT (extract(epoch FROM created_at) * 1000)::float8 AS issued_ms,
            (extract(epoch FROM expires_at) * 1000)::float8 AS expires_ms
     FROM refresh_tokens
     WHERE token_hash = $1 AND family_id = $2 AND used_at IS NULL AND revoked_at IS NULL`,
    [successor.hash, familyId],
  );
  if (!next) return null;
  return tokenResponse(settings, user, {
    familyId,
    refreshToken: successor.token,
    issuedAtMs: Number(next.issued_ms),
    refreshExpiresAt: new Date(Number(next.expires_ms)),
  });
}

/** Ends the session of the refresh token; answers its id and user (null: unknown token). */
export async function logout(
  db: Database,
  refreshToken: string,
): Promise<{ sessionId: string; userId: string } | null> {
  return db.transaction(async (tx) => {
    const [family] = await tx.query<{ family_id: string; user_id: string }>(
      'SELECT family_id::text, user_id::text FROM refresh_tokens WHERE token_hash = $1',
      [hashRefreshToken(refreshToken)],
    );
    if (!family) return null;
    await revokeFamily(tx, family.family_id);
    return { sessionId: family.family_id, userId: family.user_id };
  });
}

async function revokeFamily(tx: Queryable, familyId: string): Promise<void> {
  await tx.query(
    'UPDATE refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL',
    [familyId],
  );
  await tx.query('UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [
    familyId,
  ]);
}

/** Ends every session of a user (deactivation, new password). */
export async function revokeUserSessions(tx: Queryable, userId: string): Promise<void> {
  await tx.query(
    'UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL',
    [userId],
  );
  await tx.query(
    'UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL',
    [userId],
  );
}
