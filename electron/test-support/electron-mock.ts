// A stand-in for the `electron` module so the main process and the preload run under vitest in
// plain Node (the Electron binary is not available everywhere tests run). Only the surface the
// shell uses is modelled; state lives in module-level objects that tests drive and inspect.
//
// Use from a test file:
//   vi.mock('electron', () => import('./test-support/electron-mock'));
//   import { electronMock, resetElectronMock } from './test-support/electron-mock';
// Importing 'electron' itself still gives Electron's real types (handy for constructing
// windows), while `electronMock` gives the mock's types for driving events.

import { EventEmitter } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => void;

export type MockEvent = { preventDefault: () => void; defaultPrevented: () => boolean };

export function createMockEvent(): MockEvent {
  let prevented = false;
  return {
    preventDefault: () => {
      prevented = true;
    },
    defaultPrevented: () => prevented,
  };
}

// ---------------------------------------------------------------- sessions and web contents

type PermissionRequestHandler = (
  webContents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: { requestingUrl: string; isMainFrame: boolean },
) => void;
type PermissionCheckHandler = (
  webContents: unknown,
  permission: string,
  requestingOrigin: string,
  details: object,
) => boolean;

type CertificateVerifyProc = (
  request: { hostname: string; certificate: { data: string } },
  callback: (result: number) => void,
) => void;

export class SessionMock extends EventEmitter {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: PermissionCheckHandler | null = null;
  readonly setPermissionRequestHandler = vi.fn((handler: PermissionRequestHandler | null) => {
    this.permissionRequestHandler = handler;
  });
  readonly setPermissionCheckHandler = vi.fn((handler: PermissionCheckHandler | null) => {
    this.permissionCheckHandler = handler;
  });
  certificateVerifyProc: CertificateVerifyProc | null = null;
  readonly setCertificateVerifyProc = vi.fn((proc: CertificateVerifyProc | null) => {
    this.certificateVerifyProc = proc;
  });
  readonly closeAllConnections = vi.fn((): Promise<void> => Promise.resolve());
  readonly clearStorageData = vi.fn(
    (_options?: { origin?: string; storages?: string[] }): Promise<void> => Promise.resolve(),
  );
}

type WindowOpenHandler = (details: { url: string }) => { action: 'allow' | 'deny' };

export class WebContentsMock extends EventEmitter {
  url = '';
  windowOpenHandler: WindowOpenHandler | null = null;
  readonly session = new SessionMock();
  readonly send = vi.fn<(channel: string, ...args: unknown[]) => void>();
  readonly setWindowOpenHandler = vi.fn((handler: WindowOpenHandler) => {
    this.windowOpenHandler = handler;
  });
  readonly getURL = vi.fn(() => this.url);
  readonly isDestroyed = vi.fn(() => false);
}

// ---------------------------------------------------------------- windows

export type BrowserWindowOptionsMock = {
  title?: string;
  show?: boolean;
  webPreferences?: Record<string, unknown>;
  [option: string]: unknown;
};

export class BrowserWindowMock extends EventEmitter {
  static readonly instances: BrowserWindowMock[] = [];
  static readonly getAllWindows = vi.fn((): BrowserWindowMock[] => [
    ...BrowserWindowMock.instances,
  ]);
  static readonly getFocusedWindow = vi.fn((): BrowserWindowMock | null => null);
  static readonly fromWebContents = vi.fn(
    (contents: unknown): BrowserWindowMock | null =>
      BrowserWindowMock.instances.find((window) => window.webContents === contents) ?? null,
  );

  readonly webContents = new WebContentsMock();
  readonly loadURL = vi.fn((url: string) => {
    this.webContents.url = url;
    return Promise.resolve();
  });
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly isMinimized = vi.fn(() => false);
  readonly isDestroyed = vi.fn(() => false);

  constructor(readonly options: BrowserWindowOptionsMock = {}) {
    super();
    BrowserWindowMock.instances.push(this);
  }
}

// ---------------------------------------------------------------- app

class AppMock extends EventEmitter {
  isPackaged = false;
  readonly requestSingleInstanceLock = vi.fn(() => true);
  readonly whenReady = vi.fn(() => Promise.resolve());
  readonly isReady = vi.fn(() => true);
  readonly quit = vi.fn();
  readonly exit = vi.fn<(code?: number) => void>();
  readonly enableSandbox = vi.fn();
  readonly setAppUserModelId = vi.fn<(id: string) => void>();
  readonly setAboutPanelOptions = vi.fn<(options: object) => void>();
  readonly getPreferredSystemLanguages = vi.fn((): string[] => ['zh-CN']);
  readonly getVersion = vi.fn(() => '0.0.0-test');
  readonly getName = vi.fn(() => 'DealerDesk');
  // A per-user temp folder stands in for Documents etc.; nothing is written there by default.
  readonly getPath = vi.fn((name: string) => path.join(os.tmpdir(), 'dealerdesk-test', name));
}

// ---------------------------------------------------------------- IPC

export type MockInvokeEvent = {
  senderFrame: { url: string } | null;
  sender: WebContentsMock;
};
type InvokeHandler = (event: MockInvokeEvent, ...args: unknown[]) => unknown;

class IpcMainMock {
  readonly handlers = new Map<string, InvokeHandler>();
  readonly handle = vi.fn((channel: string, handler: InvokeHandler) => {
    // Electron throws on a second handler for one channel; so do we, to catch double setup.
    if (this.handlers.has(channel)) {
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    }
    this.handlers.set(channel, handler);
  });
  readonly removeHandler = vi.fn((channel: string) => {
    this.handlers.delete(channel);
  });

  /** Calls a registered handler the way `ipcRenderer.invoke` would reach it. */
  async invoke(channel: string, event: MockInvokeEvent, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (handler === undefined) throw new Error(`No handler registered for '${channel}'`);
    return await handler(event, ...args);
  }
}

class IpcRendererMock {
  readonly emitter = new EventEmitter();
  readonly invoke = vi.fn<(channel: string, ...args: unknown[]) => Promise<unknown>>(() =>
    Promise.resolve(undefined),
  );
  readonly on = vi.fn((channel: string, listener: Listener) => {
    this.emitter.on(channel, listener);
    return this;
  });
  readonly removeListener = vi.fn((channel: string, listener: Listener) => {
    this.emitter.removeListener(channel, listener);
    return this;
  });

  /** Simulates `webContents.send(channel, ...args)` arriving in the preload. */
  deliver(channel: string, ...args: unknown[]): void {
    this.emitter.emit(channel, { sender: this }, ...args);
  }
}

class ContextBridgeMock {
  readonly exposed = new Map<string, unknown>();
  readonly exposeInMainWorld = vi.fn((key: string, api: unknown) => {
    this.exposed.set(key, api);
  });
}

// ---------------------------------------------------------------- other modules

export class NotificationMock extends EventEmitter {
  static readonly instances: NotificationMock[] = [];
  static readonly isSupported = vi.fn(() => true);
  readonly show = vi.fn();
  constructor(readonly options: { title?: string; body?: string }) {
    super();
    NotificationMock.instances.push(this);
  }
}

type SaveDialogResult = { canceled: boolean; filePath: string };

const dialogMock = {
  showSaveDialog: vi.fn<(...args: unknown[]) => Promise<SaveDialogResult>>(() =>
    Promise.resolve({ canceled: true, filePath: '' }),
  ),
};

const shellMock = {
  openExternal: vi.fn((): Promise<void> => Promise.resolve()),
};

type ProtocolHandler = (request: Request) => Response | Promise<Response>;

class ProtocolMock {
  readonly handlers = new Map<string, ProtocolHandler>();
  readonly registerSchemesAsPrivileged = vi.fn<(schemes: unknown[]) => void>();
  readonly handle = vi.fn((scheme: string, handler: ProtocolHandler) => {
    this.handlers.set(scheme, handler);
  });
}

// A reversible stand-in for the OS keychain: every byte flipped behind a marker, so a test can
// tell that what reached the disk is not the plain text, and a foreign blob fails to decrypt.
const ENCRYPTED_MARKER = 'mock-keychain:';

const safeStorageMock = {
  isEncryptionAvailable: vi.fn(() => true),
  /** Linux only in Electron; 'basic_text' is a hard-coded key, not a keychain. */
  getSelectedStorageBackend: vi.fn((): string => 'gnome_libsecret'),
  encryptString: vi.fn((plainText: string): Buffer => {
    const bytes = Buffer.from(plainText, 'utf8').map((byte) => byte ^ 0xff);
    return Buffer.concat([Buffer.from(ENCRYPTED_MARKER), bytes]);
  }),
  decryptString: vi.fn((encrypted: Buffer): string => {
    const marker = encrypted.subarray(0, ENCRYPTED_MARKER.length).toString();
    if (marker !== ENCRYPTED_MARKER) throw new Error('Error while decrypting the ciphertext');
    const bytes = encrypted.subarray(ENCRYPTED_MARKER.length).map((byte) => byte ^ 0xff);
    return Buffer.from(bytes).toString('utf8');
  }),
};

type MenuTemplateMock = Record<string, unknown>[];

const menuMock = {
  buildFromTemplate: vi.fn((template: MenuTemplateMock) => ({ items: template })),
  setApplicationMenu: vi.fn<(menu: unknown) => void>(),
};

// The OS power events (the app lock listens to 'lock-screen' and 'suspend').
class PowerMonitorMock extends EventEmitter {}

// Touch ID: unavailable unless a test says otherwise.
const systemPreferencesMock = {
  canPromptTouchID: vi.fn((): boolean => false),
  promptTouchID: vi.fn((_reason: string): Promise<void> => Promise.resolve()),
};

// ---------------------------------------------------------------- the module surface

const appMock = new AppMock();
const ipcMainMock = new IpcMainMock();
const ipcRendererMock = new IpcRendererMock();
const contextBridgeMock = new ContextBridgeMock();
const protocolMock = new ProtocolMock();
const sessionModuleMock = { defaultSession: new SessionMock() };
const powerMonitorMock = new PowerMonitorMock();

/** Everything a test may want to drive or inspect, with the mock's own (precise) types. */
export const electronMock = {
  app: appMock,
  BrowserWindow: BrowserWindowMock,
  ipcMain: ipcMainMock,
  ipcRenderer: ipcRendererMock,
  contextBridge: contextBridgeMock,
  Notification: NotificationMock,
  dialog: dialogMock,
  shell: shellMock,
  protocol: protocolMock,
  Menu: menuMock,
  session: sessionModuleMock,
  safeStorage: safeStorageMock,
  powerMonitor: powerMonitorMock,
  systemPreferences: systemPreferencesMock,
};

/** Back to a freshly started process: no windows, handlers, listeners or recorded calls. */
export function resetElectronMock(): void {
  // mockReset (Vitest ≥3) also restores each vi.fn's original implementation.
  vi.resetAllMocks();
  appMock.removeAllListeners();
  appMock.isPackaged = false;
  BrowserWindowMock.instances.length = 0;
  NotificationMock.instances.length = 0;
  ipcMainMock.handlers.clear();
  ipcRendererMock.emitter.removeAllListeners();
  contextBridgeMock.exposed.clear();
  protocolMock.handlers.clear();
  sessionModuleMock.defaultSession = new SessionMock();
  powerMonitorMock.removeAllListeners();
  systemPreferencesMock.canPromptTouchID.mockImplementation(() => false);
}

// Named exports matching `import { app, BrowserWindow, … } from 'electron'`.
export {
  appMock as app,
  BrowserWindowMock as BrowserWindow,
  ipcMainMock as ipcMain,
  ipcRendererMock as ipcRenderer,
  contextBridgeMock as contextBridge,
  NotificationMock as Notification,
  dialogMock as dialog,
  shellMock as shell,
  protocolMock as protocol,
  menuMock as Menu,
  sessionModuleMock as session,
  safeStorageMock as safeStorage,
  powerMonitorMock as powerMonitor,
  systemPreferencesMock as systemPreferences,
};
