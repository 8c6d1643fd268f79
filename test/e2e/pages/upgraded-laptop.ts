// A laptop updated from a version without the sealed store, where someone was logged in: the
// session is there, but only the laptop's own (clear) key guards the data. Made by writing the
// session (and the server address) into the running app's preferences, as that version left them.

import type { Page } from '@playwright/test';
import type { SessionUser } from '../../../shared/sync/protocol';

export async function pretendLoggedInBeforeSealing(
  page: Page,
  user: SessionUser,
  serverUrl: string | null,
): Promise<void> {
  await page.evaluate(
    async ({ user, serverUrl }) => {
      const request = indexedDB.open('dealerdesk');
      const database = await new Promise<IDBDatabase>((resolve, reject) => {
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
      });
      const transaction = database.transaction('preferences', 'readwrite');
      const preferences = transaction.objectStore('preferences');
      preferences.put({ key: 'session', user });
      if (serverUrl !== null) preferences.put({ key: 'server', url: serverUrl });
      await new Promise<void>((resolve, reject) => {
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error ?? new Error('write failed'));
      });
      database.close();
    },
    { user, serverUrl },
  );
}
