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

test('a phone seen before: the warning takes no Tab stop, Enter records the visit on the card, N makes a new one', async ({
  page,
}) => {
  await page.goto('/#/quick-capture');
  await page.getByLabel('活动名称').fill('2026成都车展');
  await page.getByLabel('姓名').click();

  const typeLead = async (name: string, phone: string, model: string, pauseMs: number) => {
    await expect(page.getByLabel('姓名')).toBeFocused();
    await page.keyboard.type(name);
    await page.keyboard.press('Tab');
    await page.keyboard.type(phone);
    // A pause long enough for the duplicate warning to appear under the phone field.
    if (pauseMs > 0) await page.waitForTimeout(pauseMs);
    await page.keyboard.press('Tab');
    await page.keyboard.type(model);
    await page.keyboard.press('Enter');
  };

  await typeLead('王强', '13912345602', '途观L', 0);
  await expect(page.getByText('已保存：王强')).toBeVisible();

  // The same phone again, with a pause: the warning shows, and Tab still goes to the model.
  await page.keyboard.type('赵磊');
  await page.keyboard.press('Tab');
  await page.keyboard.type('139-1234-5602');
  await expect(page.getByTestId('duplicate-phone-warning')).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('意向车型')).toBeFocused();
  await page.keyboard.type('帕萨特');
  await page.keyboard.press('Enter');
  // Asked, with the known card's name; Enter records the visit there.
  const dialog = page.getByRole('dialog', { name: '这个号码已经有客户卡了' });
  await expect(dialog).toContainText('王强');
  await expect(dialog.getByTestId('record-visit')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('已记到 王强 的客户卡上')).toBeVisible();
  await expect(page.getByLabel('姓名')).toHaveValue('');
  await expect(page.getByLabel('姓名')).toBeFocused();

  // Typed so fast that the warning cannot have appeared: the save still asks. N makes a new card.
  await typeLead('王强太太', '+86 139 1234 5602', '', 0);
  await expect(dialog).toBeVisible();
  await page.keyboard.press('n');
  await expect(page.getByText('已保存：王强太太')).toBeVisible();
  await expect(page.getByText('本次已录入 2 位')).toBeVisible();

  // Two cards with that phone (王强 and the one made on purpose), no 赵磊; the visit is on 王强's card.
  await page.goto('/#/customers');
  await page.getByRole('searchbox', { name: '搜索姓名或手机号（前缀）' }).fill('13912345602');
  await expect(page.getByTestId('customer-count')).toHaveText('共 2 位客户');
  await expect(page.getByRole('row', { name: /赵磊/ })).toHaveCount(0);
  await page
    .getByRole('row', { name: /王强(?!太太)/ })
    .first()
    .click();
  await expect(page.getByTestId('card-name')).toHaveText('王强');
  await page
    .getByRole('tab', { name: /时间线/ })
    .click()
    .catch(() => undefined);
  await expect(page.getByText('在活动中再次到访')).toBeVisible();
  await expect(page.getByText('活动：2026成都车展')).toBeVisible();

  // Met at the show: the automatic first contact is done, and the next plan is the cadence's.
  await page.getByRole('tab', { name: /跟进/ }).click();
  const planned = page.getByTestId('planned-follow-ups');
  await expect(planned).not.toContainText('首次联系');
  await expect(planned).toContainText('常规跟进');
});
