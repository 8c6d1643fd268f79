// Page object for 重复客户 (/duplicates): the manager's duplicate claims and the merge preview.

import { expect, type Locator, type Page } from '@playwright/test';

export class Duplicates {
  constructor(private readonly page: Page) {}

  navItem(): Locator {
    return this.page.getByRole('navigation', { name: 'main' }).getByText('重复客户');
  }

  /** Through the sidebar, so the page is not loaded again. */
  async open(): Promise<void> {
    await this.navItem().click();
    await expect(this.page.getByRole('heading', { name: '重复客户' })).toBeVisible();
  }

  /** The claim whose cards carry this number (as shown: "138 0013 8000"). */
  claim(phone: string): Locator {
    return this.page.getByTestId('duplicate-claim').filter({ hasText: phone });
  }

  /** The column of one card of a claim, by the card's customer name. */
  card(claim: Locator, customerName: string): Locator {
    return claim.getByTestId('claim-card').filter({ hasText: customerName });
  }

  async keep(claim: Locator, customerName: string): Promise<void> {
    await this.card(claim, customerName).getByTestId('claim-keep').click();
  }

  async chooseOwner(claim: Locator, ownerName: string): Promise<void> {
    await claim.getByTestId('claim-owner').click();
    await this.page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: ownerName })
      .first()
      .click();
  }

  /** Opens the preview of the claim's merge; returns the dialog. */
  async preview(claim: Locator): Promise<Locator> {
    await claim.getByTestId('claim-preview').click();
    const dialog = this.page.getByRole('dialog');
    await expect(dialog.getByTestId('merge-preview')).toBeVisible();
    return dialog;
  }
}
