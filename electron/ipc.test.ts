import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BrowserWindow } from 'electron';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '../shared/desktop/desktop-api';
import { INVOKE_CHANNELS, IPC_CHANNELS, type InvokeChannel } from './ipc-channels';
import { registerIpcHandlers } from './ipc';
import { createServerTrust } from './server-trust';
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

/** A real pin store in a fresh temporary file. */
function testServerTrust() {
  return createServerTrust(() =>
    path.join(os.tmpdir(), `dealerdesk-trust-${Math.random().toString(36).slice(2)}.json`),
  );
}

const notification = { title: '跟进提醒', body: '张伟 — 今天回访', tag: 'follow-up-1' };

const updater = {
  setServer: vi.fn((): UpdateStatus => ({ state: 'idle' })),
  install: vi.fn(),
};

const BASE = 'https://sync.example:8787';
const PIN = `${'AB:'.repeat(31)}AB`;
const TOKENS = {
  accessToken: 'eyJ-access-1',
  accessExpiresAt: '2026-12-07T10:00:00.000Z',
  refreshToken: 'refresh-令牌-1',
  refreshExpiresAt: '2027-01-06T09:45:00.000Z',
};

beforeEach(() => {
  resetElectronMock();
  const mainWindow = new BrowserWindow();
  window = lastWindow();
  registerIpcHandlers({
    devServerOrigin: null,
    getMainWindow: () => mainWindow,
    serverTrust: testServerTrust(),
    updater,
  });
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
      serverTrust: testServerTrust(),
      updater,
    });
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
    [IPC_CHANNELS.setUpdateServer, undefined],
    [IPC_CHANNELS.setUpdateServer, 'file:///etc/'],
    [IPC_CHANNELS.setUpdateServer, 'javascript:alert(1)'],
    [IPC_CHANNELS.setUpdateServer, 'https://user:pass@updates.example/'],
    [IPC_CHANNELS.setUpdateServer, { url: 'https://updates.example/' }],
    [IPC_CHANNELS.installUpdate, undefined],
    [IPC_CHANNELS.installUpdate, { silent: true }],
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
    [IPC_CHANNELS.loadSession, 42],
    [IPC_CHANNELS.loadSession, 'file:///etc/passwd'],
    [IPC_CHANNELS.loadSession, 'https://sync.example/?x=1'],
    [IPC_CHANNELS.storeSession, { baseUrl: 'https://sync.example', tokens: {} }],
    [IPC_CHANNELS.storeSession, { baseUrl: 'ftp://sync.example', tokens: TOKENS }],
    [IPC_CHANNELS.storeSession, { baseUrl: 'https://u:p@sync.example', tokens: TOKENS }],
    [IPC_CHANNELS.storeSession, { baseUrl: 'https://sync.example/', tokens: TOKENS }],
    [IPC_CHANNELS.storeSession, { baseUrl: BASE, tokens: { ...TOKENS, refreshToken: 7 } }],
    [IPC_CHANNELS.storeSession, { baseUrl: BASE, tokens: TOKENS, file: '/etc/passwd' }],
    [
      IPC_CHANNELS.storeSession,
      { baseUrl: BASE, tokens: { ...TOKENS, refreshToken: 'x'.repeat(4097) } },
    ],
    [IPC_CHANNELS.refreshSession, 42],
    [IPC_CHANNELS.refreshSession, ''],
    [IPC_CHANNELS.revokeSession, -1],
    [IPC_CHANNELS.revokeSession, '5000'],
    [IPC_CHANNELS.clearSession, 'all'],
    [IPC_CHANNELS.inspectServerCertificate, 'file:///etc/passwd'],
    [IPC_CHANNELS.inspectServerCertificate, { baseUrl: BASE }],
    // A certificate is pinned for https only, and only a real SHA-256 fingerprint.
    [IPC_CHANNELS.trustServerCertificate, { baseUrl: 'http://sync.example', fingerprint: PIN }],
    [IPC_CHANNELS.trustServerCertificate, { baseUrl: BASE, fingerprint: 'AB:CD' }],
    [IPC_CHANNELS.trustServerCertificate, { baseUrl: BASE, fingerprint: PIN.toLowerCase() }],
    [IPC_CHANNELS.trustServerCertificate, { baseUrl: BASE }],
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

describe('session', () => {
  let folder = '';
  const folders: string[] = [];
  let requests: { url: string; body: unknown }[] = [];
  /** What the fake server answers to the next request (a function may also throw). */
  let answer: () => Response = () => new Response(null, { status: 204 });

  const fakeFetch = async (input: string, init?: RequestInit): Promise<Response> => {
    requests.push({ url: input, body: JSON.parse(String(init?.body ?? 'null')) as unknown });
    return answer();
  };

  beforeEach(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'dealerdesk-secrets-'));
    folders.push(folder);
    requests = [];
    answer = () => new Response(null, { status: 204 });
    restart();
  });

  /** A new main process (the same userData). */
  function restart(): void {
    resetElectronMock();
    app.getPath.mockImplementation((name: string) => path.join(folder, name));
    registerIpcHandlers({
      devServerOrigin: null,
      getMainWindow: () => null,
      fetch: fakeFetch,
      serverTrust: testServerTrust(),
      updater,
    });
  }

  afterAll(async () => {
    await Promise.all(folders.map((each) => rm(each, { recursive: true, force: true })));
  });

  const secretsFile = () => path.join(folder, 'userData', 'secrets.json');
  const invoke = (channel: InvokeChannel, payload: unknown) =>
    ipcMain.invoke(channel, eventFrom(OWN_PAGE), payload);
  const store = () => invoke(IPC_CHANNELS.storeSession, { baseUrl: BASE, tokens: TOKENS });
  const rotated = {
    accessToken: 'eyJ-access-2',
    accessExpiresAt: '2026-12-07T10:15:00.000Z',
    refreshToken: 'refresh-令牌-2',
    refreshExpiresAt: '2027-01-06T10:00:00.000Z',
    user: {
      id: '0b8a3f7e-6a4f-4d43-9b8e-2f0c1f3c9a11',
      login: 'lina',
      name: '李娜',
      role: 'consultant',
      dealershipId: '0b8a3f7e-6a4f-4d43-9b8e-2f0c1f3c9a12',
      dealershipName: '星辰汽车',
    },
  };

  it('has no session before a login', async () => {
    await expect(invoke(IPC_CHANNELS.loadSession, BASE)).resolves.toBeNull();
  });

  it('keeps the tokens encrypted under userData and gives back only the access part', async () => {
    await store();
    expect(app.getPath).toHaveBeenCalledWith('userData');
    const onDisk = await readFile(secretsFile(), 'utf8');
    expect(onDisk).not.toContain('eyJ-access');
    expect(onDisk).not.toContain('refresh');
    expect(Object.keys(JSON.parse(onDisk) as object)).toEqual(['sync.session']);

    // Another process start reads it back from the file.
    restart();
    const access: unknown = await invoke(IPC_CHANNELS.loadSession, BASE);
    expect(access).toEqual({
      accessToken: TOKENS.accessToken,
      accessExpiresAt: TOKENS.accessExpiresAt,
      refreshExpiresAt: TOKENS.refreshExpiresAt,
    });
    expect(JSON.stringify(access)).not.toContain('refresh-令牌');
    // The session belongs to its server: another address has none.
    await expect(invoke(IPC_CHANNELS.loadSession, 'https://other.example')).resolves.toBeNull();
  });

  it('refreshes at the stored address, keeps the rotated token and hands out only access', async () => {
    await store();
    answer = () => Response.json(rotated);
    const result: unknown = await invoke(IPC_CHANNELS.refreshSession, TOKENS.accessToken);
    expect(result).toEqual({
      outcome: 'refreshed',
      access: {
        accessToken: rotated.accessToken,
        accessExpiresAt: rotated.accessExpiresAt,
        refreshExpiresAt: rotated.refreshExpiresAt,
      },
    });
    expect(JSON.stringify(result)).not.toContain('refresh-令牌');
    expect(requests).toEqual([
      { url: `${BASE}/v1/auth/refresh`, body: { refreshToken: TOKENS.refreshToken } },
    ]);

    // A refresh for the access token that was already replaced spends nothing.
    await expect(invoke(IPC_CHANNELS.refreshSession, TOKENS.accessToken)).resolves.toMatchObject({
      outcome: 'refreshed',
      access: { accessToken: rotated.accessToken },
    });
    expect(requests).toHaveLength(1);

    // The next refresh sends the rotated refresh token, never the spent one.
    await invoke(IPC_CHANNELS.refreshSession, rotated.accessToken);
    expect(requests[1]?.body).toEqual({ refreshToken: rotated.refreshToken });
  });

  it('forgets the session when the server refuses the refresh token', async () => {
    await store();
    answer = () => Response.json({ error: 'unauthorized', message: 'revoked' }, { status: 401 });
    await expect(invoke(IPC_CHANNELS.refreshSession, TOKENS.accessToken)).resolves.toEqual({
      outcome: 'refused',
      message: 'revoked',
    });
    await expect(invoke(IPC_CHANNELS.loadSession, BASE)).resolves.toBeNull();
  });

  it('keeps the session when the server cannot be reached', async () => {
    await store();
    answer = () => {
      throw new TypeError('net::ERR_CONNECTION_REFUSED');
    };
    await expect(invoke(IPC_CHANNELS.refreshSession, TOKENS.accessToken)).resolves.toMatchObject({
      outcome: 'unreachable',
    });
    await expect(invoke(IPC_CHANNELS.loadSession, BASE)).resolves.not.toBeNull();
  });

  it('revokes at the stored address, then clears', async () => {
    await store();
    await invoke(IPC_CHANNELS.revokeSession, 5_000);
    expect(requests).toEqual([
      { url: `${BASE}/v1/auth/logout`, body: { refreshToken: TOKENS.refreshToken } },
    ]);
    await invoke(IPC_CHANNELS.clearSession, null);
    await expect(invoke(IPC_CHANNELS.loadSession, BASE)).resolves.toBeNull();
    expect(await readFile(secretsFile(), 'utf8')).toBe('{}');
  });

  it('without a keychain keeps the session in memory only, never as plain text', async () => {
    safeStorage.isEncryptionAvailable.mockReturnValue(false);
    await store();
    await expect(readFile(secretsFile(), 'utf8')).rejects.toThrow(/ENOENT/);
    await expect(invoke(IPC_CHANNELS.loadSession, BASE)).resolves.toMatchObject({
      accessToken: TOKENS.accessToken,
    });
  });

  it('treats a session it cannot decrypt as absent', async () => {
    await store();
    restart();
    safeStorage.decryptString.mockImplementation(() => {
      throw new Error('Error while decrypting the ciphertext');
    });
    await expect(invoke(IPC_CHANNELS.loadSession, BASE)).resolves.toBeNull();
  });

  it('refuses foreign senders before touching the file', async () => {
    await expect(
      ipcMain.invoke(IPC_CHANNELS.storeSession, eventFrom('https://evil.example/'), {
        baseUrl: BASE,
        tokens: TOKENS,
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

describe('server certificates', () => {
  it('pins the fingerprint for the host of an https address', async () => {
    resetElectronMock();
    const trust = testServerTrust();
    registerIpcHandlers({
      devServerOrigin: null,
      getMainWindow: () => null,
      serverTrust: trust,
      updater,
    });
    await ipcMain.invoke(IPC_CHANNELS.trustServerCertificate, eventFrom(OWN_PAGE), {
      baseUrl: 'https://showroom-pc.local:8787',
      fingerprint: PIN,
    });
    await expect(trust.pinned('showroom-pc.local')).resolves.toBe(PIN);
    await expect(
      ipcMain.invoke(IPC_CHANNELS.inspectServerCertificate, eventFrom(OWN_PAGE), 'http://x.test'),
    ).resolves.toEqual({ kind: 'plain' });
  });
});

/** Handlers registered afresh as on the given operating system. */
function registerOn(platform: NodeJS.Platform): void {
  resetElectronMock();
  registerIpcHandlers({
    devServerOrigin: null,
    getMainWindow: () => null,
    serverTrust: testServerTrust(),
    updater,
    platform,
  });
}

describe('app lock: the OS prompt', () => {
  const { systemPreferences } = electronMock;

  it('offers Touch ID on a Mac that can prompt, and nowhere else', async () => {
    registerOn('darwin');
    systemPreferences.canPromptTouchID.mockReturnValue(true);
    await expect(
      ipcMain.invoke(IPC_CHANNELS.canPromptBiometric, eventFrom(OWN_PAGE), null),
    ).resolves.toBe(true);
    systemPreferences.canPromptTouchID.mockReturnValue(false);
    await expect(
      ipcMain.invoke(IPC_CHANNELS.canPromptBiometric, eventFrom(OWN_PAGE), null),
    ).resolves.toBe(false);

    registerOn('win32');
    systemPreferences.canPromptTouchID.mockReturnValue(true);
    await expect(
      ipcMain.invoke(IPC_CHANNELS.canPromptBiometric, eventFrom(OWN_PAGE), null),
    ).resolves.toBe(false);
    await expect(
      ipcMain.invoke(IPC_CHANNELS.promptBiometric, eventFrom(OWN_PAGE), '解锁 DealerDesk'),
    ).resolves.toBe(false);
    expect(systemPreferences.promptTouchID).not.toHaveBeenCalled();
  });

  it('answers true when the user passes the prompt and false when it is cancelled', async () => {
    registerOn('darwin');
    systemPreferences.canPromptTouchID.mockReturnValue(true);
    systemPreferences.promptTouchID.mockResolvedValueOnce(undefined);
    await expect(
      ipcMain.invoke(IPC_CHANNELS.promptBiometric, eventFrom(OWN_PAGE), '解锁 DealerDesk'),
    ).resolves.toBe(true);
    expect(systemPreferences.promptTouchID).toHaveBeenCalledWith('解锁 DealerDesk');
    systemPreferences.promptTouchID.mockRejectedValueOnce(new Error('User canceled'));
    await expect(
      ipcMain.invoke(IPC_CHANNELS.promptBiometric, eventFrom(OWN_PAGE), '解锁 DealerDesk'),
    ).resolves.toBe(false);
  });

  it('refuses a reason that is empty, not text or too long', async () => {
    registerOn('darwin');
    systemPreferences.canPromptTouchID.mockReturnValue(true);
    for (const reason of ['', '   ', 42, 'x'.repeat(201)]) {
      await expect(
        ipcMain.invoke(IPC_CHANNELS.promptBiometric, eventFrom(OWN_PAGE), reason),
      ).rejects.toThrow(/invalid payload/);
    }
    await expect(
      ipcMain.invoke(IPC_CHANNELS.canPromptBiometric, eventFrom(OWN_PAGE), 'yes'),
    ).rejects.toThrow(/invalid payload/);
    expect(systemPreferences.promptTouchID).not.toHaveBeenCalled();
  });
});

describe('the local data key and the OS keychain', () => {
  const { safeStorage } = electronMock;
  const dataKey = Buffer.alloc(32, 7).toString('base64');

  const protect = (value: unknown) =>
    ipcMain.invoke(IPC_CHANNELS.protectWithOs, eventFrom(OWN_PAGE), value);
  const unprotect = (value: unknown) =>
    ipcMain.invoke(IPC_CHANNELS.unprotectWithOs, eventFrom(OWN_PAGE), value);

  it('seals the key with safeStorage and opens it again', async () => {
    registerOn('win32');
    const sealed: unknown = await protect(dataKey);
    expect(typeof sealed).toBe('string');
    expect(sealed).not.toContain(dataKey);
    expect(safeStorage.encryptString).toHaveBeenCalledWith(dataKey);
    await expect(unprotect(sealed)).resolves.toBe(dataKey);
  });

  it("refuses Linux's basic_text backend, whose key is the same on every machine", async () => {
    registerOn('linux');
    safeStorage.getSelectedStorageBackend.mockReturnValue('basic_text');
    await expect(protect(dataKey)).resolves.toBeNull();
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
    safeStorage.getSelectedStorageBackend.mockReturnValue('kwallet5');
    await expect(protect(dataKey)).resolves.toEqual(expect.any(String));
  });

  it('answers null without a keychain, and for what this keychain cannot open', async () => {
    registerOn('darwin');
    safeStorage.isEncryptionAvailable.mockReturnValue(false);
    await expect(protect(dataKey)).resolves.toBeNull();
    safeStorage.isEncryptionAvailable.mockReturnValue(true);
    await expect(unprotect(Buffer.from('not sealed here').toString('base64'))).resolves.toBeNull();
  });

  it('takes a 32-byte key in base64 and nothing else', async () => {
    registerOn('win32');
    for (const value of [
      '',
      'short',
      42,
      null,
      `${dataKey}x`,
      Buffer.alloc(64).toString('base64'),
    ]) {
      await expect(protect(value)).rejects.toThrow(/invalid payload/);
    }
    await expect(unprotect('%%%')).rejects.toThrow(/invalid payload/);
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
  });
});

describe('erasing the local databases (a wipe, a logout)', () => {
  const erase = (value: unknown) =>
    ipcMain.invoke(IPC_CHANNELS.eraseLocalDatabases, eventFrom(OWN_PAGE), value);

  it("deletes the IndexedDB files of the app's session, and says so", async () => {
    registerOn('win32');
    await expect(erase(null)).resolves.toBe(true);
    expect(electronMock.session.defaultSession.clearStorageData).toHaveBeenCalledWith({
      storages: ['indexdb'],
    });
  });

  it('takes no argument but null, and erases nothing for a foreign page', async () => {
    registerOn('win32');
    await expect(erase('all')).rejects.toThrow(/invalid payload/);
    await expect(
      ipcMain.invoke(IPC_CHANNELS.eraseLocalDatabases, eventFrom('https://evil.example/'), null),
    ).rejects.toThrow();
    expect(electronMock.session.defaultSession.clearStorageData).not.toHaveBeenCalled();
  });
});
