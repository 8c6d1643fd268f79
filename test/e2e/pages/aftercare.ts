// Page objects for the after-sales screens: the satisfaction survey (form, card results, the
// managers' per-consultant view) and complaints (card tab, handling dialog, follow-up view).

import { expect, type Locator, type Page } from '@playwright/test';
import { DeliveryScreens } from './delivery';

export const INDICATOR_LABELS = [
  '顾问服务态度',
  '顾问专业水平',
  '主动推荐选装/精品',
  '提供试乘试驾',
  '交车过程愉快',
  '交车后主动联系',
  '介绍售后服务顾问',
] as const;

export type SurveyAnswers = {
  /** In the order of INDICATOR_LABELS. */
  scores: readonly [number, number, number, number, number, number, number];
  expectation: number;
  perception: number;
  repurchase: '会' | '可能' | '不会';
  referral: '会' | '可能' | '不会';
  comment?: string;
};

export class SurveyForm {
  readonly dialog: Locator;

  constructor(private readonly page: Page) {
    this.dialog = page.getByRole('dialog').filter({ hasText: '满意度调查' });
  }

  /** Picks a score on one of the numbered scales, named by its label. */
  async pick(scale: string, value: number | string): Promise<void> {
    // The button is the label; its radio input is hidden under it.
    const group = this.dialog.getByRole('radiogroup', { name: scale, exact: true });
    await group.getByText(String(value), { exact: true }).click();
    await expect(group.getByRole('radio', { name: String(value), exact: true })).toBeChecked();
  }

  async fill(answers: SurveyAnswers): Promise<void> {
    for (const [index, label] of INDICATOR_LABELS.entries()) {
      await this.pick(label, answers.scores[index]!);
    }
    await this.pick('购车前的期望', answers.expectation);
    await this.pick('实际的感受', answers.perception);
    await this.pick('再次购买意向', answers.repurchase);
    await this.pick('推荐亲友意向', answers.referral);
    if (answers.comment) await this.dialog.getByLabel('客户意见').fill(answers.comment);
  }

  liveSatisfaction(): Locator {
    return this.dialog.getByTestId('survey-live-satisfaction');
  }

  async save(): Promise<void> {
    await this.dialog.getByRole('button', { name: '保存调查' }).click();
  }
}

export class CardAftercare {
  constructor(private readonly page: Page) {}

  /**
   * Makes the open card an owner the only way the app allows: a contract, a handover scheduled,
   * every checklist item ticked, the customer's signature, completion — then back on the card.
   */
  async markDelivered(name: string): Promise<void> {
    const screens = new DeliveryScreens(this.page);
    await screens.openTab();
    await this.page.getByRole('button', { name: '录入订单' }).click();
    const order = this.page.getByRole('dialog');
    await order.getByRole('radio', { name: '合同' }).check();
    await order.getByLabel('成交金额').fill('189900');
    const model = order.getByLabel('车型');
    if ((await model.inputValue()) === '') await model.fill('帕萨特');
    await order.getByRole('button', { name: '保存' }).click();
    await expect(order).toBeHidden();
    const schedule = await screens.openSchedule();
    await screens.fillVehicle({
      vin: 'LFV2A21K4G3041234',
      engineNumber: 'EA211-778899',
      colour: '星空蓝',
    });
    await schedule.getByRole('button', { name: '安排交车' }).click();
    await expect(this.page.getByRole('heading', { name: `交车检查表 · ${name}` })).toBeVisible();
    await screens.tickAllExcept([]);
    await screens.sign();
    await screens.complete();
    await this.page.getByRole('dialog').getByRole('button', { name: '完成交车' }).click();
    await expect(this.page.getByText(`${name} 的交车已完成`)).toBeVisible({ timeout: 30_000 });
    await this.page.getByRole('link', { name }).click();
    await expect(this.page.getByTestId('status-tag')).toHaveText('已交车 D');
  }

  async openSurveyTab(): Promise<void> {
    await this.page.getByRole('tab', { name: '满意度' }).click();
  }

  async openComplaintsTab(): Promise<void> {
    await this.page.getByRole('tab', { name: '投诉' }).click();
  }

  surveyResult(): Locator {
    return this.page.getByTestId('survey-result');
  }

  complaintCard(): Locator {
    return this.page.getByTestId('complaint-card');
  }

  flag(): Locator {
    return this.page.getByTestId('complaint-flag');
  }

  async logComplaint(input: { category: string; description: string }): Promise<Locator> {
    await this.page.getByRole('button', { name: '登记投诉' }).click();
    const dialog = this.page.getByRole('dialog').filter({ hasText: '登记投诉' });
    await dialog.getByLabel('投诉类别').click();
    await this.page.locator(`.ant-select-item-option[title="${input.category}"]`).click();
    await dialog.getByLabel('投诉内容').fill(input.description);
    return dialog;
  }
}

export class ComplaintsView {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'main' }).getByText('跟进').click();
    await this.page.getByTestId('view-complaints').click();
  }

  segmentCount(): Locator {
    return this.page.getByTestId('view-complaints').locator('.ant-tag');
  }

  row(customerName: string): Locator {
    return this.page
      .getByTestId('complaints-table')
      .getByRole('row')
      .filter({ hasText: customerName });
  }

  summary(): Locator {
    return this.page.getByTestId('complaints-summary');
  }

  /** Opens the handling dialog of a customer's open complaint. */
  async handle(customerName: string): Promise<Locator> {
    await this.row(customerName).getByRole('button', { name: '处理' }).click();
    return this.page.getByTestId('complaint-handling');
  }
}
