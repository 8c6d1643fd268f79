import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMainWindow, startDesktopApp } from './main';
import { INVOKE_CHANNELS, IPC_CHANNELS } from './ipc-channels';
import {
  createMockEvent,
  electronMock,
  resetElectronMock,
  type BrowserWindowMock,
  type MockInvokeEvent,
} from './test-support/electron-mock';
import {
  electronUpdaterMock,
  resetElectronUpdaterMock,
} from './test-support/electron-updater-mock';

vi.mock('electron', () => import('./test-support/electron-mock'));
vi.mock('electron-updater', () => import('./test-support/electron-updater-mock'));

const { app, BrowserWindow } = electronMock;
const realPlatform = process.platform;

function setPlatform(platform: NodeJS.Platform): void {
  Object.defineProperty(process, 'platform', { value: platform, configurable: true });
}

// Importing main.ts starts the app once against the default mock; every test below starts
// from a clean mock and calls startDesktopApp() itself.
beforeEach(() => {
  resetElectronMock();
  resetElectronUpdaterMock();
  vi.unstubAllEnvs();
});

afterEach(() => {
  setPlatform(realPlatform);
});

describe('createMainWindow', () => {
  it('uses the secure webPreferences and the bundled preload', () => {
    createMainWindow({ devServerOrigin: null, isDev: false });
    const options = BrowserWindow.instances[0]?.options;
    expect(options?.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    const preload = options?.webPreferences?.['preload'];
    expect(typeof preload === 'string' && path.basename(preload)).toBe('preload.cjs');
  });

  it('loads the app protocol entry and shows the window once rendered', () => {
    createMainWindow({ devServerOrigin: null, isDev: false });
    const window = BrowserWindow.instances[0];
    expect(window?.options.show).toBe(false);
    expect(window?.loadURL).toHaveBeenCalledWith('app://dealerdesk/index.html');
    window?.emit('ready-to-show');
    expect(window?.show).toHaveBeenCalled();
  });

  it('loads the dev server when one is given', () => {
    createMainWindow({ devServerOrigin: 'http://localhost:5173', isDev: true });
    expect(BrowserWindow.instances[0]?.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
  });
});

describe('startDesktopApp', () => {
  it('takes the single-instance lock, then sets everything up and opens one window', async () => {
    await startDesktopApp();
    expect(app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(app.enableSandbox).toHaveBeenCalled();
    expect(electronMock.protocol.registerSchemesAsPrivileged).toHaveBeenCalled();
    expect(electronMock.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect([...electronMock.ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(electronMock.Menu.setApplicationMenu).toHaveBeenCalled();
    expect(electronMock.session.defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(BrowserWindow.instances[0]?.loadURL).toHaveBeenCalledWith('app://dealerdesk/index.html');
  });

  it('registers the privileged scheme before the app is ready', async () => {
    await startDesktopApp();
    const registeredAt =
      electronMock.protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0] ?? Infinity;
    const readyAt = app.whenReady.mock.invocationCallOrder[0] ?? -Infinity;
    expect(registeredAt).toBeLessThan(readyAt);
  });

  it('quits without a window when another instance holds the lock', async () => {
    app.requestSingleInstanceLock.mockReturnValue(false);
    await startDesktopApp();
    expect(app.quit).toHaveBeenCalled();
    expect(app.whenReady).not.toHaveBeenCalled();
    expect(BrowserWindow.instances).toHaveLength(0);
  });

  it('focuses the existing window when a second instance starts', async () => {
    await startDesktopApp();
    const window = BrowserWindow.instances[0];
    window?.isMinimized.mockReturnValue(true);
    app.emit('second-instance', createMockEvent(), [], '');
    expect(BrowserWindow.instances).toHaveLength(1);
    expect(window?.restore).toHaveBeenCalled();
    expect(window?.focus).toHaveBeenCalled();
  });

  it('hardens every webContents the app creates', async () => {
    await startDesktopApp();
    const contents = BrowserWindow.instances[0]?.webContents;
    app.emit('web-contents-created', createMockEvent(), contents);
    expect(contents?.setWindowOpenHandler).toHaveBeenCalled();
    const navigation = createMockEvent();
    contents?.emit('will-navigate', navigation, 'https://evil.example/');
    expect(navigation.defaultPrevented()).toBe(true);
  });

  it('quits when the last window closes, except on macOS', async () => {
    setPlatform('linux');
    await startDesktopApp();
    app.emit('window-all-closed');
    expect(app.quit).toHaveBeenCalledTimes(1);

    resetElectronMock();
    setPlatform('darwin');
    await startDesktopApp();
    app.emit('window-all-closed');
    expect(app.quit).not.toHaveBeenCalled();
  });

  it('reopens the window on macOS activate once it was closed', async () => {
    setPlatform('darwin');
    await startDesktopApp();
    BrowserWindow.instances[0]?.emit('closed');
    app.emit('activate');
    expect(BrowserWindow.instances).toHaveLength(2);
  });

  it('sets the AppUserModelID on Windows (needed for notifications)', async () => {
    setPlatform('win32');
    await startDesktopApp();
    expect(app.setAppUserModelId).toHaveBeenCalledWith('com.dealerdesk.app');
  });

  it('honours DEALERDESK_DEV_URL only when unpackaged', async () => {
    vi.stubEnv('DEALERDESK_DEV_URL', 'http://localhost:5173/');
    await startDesktopApp();
    expect(BrowserWindow.instances[0]?.loadURL).toHaveBeenCalledWith('http://localhost:5173/');

    resetElectronMock();
    app.isPackaged = true;
    await startDesktopApp();
    expect(BrowserWindow.instances[0]?.loadURL).toHaveBeenCalledWith('app://dealerdesk/index.html');
    expect(BrowserWindow.instances[0]?.options.webPreferences?.['devTools']).toBe(false);
  });
});

describe('updates', () => {
  const ownPage = (window: BrowserWindowMock | undefined): MockInvokeEvent => {
    if (window === undefined) throw new Error('no window');
    return { senderFrame: { url: 'app://dealerdesk/index.html' }, sender: window.webContents };
  };

  it('a packaged app updates from the sync server the renderer names, and says when ready', async () => {
    app.isPackaged = true;
    await startDesktopApp();
    const window = BrowserWindow.instances[0];
    const status = await electronMock.ipcMain.invoke(
      IPC_CHANNELS.setUpdateServer,
      ownPage(window),
      'http://192.168.1.20:8787',
    );
    expect(status).toEqual({ state: 'idle' });
    expect(electronUpdaterMock.autoUpdater.setFeedURL).toHaveBeenCalledWith({
      provider: 'generic',
      url: 'http://192.168.1.20:8787/updates/',
    });
    electronUpdaterMock.autoUpdater.emit('update-downloaded', { version: '1.3.0' });
    expect(window?.webContents.send).toHaveBeenLastCalledWith(IPC_CHANNELS.updateStatus, {
      state: 'ready',
      version: '1.3.0',
    });
    await electronMock.ipcMain.invoke(IPC_CHANNELS.installUpdate, ownPage(window), {});
    expect(electronUpdaterMock.autoUpdater.quitAndInstall).toHaveBeenCalled();
  });

  it('an unpackaged (development) app never checks for updates', async () => {
    await startDesktopApp();
    const status = await electronMock.ipcMain.invoke(
      IPC_CHANNELS.setUpdateServer,
      ownPage(BrowserWindow.instances[0]),
      'http://192.168.1.20:8787',
    );
    expect(status).toEqual({ state: 'disabled' });
    expect(electronUpdaterMock.autoUpdater.checkForUpdates).not.toHaveBeenCalled();
  });
});
