// The app lock in the browser build: a PIN set in 设置 → 本机安全, 锁定 from the sidebar hides
// every customer, a wrong PIN says how many attempts are left, the right one opens; a reload
// starts locked; five wrong PINs leave only the account password, which opens it.

import { expect, test, type Page } from '@playwright/test';
import { e2eDealership, e2eSyncServerUrl } from '../support/e2e-accounts';
import { CustomerCard } from './pages/customer-card';
import { rawRows } from './pages/profile-on-disk';
import { apiLogin } from './pages/server-api';
import { SyncClient } from './pages/sync-client';
import { pretendLoggedInBeforeSealing } from './pages/upgraded-laptop';

// Each PIN and password check derives a key (PBKDF2, 600,000 rounds): slower than most steps.
test.describe.configure({ timeout: 180_000 });
const SLOW = { timeout: 30_000 };

const PIN = '246802';
const WRONG_PIN = '135790';
const CUSTOMER = '林晓彤';

async function setPin(page: Page, pin: string, loggedIn = false): Promise<void> {
  await page.goto('/#/settings');
  const card = page.getByTestId('device-security');
  // Nobody logged in and no PIN: the card says the laptop is unprotected.
  await expect(card.getByTestId('device-unprotected')).toHaveCount(loggedIn ? 0 : 1);
  await card.getByRole('button', { name: '设置 PIN' }).click();
  const form = card.getByRole('form', { name: '设置 PIN' });
  // The rules speak before anything is saved.
  await form.getByLabel('新 PIN', { exact: true }).fill('123456');
  await form.getByLabel('再次输入新 PIN').fill('123456');
  await form.getByRole('button', { name: '保存 PIN' }).click();
  await expect(form).toContainText('PIN 不能是 123456、654321 这样的连续数字');
  await form.getByLabel('新 PIN', { exact: true }).fill(pin);
  await form.getByLabel('再次输入新 PIN').fill('246803');
  await form.getByRole('button', { name: '保存 PIN' }).click();
  await expect(form).toContainText('两次输入的 PIN 不一致');
  await form.getByLabel('再次输入新 PIN').fill(pin);
  await form.getByRole('button', { name: '保存 PIN' }).click();
  await expect(page.getByText('PIN 已保存')).toBeVisible();
  await expect(card.getByTestId('device-unprotected')).toHaveCount(0);
}

async function enterPin(page: Page, pin: string): Promise<void> {
  const screen = page.getByTestId('lock-screen');
  await screen.getByLabel('PIN').fill(pin);
  await screen.getByRole('button', { name: '解锁' }).click();
}

test('a PIN locks the app: nothing of the customers shows, the right PIN opens it', async ({
  page,
}) => {
  const card = new CustomerCard(page);
  await card.openNew();
  await card.fill({ name: CUSTOMER, phone: '13800138021' });
  await card.save();
  await expect(page.getByTestId('card-name')).toHaveText(CUSTOMER, SLOW);

  await setPin(page, PIN);
  await page.goto('/#/customers');
  await expect(page.getByText(CUSTOMER)).toBeVisible(SLOW);

  await page.getByRole('button', { name: '锁定' }).click();
  const screen = page.getByTestId('lock-screen');
  await expect(screen).toBeVisible();
  await expect(screen.getByTestId('lock-reason')).toHaveText('应用已锁定。');
  await expect(page.locator('body')).not.toContainText(CUSTOMER);
  await expect(page.locator('body')).not.toContainText('13800138021');

  // A typo is not an attempt; a wrong PIN is, and says what is left.
  await enterPin(page, '2468');
  await expect(screen).toContainText('PIN 至少需要 6 位数字');
  await enterPin(page, WRONG_PIN);
  await expect(screen.getByTestId('lock-notice')).toHaveText('PIN 不正确，还可以再试 9 次。', SLOW);
  await enterPin(page, PIN);
  await expect(screen).toHaveCount(0, SLOW);
  await expect(page.getByText(CUSTOMER)).toBeVisible(SLOW);

  // Ctrl+L locks as well.
  await page.keyboard.press('Control+l');
  await expect(screen).toBeVisible();
  await expect(page.locator('body')).not.toContainText(CUSTOMER);
  await page.screenshot({ path: 'test-results/app-lock-screen.png' });

  // After a reload the app starts locked.
  await enterPin(page, PIN);
  await expect(page.getByText(CUSTOMER)).toBeVisible(SLOW);
  await page.reload();
  await expect(screen).toBeVisible();
  await expect(screen.getByTestId('lock-reason')).toHaveText('应用已启动，请先解锁。');
  await expect(page.locator('body')).not.toContainText(CUSTOMER);
  await enterPin(page, PIN);
  await expect(page.getByText(CUSTOMER)).toBeVisible(SLOW);
});

test('five wrong PINs leave only the password, and the password opens', async ({
  page,
}, testInfo) => {
  const consultant = e2eDealership(testInfo.parallelIndex).consultants[0];
  await new SyncClient(page).connectAndLogIn(e2eSyncServerUrl(), consultant);
  await setPin(page, PIN, true);
  await page.getByRole('button', { name: '锁定' }).click();
  const screen = page.getByTestId('lock-screen');
  for (let attempt = 1; attempt <= 4; attempt += 1) {
    await enterPin(page, WRONG_PIN);
    await expect(screen.getByTestId('lock-notice')).toHaveText(
      `PIN 不正确，还可以再试 ${5 - attempt} 次。`,
      SLOW,
    );
  }
  await enterPin(page, WRONG_PIN);
  await expect(screen.getByTestId('lock-notice')).toHaveText(
    'PIN 已连续输错 5 次，现在只能用账户密码解锁。',
    SLOW,
  );
  await expect(screen.getByLabel('账户密码')).toBeVisible();
  await expect(screen.getByLabel('PIN')).toHaveCount(0);
  await expect(screen.getByRole('button', { name: '使用 PIN' })).toHaveCount(0);
  await screen.getByLabel('账户密码').fill('not-the-password');
  await screen.getByRole('button', { name: '解锁' }).click();
  await expect(screen.getByTestId('lock-notice')).toHaveText('密码不正确，请重新输入。', SLOW);
  await screen.getByLabel('账户密码').fill(consultant.password);
  await screen.getByRole('button', { name: '解锁' }).click();
  await expect(screen).toHaveCount(0, SLOW);
  await expect(page.getByRole('navigation', { name: 'main' })).toBeVisible();
});

test('a laptop logged in before its data was sealed opens only with the account password, which then protects it', async ({
  page,
}, testInfo) => {
  const consultant = e2eDealership(testInfo.parallelIndex).consultants[0];
  await page.goto('/#/customers');
  await expect(page.getByRole('navigation', { name: 'main' })).toBeVisible(SLOW);
  const { user } = await apiLogin(consultant);
  await pretendLoggedInBeforeSealing(page, user, e2eSyncServerUrl());
  await page.reload();

  const screen = page.getByTestId('lock-screen');
  await expect(screen.getByTestId('lock-reason')).toHaveText(
    '为保护本机客户资料，请输入账户密码。',
    SLOW,
  );
  await expect(screen.getByLabel('PIN')).toHaveCount(0);
  // The server checks it: a wrong one wraps nothing.
  await screen.getByLabel('账户密码').fill('not-the-password');
  await screen.getByRole('button', { name: '解锁' }).click();
  await expect(screen.getByTestId('lock-notice')).toHaveText('密码不正确，请重新输入。', SLOW);
  await screen.getByLabel('账户密码').fill(consultant.password);
  await screen.getByRole('button', { name: '解锁' }).click();
  await expect(screen).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByRole('navigation', { name: 'main' })).toBeVisible();
  // The clear key is gone: the password wraps a new one.
  const keyring = (await rawRows(page, 'keyring')) as { id: string }[];
  expect(keyring.map((row) => row.id)).toEqual(['password']);

  const card = new CustomerCard(page);
  await card.openNew();
  await card.fill({ name: CUSTOMER, phone: '13800138022' });
  await card.save();
  await expect(page.getByTestId('card-name')).toHaveText(CUSTOMER, SLOW);
  await page.reload();
  await expect(screen.getByTestId('lock-reason')).toHaveText('应用已启动，请先解锁。', SLOW);
  await screen.getByLabel('账户密码').fill(consultant.password);
  await screen.getByRole('button', { name: '解锁' }).click();
  await expect(screen).toHaveCount(0, SLOW);
  await page.goto('/#/customers');
  await expect(page.getByText(CUSTOMER)).toBeVisible(SLOW);
});
