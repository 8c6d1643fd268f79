// Page object for 战败审批 (/lost-requests) and the consultant's side of a lost request on a card.

import { expect, type Page } from '@playwright/test';

export class LostRequests {
  constructor(private readonly page: Page) {}

  navItem() {
    return this.page.getByRole('navigation', { name: 'main' }).getByText('战败审批');
  }

  /** Through the sidebar, so the page is not loaded again. */
  async open(): Promise<void> {
    await this.navItem().click();
    await expect(this.page.getByRole('heading', { name: '战败审批' })).toBeVisible();
  }

  row(customerName: string) {
    return this.page.getByRole('row', { name: new RegExp(customerName) });
  }

  history() {
    return this.page.getByTestId('lost-request-history');
  }

  /** Opens the confirm dialog from the row, types the note and confirms. */
  async decide(
    customerName: string,
    decision: '批准战败' | '退回跟进',
    note: string,
    from: 'row' | 'history' = 'row',
  ): Promise<void> {
    const origin = from === 'row' ? this.row(customerName) : this.history();
    await origin.getByRole('button', { name: decision }).click();
    const dialog = this.page.getByRole('dialog', { name: `${decision}：${customerName}` });
    await expect(dialog).toBeVisible();
    await dialog.getByLabel('给顾问的说明（可选）').fill(note);
    await dialog.getByRole('button', { name: decision }).click();
    await expect(dialog).toBeHidden({ timeout: 15_000 });
  }
}

/** On the consultant's open card: 申请战败 with a reason and the competitor bought. */
export async function requestLostOnCard(
  page: Page,
  reason: string,
  competitor: string,
): Promise<void> {
  await page.getByRole('button', { name: '申请战败' }).click();
  const dialog = page.getByRole('dialog', { name: '申请战败' });
  await dialog.getByLabel('战败原因').fill(reason);
  await dialog.getByLabel('已购竞品（如有）').fill(competitor);
  await dialog.getByRole('button', { name: '提交申请' }).click();
  await expect(page.getByText('已提交战败申请，等待经理审批').last()).toBeVisible();
  await expect(page.getByTestId('status-tag')).toHaveText('战败待批 F');
}
