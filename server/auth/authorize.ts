// The one place that decides who may do what. Every /v1 route except login/refresh/logout calls
// authorize() first; the sync core asks canSeeRow()/canWriteTable() for row scope. The user row and
// the token's session are read on every request (one indexed lookup, no cache), so a logout, a new
// password, a deactivation or a role change takes effect at once, on every instance, not when the
// access token expires.

import type { FastifyRequest, RouteShorthandOptions } from 'fastify';
import { SYNC_TABLES, type Role, type SyncTableName } from '../../shared/sync/tables';
import type { Queryable } from '../db/database';
import { findUserInSession } from '../db/users';
import {
  deviceWiped,
  LAST_SEEN_RESOLUTION_SECONDS,
  touchDevice,
  type DeviceStanding,
} from '../devices';
import { forbidden, unauthorized } from '../http/errors';
import type { TokenSigner } from './tokens';

export type Caller = {
  id: string;
  login: string;
  name: string;
  role: Role;
  dealershipId: string;
  dealershipName: string;
  /** The session the access token belongs to (a logout ends it). */
  sessionId: string;
  /** The device (client id) the session was opened on; absent for sessions from before devices. */
  device?: DeviceStanding | null;
};

export type Action =
  /** Anything a logged-in user does for themself: me, push, pull, events. */
  | 'sync'
  | 'list_users'
  | 'manage_users'
  | 'reassign_customers'
  | 'decide_lost'
  /** Export the team board's follow-up list (the export is recorded). */
  | 'export_follow_ups'
  /** Read the export log: an audit of who took customer lists out, so admins only. */
  | 'list_exports'
  | 'merge_customers'
  /** Delete a customer card for everyone, list and restore deleted cards. */
  | 'delete_customers'
  /**
   * Take back cards one imported (undo of an import): anyone, since the command itself checks,
   * card by card, that the caller created each one.
   */
  | 'withdraw_imports'
  /** A user's devices: list them, sign one out, wipe one. */
  | 'manage_devices'
  /**
   * The one push a device being wiped after a deactivation may still make: like 'sync' for a
   * device in good standing, and the only request such a device may make besides 'confirm_wipe'.
   */
  | 'push'
  /** A device marked for wipe says it has deleted its data (any device may try: 409 if unmarked). */
  | 'confirm_wipe';

const ROLES_FOR: Record<Action, readonly Role[]> = {
  sync: ['consultant', 'manager', 'admin'],
  list_users: ['manager', 'admin'],
  manage_users: ['admin'],
  reassign_customers: ['manager', 'admin'],
  decide_lost: ['manager', 'admin'],
  export_follow_ups: ['manager', 'admin'],
  list_exports: ['admin'],
  merge_customers: ['manager', 'admin'],
  delete_customers: ['manager', 'admin'],
  withdraw_imports: ['consultant', 'manager', 'admin'],
  manage_devices: ['manager', 'admin'],
  push: ['consultant', 'manager', 'admin'],
  confirm_wipe: ['consultant', 'manager', 'admin'],
};

/**
 * What a device marked for wipe may still do. Checked before the account and the session: a
 * deactivated user's laptop (its sessions ended) must still learn that it has to empty itself,
 * and may hand over its last changes — but reads nothing.
 */
function allowedWhileMarked(device: DeviceStanding, action: Action): boolean {
  if (action === 'confirm_wipe') return true;
  return action === 'push' && device.wipeMode === 'after_push' && !device.finalPushUsed;
}

export type Authorizer = (request: FastifyRequest, action: Action) => Promise<Caller>;

export function createAuthorizer(db: Queryable, signer: TokenSigner): Authorizer {
  return async (request, action) => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw unauthorized('token_missing', 'Missing access token.');
    const { userId, sessionId } = await signer.verifyAccess(match[1]);
    const user = await findUserInSession(db, userId, sessionId);
    if (!user) throw unauthorized('user_unknown', 'Unknown user.');
    const caller: Caller = {
      id: user.id,
      login: user.login,
      name: user.name,
      role: user.role,
      dealershipId: user.dealershipId,
      dealershipName: user.dealershipName,
      sessionId,
      device: user.device,
    };
    if (user.device) {
      if (user.device.wipeMode !== null) {
        if (!allowedWhileMarked(user.device, action)) throw deviceWiped(user.device);
        return caller;
      }
      const seenMsAgo = Date.now() - Date.parse(user.device.lastSeenAt);
      if (user.active && user.sessionOpen && seenMsAgo > LAST_SEEN_RESOLUTION_SECONDS * 1000) {
        await touchDevice(db, user.device.clientId);
      }
    }
    if (!user.active)
      throw unauthorized('account_deactivated', 'This account has been deactivated.');
    if (!user.sessionOpen)
      throw unauthorized('session_ended', 'This session has ended; log in again.');
    if (!ROLES_FOR[action].includes(user.role)) {
      throw forbidden('role_forbidden', `A ${user.role} may not do this.`);
    }
    return caller;
  };
}

const callers = new WeakMap<FastifyRequest, Caller>();

/**
 * Route options that authorize in onRequest, before the body is read: a caller without the role
 * gets 403 whatever they send (a malformed body included), and the server parses nothing for
 * them. The handler takes the caller with callerOf().
 */
export function authorizeFirst(authorize: Authorizer, action: Action): RouteShorthandOptions {
  return {
    onRequest: async (request) => {
      callers.set(request, await authorize(request, action));
    },
  };
}

/** The caller authorizeFirst() found for this request. */
export function callerOf(request: FastifyRequest): Caller {
  const caller = callers.get(request);
  if (!caller) throw new Error('callerOf() on a route without authorizeFirst()');
  return caller;
}

/** Managers and admins see and write every row of their dealership. */
export function seesWholeDealership(role: Role): boolean {
  return role === 'manager' || role === 'admin';
}

/** Row scope inside the caller's dealership: own rows, dealership rows, or everything. */
export function canSeeRow(caller: Pick<Caller, 'id' | 'role'>, ownerId: string | null): boolean {
  return ownerId === null || ownerId === caller.id || seesWholeDealership(caller.role);
}

export function canWriteTable(caller: Pick<Caller, 'role'>, table: SyncTableName): boolean {
  return SYNC_TABLES[table].writers.includes(caller.role);
}
