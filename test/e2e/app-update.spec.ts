// The desktop app's update banner: the host (Electron's preload, stood in for here by a scripted
// DesktopApi, as the browser build has no updates) reports a download, then a verified update
// ready to install; the sidebar says so and restarts only when asked.

import { expect, test, type Page } from '@playwright/test';
import type { DesktopApi, UpdateStatus } from '../../shared/desktop/desktop-api';

type Recorded = { updateServers: (string | null)[]; installs: number };

declare global {
  // Declaration merging into the DOM's Window needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface Window {
    /** What the page asked of the scripted host (this spec only). */
    __recorded?: Recorded;
    /** Reports an update status to the page, as the main process would. */
    __emitUpdate?: (status: UpdateStatus) => void;
  }
}

/** A DesktopApi on window.desktop whose update status the test drives. */
async function installScriptedDesktop(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const listeners = new Set<(status: UpdateStatus) => void>();
    const recorded: Recorded = { updateServers: [], installs: 0 };
    window.__recorded = recorded;
    window.__emitUpdate = (status) => listeners.forEach((listener) => listener(status));
    window.desktop = {
      platform: 'electron',
      showNotification: async () => {},
      saveFile: async () => ({ saved: false }),
      onMenuCommand: () => () => {},
      onNotificationClick: () => () => {},
      // Never logged in here: the session vault is empty and the app stays in local mode.
      loadSession: async () => null,
      storeSession: async () => {},
      refreshSession: async () => ({ outcome: 'refused', message: 'no session' }),
      revokeSession: async () => {},
      clearSession: async () => {},
      inspectServerCertificate: async () => ({ kind: 'plain' }),
      trustServerCertificate: async () => {},
      setSyncServer: async () => false,
      setUpdateServer: async (serverUrl: string | null) => {
        recorded.updateServers.push(serverUrl);
        return serverUrl === null ? { state: 'disabled' } : { state: 'idle' };
      },
      onUpdateStatus: (listener: (status: UpdateStatus) => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      installUpdate: async () => {
        recorded.installs += 1;
      },
      // The app lock: no OS events and no Touch ID in this scripted host.
      onSystemLock: () => () => {},
      canPromptBiometric: async () => false,
      promptBiometric: async () => false,
      protectWithOs: async () => null,
      unprotectWithOs: async () => null,
      eraseLocalDatabases: async () => false,
    } satisfies DesktopApi;
  });
}

const emitUpdate = (page: Page, status: UpdateStatus) =>
  page.evaluate((next) => window.__emitUpdate?.(next), status);

const recorded = (page: Page) =>
  page.evaluate(() => window.__recorded ?? { updateServers: [], installs: -1 });

test('the sidebar shows a downloading update, then offers the restart', async ({ page }) => {
  await installScriptedDesktop(page);
  await page.goto('/');
  const banner = page.getByTestId('app-update');
  // Local mode: no sync server, so no update feed; nothing to show.
  await expect.poll(async () => (await recorded(page)).updateServers).toEqual([null]);
  await expect(banner).toHaveCount(0);

  await emitUpdate(page, { state: 'downloading', version: '1.3.0', percent: 40 });
  await expect(banner).toHaveText('正在下载新版本 1.3.0（40%）');

  await emitUpdate(page, { state: 'ready', version: '1.3.0' });
  await expect(banner).toContainText('新版本 1.3.0 已下载');
  expect((await recorded(page)).installs).toBe(0);
  await banner.getByRole('button', { name: '立即重启更新' }).click();
  await expect.poll(async () => (await recorded(page)).installs).toBe(1);
});

test('a failed update is reported and the app keeps working', async ({ page }) => {
  await installScriptedDesktop(page);
  await page.goto('/');
  // The sidebar has told the host its (absent) server: it now follows the host's reports.
  await expect.poll(async () => (await recorded(page)).updateServers).toEqual([null]);
  await emitUpdate(page, { state: 'error', message: 'sha512 checksum mismatch' });
  await expect(page.getByTestId('app-update')).toContainText(
    '更新失败，当前版本继续可用：sha512 checksum mismatch',
  );
  await page.getByRole('menuitem', { name: '设置' }).click();
  await expect(page).toHaveURL(/#\/settings/);
});
