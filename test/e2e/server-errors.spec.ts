// The server's refusals reach the user in the user's language: the server sends a stable reason
// code beside its English message, and the app shows its own sentence for it.

import { expect, test } from '@playwright/test';
import { e2eDealership } from '../support/e2e-accounts';
import { loggedIn } from './pages/browsers';

test.describe.configure({ timeout: 120_000 });

test('adding a login that exists says so in Chinese, not in the server English', async ({
  browser,
}, testInfo) => {
  const dealership = e2eDealership(testInfo.parallelIndex);
  const admin = await loggedIn(browser, dealership.admin);
  try {
    const users = admin.page.getByTestId('users-admin');
    await expect(users).toContainText(dealership.consultants[0].login);
    await users.getByTestId('users-add').click();
    const dialog = admin.page.getByRole('dialog', { name: '添加用户' });
    await dialog.getByLabel('登录名').fill(dealership.consultants[0].login);
    await dialog.getByLabel('姓名').fill('重名的人');
    await dialog.getByLabel('初始密码').fill('welcome-2026');
    await dialog.getByRole('button', { name: '添加' }).click();

    await expect(admin.page.getByText('这个登录名不能使用，请换一个')).toBeVisible();
    await expect(admin.page.getByText('This login cannot be used')).toHaveCount(0);
  } finally {
    await admin.context.close();
  }
});
