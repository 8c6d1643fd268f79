// Unsaved form input, kept locally while the user types. Drafts are this laptop's business: they
// never enter the outbox, and they are deleted the moment the form is saved.

import type { AppDB } from './AppDB';

export async function saveDraft(db: AppDB, key: string, values: unknown): Promise<void> {
  await db.drafts.put({ key, values, savedAt: new Date().toISOString() });
}

export async function readDraft(
  db: AppDB,
  key: string,
): Promise<{ values: unknown; savedAt: string } | null> {
  const draft = await db.drafts.get(key);
  return draft ? { values: draft.values, savedAt: draft.savedAt } : null;
}

export async function discardDraft(db: AppDB, key: string): Promise<void> {
  await db.drafts.delete(key);
}
