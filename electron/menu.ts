// The native application menu. Items that belong to the app (new customer, views, settings)
// do not act in the main process: they send a `MenuCommand` to the focused window over one
// channel and the renderer decides what to do, exactly as it would for an in-app button.
// Everything else uses Electron roles so platform behaviour (copy/paste, quit) stays native.

import { BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../shared/desktop/desktop-api';
import { IPC_CHANNELS } from './ipc-channels';

export type MenuLocale = 'zh-CN' | 'en';

const LABELS = {
  'zh-CN': {
    file: '文件',
    newCustomer: '新建客户',
    quickCapture: '快速录入',
    settings: '设置…',
    quit: '退出',
    edit: '编辑',
    undo: '撤销',
    redo: '重做',
    cut: '剪切',
    copy: '复制',
    paste: '粘贴',
    selectAll: '全选',
    view: '视图',
    customers: '客户',
    followUps: '跟进',
    reload: '重新加载',
    toggleDevTools: '开发者工具',
    window: '窗口',
    minimize: '最小化',
    zoom: '缩放',
    front: '前置全部窗口',
    help: '帮助',
    about: '关于 DealerDesk',
    services: '服务',
    hide: '隐藏 DealerDesk',
    hideOthers: '隐藏其他',
    unhide: '全部显示',
    quitMac: '退出 DealerDesk',
  },
  en: {
    file: 'File',
    newCustomer: 'New Customer',
    quickCapture: 'Quick Capture',
    settings: 'Settings…',
    quit: 'Quit',
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    view: 'View',
    customers: 'Customers',
    followUps: 'Follow-ups',
    reload: 'Reload',
    toggleDevTools: 'Developer Tools',
    window: 'Window',
    minimize: 'Minimize',
    zoom: 'Zoom',
    front: 'Bring All to Front',
    help: 'Help',
    about: 'About DealerDesk',
    services: 'Services',
    hide: 'Hide DealerDesk',
    hideOthers: 'Hide Others',
    unhide: 'Show All',
    quitMac: 'Quit DealerDesk',
  },
} as const satisfies Record<MenuLocale, Record<string, string>>;

/**
 * zh-CN unless the user's first Chinese-or-English preference is English: the product's
 * default language is Chinese, and a system in a third language gets the default.
 */
export function pickMenuLocale(preferredLanguages: readonly string[]): MenuLocale {
  for (const language of preferredLanguages) {
    const lower = language.toLowerCase();
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-CN';
  }
  return 'zh-CN';
}

export type MenuTemplateOptions = {
  locale: MenuLocale;
  /** Reload and developer tools exist only in development builds. */
  isDev: boolean;
  platform: NodeJS.Platform;
  onCommand: (command: MenuCommand) => void;
};

export function buildMenuTemplate(options: MenuTemplateOptions): MenuItemConstructorOptions[] {
  const { locale, isDev, platform, onCommand } = options;
  const text = LABELS[locale];
  const isMac = platform === 'darwin';
  const command = (
    label: string,
    menuCommand: MenuCommand,
    accelerator: string,
  ): MenuItemConstructorOptions => ({
    id: menuCommand,
    label,
    accelerator,
    click: () => {
      onCommand(menuCommand);
    },
  });
  const settingsItem = command(text.settings, 'open-settings', 'CmdOrCtrl+,');

  // macOS convention: About, Settings and Quit live in the application menu, not File/Help.
  const appMenu: MenuItemConstructorOptions[] = isMac
    ? [
        {
          label: 'DealerDesk',
          submenu: [
            { role: 'about', label: text.about },
            { type: 'separator' },
            settingsItem,
            { type: 'separator' },
            { role: 'services', label: text.services },
            { type: 'separator' },
            { role: 'hide', label: text.hide },
            { role: 'hideOthers', label: text.hideOthers },
            { role: 'unhide', label: text.unhide },
            { type: 'separator' },
            { role: 'quit', label: text.quitMac },
          ],
        },
      ]
    : [];

  const fileMenu: MenuItemConstructorOptions = {
    label: text.file,
    submenu: [
      command(text.newCustomer, 'new-customer', 'CmdOrCtrl+N'),
      command(text.quickCapture, 'quick-capture', 'CmdOrCtrl+Shift+N'),
      // Windows/Linux have no application menu, so Settings and Quit go under File.
      ...(isMac
        ? []
        : ([
            { type: 'separator' },
            settingsItem,
            { type: 'separator' },
            { role: 'quit', label: text.quit },
          ] satisfies MenuItemConstructorOptions[])),
    ],
  };

  // Without an Edit menu, macOS does not route Cmd+C/V/X/A to text fields at all.
  const editMenu: MenuItemConstructorOptions = {
    label: text.edit,
    submenu: [
      { role: 'undo', label: text.undo },
      { role: 'redo', label: text.redo },
      { type: 'separator' },
      { role: 'cut', label: text.cut },
      { role: 'copy', label: text.copy },
      { role: 'paste', label: text.paste },
      { role: 'selectAll', label: text.selectAll },
    ],
  };

  const viewMenu: MenuItemConstructorOptions = {
    label: text.view,
    submenu: [
      command(text.customers, 'show-customers', 'CmdOrCtrl+1'),
      command(text.followUps, 'show-follow-ups', 'CmdOrCtrl+2'),
      ...(isDev
        ? ([
            { type: 'separator' },
            { role: 'reload', label: text.reload },
            { role: 'toggleDevTools', label: text.toggleDevTools },
          ] satisfies MenuItemConstructorOptions[])
        : []),
    ],
  };

  const windowMenu: MenuItemConstructorOptions[] = isMac
    ? [
        {
          label: text.window,
          role: 'windowMenu',
          submenu: [
            { role: 'minimize', label: text.minimize },
            { role: 'zoom', label: text.zoom },
            { type: 'separator' },
            { role: 'front', label: text.front },
          ],
        },
      ]
    : [];

  const helpMenu: MenuItemConstructorOptions = {
    label: text.help,
    role: 'help',
    submenu: isMac ? [] : [{ role: 'about', label: text.about }],
  };

  return [...appMenu, fileMenu, editMenu, viewMenu, ...windowMenu, helpMenu];
}

/** Sends a menu command to the window the user is looking at (or the main window). */
export function sendMenuCommand(command: MenuCommand, fallback: BrowserWindow | null): void {
  const target = BrowserWindow.getFocusedWindow() ?? fallback;
  if (target === null || target.isDestroyed()) return;
  target.webContents.send(IPC_CHANNELS.menuCommand, command);
}

export function installApplicationMenu(options: {
  locale: MenuLocale;
  isDev: boolean;
  getMainWindow: () => BrowserWindow | null;
}): void {
  const template = buildMenuTemplate({
    locale: options.locale,
    isDev: options.isDev,
    platform: process.platform,
    onCommand: (menuCommand) => {
      sendMenuCommand(menuCommand, options.getMainWindow());
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
