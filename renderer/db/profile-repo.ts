// The local user of this laptop. Until the user logs in to a sync server they are a
// local consultant of a local dealership; ids are real UUIDs so later re-owning is a field change.

import { v7 as uuidv7 } from 'uuid';
import type { AppDB, PreferenceRow } from './AppDB';
import type { WriteContext } from './write-path';

export type Profile = Extract<PreferenceRow, { key: 'profile' }>;

export const DEFAULT_DISPLAY_NAME = '销售顾问';

export async function ensureProfile(db: AppDB): Promise<Profile> {
  return db.transaction('rw', db.preferences, async () => {
    const existing = await db.preferences.get('profile');
    if (existing?.key === 'profile') return existing;
    const profile: Profile = {
      key: 'profile',
      userId: uuidv7(),
      displayName: DEFAULT_DISPLAY_NAME,
      dealershipId: uuidv7(),
    };
    await db.preferences.put(profile);
    return profile;
  });
}

export async function renameProfile(db: AppDB, displayName: string): Promise<void> {
  const profile = await ensureProfile(db);
  await db.preferences.put({ ...profile, displayName });
}

export function writeContextFor(
  db: AppDB,
  profile: Profile,
  now: () => Date = () => new Date(),
): WriteContext {
  return {
    db,
    actorId: profile.userId,
    actorName: profile.displayName,
    dealershipId: profile.dealershipId,
    now,
  };
}
