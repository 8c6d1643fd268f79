// Main-process entry (bundled to dist-electron/main.cjs). Keeps the shell thin: one window,
// the app:// protocol, hardening, IPC and the menu. All product logic lives in the renderer,
// which also runs in a plain browser.

import path from 'node:path';
import { app, BrowserWindow, powerMonitor, session } from 'electron';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { IPC_CHANNELS } from './ipc-channels';
import { registerIpcHandlers } from './ipc';
import { installApplicationMenu, pickMenuLocale } from './menu';
import { createServerTrust, TRUST_FILE_NAME } from './server-trust';
import { forwardSystemLock } from './system-lock';
import {
  APP_ENTRY_URL,
  contentSecurityPolicy,
  hardenSession,
  hardenWebContents,
  parseDevServerOrigin,
} from './security';
import { createDesktopUpdater } from './updater';

export const APP_USER_MODEL_ID = 'com.dealerdesk.app';

// The bundles sit in dist-electron/ next to dist/renderer/, both in the project and inside
// app.asar, so paths relative to this file hold in development and when packaged alike.
const PRELOAD_PATH = path.join(__dirname, 'preload.cjs');
const RENDERER_ROOT = path.join(__dirname, '..', 'dist', 'renderer');

export function createMainWindow(options: {
  devServerOrigin: string | null;
  isDev: boolean;
}): BrowserWindow {
  const window = new BrowserWindow({
    title: 'DealerDesk',
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    // Shown on ready-to-show so the user never sees an empty white frame.
    show: false,
    backgroundColor: '#f5f5f5',
    webPreferences: {
      preload: PRELOAD_PATH,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: options.isDev,
    },
  });
  window.once('ready-to-show', () => {
    window.show();
  });
  const entryUrl = options.devServerOrigin === null ? APP_ENTRY_URL : `${options.devServerOrigin}/`;
  window.loadURL(entryUrl).catch((error: unknown) => {
    console.error(`[main] could not load ${entryUrl}`, error);
  });
  return window;
}

function bringToFront(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

export async function startDesktopApp(): Promise<void> {
  // Two copies would share one IndexedDB and one outbox and race each other's sync; the
  // second launch hands over to the first (see 'second-instance') and exits.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const isDev = !app.isPackaged;
  // The dev-server escape hatch exists only for unpackaged runs: a shipped app must never be
  // pointed at another origin by an environment variable.
  const devServerOrigin = isDev ? parseDevServerOrigin(process.env.DEALERDESK_DEV_URL) : null;

  registerAppScheme(); // must precede 'ready'
  app.enableSandbox();
  // Windows shows notifications only for apps with an AppUserModelID matching the installer's.
  if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID);

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, devServerOrigin);
  });
  app.on('window-all-closed', () => {
    // macOS convention: closing the last window leaves the app in the Dock until Cmd+Q.
    if (process.platform !== 'darwin') app.quit();
  });

  await app.whenReady();

  // Held here rather than at module level so each start (and each test) owns its own window.
  let mainWindow: BrowserWindow | null = null;

  hardenSession(session.defaultSession, devServerOrigin);
  // Pinned sync-server certificates; other hosts keep Chromium's own verification.
  const installTrust = (): void => {
    // Setting the proc again drops Chromium's cached verdicts; open connections go too, so a
    // new pin applies to the very next request.
    session.defaultSession.setCertificateVerifyProc((request, callback) =>
      serverTrust.verify(request, callback),
    );
    void session.defaultSession.closeAllConnections();
  };
  const serverTrust = createServerTrust(
    () => path.join(app.getPath('userData'), TRUST_FILE_NAME),
    installTrust,
  );
  installTrust();
  handleAppProtocol(RENDERER_ROOT, async () =>
    contentSecurityPolicy(await serverTrust.serverOrigin()),
  );
  // Only a packaged app updates itself; the renderer says which server to update from.
  const updater = createDesktopUpdater({
    active: app.isPackaged,
    publish: (status) => {
      if (mainWindow !== null && !mainWindow.isDestroyed()) {
        mainWindow.webContents.send(IPC_CHANNELS.updateStatus, status);
      }
    },
  });
  registerIpcHandlers({
    devServerOrigin,
    getMainWindow: () => mainWindow,
    serverTrust,
    updater,
  });
  // The app lock follows the OS screen lock and sleep.
  forwardSystemLock(powerMonitor, () => mainWindow);
  installApplicationMenu({
    locale: pickMenuLocale(app.getPreferredSystemLanguages()),
    isDev,
    getMainWindow: () => mainWindow,
  });
  app.setAboutPanelOptions({ applicationName: 'DealerDesk', applicationVersion: app.getVersion() });

  const openMainWindow = (): void => {
    if (mainWindow === null || mainWindow.isDestroyed()) {
      const window = createMainWindow({ devServerOrigin, isDev });
      window.on('closed', () => {
        if (mainWindow === window) mainWindow = null;
      });
      mainWindow = window;
    } else {
      bringToFront(mainWindow);
    }
  };
  app.on('second-instance', openMainWindow);
  app.on('activate', openMainWindow); // Dock icon clicked on macOS
  openMainWindow();
}

startDesktopApp().catch((error: unknown) => {
  console.error('[main] DealerDesk failed to start', error);
  app.exit(1);
});
