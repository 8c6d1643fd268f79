import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BrowserWindow } from 'electron';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNELS, IPC_CHANNELS, type InvokeChannel } from './ipc-channels';
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

beforeEach(() => {
  resetElectronMock();
  const mainWindow = new BrowserWindow();
  window = lastWindow();
  registerIpcHandlers({ devServerOrigin: null, getMainWindow: () => mainWindow });
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
    registerIpcHandlers({ devServerOrigin: 'http://localhost:5173', getMainWindow: () => null });
    await expect(
      ipcMain.invoke(
        IPC_CHANNELS.showNotification,
        eventFrom('http://localhost:5173/'),
        notification,
      ),
    ).resolves.toBeUndefined();
  });
});

describe('payload validation', () => {
  it.each<[InvokeChannel, unknown]>([
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
    // Only the formats the app produces: never a program or script the user could start.
    ...[
      'exe',
      'bat',
      'cmd',
      'com',
      'scr',
      'ps1',
      'sh',
      'js',
      'vbs',
      'msi',
      'lnk',
      'app',
      'desktop',
      'hta',
      'jar',
      'html',
      'svg',
    ].flatMap((extension): [InvokeChannel, unknown][] => [
      [
        IPC_CHANNELS.saveFile,
        {
          suggestedName: `客户.${extension}`,
          content: 'x',
          filters: [{ name: 'CSV', extensions: ['csv'] }],
        },
      ],
      [
        IPC_CHANNELS.saveFile,
        {
          suggestedName: '客户.csv',
          content: 'x',
          filters: [{ name: 'Program', extensions: [extension] }],
        },
      ],
    ]),
    [IPC_CHANNELS.saveFile, { suggestedName: 'a.csv.exe', content: 'x', filters: [] }],
    [IPC_CHANNELS.saveFile, { suggestedName: 'a.CSV.Exe', content: 'x', filters: [] }],
    [IPC_CHANNELS.saveFile, { suggestedName: 'readme', content: 'x', filters: [] }],
    [
      IPC_CHANNELS.saveFile,
      { suggestedName: 'a.csv', content: 'x', filters: [{ name: 'All', extensions: ['*'] }] },
    ],
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
  ])('%s refuses %j', async (channel, payload) => {
    await expect(ipcMain.invoke(channel, eventFrom(OWN_PAGE), payload)).rejects.toThrow(
      /invalid payload/,
    );
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(dialog.showSaveDialog).not.toHaveBeenCalled();
    expect(Notification.instances).toHaveLength(0);
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
  });

  it('refuses extra arguments', async () => {
    await expect(
      ipcMain.invoke(IPC_CHANNELS.showNotification, eventFrom(OWN_PAGE), notification, 'more'),
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

  it.each(['chosen.exe', 'chosen.csv.bat', 'chosen', 'chosen.pdf'])(
    'refuses a file the user renamed to %s in the dialog, writing nothing',
    async (name) => {
      const target = path.join(folder, name);
      dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
      await expect(
        ipcMain.invoke(IPC_CHANNELS.saveFile, eventFrom(OWN_PAGE), request),
      ).rejects.toThrow(/only \.csv/);
      await expect(readFile(target)).rejects.toThrow(/ENOENT/);
    },
  );

  it('accepts a different case of the same extension', async () => {
    const target = path.join(folder, 'UPPER.CSV');
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    await expect(
      ipcMain.invoke(IPC_CHANNELS.saveFile, eventFrom(OWN_PAGE), request),
    ).resolves.toEqual({ saved: true, fileName: 'UPPER.CSV' });
  });

  it('writes bytes unchanged', async () => {
    const target = path.join(folder, 'report.xlsx');
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff]);
    dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target });
    await ipcMain.invoke(IPC_CHANNELS.saveFile, eventFrom(OWN_PAGE), {
      suggestedName: '跟进清单.xlsx',
      content: bytes,
      filters: [{ name: 'Excel', extensions: ['xlsx'] }],
    });
    expect(new Uint8Array(await readFile(target))).toEqual(bytes);
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
