import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BrowserWindow } from 'electron';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '../shared/desktop/desktop-api';
import { INVOKE_CHANNELS, IPC_CHANNELS } from './ipc-channels';
import { registerIpcHandlers } from './ipc';
import {
  electronMock,
  resetElectronMock,
  type BrowserWindowMock,
  type MockInvokeEvent,
} from './test-support/electron-mock';

vi.mock('electron', () => import('./test-support/electron-mock'));

const { app, ipcMain, dialog, shell, Notification, safeStorage } = electronMock;

let window: BrowserWindowMock;

function lastWindow(): BrowserWindowMock {
  const created = electronMock.BrowserWindow.instances.at(-1);
  if (created === undefined) throw new Error('no window');
  return created;
}

function eventFrom(url: string | null, from: BrowserWindowMock = window): MockInvokeEvent {
  return { senderFrame: url === null ? null : { url }, sender: from.webContents };
}

const OWN_PAGE = 'app://dealerdesk/index.html';

const notification = { title: '跟进提醒', body: '张伟 — 今天回访', tag: 'follow-up-1' };

const updater = {
  setServer: vi.fn((): UpdateStatus => ({ state: 'idle' })),
  install: vi.fn(),
};

beforeEach(() => {
  resetElectronMock();
  const mainWindow = new BrowserWindow();
  window = lastWindow();
  registerIpcHandlers({ devServerOrigin: null, getMainWindow: () => mainWindow, updater });
});

describe('registration', () => {
  it('registers exactly the invoke channels', () => {
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
  });
});

describe('sender checks', () => {
  it.each(INVOKE_CHANNELS)('%s rejects foreign and vanished senders', async (channel) => {
    for (const url of [
      'https://evil.example/',
      'file:///tmp/page.html',
      'app://evil/index.html',
      'http://localhost:5173/', // not configured as a dev server here
      'about:blank',
      null,
    ]) {
      await expect(ipcMain.invoke(channel, eventFrom(url), 'payload')).rejects.toThrow(
        /sender is not a DealerDesk page/,
      );
    }
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
    expect(Notification.instances).toHaveLength(0);
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
    expect(safeStorage.decryptString).not.toHaveBeenCalled();
  });

  it('accepts the dev server origin only when configured', async () => {
    resetElectronMock();
    registerIpcHandlers({
      devServerOrigin: 'http://localhost:5173',
      getMainWindow: () => null,
      updater,
    });
    await expect(
      ipcMain.invoke(
        IPC_CHANNELS.openExternal,
        eventFrom('http://localhost:5173/'),
        'https://example.com/',
      ),
    ).resolves.toBeUndefined();
  });
});

describe('payload validation', () => {
  it.each([
    [IPC_CHANNELS.showNotification, undefined],
    [IPC_CHANNELS.showNotification, 'hello'],
    [IPC_CHANNELS.showNotification, { title: '', body: 'x', tag: 't' }],
    [IPC_CHANNELS.showNotification, { title: 't', body: 'x' }],
    [IPC_CHANNELS.showNotification, { ...notification, icon: '/etc/passwd' }],
    [IPC_CHANNELS.saveFile, { suggestedName: '../../.bashrc', content: 'x', filters: [] }],
    [IPC_CHANNELS.saveFile, { suggestedName: 'a/b.csv', content: 'x', filters: [] }],
    [IPC_CHANNELS.saveFile, { suggestedName: 'C:\\evil.csv', content: 'x', filters: [] }],
    [IPC_CHANNELS.saveFile, { suggestedName: '..', content: 'x', filters: [] }],
    [IPC_CHANNELS.saveFile, { suggestedName: 'a.csv', content: 42, filters: [] }],
    [
      IPC_CHANNELS.saveFile,
      { suggestedName: 'a.csv', content: 'x', filters: [{ name: 'CSV', extensions: ['.csv'] }] },
    ],
    [IPC_CHANNELS.saveFile, { suggestedName: 'a.csv', content: 'x' }],
    [IPC_CHANNELS.openExternal, 'javascript:alert(1)'],
    [IPC_CHANNELS.openExternal, 'file:///etc/passwd'],
    [IPC_CHANNELS.openExternal, 'https://user:pass@example.com/'],
    [IPC_CHANNELS.openExternal, { url: 'https://example.com' }],
    [IPC_CHANNELS.getSecret, 42],
    [IPC_CHANNELS.getSecret, ''],
    [IPC_CHANNELS.getSecret, '../secrets'],
    [IPC_CHANNELS.getSecret, 'Sync.Tokens'],
    [IPC_CHANNELS.getSecret, 'a'.repeat(65)],
    [IPC_CHANNELS.setSecret, 'sync.tokens'],
    [IPC_CHANNELS.setSecret, { key: 'sync.tokens' }],
    [IPC_CHANNELS.setSecret, { key: 'sync/tokens', value: 'x' }],
    [IPC_CHANNELS.setSecret, { key: 'sync.tokens', value: 7 }],
    [IPC_CHANNELS.setSecret, { key: 'sync.tokens', value: 'x'.repeat(16_385) }],
    [IPC_CHANNELS.setSecret, { key: 'sync.tokens', value: 'x', file: '/etc/passwd' }],
    [IPC_CHANNELS.deleteSecret, { key: 'sync.tokens' }],
    [IPC_CHANNELS.deleteSecret, '..'],
    [IPC_CHANNELS.setUpdateServer, undefined],
    [IPC_CHANNELS.setUpdateServer, 'file:///etc/'],
    [IPC_CHANNELS.setUpdateServer, 'javascript:alert(1)'],
    [IPC_CHANNELS.setUpdateServer, 'https://user:pass@updates.example/'],
    [IPC_CHANNELS.setUpdateServer, { url: 'https://updates.example/' }],
    [IPC_CHANNELS.installUpdate, undefined],
    [IPC_CHANNELS.installUpdate, { silent: true }],
  ])('%s refuses %j', async (channel, payload) => {
    await expect(ipcMain.invoke(channel, eventFrom(OWN_PAGE), payload)).rejects.toThrow(
      /invalid payload/,
    );
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
    expect(Notification.instances).toHaveLength(0);
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
    expect(updater.setServer).not.toHaveBeenCalled();
    expect(updater.install).not.toHaveBeenCalled();
  });

  it('refuses extra arguments', async () => {
    await expect(
      ipcMain.invoke(IPC_CHANNELS.openExternal, eventFrom(OWN_PAGE), 'https://example.com', 'more'),
    ).rejects.toThrow(/expected one argument/);
  });
});

describe('showNotification', () => {
  it('shows a native notification', async () => {
    await ipcMain.invoke(IPC_CHANNELS.showNotification, eventFrom(OWN_PAGE), notification);
    expect(Notification.instances).toHaveLength(1);
    expect(Notification.instances[0]?.options).toEqual({
      title: notification.title,
      body: notification.body,
    });
    expect(Notification.instances[0]?.show).toHaveBeenCalled();
  });

  it('on click brings the window forward and tells the renderer the tag', async () => {
    window.isMinimized.mockReturnValue(true);
    await ipcMain.invoke(IPC_CHANNELS.showNotification, eventFrom(OWN_PAGE), notification);
    Notification.instances[0]?.emit('click');
    expect(window.restore).toHaveBeenCalled();
    expect(window.show).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
    expect(window.webContents.send).toHaveBeenCalledWith(
      IPC_CHANNELS.notificationClick,
      'follow-up-1',
    );
  });

  it('does nothing where notifications are unsupported', async () => {
    Notification.isSupported.mockReturnValue(false);
    await ipcMain.invoke(IPC_CHANNELS.showNotification, eventFrom(OWN_PAGE), notification);
    expect(Notification.instances).toHaveLength(0);
  });
});

describe('saveFile', () => {
  let folder = '';

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'dealerdesk-save-'));
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const request = {
    suggestedName: '客户导出.csv',
    content: '姓名,电话\n张伟,13800000000\n',
    filters: [{ name: 'CSV', extensions: ['csv'] }],
  };

  it('returns saved:false when the user cancels', async () => {
    dialog.showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' });
    await expect(
      ipcMain.invoke(IPC_CHANNELS.saveFile, eventFrom(OWN_PAGE), request),
    ).resolves.toEqual({
      saved: false,
    });
  });

  it('writes text as UTF-8 and returns only the base name', async () => {
    const target = path.join(folder, 'chosen.csv');
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    const result = await ipcMain.invoke(IPC_CHANNELS.saveFile, eventFrom(OWN_PAGE), request);
    expect(result).toEqual({ saved: true, fileName: 'chosen.csv' });
    expect(await readFile(target, 'utf8')).toBe(request.content);

    const [parent, options] = dialog.showSaveDialog.mock.calls[0] ?? [];
    expect(parent).toBe(window);
    expect(options).toMatchObject({ filters: request.filters });
    const defaultPath: unknown =
      typeof options === 'object' && options !== null && 'defaultPath' in options
        ? options.defaultPath
        : undefined;
    expect(typeof defaultPath === 'string' && path.basename(defaultPath)).toBe('客户导出.csv');
  });

  it('writes bytes unchanged', async () => {
    const target = path.join(folder, 'report.xlsx');
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff]);
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    await ipcMain.invoke(IPC_CHANNELS.saveFile, eventFrom(OWN_PAGE), {
      ...request,
      content: bytes,
    });
    expect(new Uint8Array(await readFile(target))).toEqual(bytes);
  });
});

describe('openExternal', () => {
  it('opens safe links in the system browser', async () => {
    await ipcMain.invoke(
      IPC_CHANNELS.openExternal,
      eventFrom(OWN_PAGE),
      'https://example.com/a?b=1',
    );
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.com/a?b=1');
  });
});

describe('secrets', () => {
  let folder = '';
  const folders: string[] = [];

  beforeEach(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'dealerdesk-secrets-'));
    folders.push(folder);
    app.getPath.mockImplementation((name: string) => path.join(folder, name));
  });

  afterAll(async () => {
    await Promise.all(folders.map((each) => rm(each, { recursive: true, force: true })));
  });

  const secretsFile = () => path.join(folder, 'userData', 'secrets.json');
  const get = (key: string) => ipcMain.invoke(IPC_CHANNELS.getSecret, eventFrom(OWN_PAGE), key);
  const set = (key: string, value: string) =>
    ipcMain.invoke(IPC_CHANNELS.setSecret, eventFrom(OWN_PAGE), { key, value });
  const remove = (key: string) =>
    ipcMain.invoke(IPC_CHANNELS.deleteSecret, eventFrom(OWN_PAGE), key);

  it('answers null for a secret never stored', async () => {
    await expect(get('sync.tokens')).resolves.toBeNull();
  });

  it('stores secrets encrypted with safeStorage under userData and reads them back', async () => {
    const tokens = JSON.stringify({ accessToken: 'eyJ-access', refreshToken: 'refresh-令牌' });
    await set('sync.tokens', tokens);
    expect(safeStorage.encryptString).toHaveBeenCalledWith(tokens);
    expect(app.getPath).toHaveBeenCalledWith('userData');

    const onDisk = await readFile(secretsFile(), 'utf8');
    expect(onDisk).not.toContain('eyJ-access');
    expect(onDisk).not.toContain('refresh');
    expect(Object.keys(JSON.parse(onDisk) as object)).toEqual(['sync.tokens']);

    await expect(get('sync.tokens')).resolves.toBe(tokens);
    expect(safeStorage.decryptString).toHaveBeenCalled();
  });

  it('keeps keys apart, overwrites and deletes', async () => {
    await set('sync.tokens', 'one');
    await set('other', 'two');
    await set('sync.tokens', 'three');
    await expect(get('sync.tokens')).resolves.toBe('three');
    await expect(get('other')).resolves.toBe('two');
    await remove('sync.tokens');
    await expect(get('sync.tokens')).resolves.toBeNull();
    await expect(get('other')).resolves.toBe('two');
    await expect(remove('never-stored')).resolves.toBeUndefined();
  });

  it('serializes concurrent writes without losing one', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, index) => set(`key-${index}`, `value-${index}`)),
    );
    for (let index = 0; index < 10; index += 1) {
      await expect(get(`key-${index}`)).resolves.toBe(`value-${index}`);
    }
  });

  it('refuses to store without a keychain instead of writing plain text', async () => {
    safeStorage.isEncryptionAvailable.mockReturnValue(false);
    await expect(set('sync.tokens', 'secret')).rejects.toThrow(/no secure storage/);
    await expect(readFile(secretsFile(), 'utf8')).rejects.toThrow(/ENOENT/);
    await expect(get('sync.tokens')).resolves.toBeNull();
  });

  it('treats a value it cannot decrypt (or a damaged file) as absent', async () => {
    await set('sync.tokens', 'secret');
    safeStorage.decryptString.mockImplementation(() => {
      throw new Error('Error while decrypting the ciphertext');
    });
    await expect(get('sync.tokens')).resolves.toBeNull();
  });

  it('refuses foreign senders before touching the file', async () => {
    await expect(
      ipcMain.invoke(IPC_CHANNELS.setSecret, eventFrom('https://evil.example/'), {
        key: 'sync.tokens',
        value: 'x',
      }),
    ).rejects.toThrow(/sender is not a DealerDesk page/);
    await expect(readFile(secretsFile(), 'utf8')).rejects.toThrow(/ENOENT/);
  });
});

describe('updates', () => {
  beforeEach(() => {
    updater.setServer.mockClear();
    updater.install.mockClear();
  });

  it('hands the sync server address to the updater and answers its status', async () => {
    const status = await ipcMain.invoke(
      IPC_CHANNELS.setUpdateServer,
      eventFrom(OWN_PAGE),
      'http://192.168.1.20:8787',
    );
    expect(updater.setServer).toHaveBeenCalledWith('http://192.168.1.20:8787');
    expect(status).toEqual({ state: 'idle' });
    await ipcMain.invoke(IPC_CHANNELS.setUpdateServer, eventFrom(OWN_PAGE), null);
    expect(updater.setServer).toHaveBeenLastCalledWith(null);
  });

  it('installs on request from our page only', async () => {
    await expect(
      ipcMain.invoke(IPC_CHANNELS.installUpdate, eventFrom('https://evil.example/'), {}),
    ).rejects.toThrow(/sender/);
    expect(updater.install).not.toHaveBeenCalled();
    await ipcMain.invoke(IPC_CHANNELS.installUpdate, eventFrom(OWN_PAGE), {});
    expect(updater.install).toHaveBeenCalledTimes(1);
  });
});
