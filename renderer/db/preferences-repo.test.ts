import { describe, expect, it } from 'vitest';
import {
  readEventName,
  readLanguagePreference,
  saveEventName,
  saveLanguagePreference,
} from './preferences-repo';
import { openTestDb } from '../test-support/test-db';

describe('preferences', () => {
  it('has no language until one is chosen, then the last one chosen', async () => {
    const { db } = await openTestDb();
    expect(await readLanguagePreference(db)).toBeNull();
    await saveLanguagePreference(db, 'en');
    expect(await readLanguagePreference(db)).toBe('en');
    await saveLanguagePreference(db, 'zh-CN');
    expect(await readLanguagePreference(db)).toBe('zh-CN');
  });

  it('keeps the event name trimmed, empty until typed', async () => {
    const { db } = await openTestDb();
    expect(await readEventName(db)).toBe('');
    await saveEventName(db, '  春季车展 ');
    expect(await readEventName(db)).toBe('春季车展');
  });

  it('stays on this laptop: nothing enters the outbox', async () => {
    const { db } = await openTestDb();
    const before = await db.outbox.count();
    await saveLanguagePreference(db, 'en');
    await saveEventName(db, '车展');
    expect(await db.outbox.count()).toBe(before);
  });
});
