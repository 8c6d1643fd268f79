// The only place `ipcMain.handle` is called. Every handler first checks that the request comes
// from one of our own pages (a page that navigated elsewhere, or an injected frame, gets
// nothing), then validates the payload with zod: the renderer is treated as untrusted input.

import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  app,
  dialog,
  ipcMain,
  net,
  Notification,
  safeStorage,
  session,
  systemPreferences,
  type BrowserWindow,
  type IpcMainInvokeEvent,
  type SaveDialogOptions,
} from 'electron';
import * as z from 'zod';
import {
  MAX_BIOMETRIC_REASON_LENGTH,
  MAX_TOKEN_LENGTH,
  type DesktopNotification,
  type SaveFileRequest,
  type SaveFileResult,
} from '../shared/desktop/desktop-api';
import {
  createSessionVault,
  type SessionTokens,
  type VaultFetch,
} from '../shared/sync/session-vault';
import { IPC_CHANNELS, type InvokeChannel } from './ipc-channels';
import { createSecretStore, SECRETS_FILE_NAME, type SecretStore } from './secret-store';
import { FINGERPRINT_PATTERN, type ServerTrust } from './server-trust';
import { isInternalUrl, isSafeExternalUrl } from './security';
import type { DesktopUpdater } from './updater';
import { describeZodIssues } from '../shared/zod-issues';

/** Large enough for any export a dealership produces; small enough not to exhaust memory. */
export const MAX_SAVE_FILE_BYTES = 200 * 1024 * 1024;

// A bare file name: no separators, no control characters, not `.`/`..`. Where the file goes is
// the user's choice in the dialog, never the renderer's.
function isPlainFileName(name: string): boolean {
  if (name === '.' || name === '..' || name.includes('/') || name.includes('\\')) return false;
  for (let index = 0; index < name.length; index += 1) {
    const code = name.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return false;
  }
  return true;
}

const fileNameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine(isPlainFileName, { message: 'must be a plain file name' });

/**
 * The only kinds of file the app writes. A page that asks for anything else (an .exe, a .bat, a
 * .lnk, an .html…) is not one of ours: a compromised renderer must not be able to drop a program
 * in the user's Documents folder with a name they would double-click.
 */
export const SAVE_FILE_EXTENSIONS: ReadonlySet<string> = new Set(['xlsx', 'csv', 'pdf']);

/** The lower-case extension after the last dot, or '' when there is none. */
function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot <= 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

export class SaveFileRefusedError extends Error {
  constructor(fileName: string, extension: string) {
    super(`Save refused: "${fileName}" — only .${extension} files can be saved here`);
    this.name = 'SaveFileRefusedError';
  }
}

const notificationSchema = z.strictObject({
  title: z.string().min(1).max(256),
  body: z.string().max(4096),
  tag: z.string().min(1).max(256),
}) satisfies z.ZodType<DesktopNotification>;

const saveFileSchema = z.strictObject({
  suggestedName: fileNameSchema.refine((name) => SAVE_FILE_EXTENSIONS.has(extensionOf(name)), {
    message: 'must end in .xlsx, .csv or .pdf',
  }),
  content: z.union([
    z.string().max(MAX_SAVE_FILE_BYTES),
    z
      .instanceof(Uint8Array)
      .refine((bytes) => bytes.byteLength <= MAX_SAVE_FILE_BYTES, { message: 'file too large' }),
  ]),
  filters: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(100),
        extensions: z
          .array(
            z.string().refine((extension) => SAVE_FILE_EXTENSIONS.has(extension), {
              message: 'must be xlsx, csv or pdf',
            }),
          )
          .min(1)
          .max(20),
      }),
    )
    .max(20),
}) satisfies z.ZodType<SaveFileRequest>;

/** A sync server's base URL as the renderer stores it: http(s), no credentials, query or hash. */
function isServerBaseUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'https:' || url.protocol === 'http:') &&
      url.username === '' &&
      url.password === '' &&
      url.search === '' &&
      url.hash === '' &&
      `${url.origin}${url.pathname.replace(/\/+$/, '')}` === value
    );
  } catch {
    return false;
  }
}

// The sync server's address, as the renderer stores it; updater.ts derives the feed from it.
const updateServerSchema = z.union([z.null(), z.string().max(2048).refine(isSafeExternalUrl)]);
/** installUpdate takes no options: an empty object, so that a stray argument is refused. */
const noOptionsSchema = z.strictObject({});

const baseUrlSchema = z
  .string()
  .max(2048)
  .refine(isServerBaseUrl, { message: 'must be an http(s) server address' });
const tokenSchema = z.string().min(1).max(MAX_TOKEN_LENGTH);
const storeSessionSchema = z.strictObject({
  baseUrl: baseUrlSchema,
  tokens: z.strictObject({
    accessToken: tokenSchema,
    accessExpiresAt: z.string().max(64),
    refreshToken: tokenSchema,
    refreshExpiresAt: z.string().max(64),
  }) satisfies z.ZodType<SessionTokens>,
});
const revokeTimeoutSchema = z.number().int().min(0).max(60_000);
const trustSchema = z.strictObject({
  baseUrl: baseUrlSchema.refine((url) => url.startsWith('https://'), {
    message: 'only an https address has a certificate',
  }),
  fingerprint: z.string().regex(FINGERPRINT_PATTERN),
});

/** The key the session is stored under in secrets.json (the old `sync.tokens` is dropped). */
export const SESSION_SECRET_KEY = 'sync.session';
const LEGACY_TOKENS_SECRET_KEY = 'sync.tokens';

export type IpcDependencies = {
  devServerOrigin: string | null;
  /** The window that dialogs belong to and that a notification click brings forward. */
  getMainWindow: () => BrowserWindow | null;
  updater: Pick<DesktopUpdater, 'setServer' | 'install'>;
  /**
   * How the main process reaches the sync server: Chromium's network stack by default, so the
   * certificate pinned for the server applies to the refresh too. Injected in tests.
   */
  fetch?: VaultFetch;
  /** Where secrets.json lives (userData by default); injected in tests. */
  secrets?: SecretStore;
  /** The pinned server certificates (main.ts installs the same object as the verify proc). */
  serverTrust: ServerTrust;
  /** The operating system (process.platform by default); injected in tests. */
  platform?: NodeJS.Platform;
};

export class IpcSenderRejectedError extends Error {
  constructor(channel: InvokeChannel) {
    super(`IPC on ${channel} refused: the sender is not a DealerDesk page`);
    this.name = 'IpcSenderRejectedError';
  }
}

export class IpcPayloadInvalidError extends Error {
  constructor(channel: InvokeChannel, issues: string) {
    super(`IPC on ${channel} refused: invalid payload (${issues})`);
    this.name = 'IpcPayloadInvalidError';
  }
}

export function isTrustedSender(
  event: IpcMainInvokeEvent,
  devServerOrigin: string | null,
): boolean {
  // senderFrame is null when the frame navigated away or was destroyed mid-request.
  const frame = event.senderFrame;
  return frame !== null && isInternalUrl(frame.url, devServerOrigin);
}

function handleValidated<Payload, Result>(
  channel: InvokeChannel,
  schema: z.ZodType<Payload>,
  deps: IpcDependencies,
  run: (payload: Payload) => Result | Promise<Result>,
): void {
  ipcMain.handle(channel, async (event, ...args: unknown[]) => {
    if (!isTrustedSender(event, deps.devServerOrigin)) throw new IpcSenderRejectedError(channel);
    // Exactly one argument: extra arguments mean a caller we did not write.
    const parsed = args.length === 1 ? schema.safeParse(args[0]) : null;
    if (parsed === null) throw new IpcPayloadInvalidError(channel, 'expected one argument');
    if (!parsed.success) {
      throw new IpcPayloadInvalidError(channel, describeZodIssues(parsed.error));
    }
    return run(parsed.data);
  });
}

function bringToFront(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

function liveMainWindow(deps: IpcDependencies): BrowserWindow | null {
  // DealerDesk has a single window, and only our own pages pass the sender check, so the
  // requester is always the main window (or it has just closed).
  const window = deps.getMainWindow();
  return window === null || window.isDestroyed() ? null : window;
}

// Notifications must stay referenced until they are dismissed, or the garbage collector takes
// them and their click handler with them (a known Electron pitfall on Windows and macOS).
const liveNotifications = new Set<Notification>();

function showNotification(request: DesktopNotification, deps: IpcDependencies): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: request.title, body: request.body });
  liveNotifications.add(notification);
  const release = (): void => {
    liveNotifications.delete(notification);
  };
  notification.on('click', () => {
    release();
    const window = liveMainWindow(deps);
    if (window === null) return;
    bringToFront(window);
    window.webContents.send(IPC_CHANNELS.notificationClick, request.tag);
  });
  notification.on('close', release);
  notification.on('failed', release);
  notification.show();
}

async function saveFile(request: SaveFileRequest, deps: IpcDependencies): Promise<SaveFileResult> {
  const options: SaveDialogOptions = {
    defaultPath: path.join(app.getPath('documents'), request.suggestedName),
    filters: request.filters,
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  };
  const window = liveMainWindow(deps);
  const choice = await (window === null
    ? dialog.showSaveDialog(options)
    : dialog.showSaveDialog(window, options));
  if (choice.canceled || choice.filePath === '') {
    return { saved: false };
  }
  // The user may type any name in the dialog; the content is still what the page made, so the
  // file keeps the kind that was asked for (Windows would otherwise run a renamed .csv.bat).
  const wanted = extensionOf(request.suggestedName);
  if (extensionOf(path.basename(choice.filePath)) !== wanted) {
    throw new SaveFileRefusedError(path.basename(choice.filePath), wanted);
  }
  await (typeof request.content === 'string'
    ? writeFile(choice.filePath, request.content, 'utf8')
    : writeFile(choice.filePath, request.content));
  // The renderer learns only the name it can show in a toast, not the user's folder layout.
  return { saved: true, fileName: path.basename(choice.filePath) };
}

export function registerIpcHandlers(deps: IpcDependencies): void {
  handleValidated(IPC_CHANNELS.showNotification, notificationSchema, deps, (request) => {
    showNotification(request, deps);
  });
  handleValidated(IPC_CHANNELS.saveFile, saveFileSchema, deps, (request) =>
    saveFile(request, deps),
  );
  // The sync session: the refresh token is encrypted with the OS keychain, in a file only the
  // main process touches, and never handed back to the page; the page gets access tokens.
  const secrets =
    deps.secrets ??
    createSecretStore(() => path.join(app.getPath('userData'), SECRETS_FILE_NAME), safeStorage);
  const vault = createSessionVault(
    {
      read: () => secrets.get(SESSION_SECRET_KEY),
      write: (value) => secrets.set(SESSION_SECRET_KEY, value),
      async erase() {
        await secrets.delete(SESSION_SECRET_KEY);
        await secrets.delete(LEGACY_TOKENS_SECRET_KEY);
      },
    },
    deps.fetch ?? ((input, init) => net.fetch(input, init)),
  );
  handleValidated(IPC_CHANNELS.loadSession, baseUrlSchema, deps, (baseUrl) => vault.load(baseUrl));
  handleValidated(IPC_CHANNELS.storeSession, storeSessionSchema, deps, ({ baseUrl, tokens }) =>
    vault.store(baseUrl, tokens),
  );
  handleValidated(IPC_CHANNELS.refreshSession, tokenSchema, deps, (used) => vault.refresh(used));
  handleValidated(IPC_CHANNELS.revokeSession, revokeTimeoutSchema, deps, (timeoutMs) =>
    vault.revoke(timeoutMs),
  );
  handleValidated(IPC_CHANNELS.clearSession, z.null(), deps, () => vault.clear());
  handleValidated(IPC_CHANNELS.setSyncServer, baseUrlSchema.nullable(), deps, (baseUrl) =>
    deps.serverTrust.setServerOrigin(baseUrl === null ? null : new URL(baseUrl).origin),
  );
  handleValidated(IPC_CHANNELS.inspectServerCertificate, baseUrlSchema, deps, (baseUrl) =>
    deps.serverTrust.inspect(baseUrl),
  );
  handleValidated(
    IPC_CHANNELS.trustServerCertificate,
    trustSchema,
    deps,
    ({ baseUrl, fingerprint }) =>
      deps.serverTrust.pin(new URL(baseUrl).hostname.replace(/^\[(.*)\]$/, '$1'), fingerprint),
  );
  handleValidated(IPC_CHANNELS.setUpdateServer, updateServerSchema, deps, (serverUrl) =>
    deps.updater.setServer(serverUrl),
  );
  handleValidated(IPC_CHANNELS.installUpdate, noOptionsSchema, deps, () => {
    deps.updater.install();
  });
  registerAppLockHandlers(deps);
  registerKeychainHandlers(deps);
  // The app's pages live in the default session; its IndexedDB holds only the app's database.
  handleValidated(IPC_CHANNELS.eraseLocalDatabases, z.null(), deps, async () => {
    await session.defaultSession.clearStorageData({ storages: ['indexdb'] });
    return true;
  });
}

// ---- the local data key, kept by the OS keychain: base64 in and out, a key's size only.

const dataKeySchema = z.string().regex(/^[A-Za-z0-9+/]{43}=$/);
const protectedKeySchema = z
  .string()
  .regex(/^[A-Za-z0-9+/]+={0,2}$/)
  .max(4096);

/**
 * Whether safeStorage is a real keychain here. On Linux without a secret service Electron falls
 * back to 'basic_text', a key hard-coded in Chromium: that protects nothing, so the vault keeps
 * the key under the password or the PIN instead.
 */
export function osKeychainUsable(platform: NodeJS.Platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
}

function registerKeychainHandlers(deps: IpcDependencies): void {
  const platform = deps.platform ?? process.platform;
  handleValidated(IPC_CHANNELS.protectWithOs, dataKeySchema, deps, (dataKey) =>
    osKeychainUsable(platform) ? safeStorage.encryptString(dataKey).toString('base64') : null,
  );
  handleValidated(IPC_CHANNELS.unprotectWithOs, protectedKeySchema, deps, (sealed) => {
    if (!osKeychainUsable(platform)) return null;
    try {
      const dataKey = safeStorage.decryptString(Buffer.from(sealed, 'base64'));
      return dataKeySchema.safeParse(dataKey).success ? dataKey : null;
    } catch {
      // Another user's or machine's keychain, or a reset one: the password or PIN opens it.
      return null;
    }
  });
}

// ---- the app lock: the OS prompt (Touch ID) as one more way to unlock.

const biometricReasonSchema = z.string().trim().min(1).max(MAX_BIOMETRIC_REASON_LENGTH);

/** Touch ID exists only in macOS; systemPreferences has no such prompt elsewhere. */
function canPromptTouchId(platform: NodeJS.Platform): boolean {
  return platform === 'darwin' && systemPreferences.canPromptTouchID();
}

function registerAppLockHandlers(deps: IpcDependencies): void {
  const platform = deps.platform ?? process.platform;
  handleValidated(IPC_CHANNELS.canPromptBiometric, z.null(), deps, () =>
    canPromptTouchId(platform),
  );
  handleValidated(IPC_CHANNELS.promptBiometric, biometricReasonSchema, deps, async (reason) => {
    if (!canPromptTouchId(platform)) return false;
    try {
      // Resolves when the user passed, rejects when they cancelled or failed.
      await systemPreferences.promptTouchID(reason);
      return true;
    } catch {
      return false;
    }
  });
}
