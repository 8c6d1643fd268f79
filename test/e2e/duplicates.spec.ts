// 重复客户 across three browsers through the e2e sync server: two consultants each make a card for
// the same phone number, the manager sees the claim, keeps one card, chooses its owner, checks the
// preview and merges. The losing consultant's open list loses the card and the winner's card holds
// both numbers and both timelines — by sync, nobody reloads.

import { expect, test, type Page } from '@playwright/test';
import { e2eDealership } from '../support/e2e-accounts';
import { expectSamePage, loggedIn, markPage, uniqueSuffix } from './pages/browsers';

test.describe.configure({ timeout: 150_000 });

const formatted = (phone: string) => `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;

async function addNote(page: Page, text: string): Promise<void> {
  await page.getByRole('tab', { name: '时间线' }).click();
  await page.getByLabel('添加备注').fill(text);
  await page.getByRole('button', { name: '添加备注' }).click();
  await expect(page.getByTestId('timeline')).toContainText(text);
}

async function openCustomerList(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'main' }).getByText('客户', { exact: true }).click();
}

test('a manager merges two consultants’ cards of one customer; both laptops follow', async ({
  browser,
}, testInfo) => {
  // Three laptops log in, each deriving its local key from the password (PBKDF2, 600,000 rounds).
  test.slow();
  const dealership = e2eDealership(testInfo.parallelIndex);
  const [lina, wang] = dealership.consultants;
  const suffix = uniqueSuffix();
  const shared = `135${suffix}`;
  const second = `134${suffix}`;
  const linaCard = `重复甲${suffix}`;
  const wangCard = `重复乙${suffix}`;

  const losing = await loggedIn(browser, lina);
  const winning = await loggedIn(browser, wang);
  const manager = await loggedIn(browser, dealership.manager);
  try {
    await losing.card.create({ name: linaCard, phone: shared, morePhones: [second] });
    await addNote(losing.page, `李娜：客户周末来店${suffix}`);
    await winning.card.create({ name: wangCard, phone: shared });
    await addNote(winning.page, `王磊：已试驾${suffix}`);
    await losing.sync.expectInSync();
    await winning.sync.expectInSync();
    await openCustomerList(losing.page);
    await openCustomerList(winning.page);
    await expect(losing.page.getByRole('row', { name: new RegExp(linaCard) })).toBeVisible();
    await markPage(losing.page);
    await markPage(winning.page);

    // The manager's sidebar counts the claim; the page shows both cards side by side.
    const { duplicates, page } = manager;
    await manager.sync.expectInSync();
    await expect(page.getByTestId('duplicates-badge')).not.toHaveText('0', { timeout: 30_000 });
    await duplicates.open();
    const claim = duplicates.claim(formatted(shared));
    await expect(claim).toBeVisible({ timeout: 30_000 });
    await expect(claim).toContainText(`2 张客户卡 · ${lina.name}、${wang.name}`);
    const linaColumn = duplicates.card(claim, linaCard);
    const wangColumn = duplicates.card(claim, wangCard);
    await expect(linaColumn.getByTestId('claim-card-owner')).toHaveText(lina.name);
    await expect(wangColumn.getByTestId('claim-card-owner')).toHaveText(wang.name);
    await expect(linaColumn).toContainText(formatted(second));
    await expect(wangColumn).toContainText('新线索 N');
    await expect(wangColumn).toContainText('尚未联系');
    await claim.screenshot({ path: testInfo.outputPath('duplicates-claim.png') });
    await page.screenshot({ path: testInfo.outputPath('duplicates-page.png'), fullPage: true });

    // Keep 王磊's card, and say explicitly that 王磊 owns it.
    await duplicates.keep(claim, wangCard);
    await duplicates.chooseOwner(claim, wang.name);
    const dialog = await duplicates.preview(claim);
    await expect(dialog.getByTestId('merge-preview-name')).toHaveText(wangCard);
    await expect(dialog.getByTestId('merge-preview-owner')).toHaveText(wang.name);
    await expect(dialog.getByTestId('merge-preview-phones')).toContainText(formatted(shared));
    await expect(dialog.getByTestId('merge-preview-phones')).toContainText(formatted(second));
    await expect(dialog.getByTestId('merge-preview-merged')).toContainText(
      `${linaCard}（${lina.name}）`,
    );
    await expect(dialog.getByTestId('merge-preview-losing')).toContainText(lina.name);
    await dialog.screenshot({ path: testInfo.outputPath('merge-preview.png') });
    await dialog.getByRole('button', { name: '确认合并' }).click();
    await expect(page.getByText(`已合并到 ${wangCard}`)).toBeVisible({ timeout: 30_000 });
    await expect(claim).toHaveCount(0);

    // 李娜's open list loses the card; 王磊's card has both numbers and both timelines.
    await expect(losing.page.getByRole('row', { name: new RegExp(linaCard) })).toHaveCount(0, {
      timeout: 30_000,
    });
    await expect(winning.page.getByRole('row', { name: new RegExp(linaCard) })).toHaveCount(0);
    await winning.card.openFromList(wangCard);
    await expect(winning.page.getByLabel('电话 1')).toHaveValue(new RegExp(shared));
    await expect(winning.page.getByLabel('电话 2')).toHaveValue(new RegExp(second));
    await winning.page.getByRole('tab', { name: '时间线' }).click();
    const timeline = winning.page.getByTestId('timeline');
    await expect(timeline).toContainText(`李娜：客户周末来店${suffix}`);
    await expect(timeline).toContainText(`王磊：已试驾${suffix}`);
    const merged = timeline.getByTestId('timeline-merged');
    await expect(merged).toContainText('合并了重复的客户卡');
    await expect(merged).toContainText(dealership.manager.name);
    await expect(merged).toContainText(`并入 ${linaCard}（原顾问 ${lina.name}）`);
    await winning.page.screenshot({ path: testInfo.outputPath('merged-timeline.png') });

    await expectSamePage(losing.page);
    await expectSamePage(winning.page);
  } finally {
    await Promise.all([losing, winning, manager].map((client) => client.context.close()));
  }
});

test('consultants do not see 重复客户 and are told it is for managers', async ({
  browser,
}, testInfo) => {
  const consultant = await loggedIn(browser, e2eDealership(testInfo.parallelIndex).consultants[0]);
  try {
    await expect(consultant.duplicates.navItem()).toHaveCount(0);
    await consultant.page.goto('/#/duplicates');
    await expect(consultant.page.getByTestId('duplicates-managers-only')).toContainText(
      '只有连接到同步服务器的经理可以处理重复客户',
    );
  } finally {
    await consultant.context.close();
  }
});
