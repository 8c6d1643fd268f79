// Sync between two browsers through the e2e sync server (test/support/e2e-sync-server.ts): a
// consultant works offline and catches up when the network is back; a manager's open list
// follows over the live poke stream without a reload; a refused login leaves the app usable;
// two offline edits of one field end as a conflict shown with both values.

import { expect, test } from '@playwright/test';
import { e2eDealership } from '../support/e2e-accounts';
import {
  SYNC_SERVER,
  expectSamePage,
  loggedIn,
  markPage,
  openClient,
  uniqueSuffix,
} from './pages/browsers';

// Every slot is its own dealership; tests of one slot run one after another, so names and phone
// numbers are unique per run to keep the lists of earlier tests out of the way.

test.describe.configure({ timeout: 120_000 });

test('a card made offline reaches the manager without a reload', async ({ browser }, testInfo) => {
  const dealership = e2eDealership(testInfo.parallelIndex);
  const suffix = uniqueSuffix();
  const name = `离线客户${suffix}`;
  const phone = `139${suffix}`;

  const manager = await loggedIn(browser, dealership.manager);
  const consultant = await loggedIn(browser, dealership.consultants[0]);
  try {
    // The manager watches the customer list; from here on the page is never loaded again.
    await manager.page
      .getByRole('navigation', { name: 'main' })
      .getByText('客户', { exact: true })
      .click();
    await markPage(manager.page);

    await consultant.context.setOffline(true);
    await consultant.card.create({ name, phone, facts: { need: true, power: true } });
    await expect(consultant.sync.state()).toHaveAttribute('data-state', 'offline');
    await expect(consultant.sync.state()).toHaveText('离线');
    await consultant.card.saveCarModel('汉EV');
    await expect(consultant.sync.pending()).toHaveText(/^[1-9]\d* 条更改待同步$/);
    // Nothing left the offline browser.
    await expect(manager.page.getByRole('row', { name: new RegExp(name) })).toHaveCount(0);

    await consultant.context.setOffline(false);
    await consultant.sync.expectInSync();

    await expect(manager.page.getByRole('row', { name: new RegExp(name) })).toBeVisible({
      timeout: 30_000,
    });
    await manager.card.openFromList(name);
    await expect(manager.page.getByLabel('车型', { exact: true })).toHaveValue('汉EV');
    await expect(manager.page.getByLabel('电话 1')).toHaveValue(phone);
    await expectSamePage(manager.page);
  } finally {
    await consultant.context.close();
    await manager.context.close();
  }
});

test('a refused login says why and the app keeps working locally', async ({
  browser,
}, testInfo) => {
  const { consultants } = e2eDealership(testInfo.parallelIndex);
  const client = await openClient(browser);
  try {
    await client.page.goto('/#/settings');
    await client.sync.saveServerAddress(SYNC_SERVER);
    await client.sync.submitLogin(consultants[1].login, 'not-the-password');
    await expect(client.page.getByTestId('sync-login-error')).toHaveText(
      '登录名或密码不正确，或账号已停用',
    );
    await expect(client.page.getByTestId('sync-session')).toHaveCount(0);

    const name = `本地客户${uniqueSuffix()}`;
    await client.card.create({ name, phone: '13700002222' });
    await expect(client.sync.pending()).toHaveText(/^[1-9]\d* 条更改待同步$/);
    await client.card.openFromList(name);
  } finally {
    await client.context.close();
  }
});

test('two offline edits of one field end as a conflict showing both values', async ({
  browser,
}, testInfo) => {
  const dealership = e2eDealership(testInfo.parallelIndex);
  const suffix = uniqueSuffix();
  const name = `冲突客户${suffix}`;

  const consultant = await loggedIn(browser, dealership.consultants[1]);
  const manager = await loggedIn(browser, dealership.manager);
  try {
    // Both start from the same synced value, so neither edit is made on top of the other.
    await consultant.card.create({ name, phone: `138${suffix}`, carModel: '途观L' });
    await consultant.sync.expectInSync();
    await manager.card.openFromList(name);
    await expect(manager.page.getByLabel('车型', { exact: true })).toHaveValue('途观L');

    await consultant.context.setOffline(true);
    await manager.context.setOffline(true);
    await consultant.card.saveCarModel('帕萨特');
    await manager.card.saveCarModel('迈腾');

    // The consultant's value arrives first; the manager's later write wins by its clock.
    await consultant.context.setOffline(false);
    await consultant.sync.expectInSync();
    await manager.context.setOffline(false);
    await manager.sync.expectInSync();

    await manager.page.getByTestId('sync-issues-link').click();
    const conflict = manager.page.getByTestId('conflict-item');
    await expect(conflict).toHaveCount(1);
    await expect(conflict).toContainText(name);
    await expect(conflict).toContainText('「车型」被同时修改');
    await expect(conflict.getByTestId('conflict-lost')).toContainText(
      `${dealership.consultants[1].name} 的值（未采用）`,
    );
    await expect(conflict.getByTestId('conflict-lost')).toContainText('帕萨特');
    await expect(conflict.getByTestId('conflict-kept')).toContainText('迈腾');

    // Keeping the current value resolves it for everyone.
    await conflict.getByTestId('conflict-dismiss').click();
    await expect(manager.page.getByTestId('conflicts-empty')).toBeVisible();
  } finally {
    await consultant.context.close();
    await manager.context.close();
  }
});

test('an open card follows synced changes, and saving it keeps them', async ({
  browser,
}, testInfo) => {
  const dealership = e2eDealership(testInfo.parallelIndex);
  const suffix = uniqueSuffix();
  const name = `同屏客户${suffix}`;

  const consultant = await loggedIn(browser, dealership.consultants[0]);
  const manager = await loggedIn(browser, dealership.manager);
  try {
    await consultant.card.create({ name, phone: `137${suffix}`, carModel: '途观L' });
    await consultant.sync.expectInSync();
    await manager.card.openFromList(name);
    const managerModel = manager.page.getByLabel('车型', { exact: true });
    await expect(managerModel).toHaveValue('途观L');

    // Untouched on the manager's screen: the consultant's change simply shows up.
    await consultant.card.saveCarModel('探岳');
    await consultant.sync.expectInSync();
    await expect(managerModel).toHaveValue('探岳', { timeout: 30_000 });

    // Now the manager is typing when the next change arrives: the input stays, a notice says so.
    await manager.page.getByLabel('城市', { exact: true }).fill('佛山');
    await consultant.card.saveCarModel('帕萨特');
    await consultant.sync.expectInSync();
    await expect(manager.page.getByTestId('card-changed-elsewhere')).toBeVisible({
      timeout: 30_000,
    });
    await expect(manager.page.getByLabel('城市', { exact: true })).toHaveValue('佛山');

    // Saving writes only the city: the consultant's newer model is not overwritten.
    await manager.card.save();
    await expect(manager.page.getByText('客户卡已保存').last()).toBeVisible();
    await expect(managerModel).toHaveValue('帕萨特');
    await expect(manager.page.getByTestId('card-changed-elsewhere')).toHaveCount(0);
    await manager.sync.expectInSync();

    await expect(consultant.page.getByLabel('城市', { exact: true })).toHaveValue('佛山', {
      timeout: 30_000,
    });
    await expect(consultant.page.getByLabel('车型', { exact: true })).toHaveValue('帕萨特');
    await expect(manager.page.getByTestId('sync-issues-link')).toHaveCount(0);
  } finally {
    await consultant.context.close();
    await manager.context.close();
  }
});

test('logging out warns about changes not yet sent, then clears the customers from this computer', async ({
  browser,
}, testInfo) => {
  const dealership = e2eDealership(testInfo.parallelIndex);
  const suffix = uniqueSuffix();
  const consultant = await loggedIn(browser, dealership.consultants[1]);
  try {
    const sent = `已同步客户${suffix}`;
    await consultant.card.create({ name: sent, phone: `136${suffix}` });
    await consultant.sync.expectInSync();

    await consultant.context.setOffline(true);
    const unsent = `未同步客户${suffix}`;
    await consultant.card.create({ name: unsent, phone: `135${suffix}` });
    await expect(consultant.sync.pending()).toHaveText(/^[1-9]\d* 条更改待同步$/);

    await consultant.sync.openSettings();
    await consultant.page.getByTestId('sync-logout-button').click();
    await expect(consultant.page.getByTestId('sync-logout-pending')).toContainText(
      '没有同步到服务器',
    );
    // Changing one's mind keeps everything.
    await consultant.page.getByRole('button', { name: '取消' }).click();
    await expect(consultant.page.getByTestId('sync-session')).toBeVisible();

    await consultant.page.getByTestId('sync-logout-button').click();
    await consultant.page.getByTestId('sync-logout-confirm').click();
    await expect(consultant.page.getByTestId('sync-session')).toHaveCount(0);
    await consultant.page
      .getByRole('navigation', { name: 'main' })
      .getByText('客户', { exact: true })
      .click();
    await expect(consultant.page.getByRole('row', { name: new RegExp(sent) })).toHaveCount(0);
    await expect(consultant.page.getByRole('row', { name: new RegExp(unsent) })).toHaveCount(0);
    await expect(consultant.page.getByRole('button', { name: '新建客户' }).first()).toBeVisible();
  } finally {
    await consultant.context.close();
  }
});

test('an admin adds a consultant in Settings, who can then log in', async ({
  browser,
}, testInfo) => {
  const dealership = e2eDealership(testInfo.parallelIndex);
  const login = `new${uniqueSuffix()}`;
  const admin = await loggedIn(browser, dealership.admin);
  const newcomer = await openClient(browser);
  try {
    const users = admin.page.getByTestId('users-admin');
    await expect(users).toContainText(dealership.consultants[0].login);
    await users.getByTestId('users-add').click();
    const dialog = admin.page.getByRole('dialog', { name: '添加用户' });
    // A password that is too short, or too common, is refused with a message next to it.
    await dialog.getByLabel('登录名').fill(login);
    await dialog.getByLabel('姓名').fill('孙新人');
    await dialog.getByLabel('初始密码').fill('short');
    await dialog.getByRole('button', { name: '添加' }).click();
    await expect(dialog).toContainText('密码至少 10 位');
    await dialog.getByLabel('初始密码').fill('qwertyuiop');
    await expect(dialog).toContainText('这是最常见的密码之一，请换一个');

    await dialog.getByLabel('初始密码').fill('welcome-2026');
    await dialog.getByRole('button', { name: '添加' }).click();
    await expect(admin.page.getByText('已添加用户 孙新人')).toBeVisible();
    await expect(users.getByRole('row', { name: new RegExp(login) })).toContainText('销售顾问');

    await newcomer.sync.connectAndLogIn(SYNC_SERVER, {
      login,
      name: '孙新人',
      password: 'welcome-2026',
    });
    await expect(newcomer.page.getByTestId('cadence-read-only')).toBeVisible();
  } finally {
    await admin.context.close();
    await newcomer.context.close();
  }
});
