// Start-up: open the local database, load this laptop's user and language, then render.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { useAppStore } from './state/store';
import { db } from './db/db';
import { readLanguagePreference } from './db/preferences-repo';
import { ensureProfile } from './db/profile-repo';
import { startSync } from './sync/sync-runtime';
import { initI18n } from './i18n/i18n';
import { WipedNotice } from './features/devices';
import { dismissWipedNotice, readWipedNotice, type WipedNoticeRecord } from './sync/wiped-notice';

/** A laptop whose data was destroyed starts on why, not on an empty app. */
async function showWipedNotice(notice: WipedNoticeRecord, root: HTMLElement): Promise<void> {
  await initI18n(notice.language);
  createRoot(root).render(
    <StrictMode>
      <WipedNotice
        reason={notice.reason}
        at={notice.at}
        onContinue={() => {
          dismissWipedNotice();
          window.location.reload();
        }}
      />
    </StrictMode>,
  );
}

async function start(): Promise<void> {
  const notice = readWipedNotice();
  const noticeRoot = document.getElementById('root');
  if (notice && noticeRoot) return showWipedNotice(notice, noticeRoot);
  const [profile, language] = await Promise.all([ensureProfile(db), readLanguagePreference(db)]);
  await initI18n(language ?? 'zh-CN');
  useAppStore.getState().setProfile(profile);
  const root = document.getElementById('root');
  if (!root) throw new Error('#root missing');
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
  // After the first render: sync is optional and must never delay or block local work.
  void startSync();
}

start().catch((error: unknown) => {
  // Without IndexedDB nothing can be kept: say so instead of showing a blank window.
  document.body.textContent = `DealerDesk could not start: ${error instanceof Error ? error.message : String(error)}`;
});
