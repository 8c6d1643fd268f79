import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '../shared/desktop/desktop-api';
import {
  electronUpdaterMock,
  resetElectronUpdaterMock,
} from './test-support/electron-updater-mock';
import { createDesktopUpdater, UPDATE_CHECK_INTERVAL_MS, updateFeedUrl } from './updater';

vi.mock('electron', () => import('./test-support/electron-mock'));
vi.mock('electron-updater', () => import('./test-support/electron-updater-mock'));

const { autoUpdater } = electronUpdaterMock;

let published: UpdateStatus[];

function activeUpdater() {
  return createDesktopUpdater({ active: true, publish: (status) => published.push(status) });
}

beforeEach(() => {
  resetElectronUpdaterMock();
  published = [];
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'log').mockImplementation(() => {});
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('updateFeedUrl', () => {
  it.each([
    ['http://192.168.1.20:8787', 'http://192.168.1.20:8787/updates/'],
    ['https://sync.showroom.example/', 'https://sync.showroom.example/updates/'],
    ['https://sync.example/dealerdesk//?x=1#y', 'https://sync.example/dealerdesk/updates/'],
  ])('%s → %s', (server, feed) => {
    expect(updateFeedUrl(server)).toBe(feed);
  });

  it.each(['file:///srv/updates', 'javascript:alert(1)', 'https://u:p@sync.example/', 'nonsense'])(
    'refuses %s',
    (server) => {
      expect(updateFeedUrl(server)).toBeNull();
    },
  );
});

describe('createDesktopUpdater', () => {
  it('does nothing at all in a development build', () => {
    const updater = createDesktopUpdater({ active: false, publish: () => {} });
    expect(updater.setServer('http://192.168.1.20:8787')).toEqual({ state: 'disabled' });
    updater.install();
    expect(autoUpdater.setFeedURL).not.toHaveBeenCalled();
    expect(autoUpdater.checkForUpdates).not.toHaveBeenCalled();
    expect(autoUpdater.listenerCount('update-downloaded')).toBe(0);
  });

  it('downloads automatically, installs on quit, never downgrades or takes a pre-release', () => {
    activeUpdater();
    expect(autoUpdater.autoDownload).toBe(true);
    expect(autoUpdater.autoInstallOnAppQuit).toBe(true);
    expect(autoUpdater.allowDowngrade).toBe(false);
    expect(autoUpdater.allowPrerelease).toBe(false);
    expect(autoUpdater.logger).not.toBeNull();
  });

  it('takes its feed from the sync server and checks at once, then every few hours', () => {
    vi.useFakeTimers();
    const updater = activeUpdater();
    expect(updater.setServer('http://192.168.1.20:8787')).toEqual({ state: 'idle' });
    expect(autoUpdater.setFeedURL).toHaveBeenCalledWith({
      provider: 'generic',
      url: 'http://192.168.1.20:8787/updates/',
    });
    expect(autoUpdater.checkForUpdates).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(UPDATE_CHECK_INTERVAL_MS);
    expect(autoUpdater.checkForUpdates).toHaveBeenCalledTimes(2);

    updater.setServer(null);
    expect(updater.status()).toEqual({ state: 'disabled' });
    vi.advanceTimersByTime(UPDATE_CHECK_INTERVAL_MS * 3);
    expect(autoUpdater.checkForUpdates).toHaveBeenCalledTimes(2);
  });

  it('tells the renderer how the download goes, then offers the restart', () => {
    const updater = activeUpdater();
    updater.setServer('http://192.168.1.20:8787');
    autoUpdater.emit('checking-for-update');
    autoUpdater.emit('update-available', { version: '1.3.0' });
    autoUpdater.emit('download-progress', { percent: 41.7 });
    autoUpdater.emit('update-downloaded', { version: '1.3.0' });
    expect(published).toEqual([
      { state: 'idle' },
      { state: 'checking' },
      { state: 'downloading', version: '1.3.0', percent: 0 },
      { state: 'downloading', version: '1.3.0', percent: 41 },
      { state: 'ready', version: '1.3.0' },
    ]);
    // Checks stop while an update waits; the restart happens only when the user asks.
    updater.setServer('http://192.168.1.20:8787');
    expect(autoUpdater.checkForUpdates).toHaveBeenCalledTimes(1);
    expect(autoUpdater.quitAndInstall).not.toHaveBeenCalled();
    updater.install();
    expect(autoUpdater.quitAndInstall).toHaveBeenCalledWith(false, true);
  });

  it('never installs what is not downloaded and verified', () => {
    const updater = activeUpdater();
    updater.setServer('http://192.168.1.20:8787');
    autoUpdater.emit('update-available', { version: '1.3.0' });
    updater.install();
    expect(autoUpdater.quitAndInstall).not.toHaveBeenCalled();
  });

  it('reports a failed check or download and keeps the app running', async () => {
    autoUpdater.checkForUpdates.mockImplementation(() => {
      const error = new Error('sha512 checksum mismatch');
      autoUpdater.emit('error', error);
      return Promise.reject(error);
    });
    const updater = activeUpdater();
    updater.setServer('http://192.168.1.20:8787');
    await Promise.resolve();
    expect(updater.status()).toEqual({ state: 'error', message: 'sha512 checksum mismatch' });
    expect(console.error).toHaveBeenCalled();
    updater.install();
    expect(autoUpdater.quitAndInstall).not.toHaveBeenCalled();
  });

  it('keeps a verified update on offer when a later check fails', () => {
    const updater = activeUpdater();
    updater.setServer('http://192.168.1.20:8787');
    autoUpdater.emit('update-downloaded', { version: '1.3.0' });
    autoUpdater.emit('error', new Error('net::ERR_CONNECTION_REFUSED'));
    expect(updater.status()).toEqual({ state: 'ready', version: '1.3.0' });
  });
});
