// The desktop app's self-update. The feed is the showroom's own sync server (its /updates/
// directory, server/routes/updates.ts), so laptops on a LAN without internet update too; the
// renderer passes the server address it is configured with (the main process cannot read the
// renderer's settings).
//
// What keeps a bad update out (electron-updater): a file is installed only once fully downloaded
// and its sha512 matches the feed's latest.yml; on Windows the installer must also carry an
// Authenticode signature by our publisher (`publisherName`, written into app-update.yml by
// electron-builder), on macOS Squirrel.Mac accepts only an update signed like the running app.
// A failed check or download is logged and reported; the running app is never touched, and the
// user restarts into a verified update when it suits them (or it installs when the app quits).

import { autoUpdater } from 'electron-updater';
import type { UpdateStatus } from '../shared/desktop/desktop-api';

/** How often a running app asks the server for a newer version. */
export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

/** The feed's address for a sync server address: `<server>/updates/`; null if not http(s). */
export function updateFeedUrl(serverUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(serverUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username !== '' || url.password !== '') return null;
  url.search = '';
  url.hash = '';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/updates/`;
  return url.href;
}

export type DesktopUpdater = {
  status(): UpdateStatus;
  /** Follows the configured sync server (null: none) and checks at once; answers the status. */
  setServer(serverUrl: string | null): UpdateStatus;
  /** Quits and installs a verified update; does nothing unless one is ready. */
  install(): void;
  stop(): void;
};

export type DesktopUpdaterOptions = {
  /** False in development builds: electron-updater only updates a packaged app. */
  active: boolean;
  /** Tells the renderer (the main window) about every change of status. */
  publish: (status: UpdateStatus) => void;
  checkIntervalMs?: number;
};

const DISABLED: UpdateStatus = { state: 'disabled' };

export function createDesktopUpdater(options: DesktopUpdaterOptions): DesktopUpdater {
  let status: UpdateStatus = DISABLED;
  if (!options.active) {
    return { status: () => status, setServer: () => status, install: () => {}, stop: () => {} };
  }

  let feedUrl: string | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  const publish = (next: UpdateStatus): void => {
    status = next;
    options.publish(next);
  };
  /** Once an update is on its way or waiting, later checks have nothing to add. */
  const busy = (): boolean => status.state === 'downloading' || status.state === 'ready';

  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.allowDowngrade = false;
  autoUpdater.allowPrerelease = false;
  autoUpdater.logger = {
    info: (message?: unknown) => console.log('[updater]', message),
    warn: (message?: unknown) => console.warn('[updater]', message),
    error: (message?: unknown) => console.error('[updater]', message),
  };

  autoUpdater.on('checking-for-update', () => {
    if (!busy()) publish({ state: 'checking' });
  });
  autoUpdater.on('update-not-available', () => {
    if (!busy()) publish({ state: 'idle' });
  });
  autoUpdater.on('update-available', (info) => {
    publish({ state: 'downloading', version: info.version, percent: 0 });
  });
  autoUpdater.on('download-progress', (progress) => {
    if (status.state === 'downloading') {
      publish({ ...status, percent: Math.floor(progress.percent) });
    }
  });
  autoUpdater.on('update-downloaded', (info) => {
    publish({ state: 'ready', version: info.version });
  });
  autoUpdater.on('error', (error) => {
    console.error('[updater] update failed; the running app is unchanged', error);
    // A verified update already waiting stays on offer; a failed later check does not undo it.
    if (status.state !== 'ready') publish({ state: 'error', message: error.message });
  });

  const check = (): void => {
    if (feedUrl === null || busy()) return;
    // A failure is also emitted as 'error' (above); the promise has nothing more to say.
    autoUpdater.checkForUpdates().catch(() => {});
  };
  const stopTimer = (): void => {
    if (timer !== null) clearInterval(timer);
    timer = null;
  };

  return {
    status: () => status,
    setServer(serverUrl) {
      const next = serverUrl === null ? null : updateFeedUrl(serverUrl);
      if (next === null) {
        feedUrl = null;
        stopTimer();
        if (!busy()) publish(DISABLED);
        return status;
      }
      if (next !== feedUrl) {
        feedUrl = next;
        autoUpdater.setFeedURL({ provider: 'generic', url: next });
        if (!busy()) publish({ state: 'idle' });
      }
      check();
      if (timer === null) {
        timer = setInterval(check, options.checkIntervalMs ?? UPDATE_CHECK_INTERVAL_MS);
        timer.unref();
      }
      return status;
    },
    install() {
      // isSilent false: the Windows installer shows its progress; isForceRunAfter: reopen after.
      if (status.state === 'ready') autoUpdater.quitAndInstall(false, true);
    },
    stop: stopTimer,
  };
}
