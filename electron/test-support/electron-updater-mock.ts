// A stand-in for `electron-updater` (whose autoUpdater needs a running Electron) so the main
// process's update wiring runs under vitest. Tests drive it by emitting the events the real
// updater emits and inspect what the app asked of it.
//
//   vi.mock('electron-updater', () => import('./test-support/electron-updater-mock'));

import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type FeedOptions = { provider: string; url: string };
type Logger = {
  info(message?: unknown): void;
  warn(message?: unknown): void;
  error(message?: unknown): void;
};

class AutoUpdaterMock extends EventEmitter {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  allowDowngrade = true;
  allowPrerelease = true;
  logger: Logger | null = null;
  readonly setFeedURL = vi.fn<(options: FeedOptions) => void>();
  readonly checkForUpdates = vi.fn(() => Promise.resolve(null));
  readonly quitAndInstall = vi.fn<(isSilent?: boolean, isForceRunAfter?: boolean) => void>();
}

const autoUpdaterMock = new AutoUpdaterMock();

export const electronUpdaterMock = { autoUpdater: autoUpdaterMock };

/** A fresh updater: no listeners, the library's defaults, no recorded calls. */
export function resetElectronUpdaterMock(): void {
  autoUpdaterMock.removeAllListeners();
  autoUpdaterMock.autoDownload = false;
  autoUpdaterMock.autoInstallOnAppQuit = false;
  autoUpdaterMock.allowDowngrade = true;
  autoUpdaterMock.allowPrerelease = true;
  autoUpdaterMock.logger = null;
  autoUpdaterMock.setFeedURL.mockReset();
  autoUpdaterMock.checkForUpdates.mockReset();
  autoUpdaterMock.checkForUpdates.mockImplementation(() => Promise.resolve(null));
  autoUpdaterMock.quitAndInstall.mockReset();
}

export { autoUpdaterMock as autoUpdater };
