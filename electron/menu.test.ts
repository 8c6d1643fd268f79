import { BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MENU_COMMANDS, type MenuCommand } from '../shared/desktop/desktop-api';
import { IPC_CHANNELS } from './ipc-channels';
import {
  buildMenuTemplate,
  installApplicationMenu,
  pickMenuLocale,
  sendMenuCommand,
  type MenuTemplateOptions,
} from './menu';
import { electronMock, resetElectronMock } from './test-support/electron-mock';

vi.mock('electron', () => import('./test-support/electron-mock'));

function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [
    item,
    ...(Array.isArray(item.submenu) ? flatten(item.submenu) : []),
  ]);
}

function template(overrides: Partial<MenuTemplateOptions> = {}): MenuItemConstructorOptions[] {
  return buildMenuTemplate({
    locale: 'zh-CN',
    isDev: false,
    platform: 'linux',
    onCommand: () => undefined,
    ...overrides,
  });
}

function topLabels(items: MenuItemConstructorOptions[]): (string | undefined)[] {
  return items.map((item) => item.label);
}

function roles(items: MenuItemConstructorOptions[]): string[] {
  return flatten(items).flatMap((item) => (item.role === undefined ? [] : [item.role]));
}

beforeEach(() => {
  resetElectronMock();
});

describe('pickMenuLocale', () => {
  it.each([
    [['zh-CN'], 'zh-CN'],
    [['zh-Hans-CN', 'en-US'], 'zh-CN'],
    [['zh-TW'], 'zh-CN'],
    [['en-US', 'zh-CN'], 'en'],
    [['en'], 'en'],
    [['fr-FR', 'en-GB'], 'en'],
    [['fr-FR', 'de-DE'], 'zh-CN'],
    [[], 'zh-CN'],
  ] as const)('%j → %s', (languages, locale) => {
    expect(pickMenuLocale(languages)).toBe(locale);
  });
});

describe('buildMenuTemplate', () => {
  it('labels menus in Chinese by default', () => {
    expect(topLabels(template())).toEqual(['文件', '编辑', '视图', '帮助']);
    const labels = flatten(template()).map((item) => item.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        '新建客户',
        '快速录入',
        '客户',
        '跟进',
        '设置…',
        '退出',
        '关于 DealerDesk',
      ]),
    );
  });

  it('has a complete English version', () => {
    expect(topLabels(template({ locale: 'en' }))).toEqual(['File', 'Edit', 'View', 'Help']);
    const labels = flatten(template({ locale: 'en' })).map((item) => item.label);
    expect(labels).toEqual(
      expect.arrayContaining([
        'New Customer',
        'Quick Capture',
        'Customers',
        'Follow-ups',
        'Settings…',
        'Quit',
      ]),
    );
    expect(labels.join(' ')).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('offers every MenuCommand exactly once, each sending its own command', () => {
    const sent: MenuCommand[] = [];
    const items = flatten(template({ onCommand: (command) => sent.push(command) })).filter(
      (item) => item.click !== undefined,
    );
    expect(items.map((item) => item.id).sort()).toEqual([...MENU_COMMANDS].sort());
    for (const item of items) {
      // @ts-expect-error -- the click handlers ignore their Electron arguments
      item.click();
    }
    expect(sent.sort()).toEqual([...MENU_COMMANDS].sort());
  });

  it('gives the commands keyboard shortcuts', () => {
    const accelerators = new Map(flatten(template()).map((item) => [item.id, item.accelerator]));
    expect(accelerators.get('new-customer')).toBe('CmdOrCtrl+N');
    expect(accelerators.get('open-settings')).toBe('CmdOrCtrl+,');
  });

  it('offers reload and developer tools only in development', () => {
    expect(roles(template({ isDev: false }))).not.toEqual(expect.arrayContaining(['reload']));
    expect(roles(template({ isDev: false }))).not.toContain('toggleDevTools');
    expect(roles(template({ isDev: true }))).toEqual(
      expect.arrayContaining(['reload', 'toggleDevTools']),
    );
  });

  it('follows macOS conventions: app menu with About/Settings/Quit, Window menu', () => {
    const mac = template({ platform: 'darwin' });
    expect(topLabels(mac)).toEqual(['DealerDesk', '文件', '编辑', '视图', '窗口', '帮助']);
    const appMenu = mac[0]?.submenu;
    const appItems = Array.isArray(appMenu) ? appMenu : [];
    expect(appItems.map((item) => item.role ?? item.id)).toEqual(
      expect.arrayContaining(['about', 'open-settings', 'hide', 'quit']),
    );
    const fileMenu = mac[1]?.submenu;
    const fileItems = Array.isArray(fileMenu) ? fileMenu : [];
    expect(fileItems.map((item) => item.role ?? item.id)).toEqual([
      'new-customer',
      'quick-capture',
    ]);
  });

  it('has an Edit menu so copy and paste work in forms', () => {
    expect(roles(template())).toEqual(
      expect.arrayContaining(['cut', 'copy', 'paste', 'selectAll', 'undo', 'redo']),
    );
  });
});

describe('sendMenuCommand', () => {
  it('sends to the focused window', () => {
    const fallback = new BrowserWindow();
    new BrowserWindow();
    const [fallbackMock, focusedMock] = electronMock.BrowserWindow.instances;
    electronMock.BrowserWindow.getFocusedWindow.mockReturnValue(focusedMock ?? null);

    sendMenuCommand('show-follow-ups', fallback);
    expect(focusedMock?.webContents.send).toHaveBeenCalledWith(
      IPC_CHANNELS.menuCommand,
      'show-follow-ups',
    );
    expect(fallbackMock?.webContents.send).not.toHaveBeenCalled();
  });

  it('falls back to the main window when none is focused', () => {
    const fallback = new BrowserWindow();
    sendMenuCommand('new-customer', fallback);
    expect(electronMock.BrowserWindow.instances[0]?.webContents.send).toHaveBeenCalledWith(
      IPC_CHANNELS.menuCommand,
      'new-customer',
    );
  });

  it('does nothing without a window', () => {
    expect(() => {
      sendMenuCommand('new-customer', null);
    }).not.toThrow();
  });
});

describe('installApplicationMenu', () => {
  it('sets the application menu built from the template', () => {
    installApplicationMenu({ locale: 'zh-CN', isDev: false, getMainWindow: () => null });
    expect(electronMock.Menu.buildFromTemplate).toHaveBeenCalledTimes(1);
    expect(electronMock.Menu.setApplicationMenu).toHaveBeenCalledWith(
      electronMock.Menu.buildFromTemplate.mock.results[0]?.value,
    );
  });
});
