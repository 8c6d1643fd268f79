// The desktop app's update banner: the host (Electron's preload, stood in for here by a scripted
// DesktopApi, as the browser build has no updates) reports a download, then a verified update
// ready to install; the sidebar says so and restarts only when asked.

import { expect, test, type Page } from '@playwright/test';

type Recorded = { updateServers: (string | null)[]; installs: number };

/** A DesktopApi on window.desktop whose update status the test drives. */
async function installScriptedDesktop(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const listeners = new Set<(status: unknown) => void>();
    const recorded: Recorded = { updateServers: [], installs: 0 };
    const scope = window as unknown as Record<string, unknown>;
    scope.__recorded = recorded;
    scope.__emitUpdate = (status: unknown) => listeners.forEach((listener) => listener(status));
    scope.desktop = {
      platform: 'electron',
      showNotification: async () => {},
      saveFile: async () => ({ saved: false }),
      openExternal: async () => {},
      onMenuCommand: () => () => {},
      onNotificationClick: () => () => {},
      getSecret: async (key: string) => localStorage.getItem(`test.secret.${key}`),
      setSecret: async (key: string, value: string) => {
        localStorage.setItem(`test.secret.${key}`, value);
      },
      deleteSecret: async (key: string) => localStorage.removeItem(`test.secret.${key}`),
      setUpdateServer: async (serverUrl: string | null) => {
        recorded.updateServers.push(serverUrl);
        return { state: serverUrl === null ? 'disabled' : 'idle' };
      },
      onUpdateStatus: (listener: (status: unknown) => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      installUpdate: async () => {
        recorded.installs += 1;
      },
    };
  });
}

const emitUpdate = (page: Page, status: object) =>
  page.evaluate((next) => {
    const emit = (window as unknown as { __emitUpdate: (status: object) => void }).__emitUpdate;
    emit(next);
  }, status);

const recorded = (page: Page) =>
  page.evaluate(() => (window as unknown as { __recorded: Recorded }).__recorded);

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
