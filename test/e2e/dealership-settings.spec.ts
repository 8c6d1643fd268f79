// 设置 → 经销商信息: the dealership's name, address and phone for the delivery confirmation,
// checked as typed and kept after a reload.

import { expect, test } from '@playwright/test';

test('the dealership’s name, address and phone are checked as typed and saved', async ({
  page,
}) => {
  await page.goto('/#/settings');
  const card = page.getByRole('form', { name: '经销商信息' });
  const name = card.getByLabel('经销商名称');
  const phone = card.getByLabel('电话');
  await name.fill('天河');
  await name.fill('');
  await expect(card).toContainText('请填写经销商名称');
  await phone.fill('电话12');
  await expect(card).toContainText('电话只能包含数字、空格、括号、“-”和“+”，7–20 位');

  await name.fill('广州天河大众 4S 店');
  await phone.fill('020-3888 1234');
  await card.getByLabel('地址').fill('广州市天河区黄埔大道西 100 号');
  await expect(card).not.toContainText('请填写经销商名称');
  await card.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已保存')).toBeVisible();

  await page.reload();
  await expect(card.getByLabel('经销商名称')).toHaveValue('广州天河大众 4S 店');
  await expect(card.getByLabel('电话')).toHaveValue('020-3888 1234');
  await expect(card.getByLabel('地址')).toHaveValue('广州市天河区黄埔大道西 100 号');
});
