// Produces the README screenshots from the running app: builds nothing itself, expects
// `npm run build:renderer` first, serves dist/renderer with `vite preview`, drives Chromium.
// The sync shots run against the e2e sync server (in memory, seeded with the e2e accounts).
// Run: npm run screenshots

import {
  chromium,
  expect,
  type Browser,
  type BrowserContextOptions,
  type Page,
} from '@playwright/test';
import { readFileSync } from 'node:fs';
import { preview } from 'vite';
import { CustomerCard, type NewCardInput } from '../test/e2e/pages/customer-card';
import { DeliveryScreens } from '../test/e2e/pages/delivery';
import { Duplicates } from '../test/e2e/pages/duplicates';
import { ImportWizard } from '../test/e2e/pages/import-wizard';
import { LostRequests, requestLostOnCard } from '../test/e2e/pages/lost-requests';
import { TeamBoard } from '../test/e2e/pages/team-board';
import { SyncClient } from '../test/e2e/pages/sync-client';
import { pretendLoggedInBeforeSealing } from '../test/e2e/pages/upgraded-laptop';
import { CHROMIUM_ARGS, chromiumExecutablePath } from '../test/support/chromium';
import { e2eDealership, type E2eAccount } from '../test/support/e2e-accounts';
import { startE2eSyncServer } from '../test/support/e2e-sync-server';
import { seedSampleShowroom } from '../test/support/sample-showroom-seed';

const OUT = 'docs/screenshots';
/** Not the e2e suite's ports, so both can run at once; overridable for a second checkout. */
const PREVIEW_PORT = Number(process.env.SCREENSHOT_WEB_PORT) || 4180;
const SYNC_PORT = Number(process.env.SCREENSHOT_SYNC_PORT) || 8790;

const CONTEXT_OPTIONS: BrowserContextOptions = {
  viewport: { width: 1440, height: 900 },
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};

async function main(): Promise<void> {
  const server = await preview({ preview: { port: PREVIEW_PORT, strictPort: true } });
  const browser = await chromium.launch({
    executablePath: chromiumExecutablePath(),
    args: CHROMIUM_ARGS,
  });
  try {
    // SCREENSHOTS_ONLY=delivery (or local, sync; comma-separated) retakes just those groups.
    const only = process.env.SCREENSHOTS_ONLY?.split(',') ?? [
      'local',
      'delivery',
      'sync',
      'import',
      'lock',
    ];
    if (only.includes('local')) await takeLocalShots(browser);
    if (only.includes('import')) await takeImportShots(browser);
    if (only.includes('delivery')) await takeDeliveryShots(browser);
    if (only.includes('sync')) await takeSyncShots(browser);
    if (only.includes('lock')) await takeLockShot(browser);
    if (only.includes('lock') || only.includes('lock-upgrade')) await takeUpgradeLockShot(browser);
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}

async function takeLocalShots(browser: Browser): Promise<void> {
  const context = await browser.newContext(CONTEXT_OPTIONS);
  try {
    const page = await context.newPage();
    const base = `http://localhost:${PREVIEW_PORT}/`;
    await page.goto(base);
    await shot(page, '01-empty-state');

    await page.getByRole('button', { name: '加载示例数据' }).click();
    await page.getByText('共 500 位客户').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(800);
    await shot(page, '02-customer-list');

    // A customer with some history: the first one past due.
    await page.goto(`${base}#/follow-ups`);
    await page.getByTestId('view-past_due').click();
    await page.getByTestId('follow-up-table').getByRole('link').first().click();
    await page.getByTestId('card-name').waitFor();
    await page.waitForTimeout(2500);
    await shot(page, '03-customer-card');

    await page.getByRole('tab', { name: '时间线' }).click();
    await page.waitForTimeout(300);
    await shot(page, '04-timeline');

    await page.goto(`${base}#/follow-ups`);
    // The rows (not their loading placeholders) and every view's count.
    await page.getByTestId('follow-up-table').getByTestId('status-tag').first().waitFor();
    await expect(page.getByTestId('view-no_plan')).not.toContainText('…');
    await expect(page.getByTestId('view-complaints')).not.toContainText('…');
    await shot(page, '05-follow-ups');

    await page.getByTestId('follow-up-table').getByRole('button', { name: '完成' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('跟进记录').fill('客户周末带家人到店试驾，对空间很满意');
    await dialog.getByRole('radio', { name: 'H', exact: true }).check();
    await dialog.getByLabel('目的').fill('确认试驾时间');
    await page.waitForTimeout(300);
    await shot(page, '06-complete-follow-up');
    await dialog.getByRole('button', { name: '取消' }).click();

    await page.goto(`${base}#/quick-capture`);
    await page.getByLabel('活动名称').fill('2026广州车展');
    for (const [name, phone, model] of [
      ['刘洋', '13811110001', '途观L'],
      ['黄芳', '13811110002', '帕萨特'],
    ] as const) {
      await page.getByLabel('姓名').fill(name);
      await page.getByLabel('手机号').fill(phone);
      await page.getByLabel('意向车型').fill(model);
      await page.getByLabel('需求：有真实的购车需求').check();
      await page.getByLabel('购买力：有支付能力').check();
      await page.keyboard.press('Enter');
      await page.getByText(`已保存：${name}`).waitFor();
    }
    await page.getByLabel('姓名').fill('林杰');
    await page.getByLabel('手机号').fill('13811110001');
    await page.waitForTimeout(500);
    await shot(page, '07-quick-capture');

    await page.goto(`${base}#/settings`);
    await page.reload(); // no leftover toasts from the previous screen
    await page.getByText('English').click();
    await page.waitForTimeout(300);
    await shot(page, '08-settings-english');
  } finally {
    await context.close();
  }
}

const SYNC_CARDS: NewCardInput[] = [
  {
    name: '陈志强',
    phone: '13912340001',
    carModel: '帕萨特',
    facts: { confidence: true, need: true, power: true },
  },
  { name: '刘晓燕', phone: '13912340002', carModel: '途观L', facts: { need: true, power: true } },
  { name: '吴海涛', phone: '13912340003', carModel: 'ID.4', facts: { need: true } },
];

type SyncedClient = {
  page: Page;
  sync: SyncClient;
  card: CustomerCard;
  offline(on: boolean): Promise<void>;
};

/** The delivery checklist mid-way, then the signature with what still blocks completion. */
async function takeDeliveryShots(browser: Browser): Promise<void> {
  const context = await browser.newContext({
    ...CONTEXT_OPTIONS,
    baseURL: `http://localhost:${PREVIEW_PORT}`,
  });
  try {
    const page = await context.newPage();
    await page.goto(`http://localhost:${PREVIEW_PORT}/`);
    await new CustomerCard(page).create({
      name: '林晓',
      phone: '13655556666',
      carModel: 'ID.4 CROZZ',
      facts: { confidence: true, need: true, power: true },
    });
    const screens = new DeliveryScreens(page);
    await screens.openTab();
    await screens.recordContract(219_800);
    const dialog = await screens.openSchedule();
    await screens.fillVehicle({
      vin: 'LFV2A21K4G3041234',
      engineNumber: 'EA211-778899',
      colour: '星空蓝',
    });
    await dialog.getByRole('button', { name: '安排交车' }).click();
    await page.getByTestId('checklist-header').waitFor();
    await screens.markNotApplicable('新能源车随车充电线', '燃油车，无充电线');
    // Half-way through PDI: the rest of the list is still to do.
    await screens.tickAllExcept([
      '仪表无故障灯',
      '内饰无污损',
      '随车文件',
      '购车发票',
      '车辆合格证',
      '三包凭证',
      '车辆一致性证书',
      '保险单',
      '两把钥匙',
      '三角警示牌',
      '千斤顶',
      '绕车介绍',
      '短途试驾',
      '介绍售后服务顾问',
      '交车合影',
    ]);
    await screens.item('轮胎及胎压正常').getByRole('button', { name: '备注' }).click();
    await page.getByRole('dialog').getByLabel('备注').fill('右后胎压 2.3，已调至 2.5');
    await page.getByRole('dialog').getByRole('button', { name: '保存' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await waitForToastsToGo(page);
    await scrollToTop(page);
    await shot(page, '17-delivery-checklist');

    await screens.tickAllExcept(['交车合影', '两把钥匙，均已测试']);
    await screens.sign();
    await screens.complete();
    await page.getByTestId('completion-blockers').waitFor();
    await page.getByTestId('completion-panel').scrollIntoViewIfNeeded();
    await waitForToastsToGo(page);
    await shot(page, '18-delivery-signature');
  } finally {
    await context.close();
  }
}

async function openSyncedClient(
  browser: Browser,
  serverUrl: string,
  account: E2eAccount,
): Promise<SyncedClient> {
  const context = await browser.newContext({
    ...CONTEXT_OPTIONS,
    baseURL: `http://localhost:${PREVIEW_PORT}`,
  });
  const page = await context.newPage();
  const sync = new SyncClient(page);
  await sync.connectAndLogIn(serverUrl, account);
  return {
    page,
    sync,
    card: new CustomerCard(page),
    offline: (on) => context.setOffline(on),
  };
}

/** A consultant and a manager of one dealership: the server card, offline work, a conflict. */
async function takeSyncShots(browser: Browser): Promise<void> {
  const server = await startE2eSyncServer({
    port: SYNC_PORT,
    extraCorsOrigins: [`http://localhost:${PREVIEW_PORT}`, `http://127.0.0.1:${PREVIEW_PORT}`],
  });
  try {
    const dealership = e2eDealership(0);
    const consultant = await openSyncedClient(browser, server.url, dealership.consultants[0]);
    const manager = await openSyncedClient(browser, server.url, dealership.manager);

    for (const card of SYNC_CARDS) await consultant.card.create(card);
    await consultant.sync.expectInSync();
    await consultant.sync.openSettings();
    await waitForToastsToGo(consultant.page);
    await scrollToTop(consultant.page);
    await shot(consultant.page, '09-sync-settings');

    // Both open the same card, then change its model while offline: the consultant first, so
    // the manager's later write wins and the consultant's value is the one kept aside.
    const [contested] = SYNC_CARDS;
    if (!contested) throw new Error('no cards');
    await manager.card.openFromList(contested.name);
    await consultant.card.openFromList(contested.name);
    await consultant.offline(true);
    await manager.offline(true);
    await consultant.card.saveCarModel('帕萨特 380TSI 豪华版');
    await manager.card.saveCarModel('迈腾 330TSI 领先型');
    await consultant.card.create({
      name: '黄丽萍',
      phone: '13912340004',
      carModel: '途岳',
      facts: { need: true, power: true },
    });
    await consultant.page.getByLabel('备注').fill('周六上午带家人来试驾');
    await consultant.card.save();
    await waitForToastsToGo(consultant.page);
    await scrollToTop(consultant.page);
    await shot(consultant.page, '10-sync-status');

    await consultant.offline(false);
    await consultant.sync.expectInSync();
    await manager.offline(false);
    await manager.sync.expectInSync();
    // The consultant's poke stream may still be waiting to reconnect: fetch the conflict now.
    await consultant.sync.openSettings();
    await consultant.page.getByTestId('sync-now-button').click();
    await consultant.page.getByTestId('sync-issues-link').click();
    await consultant.page.getByTestId('conflict-item').first().waitFor();
    await waitForToastsToGo(consultant.page);
    await scrollToTop(consultant.page);
    await shot(consultant.page, '11-sync-conflicts');

    // The manager's side: a lost request to decide, the team board, a handover prepared.
    const [, , leaving] = SYNC_CARDS;
    if (!leaving) throw new Error('no cards');
    await consultant.card.openFromList(leaving.name);
    await requestLostOnCard(consultant.page, '客户预算不足，已在别家订了二手车', '二手车商');
    await consultant.sync.expectInSync();
    const lost = new LostRequests(manager.page);
    await lost.open();
    await lost.row(leaving.name).waitFor();
    await waitForToastsToGo(manager.page);
    await manager.page.waitForTimeout(1000); // the new row fades in
    await shot(manager.page, '12-lost-requests');

    await new TeamBoard(manager.page).openFromSidebar();
    await manager.page.getByTestId('team-summary').waitFor();
    await manager.page.waitForTimeout(500);
    await shot(manager.page, '13-team-board');

    await manager.page.getByRole('navigation', { name: 'main' }).getByText('转移客户').click();
    await manager.page.getByTestId('reassign-from').click();
    await manager.page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', {
        hasText: dealership.consultants[0].name,
      })
      .click();
    // Nothing is ticked at first: the manager chooses the customers (here, all of them).
    await manager.page.getByTestId('reassign-select-all').click();
    await manager.page.getByRole('radio', { name: '轮流分给多位顾问' }).check();
    await manager.page.getByTestId('reassign-to').click();
    await manager.page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', {
        hasText: dealership.consultants[1].name,
      })
      .click();
    // Close the dropdown so the preview shows.
    await manager.page.getByRole('heading', { name: '转移客户' }).click();
    await expect(manager.page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
    await manager.page.getByTestId('reassign-preview').waitFor();
    await shot(manager.page, '14-reassign');

    // The other consultant met 刘晓燕 at an event and made a card of their own: a claim.
    const [, claimed] = SYNC_CARDS;
    if (!claimed) throw new Error('no cards');
    const other = await openSyncedClient(browser, server.url, dealership.consultants[1]);
    await other.card.create({
      name: '刘晓艳',
      phone: claimed.phone,
      morePhones: ['02087654321'],
      carModel: '途观L',
      facts: { need: true, power: true, confidence: true },
    });
    await other.sync.expectInSync();
    const duplicates = new Duplicates(manager.page);
    await duplicates.open();
    const claim = duplicates.claim('139 1234 0002');
    await claim.waitFor();
    await manager.page.waitForTimeout(500);
    await shot(manager.page, '15-duplicates');
    await duplicates.keep(claim, claimed.name);
    const preview = await duplicates.preview(claim);
    await preview.getByTestId('merge-preview-phones').waitFor();
    await manager.page.waitForTimeout(500);
    await shot(manager.page, '16-merge-preview');
    await takeDashboardShot(browser, server.url);
  } finally {
    await server.close();
  }
}

/**
 * The dashboard needs a showroom's worth of history: the sample showroom (500 customers) pushed
 * by the two consultants of another dealership than the shots above, so those stay small.
 */
async function takeDashboardShot(browser: Browser, serverUrl: string): Promise<void> {
  const dealership = e2eDealership(1);
  await seedSampleShowroom(serverUrl, dealership.consultants, { customers: 500, seed: 20261124 });
  const manager = await openSyncedClient(browser, serverUrl, dealership.manager);
  await manager.page.getByRole('navigation', { name: 'main' }).getByText('经营看板').click();
  await expect(manager.page.getByTestId('dashboard-status')).toContainText('统计于', {
    timeout: 60_000,
  });
  await waitForToastsToGo(manager.page);
  // Tall enough for every chart, so the sidebar runs the whole height too.
  const height = await manager.page.evaluate(() => document.documentElement.scrollHeight);
  await manager.page.setViewportSize({ width: 1440, height });
  await manager.page.waitForTimeout(500);
  await shot(manager.page, '19-dashboard');
}

/** The import wizard's preview of the GBK CSV fixture (a title row, duplicates, bad phones). */
async function takeImportShots(browser: Browser): Promise<void> {
  const context = await browser.newContext({
    ...CONTEXT_OPTIONS,
    viewport: { width: 1400, height: 900 },
    baseURL: `http://localhost:${PREVIEW_PORT}/`,
  });
  try {
    const page = await context.newPage();
    await page.goto('/');
    const wizard = new ImportWizard(page);
    await wizard.open({
      name: '2026广州车展登记.csv',
      mimeType: 'text/csv',
      buffer: readFileSync('shared/import/fixtures/showroom-gbk.csv'),
    });
    await wizard.next();
    await wizard.next();
    await expect(wizard.line(11)).toBeVisible();
    await page.waitForTimeout(300);
    await shot(page, '20-import-preview');
  } finally {
    await context.close();
  }
}

/** The lock screen after a wrong PIN: a consultant's name, why it locked, attempts left. */
async function takeLockShot(browser: Browser): Promise<void> {
  const context = await browser.newContext({
    ...CONTEXT_OPTIONS,
    baseURL: `http://localhost:${PREVIEW_PORT}/`,
  });
  try {
    const page = await context.newPage();
    await page.goto('/#/settings');
    const profile = page.getByLabel('我的名字');
    await profile.fill('李娜');
    await profile.press('Enter');
    const security = page.getByTestId('device-security');
    await security.getByRole('button', { name: '设置 PIN' }).click();
    await security.getByLabel('新 PIN', { exact: true }).fill('246802');
    await security.getByLabel('再次输入新 PIN').fill('246802');
    await security.getByRole('button', { name: '保存 PIN' }).click();
    await expect(page.getByText('PIN 已保存')).toBeVisible();
    await page.getByTestId('lock-button').click();
    const screen = page.getByTestId('lock-screen');
    await screen.getByLabel('PIN').fill('135790');
    await screen.getByRole('button', { name: '解锁' }).click();
    await expect(screen.getByTestId('lock-notice')).toBeVisible();
    await shot(page, '21-lock-screen');
  } finally {
    await context.close();
  }
}

/** The lock screen of a laptop updated while someone was logged in: the password must protect it. */
async function takeUpgradeLockShot(browser: Browser): Promise<void> {
  const context = await browser.newContext({
    ...CONTEXT_OPTIONS,
    baseURL: `http://localhost:${PREVIEW_PORT}/`,
  });
  try {
    const page = await context.newPage();
    await page.goto('/#/settings');
    const profile = page.getByLabel('我的名字');
    await profile.fill('李娜');
    await profile.press('Enter');
    await expect(profile).toHaveValue('李娜');
    await pretendLoggedInBeforeSealing(
      page,
      {
        id: '0193a4f0-7c2e-7d41-9a6b-2f8e1c3d5a70',
        login: 'lina',
        name: '李娜',
        role: 'consultant',
        dealershipId: '0193a4f0-7c2e-7d41-9a6b-2f8e1c3d5a71',
        dealershipName: '星辰汽车',
      },
      null,
    );
    await page.reload();
    const screen = page.getByTestId('lock-screen');
    await expect(screen.getByTestId('lock-hint')).toBeVisible();
    await page.waitForTimeout(300);
    await shot(page, '22-lock-after-upgrade');
  } finally {
    await context.close();
  }
}

async function scrollToTop(page: Page): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
}

async function waitForToastsToGo(page: Page): Promise<void> {
  await expect(page.locator('.ant-message-notice')).toHaveCount(0, { timeout: 10_000 });
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${OUT}/${name}.png` });
  console.log(`${OUT}/${name}.png`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
