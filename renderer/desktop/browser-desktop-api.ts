// The DesktopApi for a plain browser (dev:web, e2e tests): the same contract as the Electron
// preload, built from web platform features, so UI code never checks where it runs.

import { createSessionVault } from '../../shared/sync/session-vault';
import type {
  DesktopApi,
  MenuCommand,
  SaveFileRequest,
  SaveFileResult,
} from '../../shared/desktop/desktop-api';

// The browser build has no OS keychain and no process apart from the page: the session (with
// its refresh token) sits in this origin's localStorage, readable by anyone with access to the
// browser profile or a script in the page. The desktop app keeps it in the main process,
// encrypted with safeStorage, instead; the web build is for development and tests.
const SESSION_KEY = 'dealerdesk.secret.sync.session';
const PIN_PREFIX = 'dealerdesk.pin.';
const session = createSessionVault(
  {
    read: async () => localStorage.getItem(SESSION_KEY),
    write: async (value) => localStorage.setItem(SESSION_KEY, value),
    erase: async () => localStorage.removeItem(SESSION_KEY),
  },
  (input, init) => window.fetch(input, init),
);

const menuListeners = new Set<(command: MenuCommand) => void>();
const clickListeners = new Set<(tag: string) => void>();

export const browserDesktopApi = {
  platform: 'web',
  async showNotification(notification) {
    if (typeof Notification === 'undefined') return;
    if (Notification.permission === 'default') await Notification.requestPermission();
    if (Notification.permission !== 'granted') return;
    const shown = new Notification(notification.title, {
      body: notification.body,
      tag: notification.tag,
    });
    shown.onclick = () => {
      window.focus();
      clickListeners.forEach((listener) => listener(notification.tag));
    };
  },
  async saveFile(request: SaveFileRequest): Promise<SaveFileResult> {
    const blob = new Blob([request.content as BlobPart]);
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = request.suggestedName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return { saved: true, fileName: request.suggestedName };
  },
  onMenuCommand(listener) {
    menuListeners.add(listener);
    return () => menuListeners.delete(listener);
  },
  onNotificationClick(listener) {
    clickListeners.add(listener);
    return () => clickListeners.delete(listener);
  },
  loadSession: (baseUrl) => session.load(baseUrl),
  storeSession: (baseUrl, tokens) => session.store(baseUrl, tokens),
  refreshSession: (usedAccessToken) => session.refresh(usedAccessToken),
  revokeSession: (timeoutMs) => session.revoke(timeoutMs),
  clearSession: () => session.clear(),
  async inspectServerCertificate(baseUrl) {
    // A page cannot see the certificate it talks to: it asks the server for its fingerprint,
    // which only detects a change of certificate, not a machine in the middle that answers for
    // the server. The desktop app reads the handshake itself (electron/server-trust.ts).
    if (new URL(baseUrl).protocol !== 'https:') return { kind: 'plain' };
    try {
      const response = await window.fetch(`${baseUrl}/health`, { cache: 'no-store' });
      const body: unknown = await response.json();
      const fingerprint =
        typeof body === 'object' && body !== null && 'certificateFingerprint' in body
          ? body.certificateFingerprint
          : null;
      if (typeof fingerprint !== 'string') {
        return { kind: 'unreachable', message: 'The server reports no certificate' };
      }
      return {
        kind: 'certificate',
        fingerprint,
        pinned: localStorage.getItem(PIN_PREFIX + new URL(baseUrl).host),
        source: 'reported',
      };
    } catch (error) {
      return {
        kind: 'unreachable',
        message: error instanceof Error ? error.message : String(error),
      };
    }
  },
  async trustServerCertificate(baseUrl, fingerprint) {
    localStorage.setItem(PIN_PREFIX + new URL(baseUrl).host, fingerprint);
  },
  // A browser updates by reloading the page: there is no app to update.
  async setUpdateServer() {
    return { state: 'disabled' };
  },
  onUpdateStatus() {
    return () => {};
  },
  async installUpdate() {},
  // The built page's policy is a <meta> tag in index.html, fixed at build time.
  setSyncServer: async () => false,
  // ---- the app lock: a page learns nothing of the OS screen lock and has no Touch ID.
  onSystemLock() {
    return () => {};
  },
  canPromptBiometric: async () => false,
  promptBiometric: async () => false,
  // No keychain in a browser: the vault keeps the key under the password or the PIN.
  protectWithOs: async () => null,
  unprotectWithOs: async () => null,
  // A web page cannot remove its storage's files; deleting the database is all it can do.
  eraseLocalDatabases: async () => false,
} satisfies DesktopApi;
