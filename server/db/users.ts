// Queries on dealerships, users and client bindings.

import type { TeamMember, WipeMode } from '../../shared/sync/protocol';
import type { Role } from '../../shared/sync/tables';
import type { DeviceStanding } from '../devices';
import type { Queryable } from './database';

export type UserRow = {
  id: string;
  dealershipId: string;
  dealershipName: string;
  login: string;
  name: string;
  role: Role;
  active: boolean;
  passwordHash: string;
};

type UserSqlRow = {
  id: string;
  dealership_id: string;
  dealership_name: string;
  login: string;
  name: string;
  role: Role;
  active: boolean;
  password_hash: string;
};

const USER_COLUMNS = `u.id::text, u.dealership_id::text, d.name AS dealership_name, u.login,
         u.name, u.role, u.active, u.password_hash`;
const USER_SELECT = `SELECT ${USER_COLUMNS} FROM users u JOIN dealerships d ON d.id = u.dealership_id`;

function toUser(row: UserSqlRow): UserRow {
  return {
    id: row.id,
    dealershipId: row.dealership_id,
    dealershipName: row.dealership_name,
    login: row.login,
    name: row.name,
    role: row.role,
    active: row.active,
    passwordHash: row.password_hash,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids reach us from tokens and URLs; anything that is not a uuid cannot be a user. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export async function findUserByLogin(q: Queryable, login: string): Promise<UserRow | undefined> {
  const [row] = await q.query<UserSqlRow>(`${USER_SELECT} WHERE lower(u.login) = lower($1)`, [
    login,
  ]);
  return row ? toUser(row) : undefined;
}

export async function findUserById(q: Queryable, id: string): Promise<UserRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await q.query<UserSqlRow>(`${USER_SELECT} WHERE u.id = $1`, [id]);
  return row ? toUser(row) : undefined;
}

/**
 * The user of an access token, whether its session is still open, and the device the session was
 * opened on (its wipe mark): one indexed lookup per request, so a logout, a new password, a
 * deactivation or a wipe takes effect at once, on every instance.
 */
export async function findUserInSession(
  q: Queryable,
  userId: string,
  sessionId: string,
): Promise<(UserRow & { sessionOpen: boolean; device: DeviceStanding | null }) | undefined> {
  if (!isUuid(userId) || !isUuid(sessionId)) return undefined;
  const [row] = await q.query<
    UserSqlRow & {
      session_open: boolean;
      client_id: string | null;
      last_seen_at: Date | string | null;
      wipe_mode: WipeMode | null;
      final_push_used: boolean | null;
    }
  >(
    `SELECT ${USER_COLUMNS},
            EXISTS (SELECT 1 FROM sessions s
                    WHERE s.id = $2 AND s.user_id = u.id AND s.revoked_at IS NULL) AS session_open,
            c.client_id, c.last_seen_at, c.wipe_mode, c.final_push_at IS NOT NULL AS final_push_used
     FROM users u JOIN dealerships d ON d.id = u.dealership_id
     LEFT JOIN LATERAL (
       SELECT c.client_id, c.last_seen_at, c.wipe_mode, c.final_push_at
       FROM refresh_tokens t JOIN clients c ON c.client_id = t.client_id
       WHERE t.family_id = $2 AND c.user_id = u.id
       LIMIT 1
     ) c ON true
     WHERE u.id = $1`,
    [userId, sessionId],
  );
  if (!row) return undefined;
  const device: DeviceStanding | null =
    row.client_id === null
      ? null
      : {
          clientId: row.client_id,
          lastSeenAt: new Date(row.last_seen_at ?? 0).toISOString(),
          wipeMode: row.wipe_mode,
          finalPushUsed: row.final_push_used === true,
        };
  return { ...toUser(row), sessionOpen: row.session_open, device };
}

export async function listTeam(q: Queryable, dealershipId: string): Promise<TeamMember[]> {
  const rows = await q.query<{
    id: string;
    login: string;
    name: string;
    role: Role;
    active: boolean;
  }>(
    `SELECT id::text, login, name, role, active FROM users
     WHERE dealership_id = $1 ORDER BY name, login`,
    [dealershipId],
  );
  return rows.map((row) => ({ ...row }));
}

export async function loginExists(q: Queryable, login: string): Promise<boolean> {
  const rows = await q.query('SELECT 1 FROM users WHERE lower(login) = lower($1)', [login]);
  return rows.length > 0;
}

export async function countOwnedCustomers(q: Queryable, userId: string): Promise<number> {
  const [row] = await q.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM records
     WHERE owner_id = $1 AND table_name = 'customers'
       AND coalesce((data->>'deleted')::boolean, false) = false`,
    [userId],
  );
  return row?.count ?? 0;
}

/** Who wrote with this HLC node: client id → user (null for the server or unknown clients). */
export async function findUserOfClient(
  q: Queryable,
  clientId: string,
): Promise<{ id: string; name: string } | null> {
  const [row] = await q.query<{ id: string; name: string }>(
    `SELECT u.id::text, u.name FROM clients c JOIN users u ON u.id = c.user_id
     WHERE c.client_id = $1`,
    [clientId],
  );
  return row ?? null;
}

export async function findClientOwner(q: Queryable, clientId: string): Promise<string | null> {
  const [row] = await q.query<{ user_id: string }>(
    'SELECT user_id::text FROM clients WHERE client_id = $1',
    [clientId],
  );
  return row?.user_id ?? null;
}
