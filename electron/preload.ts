// Runs in the sandboxed preload context and exposes `window.desktop`: a fixed set of named
// methods that `satisfies DesktopApi`. The renderer never gets ipcRenderer, channel names or
// Electron events, so a compromised page can only call what is listed here.
//
// Bundled to a single CJS file: a sandboxed preload can `require('electron')` and little else.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import * as z from 'zod';
import {
  isUpdateStatus,
  MENU_COMMANDS,
  SYSTEM_LOCK_CAUSES,
  type DesktopApi,
  type DesktopNotification,
  type MenuCommand,
  type SaveFileRequest,
  type SaveFileResult,
  type UpdateStatus,
  type ServerCertificate,
  type SystemLockCause,
} from '../shared/desktop/desktop-api';
import {
  sessionAccessSchema,
  sessionRefreshSchema,
  type SessionAccess,
  type SessionRefresh,
  type SessionTokens,
} from '../shared/sync/session-vault';
import { IPC_CHANNELS, type PushChannel } from './ipc-channels';

function isMenuCommand(value: unknown): value is MenuCommand {
  return MENU_COMMANDS.some((command) => command === value);
}

const serverCertificateSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('certificate'),
    fingerprint: z.string(),
    pinned: z.string().nullable(),
    source: z.enum(['handshake', 'reported']),
  }),
  z.strictObject({ kind: z.literal('plain') }),
  z.strictObject({ kind: z.literal('unreachable'), message: z.string() }),
]) satisfies z.ZodType<ServerCertificate>;

function isSystemLockCause(value: unknown): value is SystemLockCause {
  return SYSTEM_LOCK_CAUSES.some((cause) => cause === value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

/**
 * Subscribes to a main → renderer channel, passing on only payloads of the expected shape
 * and never the IpcRendererEvent (it carries `sender`, which would leak ipcRenderer).
 */
function subscribe<T>(
  channel: PushChannel,
  isPayload: (value: unknown) => value is T,
  listener: (payload: T) => void,
): () => void {
  const forward = (_event: IpcRendererEvent, payload: unknown): void => {
    if (isPayload(payload)) listener(payload);
  };
  ipcRenderer.on(channel, forward);
  return () => {
    ipcRenderer.removeListener(channel, forward);
  };
}

const desktopApi = {
  platform: 'electron',
  async showNotification(notification: DesktopNotification): Promise<void> {
    await ipcRenderer.invoke(IPC_CHANNELS.showNotification, notification);
  },
  async saveFile(request: SaveFileRequest): Promise<SaveFileResult> {
    // invoke() is untyped; check the answer's shape instead of casting it.
    const result: unknown = await ipcRenderer.invoke(IPC_CHANNELS.saveFile, request);
    return isSaveFileResult(result) ? result : { saved: false };
  },
  onMenuCommand(listener: (command: MenuCommand) => void): () => void {
    return subscribe(IPC_CHANNELS.menuCommand, isMenuCommand, listener);
  },
  onNotificationClick(listener: (tag: string) => void): () => void {
    return subscribe(IPC_CHANNELS.notificationClick, isString, listener);
  },
  async loadSession(baseUrl: string): Promise<SessionAccess | null> {
    const value: unknown = await ipcRenderer.invoke(IPC_CHANNELS.loadSession, baseUrl);
    const parsed = sessionAccessSchema.safeParse(value);
    return parsed.success ? parsed.data : null;
  },
  async storeSession(baseUrl: string, tokens: SessionTokens): Promise<void> {
    await ipcRenderer.invoke(IPC_CHANNELS.storeSession, { baseUrl, tokens });
  },
  async refreshSession(usedAccessToken: string): Promise<SessionRefresh> {
    const value: unknown = await ipcRenderer.invoke(IPC_CHANNELS.refreshSession, usedAccessToken);
    const parsed = sessionRefreshSchema.safeParse(value);
    return parsed.success
      ? parsed.data
      : { outcome: 'failed', status: 0, code: 'bad_response', message: 'malformed answer' };
  },
  async revokeSession(timeoutMs: number): Promise<void> {
    await ipcRenderer.invoke(IPC_CHANNELS.revokeSession, timeoutMs);
  },
  async clearSession(): Promise<void> {
    await ipcRenderer.invoke(IPC_CHANNELS.clearSession, null);
  },
  async inspectServerCertificate(baseUrl: string): Promise<ServerCertificate> {
    const value: unknown = await ipcRenderer.invoke(IPC_CHANNELS.inspectServerCertificate, baseUrl);
    const parsed = serverCertificateSchema.safeParse(value);
    return parsed.success ? parsed.data : { kind: 'unreachable', message: 'malformed answer' };
  },
  async trustServerCertificate(baseUrl: string, fingerprint: string): Promise<void> {
    await ipcRenderer.invoke(IPC_CHANNELS.trustServerCertificate, { baseUrl, fingerprint });
  },
  async setSyncServer(baseUrl: string | null): Promise<boolean> {
    const changed: unknown = await ipcRenderer.invoke(IPC_CHANNELS.setSyncServer, baseUrl);
    return changed === true;
  },
  async setUpdateServer(serverUrl: string | null): Promise<UpdateStatus> {
    const status: unknown = await ipcRenderer.invoke(IPC_CHANNELS.setUpdateServer, serverUrl);
    return isUpdateStatus(status) ? status : { state: 'disabled' };
  },
  onUpdateStatus(listener: (status: UpdateStatus) => void): () => void {
    return subscribe(IPC_CHANNELS.updateStatus, isUpdateStatus, listener);
  },
  async installUpdate(): Promise<void> {
    await ipcRenderer.invoke(IPC_CHANNELS.installUpdate, {});
  },
  // ---- the app lock
  onSystemLock(listener: (cause: SystemLockCause) => void): () => void {
    return subscribe(IPC_CHANNELS.systemLock, isSystemLockCause, listener);
  },
  async canPromptBiometric(): Promise<boolean> {
    const answer: unknown = await ipcRenderer.invoke(IPC_CHANNELS.canPromptBiometric, null);
    return answer === true;
  },
  async promptBiometric(reason: string): Promise<boolean> {
    const passed: unknown = await ipcRenderer.invoke(IPC_CHANNELS.promptBiometric, reason);
    return passed === true;
  },
  // ---- the local data key
  async protectWithOs(dataKey: string): Promise<string | null> {
    const sealed: unknown = await ipcRenderer.invoke(IPC_CHANNELS.protectWithOs, dataKey);
    return typeof sealed === 'string' ? sealed : null;
  },
  async unprotectWithOs(sealed: string): Promise<string | null> {
    const dataKey: unknown = await ipcRenderer.invoke(IPC_CHANNELS.unprotectWithOs, sealed);
    return typeof dataKey === 'string' ? dataKey : null;
  },
  async eraseLocalDatabases(): Promise<boolean> {
    return (await ipcRenderer.invoke(IPC_CHANNELS.eraseLocalDatabases, null)) === true;
  },
} satisfies DesktopApi;

function isSaveFileResult(value: unknown): value is SaveFileResult {
  if (typeof value !== 'object' || value === null || !('saved' in value)) return false;
  if (value.saved === false) return true;
  return value.saved === true && 'fileName' in value && typeof value.fileName === 'string';
}

contextBridge.exposeInMainWorld('desktop', desktopApi);
