// Dealerships and their users: creation (CLI `init`, the users routes, tests) and changes.
// A role change that widens or narrows what a user sees is also a sync event: the rows that enter
// the user's scope get new seqs (so their next pull brings them), and rows that leave it get
// removals, exactly as a reassignment does.

import { v7 as uuidv7 } from 'uuid';
import {
  DEALERSHIP_SETTINGS_ID,
  DEFAULT_DEALERSHIP_SETTINGS,
  type DealershipSettings,
} from '../shared/domain/settings';
import type { TeamMember, UpdateUserRequest } from '../shared/sync/protocol';
import type { Role } from '../shared/sync/tables';
import { seesWholeDealership, type Caller } from './auth/authorize';
import { hashPassword } from './auth/passwords';
import { revokeUserSessions } from './auth/sessions';
import type { Database, Queryable } from './db/database';
import { markUserDevicesForWipe } from './devices';
import { lockDealership, saveRecord } from './db/records';
import { countOwnedCustomers, findUserById, loginExists } from './db/users';
import { conflict, notFound } from './http/errors';
import { notifyChanges } from './sync/change-notice';
import { loadServerClock } from './sync/server-clock';

export type CreatedUser = TeamMember & { dealershipId: string };

export type NewDealership = {
  dealershipName: string;
  login: string;
  name: string;
  password: string;
};

export type NewUser = {
  dealershipId: string;
  login: string;
  name: string;
  role: Role;
  password: string;
};

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}

// Logins are unique across dealerships (a login names the account at login, with no dealership
// asked), so a login taken elsewhere must be refused too. The answer is the same whether the login
// is taken here or in another dealership and says nothing about whose it is.
const loginTaken = () => conflict('login_taken', 'This login cannot be used; choose another.');

async function insertUser(
  tx: Queryable,
  user: Omit<NewUser, 'password'> & { passwordHash: string },
): Promise<CreatedUser> {
  if (await loginExists(tx, user.login)) throw loginTaken();
  const id = uuidv7();
  try {
    await tx.query(
      `INSERT INTO users (id, dealership_id, login, name, role, password_hash)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, user.dealershipId, user.login, user.name, user.role, user.passwordHash],
    );
  } catch (error) {
    // Two creations of one login racing past loginExists: the unique index decides.
    if (isUniqueViolation(error)) throw loginTaken();
    throw error;
  }
  return {
    id,
    dealershipId: user.dealershipId,
    login: user.login,
    name: user.name,
    role: user.role,
    active: true,
  };
}

/** A new dealership, its first admin, and its settings row with the default cadence. */
export async function createDealershipWithAdmin(
  db: Database,
  input: NewDealership,
): Promise<{ dealership: { id: string; name: string }; admin: CreatedUser }> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const dealershipId = uuidv7();
    await tx.query('INSERT INTO dealerships (id, name) VALUES ($1, $2)', [
      dealershipId,
      input.dealershipName,
    ]);
    const admin = await insertUser(tx, {
      dealershipId,
      login: input.login,
      name: input.name,
      role: 'admin',
      passwordHash,
    });
    await lockDealership(tx, dealershipId);
    const clock = await loadServerClock(tx, dealershipId);
    const hlc = clock.tick();
    const now = new Date().toISOString();
    const settings: Omit<DealershipSettings, 'clocks'> = {
      id: DEALERSHIP_SETTINGS_ID,
      dealershipId,
      ownerId: admin.id,
      createdAt: now,
      updatedAt: now,
      deleted: false,
      ...DEFAULT_DEALERSHIP_SETTINGS,
    };
    await saveRecord(tx, {
      dealershipId,
      table: 'settings',
      id: DEALERSHIP_SETTINGS_ID,
      ownerId: null,
      customerId: null,
      data: settings,
      clocks: Object.fromEntries(Object.keys(settings).map((field) => [field, hlc])),
    });
    await clock.save();
    return { dealership: { id: dealershipId, name: input.dealershipName }, admin };
  });
}

export async function createUser(db: Database, input: NewUser): Promise<CreatedUser> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [dealership] = await tx.query('SELECT 1 FROM dealerships WHERE id = $1', [
      input.dealershipId,
    ]);
    if (!dealership) throw notFound('dealership_not_found', 'No such dealership.');
    await lockDealership(tx, input.dealershipId);
    const user = await insertUser(tx, { ...input, passwordHash });
    // The team list changed: clients refresh /v1/me on their next sync.
    await notifyChanges(tx, { dealershipId: input.dealershipId, ownerIds: [], all: true });
    return user;
  });
}

export async function updateUser(
  db: Database,
  caller: Caller,
  userId: string,
  changes: UpdateUserRequest,
): Promise<TeamMember> {
  const passwordHash = changes.password ? await hashPassword(changes.password) : null;
  return db.transaction(async (tx) => {
    await lockDealership(tx, caller.dealershipId);
    const user = await findUserById(tx, userId);
    if (!user || user.dealershipId !== caller.dealershipId) {
      throw notFound('user_not_found', 'No such user in your dealership.');
    }
    const deactivating = changes.active === false && user.active;
    const newRole = changes.role ?? user.role;
    if (user.id === caller.id && (changes.active === false || newRole !== user.role)) {
      // Otherwise the last admin could lock everyone out of user management.
      throw conflict(
        'cannot_change_own_account',
        'You cannot deactivate yourself or change your own role.',
      );
    }
    if (deactivating) {
      const owned = await countOwnedCustomers(tx, user.id);
      if (owned > 0) {
        throw conflict(
          'user_owns_customers',
          `${user.name} still owns ${owned} customer(s); reassign them before deactivating.`,
        );
      }
    }
    await tx.query(
      `UPDATE users SET name = $2, role = $3, active = $4,
         password_hash = coalesce($5, password_hash), updated_at = now()
       WHERE id = $1`,
      [user.id, changes.name ?? user.name, newRole, changes.active ?? user.active, passwordHash],
    );
    if (deactivating || passwordHash) await revokeUserSessions(tx, user.id);
    // The laptops of a deactivated user must not keep the customers: each empties itself on its
    // next contact, after handing over what it has not pushed yet.
    if (deactivating) await markUserDevicesForWipe(tx, user.id, caller.id);
    if (seesWholeDealership(newRole) !== seesWholeDealership(user.role)) {
      await resyncScope(tx, caller.dealershipId, user.id, seesWholeDealership(newRole));
    }
    await notifyChanges(tx, { dealershipId: caller.dealershipId, ownerIds: [], all: true });
    return {
      id: user.id,
      login: user.login,
      name: changes.name ?? user.name,
      role: newRole,
      active: changes.active ?? user.active,
    };
  });
}

/** Other users' rows enter (widened) or leave (narrowed) the user's pull stream. */
async function resyncScope(
  tx: Queryable,
  dealershipId: string,
  userId: string,
  widened: boolean,
): Promise<void> {
  if (widened) {
    await tx.query(
      `UPDATE records SET seq = nextval('sync_seq')
       WHERE dealership_id = $1 AND owner_id IS NOT NULL AND owner_id <> $2`,
      [dealershipId, userId],
    );
  } else {
    await tx.query(
      `INSERT INTO removals (seq, user_id, dealership_id, table_name, row_id)
       SELECT nextval('sync_seq'), $2, dealership_id, table_name, id
       FROM (SELECT dealership_id, table_name, id FROM records
             WHERE dealership_id = $1 AND owner_id IS NOT NULL AND owner_id <> $2
             ORDER BY seq) AS leaving`,
      [dealershipId, userId],
    );
  }
}
