// Page object for the customer card screens (new and existing), used by several specs.

import { expect, type Page } from '@playwright/test';

export type NewCardInput = {
  name: string;
  phone: string;
  /** Numbers after the first, each added with 添加电话. */
  morePhones?: string[];
  carModel?: string;
  facts?: { confidence?: boolean; need?: boolean; power?: boolean };
};

export const FACT_LABELS = {
  confidence: '信心：信任我们和这款车',
  need: '需求：有真实的购车需求',
  power: '购买力：有支付能力',
} as const;

export class CustomerCard {
  constructor(private readonly page: Page) {}

  async openNew(): Promise<void> {
    await this.page.goto('/#/customers/new');
    await expect(this.page.getByRole('heading', { name: '新建客户管理卡' })).toBeVisible();
  }

  async fill(input: NewCardInput): Promise<void> {
    await this.page.getByLabel('姓名', { exact: true }).fill(input.name);
    await this.page.getByLabel('电话 1').fill(input.phone);
    for (const [index, phone] of (input.morePhones ?? []).entries()) {
      await this.page.getByRole('button', { name: '添加电话' }).click();
      await this.page.getByLabel(`电话 ${index + 2}`).fill(phone);
    }
    if (input.carModel !== undefined) {
      await this.page.getByLabel('车型', { exact: true }).fill(input.carModel);
    }
    for (const [fact, label] of Object.entries(FACT_LABELS) as [
      keyof typeof FACT_LABELS,
      string,
    ][]) {
      const box = this.page.getByLabel(label);
      if (input.facts?.[fact]) await box.check();
      else await box.uncheck();
    }
  }

  computedGrade() {
    return this.page.getByTestId('computed-grade');
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: '保存客户卡' }).click();
  }

  /** Through the sidebar and the list, without loading the page again. */
  async openFromList(name: string): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'main' })
      .getByText('客户', { exact: true })
      .click();
    await this.page.getByRole('row', { name: new RegExp(name) }).click();
    await expect(this.page.getByTestId('card-name')).toHaveText(name);
  }

  /** Changes the car model of the open card and saves it. */
  async saveCarModel(model: string): Promise<void> {
    await this.page.getByLabel('车型', { exact: true }).fill(model);
    await this.save();
    await expect(this.page.getByText('客户卡已保存').last()).toBeVisible();
  }

  async create(input: NewCardInput): Promise<string> {
    await this.openNew();
    await this.fill(input);
    await this.save();
    await expect(this.page.getByTestId('card-name')).toHaveText(input.name);
    const id = new URL(this.page.url()).hash.split('/').at(-1);
    if (!id) throw new Error('no customer id in the URL after saving');
    return id;
  }
}
