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

  /** "N 条" over the list: how many rows the board lists. */
  async listCount(): Promise<number> {
    const text = await this.page.getByTestId('list-count').innerText();
    return Number(/\d+/.exec(text)?.[0] ?? NaN);
  }

  /**
   * Every row of the (virtualized) list as customer name and due time ("MM-DD HH:mm", or "无计划"),
   * scrolling the list from top to bottom to meet the rows it does not render yet.
   */
  async listedRows(): Promise<{ key: string; customer: string; due: string }[]> {
    const holder = this.list().locator('.ant-table-tbody-virtual-holder');
    await holder.evaluate((element) => element.scrollTo({ top: 0 }));
    const seen = new Map<string, { key: string; customer: string; due: string }>();
    for (let step = 0; step < 1000; step += 1) {
      for (const row of await this.list().locator('.ant-table-row').all()) {
        const key = (await row.getAttribute('data-row-key')) ?? '';
        if (seen.has(key)) continue;
        const cells = row.locator('.ant-table-cell');
        const due = (await cells.nth(0).innerText()).replace('已升级', '').trim();
        const customer = await cells.nth(1).getByRole('link').innerText();
        seen.set(key, { key, customer, due });
      }
      const atEnd = await holder.evaluate((element) => {
        const end = element.scrollTop + element.clientHeight >= element.scrollHeight - 1;
        element.scrollBy({ top: element.clientHeight * 0.8 });
        return end;
      });
      if (atEnd) break;
    }
    return [...seen.values()];
  }

  /**
   * The row of this customer once the (virtualized) list has been scrolled to it, as a manager
   * scrolls: from the top, a screen at a time. Other specs give the shared consultants rows too,
   * so a row is not always within the first screen.
   */
  async scrollToRow(customerName: string): Promise<Locator> {
    const holder = this.list().locator('.ant-table-tbody-virtual-holder');
    await holder.evaluate((element) => element.scrollTo({ top: 0 }));
    const row = this.listRow(customerName).first();
    for (let step = 0; step < 1000; step += 1) {
      if ((await row.count()) > 0) break;
      const atEnd = await holder.evaluate((element) => {
        const end = element.scrollTop + element.clientHeight >= element.scrollHeight - 1;
        element.scrollBy({ top: element.clientHeight * 0.8 });
        return end;
      });
      if (atEnd) break;
    }
    return row;
  }

  exportButton(): Locator {
    return this.page.getByTestId('export-button');
  }

  /** 导出 → the format; resolves with the download the browser makes. */
  async exportAs(format: 'xlsx' | 'csv' | 'pdf') {
    await this.exportButton().click();
    const downloading = this.page.waitForEvent('download');
    await this.page.getByTestId(`export-${format}`).click();
    return downloading;
  }

  async clear(filter: 'consultant' | 'grade' | 'intent' | 'source') {
    const select = this.page.getByTestId(`filter-${filter}`);
    await select.hover();
    await select.locator('.ant-select-clear').click();
  }
}
