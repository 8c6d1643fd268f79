// This laptop's own preferences that screens change: the language and the quick-capture event
// name. They are local rows (never synced, no outbox entry), but components still reach them only
// through these functions, so every table has one place that writes it.

import type { AppDB, PreferenceRow } from './AppDB';

export type LanguagePreference = Extract<PreferenceRow, { key: 'language' }>['value'];

/** The language this laptop's user chose; null until they choose one. */
export async function readLanguagePreference(db: AppDB): Promise<LanguagePreference | null> {
  const row = await db.preferences.get('language');
  return row?.key === 'language' ? row.value : null;
}

export async function saveLanguagePreference(
  db: AppDB,
  language: LanguagePreference,
): Promise<void> {
  await db.preferences.put({ key: 'language', value: language });
}

/** The event the quick-capture page files visitors under; empty until one is typed. */
export async function readEventName(db: AppDB): Promise<string> {
  const row = await db.preferences.get('eventName');
  return row?.key === 'eventName' ? row.value : '';
}

/** Kept trimmed: the name is typed freely, stray spaces must not make a second event. */
export async function saveEventName(db: AppDB, name: string): Promise<void> {
  await db.preferences.put({ key: 'eventName', value: name.trim() });
}
