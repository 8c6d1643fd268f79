// 删除客户 across two browsers through the e2e sync server: the manager deletes a consultant's
// card with a reason; it leaves the consultant's list without a reload (live poke); the manager
// restores it from 已删除客户 and it comes back with its timeline telling both steps.

import { expect, test } from '@playwright/test';
import { e2eDealership } from '../support/e2e-accounts';
import { loggedIn, uniqueSuffix } from './pages/browsers';

test.describe.configure({ timeout: 120_000 });

test('a manager deletes a card for everyone and restores it', async ({ browser }, testInfo) => {
  const dealership = e2eDealership(testInfo.parallelIndex);
  const suffix = uniqueSuffix();
  const name = `删除客户${suffix}`;
  const reason = `重复录入${suffix}`;

  const manager = await loggedIn(browser, dealership.manager);
  const consultant = await loggedIn(browser, dealership.consultants[0]);
  try {
    await consultant.card.create({ name, phone: `135${suffix}` });
    // A consultant has no delete button: they request lost instead.
    await expect(consultant.page.getByTestId('delete-customer')).toHaveCount(0);
    await consultant.sync.expectInSync();
    await consultant.page
      .getByRole('navigation', { name: 'main' })
      .getByText('客户', { exact: true })
      .click();
    const consultantRow = consultant.page.getByRole('row', { name: new RegExp(name) });
    await expect(consultantRow).toBeVisible();

    // The manager's list gets it over the poke stream.
    await manager.page
      .getByRole('navigation', { name: 'main' })
      .getByText('客户', { exact: true })
      .click();
    await expect(manager.page.getByRole('row', { name: new RegExp(name) })).toBeVisible({
      timeout: 30_000,
    });
    await manager.card.openFromList(name);
    await manager.page.getByTestId('delete-customer').click();
    const dialog = manager.page.getByRole('dialog');
    await dialog.getByLabel('删除原因（选填）').fill(reason);
    await dialog.getByRole('button', { name: '删除客户' }).click();
    await expect(manager.page.getByText(`已删除客户「${name}」`)).toBeVisible();

    // Gone from the consultant's open list, over the poke stream.
    await expect(consultantRow).toHaveCount(0, { timeout: 30_000 });

    await manager.page
      .getByRole('navigation', { name: 'main' })
      .getByText('已删除客户', { exact: true })
      .click();
    const deletedRow = manager.page.getByRole('row', { name: new RegExp(name) });
    await expect(deletedRow).toContainText(reason);
    await expect(deletedRow).toContainText(dealership.consultants[0].name);
    await deletedRow.getByRole('button', { name: '恢复' }).click();
    await expect(manager.page.getByText(`已恢复客户「${name}」`)).toBeVisible();
    await expect(deletedRow).toHaveCount(0);

    // Back on the consultant's laptop, with the story on its timeline.
    await expect(consultantRow).toBeVisible({ timeout: 30_000 });
    await consultantRow.click();
    await consultant.page.getByRole('tab', { name: '时间线' }).click();
    const timeline = consultant.page.getByTestId('timeline');
    await expect(timeline).toContainText('恢复了已删除的客户卡');
    await expect(timeline).toContainText('删除了客户卡');
    await expect(timeline).toContainText(reason);
  } finally {
    await consultant.context.close();
    await manager.context.close();
  }
});
