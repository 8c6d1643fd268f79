// Page object for 团队看板 (/team), the manager's board of every consultant's follow-ups.

import { expect, type Locator, type Page } from '@playwright/test';

export type BoardCount = 'due_today' | 'past_due' | 'escalated' | 'upcoming' | 'no_plan';

export class TeamBoard {
  constructor(private readonly page: Page) {}

  navItem(): Locator {
    return this.page.getByRole('navigation', { name: 'main' }).getByText('团队看板');
  }

  async openFromSidebar(): Promise<void> {
    await this.navItem().click();
    await expect(this.page.getByRole('heading', { name: '团队看板' })).toBeVisible();
  }

  summaryRow(consultant: string): Locator {
    return this.page
      .getByTestId('team-summary')
      .getByRole('row')
      .filter({ has: this.page.getByText(consultant, { exact: true }) });
  }

  count(consultant: string, bucket: BoardCount): Locator {
    return this.summaryRow(consultant).getByTestId(`count-${bucket}`);
  }

  list(): Locator {
    return this.page.getByTestId('team-board-table');
  }

  listRow(customerName: string): Locator {
    // The list is virtualized: its rows are divs without the row role.
    return this.list().locator('.ant-table-row').filter({ hasText: customerName });
  }

  /** Picks options in one of the multi-select filters by their visible text. */
  async pick(filter: 'consultant' | 'grade' | 'intent' | 'source', ...options: string[]) {
    await this.page.getByTestId(`filter-${filter}`).click();
    for (const option of options) {
      await this.page
        .locator('.ant-select-dropdown:visible .ant-select-item-option')
        .filter({ hasText: option })
        .click();
    }
    await this.page.keyboard.press('Escape');
  }

  async clear(filter: 'consultant' | 'grade' | 'intent' | 'source') {
    const select = this.page.getByTestId(`filter-${filter}`);
    await select.hover();
    await select.locator('.ant-select-clear').click();
  }
}
