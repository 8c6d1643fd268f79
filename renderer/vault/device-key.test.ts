import { describe, expect, it } from 'vitest';
import { AppDB } from '../db/AppDB';
import { uniqueDbName } from '../test-support/test-db';
import { DEVICE_KEY_ID, openWithDeviceKey } from './device-key';
import { mutableKeySource } from './mutable-key-source';

describe('the device key of local mode', () => {
  it('is made once, kept in the keyring, and opens the same rows after a restart', async () => {
    const name = uniqueDbName('device');
    const keys = mutableKeySource();
    const db = new AppDB(name, keys);
    await openWithDeviceKey(db, keys);
    await db.drafts.put({ key: 'card', values: { name: '杨逍' }, savedAt: 'now' });
    const stored = await db.keyring.get(DEVICE_KEY_ID);
    expect(stored?.dataKey).toBeInstanceOf(Uint8Array);
    expect(stored?.dataKey.length).toBe(32);
    db.close();

    const restartedKeys = mutableKeySource();
    const restarted = new AppDB(name, restartedKeys);
    await openWithDeviceKey(restarted, restartedKeys);
    expect(await restarted.drafts.get('card')).toMatchObject({ values: { name: '杨逍' } });
    expect((await restarted.keyring.get(DEVICE_KEY_ID))?.dataKey).toEqual(stored?.dataKey);
    restarted.close();
  });

  it('differs between two databases', async () => {
    const keysA = mutableKeySource();
    const keysB = mutableKeySource();
    await openWithDeviceKey(new AppDB(uniqueDbName('device-a'), keysA), keysA);
    await openWithDeviceKey(new AppDB(uniqueDbName('device-b'), keysB), keysB);
    expect(keysA.current()?.fieldKey).not.toEqual(keysB.current()?.fieldKey);
  });
});
