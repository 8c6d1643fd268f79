// Start-up: open the vault (open, or locked until the user unlocks), load this laptop's user and
// language, then render. Sync runs only while the vault is open: the outbox is sealed otherwise.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { useAppStore } from './state/store';
import { db } from './db/db';
import { readLanguagePreference } from './db/preferences-repo';
import { ensureProfile } from './db/profile-repo';
import { followVault } from './sync/sync-runtime';
import { vault } from './vault/app-vault';
import { initI18n } from './i18n/i18n';

async function start(): Promise<void> {
  await vault.start();
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
  followVault(vault);
}

start().catch((error: unknown) => {
  // Without IndexedDB nothing can be kept: say so instead of showing a blank window.
  document.body.textContent = `DealerDesk could not start: ${error instanceof Error ? error.message : String(error)}`;
});
