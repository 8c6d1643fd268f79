// Devices: one per laptop install (a client id, bound to its user at the first login). A manager
// or admin lists a user's devices, signs one out (revoke) or has it emptied (wipe); deactivating a
// user marks all of theirs for wipe. A device marked for wipe gets 410 device_wiped on every
// request (auth/authorize.ts), so it empties itself on its next contact — with one exception:
// 'after_push' lets it push its outbox once first, since those changes are the dealership's.

import type { Device, DeviceState, WipeMode } from '../shared/sync/protocol';
import type { Caller } from './auth/authorize';
import type { Database, Queryable } from './db/database';
import { conflict, HttpError, notFound } from './http/errors';

/** What the request path needs to know of the device behind a session. */
export type DeviceStanding = {
  clientId: string;
  lastSeenAt: string;
  wipeMode: WipeMode | null;
  finalPushUsed: boolean;
};

/** last_seen_at is written at most this often per device: a sync round is several requests. */
export const LAST_SEEN_RESOLUTION_SECONDS = 60;

/** A label is for people; a user agent longer than this is cut. */
const MAX_LABEL_LENGTH = 200;

export function deviceLabel(userAgent: string | string[] | undefined): string | null {
  const text = (Array.isArray(userAgent) ? userAgent[0] : userAgent)?.trim() ?? '';
  return text === '' ? null : text.slice(0, MAX_LABEL_LENGTH);
}

/** The answer every request from a device marked for wipe gets. */
export function deviceWiped(standing: Pick<DeviceStanding, 'wipeMode' | 'finalPushUsed'>) {
  const mode = standing.wipeMode ?? 'discard';
  return new HttpError(
    410,
    'device_wiped',
    'device_wiped',
    'This device has been marked for wipe: it must delete its local data.',
    { wipeMode: mode, finalPush: mode === 'after_push' && !standing.finalPushUsed },
  );
}

/** Keeps last_seen_at current, cheaply: one write per device and minute at most. */
export async function touchDevice(q: Queryable, clientId: string): Promise<void> {
  await q.query(
    `UPDATE clients SET last_seen_at = now()
     WHERE client_id = $1 AND last_seen_at < now() - make_interval(secs => $2)`,
    [clientId, LAST_SEEN_RESOLUTION_SECONDS],
  );
}

type DeviceSqlRow = {
  client_id: string;
  label: string | null;
  created_at: Date | string;
  last_seen_at: Date | string;
  revoked_at: Date | string | null;
  wipe_requested_at: Date | string | null;
  wipe_mode: WipeMode | null;
  wiped_at: Date | string | null;
  requested_by: string | null;
};

const iso = (value: Date | string): string => new Date(value).toISOString();
const isoOrNull = (value: Date | string | null): string | null =>
  value === null ? null : iso(value);

function stateOf(row: DeviceSqlRow): DeviceState {
  if (row.wiped_at !== null) return 'wiped';
  if (row.wipe_requested_at !== null) return 'wipe_pending';
  if (row.revoked_at !== null) return 'revoked';
  return 'active';
}

/** A user's devices, newest contact first; 404 for a user outside the caller's dealership. */
export async function listDevices(q: Queryable, caller: Caller, userId: string): Promise<Device[]> {
  const [user] = await q.query('SELECT 1 FROM users WHERE id = $1 AND dealership_id = $2', [
    userId,
    caller.dealershipId,
  ]);
  if (!user) throw notFound('user_not_found', 'No such user in your dealership.');
  const rows = await q.query<DeviceSqlRow>(
    `SELECT c.client_id, c.label, c.created_at, c.last_seen_at, c.revoked_at, c.wipe_requested_at,
            c.wipe_mode, c.wiped_at, r.name AS requested_by
     FROM clients c LEFT JOIN users r ON r.id = c.wipe_requested_by
     WHERE c.user_id = $1
     ORDER BY c.last_seen_at DESC, c.client_id`,
    [userId],
  );
  return rows.map((row) => ({
    clientId: row.client_id,
    label: row.label,
    firstSeenAt: iso(row.created_at),
    lastSeenAt: iso(row.last_seen_at),
    state: stateOf(row),
    wipeMode: row.wipe_mode,
    wipeRequestedAt: isoOrNull(row.wipe_requested_at),
    wipeRequestedBy: row.requested_by,
    wipedAt: isoOrNull(row.wiped_at),
    revokedAt: isoOrNull(row.revoked_at),
  }));
}

/** The device row of a client id, locked, if its user is in the caller's dealership. */
async function deviceInDealership(
  tx: Queryable,
  caller: Caller,
  clientId: string,
): Promise<{ user_id: string }> {
  const [row] = await tx.query<{ user_id: string }>(
    `SELECT c.user_id::text FROM clients c JOIN users u ON u.id = c.user_id
     WHERE c.client_id = $1 AND u.dealership_id = $2
     FOR UPDATE OF c`,
    [clientId, caller.dealershipId],
  );
  if (!row) throw notFound('device_not_found', 'No such device in your dealership.');
  return row;
}

/** Ends every session opened on the device (a refresh-token family is bound to one client). */
async function endDeviceSessions(tx: Queryable, clientId: string): Promise<void> {
  await tx.query(
    `UPDATE sessions SET revoked_at = now()
     WHERE revoked_at IS NULL
       AND id IN (SELECT family_id FROM refresh_tokens WHERE client_id = $1)`,
    [clientId],
  );
  await tx.query(
    'UPDATE refresh_tokens SET revoked_at = now() WHERE client_id = $1 AND revoked_at IS NULL',
    [clientId],
  );
}

/**
 * A remote sign-out: the device's sessions end now, so it cannot sync until its user logs in on
 * it again with the password (which clears the mark). To keep a device out for good, wipe it.
 * Answers the user whose streams must end.
 */
export async function revokeDevice(
  db: Database,
  caller: Caller,
  clientId: string,
): Promise<{ userId: string }> {
  return db.transaction(async (tx) => {
    const device = await deviceInDealership(tx, caller, clientId);
    await tx.query('UPDATE clients SET revoked_at = now(), revoked_by = $2 WHERE client_id = $1', [
      clientId,
      caller.id,
    ]);
    await endDeviceSessions(tx, clientId);
    return { userId: device.user_id };
  });
}

/**
 * An admin's wipe of a lost laptop ('discard'): it pushes nothing more. A device already marked
 * keeps its first mark (and its audit); a deactivation's 'after_push' becomes 'discard'.
 */
export async function wipeDevice(
  db: Database,
  caller: Caller,
  clientId: string,
): Promise<{ userId: string }> {
  return db.transaction(async (tx) => {
    const device = await deviceInDealership(tx, caller, clientId);
    await tx.query(
      `UPDATE clients SET wipe_mode = 'discard',
         wipe_requested_at = coalesce(wipe_requested_at, now()),
         wipe_requested_by = coalesce(wipe_requested_by, $2)
       WHERE client_id = $1 AND wiped_at IS NULL`,
      [clientId, caller.id],
    );
    return { userId: device.user_id };
  });
}

/** Deactivation: every device of the user not yet marked is wiped after its last push. */
export async function markUserDevicesForWipe(
  tx: Queryable,
  userId: string,
  requestedBy: string,
): Promise<void> {
  await tx.query(
    `UPDATE clients SET wipe_mode = 'after_push', wipe_requested_at = now(),
       wipe_requested_by = $2
     WHERE user_id = $1 AND wipe_requested_at IS NULL`,
    [userId, requestedBy],
  );
}

/**
 * Claims the one push an 'after_push' device may still make; false when it was used (or the mode
 * is 'discard'). Released again when that push fails, so a lost answer does not lose the outbox.
 */
export async function claimFinalPush(q: Queryable, clientId: string): Promise<boolean> {
  const rows = await q.query(
    `UPDATE clients SET final_push_at = now()
     WHERE client_id = $1 AND wipe_mode = 'after_push' AND final_push_at IS NULL
     RETURNING 1`,
    [clientId],
  );
  return rows.length > 0;
}

export async function releaseFinalPush(q: Queryable, clientId: string): Promise<void> {
  await q.query('UPDATE clients SET final_push_at = NULL WHERE client_id = $1', [clientId]);
}

/** The laptop says it has deleted its data; repeated confirmations keep the first time. */
export async function confirmWiped(q: Queryable, clientId: string): Promise<void> {
  const rows = await q.query(
    `UPDATE clients SET wiped_at = coalesce(wiped_at, now())
     WHERE client_id = $1 AND wipe_requested_at IS NOT NULL
     RETURNING 1`,
    [clientId],
  );
  if (rows.length === 0) {
    throw conflict('device_not_marked', 'This device was not marked for wipe.');
  }
}
