// Event quick capture on an auto-show floor: three leads entered with the keyboard alone.

import { expect, test } from '@playwright/test';

const LEADS = [
  { name: '刘洋', phone: '13811110001', model: '途观L', facts: 3 },
  { name: '黄芳', phone: '13811110002', model: '帕萨特', facts: 0 },
  { name: '林杰', phone: '13811110003', model: '', facts: 1 },
];

test('three leads captured by keyboard, each tagged with the event, kept after a reload', async ({
  page,
}) => {
  await page.goto('/#/quick-capture');
  await page.getByLabel('活动名称').fill('2026广州车展');
  await page.getByLabel('姓名').click();

  for (const lead of LEADS) {
    await expect(page.getByLabel('姓名')).toBeFocused();
    await page.keyboard.type(lead.name);
    await page.keyboard.press('Tab');
    await page.keyboard.type(lead.phone);
    await page.keyboard.press('Tab');
    await page.keyboard.type(lead.model);
    // Tab onto the three facts; Space ticks the first `facts` of them.
    for (let index = 0; index < 3; index += 1) {
      await page.keyboard.press('Tab');
      if (index < lead.facts) await page.keyboard.press('Space');
    }
    await page.keyboard.press('Enter');
    await expect(page.getByText(`已保存：${lead.name}`)).toBeVisible();
    await expect(page.getByLabel('姓名')).toHaveValue('');
  }
  await expect(page.getByText('本次已录入 3 位')).toBeVisible();
  const captured = page.getByTestId('captured-list');
  await expect(captured.getByText('刘洋')).toBeVisible();
  await expect(captured.getByRole('listitem').filter({ hasText: '刘洋' })).toContainText('A 级');

  await page.reload();
  await page.goto('/#/customers');
  await page.getByLabel('标签').click();
  await page.getByTitle('2026广州车展').click();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('customer-count')).toHaveText('共 3 位客户');
  for (const lead of LEADS)
    await expect(page.getByRole('row', { name: new RegExp(lead.name) })).toBeVisible();

  await page.getByRole('row', { name: /刘洋/ }).click();
  await expect(page.getByTestId('card-name')).toHaveText('刘洋');
  await expect(page.getByLabel('来源详情').or(page.getByLabel('活动 / 车展名称'))).toHaveValue(
    '2026广州车展',
  );
});
