// The app opens in Simplified Chinese; English is one click away in settings and is remembered.

import { expect, test } from '@playwright/test';

test('switching to English translates the UI and survives a reload', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('menuitem', { name: '客户' })).toBeVisible();
  await page.getByRole('menuitem', { name: '设置' }).click();
  await page.getByText('English').click();
  await expect(page.getByRole('menuitem', { name: 'Customers' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();

  await page.reload();
  await expect(page.getByRole('menuitem', { name: 'Customers' })).toBeVisible();
  await page.getByRole('menuitem', { name: 'Customers' }).click();
  await expect(page.getByText('No customers yet')).toBeVisible();

  await page.getByRole('menuitem', { name: 'Settings' }).click();
  await page.getByText('简体中文').click();
  await expect(page.getByRole('menuitem', { name: '客户' })).toBeVisible();
});
