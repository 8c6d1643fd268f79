import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DesktopApi, MenuCommand, UpdateStatus } from '../shared/desktop/desktop-api';
import { IPC_CHANNELS } from './ipc-channels';
import { electronMock } from './test-support/electron-mock';

vi.mock('electron', () => import('./test-support/electron-mock'));

const { contextBridge, ipcRenderer } = electronMock;

// Compile-time exhaustive: adding a member to DesktopApi fails this file until it is listed.
const DESKTOP_API_MEMBERS = {
  platform: true,
  showNotification: true,
  saveFile: true,
  onMenuCommand: true,
  onNotificationClick: true,
  setUpdateServer: true,
  onUpdateStatus: true,
  installUpdate: true,
  loadSession: true,
  storeSession: true,
  refreshSession: true,
  revokeSession: true,
  clearSession: true,
  inspectServerCertificate: true,
  trustServerCertificate: true,
  setSyncServer: true,
  onSystemLock: true,
  canPromptBiometric: true,
  promptBiometric: true,
  protectWithOs: true,
  unprotectWithOs: true,
  eraseLocalDatabases: true,
} satisfies Record<keyof DesktopApi, true>;

function isDesktopApi(value: unknown): value is DesktopApi {
  return typeof value === 'object' && value !== null && 'platform' in value;
}

let api: DesktopApi;

beforeAll(async () => {
  await import('./preload');
  const exposed = contextBridge.exposed.get('desktop');
  if (!isDesktopApi(exposed)) throw new Error('preload did not expose window.desktop');
  api = exposed;
});

beforeEach(() => {
  ipcRenderer.invoke.mockReset();
});

describe('exposed API', () => {
  it('is exposed once, as window.desktop', () => {
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect([...contextBridge.exposed.keys()]).toEqual(['desktop']);
  });

  it('has exactly the DesktopApi members and nothing else', () => {
    expect(Object.keys(api).sort()).toEqual(Object.keys(DESKTOP_API_MEMBERS).sort());
    expect(api.platform).toBe('electron');
    for (const [name, value] of Object.entries(api)) {
      if (name !== 'platform') expect(typeof value, name).toBe('function');
    }
  });

  it('leaks no ipcRenderer, channel names or Node globals', () => {
    const values = Object.values(api);
    expect(values).not.toContain(ipcRenderer);
    expect(JSON.stringify(Object.keys(api))).not.toMatch(/ipc|require|process|send|invoke/i);
  });
});

describe('requests', () => {
  it('showNotification invokes its channel with the notification', async () => {
    const notification = { title: '提醒', body: '回访', tag: 'f-1' };
    await api.showNotification(notification);
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(IPC_CHANNELS.showNotification, notification);
  });

  it('saveFile passes the result through', async () => {
    ipcRenderer.invoke.mockResolvedValue({ saved: true, fileName: 'a.csv' });
    const request = { suggestedName: 'a.csv', content: 'x', filters: [] };
    await expect(api.saveFile(request)).resolves.toEqual({ saved: true, fileName: 'a.csv' });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(IPC_CHANNELS.saveFile, request);
  });

  it('saveFile maps a malformed answer to saved:false', async () => {
    ipcRenderer.invoke.mockResolvedValue({ saved: true });
    await expect(api.saveFile({ suggestedName: 'a', content: '', filters: [] })).resolves.toEqual({
      saved: false,
    });
  });

  it('loadSession passes a well-formed access part and nothing else', async () => {
    const access = { accessToken: 'a', accessExpiresAt: 'x', refreshExpiresAt: 'y' };
    ipcRenderer.invoke.mockResolvedValue(access);
    await expect(api.loadSession('https://sync.example')).resolves.toEqual(access);
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(
      IPC_CHANNELS.loadSession,
      'https://sync.example',
    );
    ipcRenderer.invoke.mockResolvedValue({ ...access, refreshToken: 'never here' });
    await expect(api.loadSession('https://sync.example')).resolves.toBeNull();
    ipcRenderer.invoke.mockResolvedValue(null);
    await expect(api.loadSession('https://sync.example')).resolves.toBeNull();
  });

  it('refreshSession maps a malformed answer to a failure', async () => {
    ipcRenderer.invoke.mockResolvedValue({ outcome: 'refreshed' });
    await expect(api.refreshSession('a')).resolves.toMatchObject({ outcome: 'failed' });
    ipcRenderer.invoke.mockResolvedValue({ outcome: 'refused', message: 'revoked' });
    await expect(api.refreshSession('a')).resolves.toEqual({
      outcome: 'refused',
      message: 'revoked',
    });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(IPC_CHANNELS.refreshSession, 'a');
  });

  it('storeSession, revokeSession and clearSession invoke their channels', async () => {
    const tokens = {
      accessToken: 'a',
      accessExpiresAt: 'x',
      refreshToken: 'r',
      refreshExpiresAt: 'y',
    };
    await api.storeSession('https://sync.example', tokens);
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(IPC_CHANNELS.storeSession, {
      baseUrl: 'https://sync.example',
      tokens,
    });
    await api.revokeSession(5000);
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(IPC_CHANNELS.revokeSession, 5000);
    await api.clearSession();
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(IPC_CHANNELS.clearSession, null);
  });

  it('setUpdateServer passes the address and checks the status it gets back', async () => {
    ipcRenderer.invoke.mockResolvedValue({ state: 'ready', version: '1.3.0' });
    await expect(api.setUpdateServer('http://192.168.1.20:8787')).resolves.toEqual({
      state: 'ready',
      version: '1.3.0',
    });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(
      IPC_CHANNELS.setUpdateServer,
      'http://192.168.1.20:8787',
    );
    ipcRenderer.invoke.mockResolvedValue({ state: 'ready' });
    await expect(api.setUpdateServer(null)).resolves.toEqual({ state: 'disabled' });
  });

  it('installUpdate invokes its channel with no options', async () => {
    await api.installUpdate();
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(IPC_CHANNELS.installUpdate, {});
  });

  it('propagates a refusal from the main process', async () => {
    ipcRenderer.invoke.mockRejectedValue(new Error('refused'));
    await expect(api.showNotification({ title: 't', body: 'b', tag: 'x' })).rejects.toThrow(
      'refused',
    );
  });
});

describe('subscriptions', () => {
  it('onMenuCommand delivers valid commands only, without the IPC event', () => {
    const received: MenuCommand[] = [];
    const listener = vi.fn((command: MenuCommand) => received.push(command));
    const unsubscribe = api.onMenuCommand(listener);

    ipcRenderer.deliver(IPC_CHANNELS.menuCommand, 'new-customer');
    ipcRenderer.deliver(IPC_CHANNELS.menuCommand, 'format-disk');
    ipcRenderer.deliver(IPC_CHANNELS.menuCommand, { command: 'new-customer' });
    ipcRenderer.deliver(IPC_CHANNELS.notificationClick, 'show-customers');
    expect(received).toEqual(['new-customer']);
    expect(listener.mock.calls[0]).toEqual(['new-customer']);

    unsubscribe();
    ipcRenderer.deliver(IPC_CHANNELS.menuCommand, 'show-customers');
    expect(received).toEqual(['new-customer']);
  });

  it('onNotificationClick delivers string tags and unsubscribes', () => {
    const tags: string[] = [];
    const unsubscribe = api.onNotificationClick((tag) => tags.push(tag));
    ipcRenderer.deliver(IPC_CHANNELS.notificationClick, 'follow-up-7');
    ipcRenderer.deliver(IPC_CHANNELS.notificationClick, 7);
    unsubscribe();
    ipcRenderer.deliver(IPC_CHANNELS.notificationClick, 'follow-up-8');
    expect(tags).toEqual(['follow-up-7']);
    expect(ipcRenderer.emitter.listenerCount(IPC_CHANNELS.notificationClick)).toBe(0);
  });

  it('onUpdateStatus delivers well-formed statuses only', () => {
    const statuses: UpdateStatus[] = [];
    const unsubscribe = api.onUpdateStatus((status) => statuses.push(status));
    ipcRenderer.deliver(IPC_CHANNELS.updateStatus, {
      state: 'downloading',
      version: '1.3.0',
      percent: 12,
    });
    ipcRenderer.deliver(IPC_CHANNELS.updateStatus, { state: 'ready' });
    ipcRenderer.deliver(IPC_CHANNELS.updateStatus, { state: 'format-disk' });
    ipcRenderer.deliver(IPC_CHANNELS.updateStatus, 'ready');
    ipcRenderer.deliver(IPC_CHANNELS.updateStatus, { state: 'ready', version: '1.3.0' });
    unsubscribe();
    ipcRenderer.deliver(IPC_CHANNELS.updateStatus, { state: 'idle' });
    expect(statuses).toEqual([
      { state: 'downloading', version: '1.3.0', percent: 12 },
      { state: 'ready', version: '1.3.0' },
    ]);
  });

  it('keeps separate subscriptions independent', () => {
    const first: MenuCommand[] = [];
    const second: MenuCommand[] = [];
    const stopFirst = api.onMenuCommand((command) => first.push(command));
    const stopSecond = api.onMenuCommand((command) => second.push(command));
    stopFirst();
    ipcRenderer.deliver(IPC_CHANNELS.menuCommand, 'open-settings');
    stopSecond();
    expect(first).toEqual([]);
    expect(second).toEqual(['open-settings']);
  });
});

describe('app lock', () => {
  it('onSystemLock passes on the two known causes only', () => {
    const causes: string[] = [];
    const unsubscribe = api.onSystemLock((cause) => causes.push(cause));
    ipcRenderer.deliver(IPC_CHANNELS.systemLock, 'os_lock');
    ipcRenderer.deliver(IPC_CHANNELS.systemLock, 'reboot');
    ipcRenderer.deliver(IPC_CHANNELS.systemLock, { cause: 'suspend' });
    ipcRenderer.deliver(IPC_CHANNELS.systemLock, 'suspend');
    unsubscribe();
    ipcRenderer.deliver(IPC_CHANNELS.systemLock, 'os_lock');
    expect(causes).toEqual(['os_lock', 'suspend']);
  });

  it('the biometric calls answer true only for a literal true', async () => {
    ipcRenderer.invoke.mockResolvedValue('true');
    await expect(api.canPromptBiometric()).resolves.toBe(false);
    await expect(api.promptBiometric('解锁')).resolves.toBe(false);
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(IPC_CHANNELS.canPromptBiometric, null);
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(IPC_CHANNELS.promptBiometric, '解锁');
    ipcRenderer.invoke.mockResolvedValue(true);
    await expect(api.promptBiometric('解锁')).resolves.toBe(true);
  });
});

describe('no dead surface', () => {
  it('every DesktopApi method is called somewhere in the renderer', async () => {
    // A method (and its IPC channel and handler) nobody calls is attack surface for nothing.
    const { readdir, readFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const root = path.resolve(import.meta.dirname, '../renderer');
    const files = (await readdir(root, { recursive: true })).filter(
      (file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file) && !file.startsWith('desktop'),
    );
    const source = (
      await Promise.all(files.map((file) => readFile(path.join(root, file), 'utf8')))
    ).join('\n');
    const unused = Object.keys(DESKTOP_API_MEMBERS).filter(
      (member) => member !== 'platform' && !source.includes(`.${member}(`),
    );
    expect(unused).toEqual([]);
  });
});
