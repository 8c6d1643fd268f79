// The DesktopApi for a plain browser (dev:web, e2e tests): the same contract as the Electron
// preload, built from web platform features, so UI code never checks where it runs.

import type {
  DesktopApi,
  MenuCommand,
  SaveFileRequest,
  SaveFileResult,
} from '../../shared/desktop/desktop-api';

// The browser build has no OS keychain: secrets (the sync tokens) sit in this origin's
// localStorage, readable by anyone with access to the browser profile. The desktop app keeps
// them encrypted with safeStorage instead; the web build is for development and tests.
const SECRET_PREFIX = 'dealerdesk.secret.';

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
  async getSecret(key) {
    return localStorage.getItem(SECRET_PREFIX + key);
  },
  async setSecret(key, value) {
    localStorage.setItem(SECRET_PREFIX + key, value);
  },
  async deleteSecret(key) {
    localStorage.removeItem(SECRET_PREFIX + key);
  },
} satisfies DesktopApi;
