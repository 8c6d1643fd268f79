// The local side of logging in to a sync server and out again: which server, who is logged in,
// and what happens to the data on this laptop. Every change of owner is one transaction, so a
// crash never leaves half the rows re-owned.
//
// - First login: the rows made in local mode belong to the local profile's made-up ids; they are
//   handed to the server user (dealershipId, ownerId, the timeline's actor) together with their
//   outbox entries, so they are pushed as that user's work. The local dealership settings row is
//   dropped: the dealership's settings come from the server (managers set them).
// - Sample data never reaches a server: login is refused until it is cleared.
// - A login that expired is renewed by the same user; with changes waiting, nobody else may log
//   in (those changes would be pushed as someone else's).
// - Logout clears everything that belongs to the user, makes a new client id and a new local
//   profile; the language (and the server address) stay: they are this laptop's settings.

import { v7 as uuidv7 } from 'uuid';
import { newClientId } from '../../shared/sync/client-id';
import type { MeResponse, SessionUser, TeamMember } from '../../shared/sync/protocol';
import { SYNC_TABLE_NAMES, SYNC_TABLES } from '../../shared/sync/tables';
import type { AppDB, OutboxEntry } from './AppDB';
import { DEFAULT_DISPLAY_NAME, ensureProfile, type Profile } from './profile-repo';

export class LoginRefusedError extends Error {
  constructor(
    readonly reason: 'sample_data' | 'other_user_pending',
    message: string,
    /** For other_user_pending: who is still logged in with changes waiting. */
    readonly login: string | null = null,
  ) {
    super(message);
    this.name = 'LoginRefusedError';
  }
}

/** What a login does to the local data (decided before asking the server). */
export type LoginPlan =
  /** No one logged in yet: local-mode rows are re-owned to the user. */
  | { kind: 'first' }
  /** The same user again (their login had expired): nothing local changes. */
  | { kind: 'same_user'; user: SessionUser }
  /** Someone else, with nothing waiting to be pushed: the previous user's copy is cleared. */
  | { kind: 'switch_user'; previous: SessionUser };

export async function readServerAddress(db: AppDB): Promise<string | null> {
  const row = await db.preferences.get('server');
  return row?.key === 'server' ? row.url : null;
}

export async function saveServerAddress(
  db: AppDB,
  url: string | null,
  plainHttpAcceptedAt?: string,
): Promise<void> {
  if (url === null) await db.preferences.delete('server');
  else
    await db.preferences.put({
      key: 'server',
      url,
      ...(plainHttpAcceptedAt ? { plainHttpAcceptedAt } : {}),
    });
}

export async function readSession(db: AppDB): Promise<SessionUser | null> {
  const row = await db.preferences.get('session');
  return row?.key === 'session' ? row.user : null;
}

export async function hasSampleData(db: AppDB): Promise<boolean> {
  return (await db.preferences.get('sampleData')) !== undefined;
}

export async function markSampleDataLoaded(db: AppDB, at: Date): Promise<void> {
  await db.preferences.put({ key: 'sampleData', loadedAt: at.toISOString() });
}

function sameLogin(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Refuses a login that would push sample data or someone else's pending changes. */
export async function planLogin(db: AppDB, login: string): Promise<LoginPlan> {
  if (await hasSampleData(db)) {
    throw new LoginRefusedError(
      'sample_data',
      'This laptop holds sample data, which must not be uploaded: clear the local data first',
    );
  }
  const session = await readSession(db);
  if (!session) return { kind: 'first' };
  if (sameLogin(session.login, login)) return { kind: 'same_user', user: session };
  const pending = await db.outbox.count();
  if (pending > 0) {
    throw new LoginRefusedError(
      'other_user_pending',
      `${pending} change(s) of ${session.login} are not synced yet: only ${session.login} may log in`,
      session.login,
    );
  }
  return { kind: 'switch_user', previous: session };
}

/** Every table that belongs to the logged-in user (cleared on logout). */
function userTables(db: AppDB) {
  return [
    ...SYNC_TABLE_NAMES.map((name) => db.table(name)),
    db.rejections,
    db.team,
    db.drafts,
    db.outbox,
    db.attachments,
  ];
}

function newLocalProfile(): Profile {
  return {
    key: 'profile',
    userId: uuidv7(),
    displayName: DEFAULT_DISPLAY_NAME,
    dealershipId: uuidv7(),
  };
}

async function clearUserData(db: AppDB, clientId: string): Promise<Profile> {
  await Promise.all(userTables(db).map((table) => table.clear()));
  await db.syncState.bulkDelete(['cursor', 'lastSync', 'serverClock']);
  // The HLC row stays: its node is the client id, and keeping its time only keeps it monotonic.
  await db.syncState.put({ key: 'client', clientId });
  await db.preferences.bulkDelete(['session', 'profile', 'sampleData']);
  const profile = newLocalProfile();
  await db.preferences.put(profile);
  return profile;
}

/**
 * After logout (or before another user's login): nothing of the previous user stays. Returns the
 * new local profile. The caller has already revoked and deleted the tokens.
 */
export async function resetLocalData(db: AppDB, clientId = newClientId()): Promise<Profile> {
  return db.transaction('rw', [...userTables(db), db.syncState, db.preferences], () =>
    clearUserData(db, clientId),
  );
}

/** "Clear local data" offered when sample data blocks a login: the same reset, without a login. */
export async function clearLocalData(db: AppDB): Promise<Profile> {
  return resetLocalData(db);
}

/**
 * Installs the user the server confirmed, in one transaction with whatever the plan asks of the
 * local data. `clientId` is the id the login was made with (new for a user switch).
 */
export async function adoptSession(
  db: AppDB,
  user: SessionUser,
  plan: LoginPlan,
  clientId: string,
): Promise<Profile> {
  return db.transaction('rw', [...userTables(db), db.syncState, db.preferences], async () => {
    if (plan.kind === 'switch_user') {
      await clearUserData(db, clientId);
    } else if (plan.kind === 'first') {
      const local = await ensureProfile(db);
      await reownLocalRows(db, local, user);
    }
    const profile: Profile = {
      key: 'profile',
      userId: user.id,
      displayName: user.name,
      dealershipId: user.dealershipId,
    };
    await db.preferences.put(profile);
    await db.preferences.put({ key: 'session', user });
    return profile;
  });
}

/** The local profile's made-up ids become the server user's, in rows and in waiting changes. */
async function reownLocalRows(db: AppDB, local: Profile, user: SessionUser): Promise<void> {
  const swap = (row: Record<string, unknown>) => {
    if (row.dealershipId === local.dealershipId) row.dealershipId = user.dealershipId;
    if (row.ownerId === local.userId) row.ownerId = user.id;
    if (row.actorId === local.userId) {
      row.actorId = user.id;
      row.actorName = user.name;
    }
    // Who ticked a checklist item, took a survey, sold the car.
    for (const field of ['doneBy', 'surveyedBy', 'consultantId']) {
      if (row[field] === local.userId) row[field] = user.id;
    }
  };
  const customerTables = SYNC_TABLE_NAMES.filter(
    (name) => SYNC_TABLES[name].scope !== 'dealership',
  );
  for (const name of customerTables) {
    await db.table<Record<string, unknown>, string>(name).toCollection().modify(swap);
  }
  // Local dealership rows (settings, checklist template) are not pushed: the dealership's own
  // come with the first pull.
  const dealershipTables = SYNC_TABLE_NAMES.filter(
    (name) => SYNC_TABLES[name].scope === 'dealership',
  );
  for (const name of dealershipTables) await db.table(name).clear();
  await db.outbox
    .filter((entry) => (dealershipTables as readonly string[]).includes(entry.table))
    .delete();
  await db.outbox.toCollection().modify((entry: OutboxEntry) => {
    const fields = { ...entry.fields };
    swap(fields);
    entry.fields = fields;
  });
}

/** /v1/me: the user's current name and role, and the dealership's team. */
export async function saveMe(db: AppDB, me: MeResponse): Promise<void> {
  await db.transaction('rw', [db.team, db.preferences], async () => {
    const session = await readSession(db);
    // A late answer for a user who has since logged out must not bring the session back.
    if (!session || session.id !== me.user.id) return;
    await db.preferences.put({ key: 'session', user: me.user });
    const profile = await db.preferences.get('profile');
    if (profile?.key === 'profile')
      await db.preferences.put({ ...profile, displayName: me.user.name });
    await db.team.clear();
    await db.team.bulkPut(me.team);
  });
}

/** The admin's user list (GET /v1/users) is the same team. */
export async function saveTeam(db: AppDB, users: TeamMember[]): Promise<void> {
  await db.transaction('rw', db.team, async () => {
    await db.team.clear();
    await db.team.bulkPut(users);
  });
}
