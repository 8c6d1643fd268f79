// Page object for the sync parts of the app: the server card in Settings (address, login) and the
// status in the sidebar. Used by the sync specs and the README screenshots.

import { expect, type Page } from '@playwright/test';
import type { E2eAccount } from '../../support/e2e-accounts';

export class SyncClient {
  constructor(private readonly page: Page) {}

  /** The sidebar's state tag; its data-state is the engine's SyncState. */
  state() {
    return this.page.getByTestId('sync-state');
  }

  /** "N 条更改待同步", or "本地数据已保存" when the outbox is empty. */
  pending() {
    return this.page.getByTestId('sync-pending');
  }

  async openSettings(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'main' }).getByText('设置').click();
    await expect(this.page.getByTestId('sync-server-card')).toBeVisible();
  }

  async saveServerAddress(serverUrl: string): Promise<void> {
    await this.page.getByTestId('sync-server-address').fill(serverUrl);
    await this.page.getByRole('button', { name: '保存地址' }).click();
    await expect(this.page.getByTestId('sync-login-input')).toBeVisible();
  }

  async submitLogin(login: string, password: string): Promise<void> {
    await this.page.getByTestId('sync-login-input').fill(login);
    await this.page.getByTestId('sync-password-input').fill(password);
    await this.page.getByTestId('sync-login-button').click();
  }

  /** From a fresh start: open the app, point it at the server, log in and wait for the first sync. */
  async connectAndLogIn(serverUrl: string, account: E2eAccount): Promise<void> {
    await this.page.goto('/#/settings');
    await expect(this.page.getByTestId('sync-server-card')).toBeVisible();
    await this.saveServerAddress(serverUrl);
    await this.submitLogin(account.login, account.password);
    // A login checks the password twice: argon2id on the server, then PBKDF2 (600,000 rounds) to
    // wrap this laptop's data key, re-sealing what local mode stored. Slow on a busy machine.
    await expect(this.page.getByTestId('sync-session')).toContainText(
      `${account.name} (${account.login})`,
      { timeout: 30_000 },
    );
    await this.expectInSync();
  }

  /** Online, nothing waiting, and at least one complete sync behind. */
  async expectInSync(timeout = 30_000): Promise<void> {
    await expect(this.pending()).toHaveText('本地数据已保存', { timeout });
    await expect(this.state()).toHaveAttribute('data-state', 'idle', { timeout });
    await expect(this.page.getByTestId('sync-last')).not.toHaveText('尚未同步', { timeout });
  }
}
