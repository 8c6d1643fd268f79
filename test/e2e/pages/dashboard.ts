// Page object for 经营看板 (/dashboard), the manager's charts.

import { expect, type Locator, type Page } from '@playwright/test';

export type FunnelStage = 'N' | 'following' | 'O' | 'D' | 'F';

export class Dashboard {
  constructor(private readonly page: Page) {}

  navItem(): Locator {
    return this.page.getByRole('navigation', { name: 'main' }).getByText('经营看板');
  }

  async openFromSidebar(): Promise<void> {
    await this.navItem().click();
    await expect(this.page.getByRole('heading', { name: '经营看板' })).toBeVisible();
  }

  /** "12 位 · 15%" at the end of a funnel bar (the charts are SVG: their text is real text). */
  funnelCount(stage: FunnelStage): Locator {
    return this.page.getByTestId(`funnel-count-${stage}`);
  }

  /** The five counts; all zero when the chart says no customer was created in the range. */
  async funnelCounts(): Promise<Record<FunnelStage, number>> {
    const counts = { N: 0, following: 0, O: 0, D: 0, F: 0 };
    const empty = this.page.getByTestId('chart-funnel-empty');
    await expect(this.funnelCount('N').or(empty)).toBeVisible();
    if (await empty.isVisible()) return counts;
    for (const stage of Object.keys(counts) as FunnelStage[]) {
      const text = await this.funnelCount(stage).textContent();
      counts[stage] = Number(/^(\d+)/.exec(text ?? '')?.[1] ?? NaN);
    }
    return counts;
  }

  kpi(key: 'newCustomers' | 'conversion' | 'compliance' | 'satisfaction' | 'openComplaints') {
    return this.page.getByTestId(`kpi-${key}`).locator('.ant-statistic-content-value');
  }

  /** The first and last day the range picker shows, YYYY-MM-DD. */
  async rangeDays(): Promise<[string, string]> {
    const inputs = this.page.getByTestId('dashboard-range').locator('input');
    return [await inputs.nth(0).inputValue(), await inputs.nth(1).inputValue()];
  }

  async pickPreset(label: string): Promise<void> {
    await this.page.getByTestId('dashboard-range').locator('.ant-picker').click();
    await this.page.locator('.ant-picker-presets li', { hasText: label }).click();
    await expect(this.page.locator('.ant-picker-dropdown:visible')).toHaveCount(0);
  }

  /** Waits for the count of the range on screen to finish. */
  async settled(): Promise<void> {
    await expect(this.page.getByTestId('dashboard-status')).toContainText('统计于', {
      timeout: 30_000,
    });
  }
}
