// Local mode without a login or a PIN: the data key lives in the keyring, unwrapped, under the id
// 'device', and opens the database at start-up. It keeps personal fields out of IndexedDB's files
// in clear, but whoever copies the whole profile copies the key with it; the vault replaces this
// with keys wrapped by the password or the PIN, and keeps this wrapper only for local mode.

import { randomBytes } from '@noble/ciphers/utils.js';
import type { AppDB, KeyringRow } from '../db/AppDB';
import { deriveFieldKeys } from './field-keys';
import type { MutableKeySource } from './mutable-key-source';

export const DEVICE_KEY_ID = 'device';

/** Reads the device's data key, making it on the first start, and opens the database with it. */
export async function openWithDeviceKey(db: AppDB, keys: MutableKeySource): Promise<void> {
  const row = await db.transaction('rw', db.keyring, async (): Promise<KeyringRow> => {
    const existing = await db.keyring.get(DEVICE_KEY_ID);
    if (existing) return existing;
    const made: KeyringRow = {
      id: DEVICE_KEY_ID,
      dataKey: randomBytes(32),
      createdAt: new Date().toISOString(),
    };
    await db.keyring.add(made);
    return made;
  });
  keys.set(deriveFieldKeys(row.dataKey));
}
