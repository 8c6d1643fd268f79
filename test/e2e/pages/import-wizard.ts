// Page object for the import wizard (客户 → 导入客户) and 设置 → 导入记录, used by the import specs.

import { expect, type Page } from '@playwright/test';

/** Picks an option of the antd Select with this test id (its list is rendered apart). */
export async function choose(page: Page, testId: string, option: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
    .first()
    .click();
}

export type ImportFile = { name: string; mimeType: string; buffer: Buffer };

export class ImportWizard {
  constructor(private readonly page: Page) {}

  drawer() {
    return this.page.getByTestId('import-drawer');
  }

  /** From the customer list, through 导入客户, choosing the file with the file input. */
  async open(file: ImportFile): Promise<void> {
    await this.page.goto('/#/customers');
    await this.page.getByTestId('import-open').click();
    await expect(this.page.getByTestId('import-step-0')).toBeVisible();
    await this.drawer().locator('input[type=file]').setInputFiles(file);
    await expect(this.page.getByTestId('import-file-preview')).toBeVisible();
  }

  async next(): Promise<void> {
    await this.page.getByTestId('import-next').click();
  }

  preview() {
    return this.page.getByTestId('import-preview');
  }

  /** The preview's row of a line of the file. */
  line(line: number) {
    return this.page.getByTestId(`import-line-${line}`);
  }

  async importAll(): Promise<void> {
    await this.page.getByTestId('import-start').click();
    await expect(this.page.getByTestId('import-summary')).toBeVisible({ timeout: 30_000 });
  }

  async screenshot(name: string): Promise<void> {
    if (process.env.E2E_SCREENSHOTS) {
      await this.page.screenshot({ path: `${process.env.E2E_SCREENSHOTS}/${name}.png` });
    }
  }
}
