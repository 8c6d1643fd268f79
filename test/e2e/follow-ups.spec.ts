// Plan and complete follow-ups: the next one is proposed by the cadence of the intent level, and
// the views (due today, past due, upcoming, no plan) list what needs doing.

import { expect, test } from '@playwright/test';
import { CustomerCard } from './pages/customer-card';
import { dayPlus } from './pages/dates';

test('completing a follow-up proposes the next one by the cadence of the intent level', async ({
  page,
}) => {
  await new CustomerCard(page).create({
    name: '周敏',
    phone: '13711112222',
    facts: { need: true, power: true },
  });
  await page.getByRole('tab', { name: '跟进' }).click();
  await page.getByTestId('planned-follow-ups').getByRole('button', { name: '完成' }).click();

  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('跟进记录').fill('客户周末到店试驾，预算 20 万左右');
  await dialog.getByRole('radio', { name: 'A', exact: true }).check();
  await expect(dialog.getByTestId('cadence-hint')).toHaveText('按 A 级节奏建议：7 天后');
  await expect(dialog.getByLabel('跟进时间')).toHaveValue(`${await dayPlus(page, 7)} 10:00`);
  await dialog.getByRole('radio', { name: 'H', exact: true }).check();
  await expect(dialog.getByLabel('跟进时间')).toHaveValue(`${await dayPlus(page, 2)} 10:00`);
  await dialog.getByLabel('目的').fill('确认试驾时间');
  await dialog.getByRole('button', { name: '完成' }).click();
  await expect(dialog).toBeHidden();

  const planned = page.getByTestId('planned-follow-ups');
  await expect(planned).toContainText('确认试驾时间');
  await expect(planned.getByTestId('planned-due')).toHaveText(`${await dayPlus(page, 2)} 10:00`);
  await expect(page.getByTestId('intent-tag').first()).toContainText('H 级');
  await expect(page.getByTestId('status-tag')).toHaveText('跟进中');
  await expect(page.getByText('客户周末到店试驾，预算 20 万左右')).toBeVisible();
});

test('a customer without a plan shows under "no plan" until one is planned', async ({ page }) => {
  await new CustomerCard(page).create({ name: '吴涛', phone: '13922223333' });
  await page.getByRole('tab', { name: '跟进' }).click();
  await page.getByRole('button', { name: '取消计划' }).click();
  await page.getByRole('button', { name: '确认' }).click();
  await expect(page.getByTestId('no-plan-warning')).toBeVisible();

  await page
    .getByRole('link', { name: '跟进' })
    .or(page.getByRole('menuitem', { name: '跟进' }))
    .first()
    .click();
  await expect(page.getByTestId('view-no_plan')).toContainText('1');
  await page.getByTestId('view-no_plan').click();
  const table = page.getByTestId('no-plan-table');
  await expect(table).toContainText('吴涛');
  await table.getByRole('button', { name: '计划跟进' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('目的').fill('邀约到店');
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('每位在跟客户都有下一次跟进计划。')).toBeVisible();
  await page.getByTestId('view-upcoming').click();
  await expect(page.getByTestId('follow-up-table')).toContainText('吴涛');
});

test('the follow-up lists have a search and filters, and scroll to their last row', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: '加载示例数据' }).click();
  await expect(page.getByTestId('customer-count')).toHaveText('共 500 位客户', { timeout: 30_000 });
  await page.getByRole('navigation', { name: 'main' }).getByText('跟进', { exact: true }).click();
  await page.getByTestId('view-past_due').click();
  const table = page.getByTestId('follow-up-table');
  const count = page.getByTestId('follow-up-count');
  await expect(count).toHaveText(/^共 \d+ 条$/);
  const total = Number((await count.textContent())!.replace(/\D/g, ''));
  expect(total).toBeGreaterThan(20);

  // Every row of the list can be reached: the last one scrolls into view.
  await table.getByTestId('follow-up-table-scroll').evaluate((element) => {
    element.scrollTop = element.scrollHeight;
  });
  await expect(table.locator(`[aria-rowindex="${total + 1}"]`)).toBeVisible();
  await expect(table.locator(`[aria-rowindex="${total + 1}"]`)).not.toHaveText('…');

  // A name prefix (the surname of the first row) narrows the list to those customers.
  await table.getByTestId('follow-up-table-scroll').evaluate((element) => {
    element.scrollTop = 0;
  });
  const firstName = (await table.getByRole('row').nth(1).getByRole('link').textContent())!;
  const surname = firstName.slice(0, 1);
  await page.getByLabel('搜索姓名或手机号（前缀）').fill(surname);
  await expect(count).not.toHaveText(`共 ${total} 条`);
  const names = await table.getByRole('row').getByRole('link').allTextContents();
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) expect(name.startsWith(surname)).toBe(true);
  await page.getByRole('button', { name: '清除筛选' }).click();
  await expect(count).toHaveText(`共 ${total} 条`);

  // Grade and channel filters: every row shown passes both.
  await page.getByLabel('资格', { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="A 级"]').click();
  await page.keyboard.press('Escape');
  await page.getByLabel('方式', { exact: true }).click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="电话"]').click();
  await page.keyboard.press('Escape');
  await expect(count).not.toHaveText(`共 ${total} 条`);
  const rows = table.getByRole('row').filter({ has: page.getByRole('link') });
  await expect(rows.first()).toBeVisible();
  for (const row of await rows.all()) {
    await expect(row.getByTestId('grade-tag')).toHaveText('A 级');
    await expect(row.getByRole('cell').nth(3)).toHaveText('电话');
  }
});
