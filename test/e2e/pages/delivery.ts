// Page object for the order, delivery scheduling and checklist screens.

import { expect, type Locator, type Page } from '@playwright/test';
import { CustomerCard } from './customer-card';

export type VehicleInput = { vin: string; engineNumber: string; colour: string };

export class DeliveryScreens {
  constructor(private readonly page: Page) {}

  /**
   * A qualified customer with an ID.4 on order (219,800 元) and its handover scheduled with a valid
   * vehicle: the checklist is open. Where the delivery specs that are not about ordering start.
   */
  async startDelivery(customer: { name: string; phone: string }): Promise<void> {
    await new CustomerCard(this.page).create({
      ...customer,
      carModel: 'ID.4 CROZZ',
      facts: { confidence: true, need: true, power: true },
    });
    await this.openTab();
    await this.recordContract(219_800);
    await this.openSchedule();
    await this.fillVehicle({
      vin: 'LFV2A21K4G3041234',
      engineNumber: 'EA211-778899',
      colour: '星空蓝',
    });
    await this.scheduleDialog().getByRole('button', { name: '安排交车' }).click();
    await expect(
      this.page.getByRole('heading', { name: `交车检查表 · ${customer.name}` }),
    ).toBeVisible();
  }

  async openTab(): Promise<void> {
    await this.page.getByRole('tab', { name: '订单与交车' }).click();
  }

  async recordContract(amount: number, vehicle: { brand?: string } = {}): Promise<void> {
    await this.page.getByRole('button', { name: '录入订单' }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByRole('radio', { name: '合同' }).check();
    await dialog.getByLabel('成交金额').fill(String(amount));
    if (vehicle.brand !== undefined) await dialog.getByLabel('品牌').fill(vehicle.brand);
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(dialog).toBeHidden();
    await expect(this.page.getByTestId('status-tag')).toHaveText('已下订 O');
  }

  scheduleDialog(): Locator {
    return this.page.getByRole('dialog');
  }

  async openSchedule(): Promise<Locator> {
    await this.page.getByRole('button', { name: '安排交车' }).click();
    return this.scheduleDialog();
  }

  async fillVehicle(vehicle: VehicleInput): Promise<void> {
    const dialog = this.scheduleDialog();
    await dialog.getByLabel('车架号（VIN）').fill(vehicle.vin);
    await dialog.getByLabel('发动机号').fill(vehicle.engineNumber);
    await dialog.getByLabel('颜色').fill(vehicle.colour);
  }

  item(label: string): Locator {
    return this.page.getByTestId('checklist-item').filter({ hasText: label });
  }

  async tickAllExcept(labels: readonly string[]): Promise<void> {
    const items = this.page.getByTestId('checklist-item');
    const count = await items.count();
    const ticked: Locator[] = [];
    for (let index = 0; index < count; index += 1) {
      const row = items.nth(index);
      const text = (await row.innerText()).trim();
      if (labels.some((label) => text.includes(label))) continue;
      const box = row.getByRole('checkbox');
      if ((await box.isDisabled()) || (await box.isChecked())) continue;
      await box.click();
      ticked.push(row);
    }
    // A tick is a local write; each box follows its stored row a moment later.
    for (const row of ticked) await expect(row).toHaveAttribute('data-state', 'done');
  }

  async markNotApplicable(label: string, reason: string): Promise<void> {
    await this.item(label).getByRole('button', { name: '不适用' }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByLabel('不适用的原因').fill(reason);
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(this.item(label)).toHaveAttribute('data-state', 'not_applicable');
  }

  /** Draws a signature with the mouse, the way a customer signs with a finger or a pen. */
  async sign(): Promise<void> {
    const pad = this.page.getByTestId('signature-pad');
    await pad.scrollIntoViewIfNeeded();
    const box = await pad.boundingBox();
    if (!box) throw new Error('signature pad not visible');
    const at = (x: number, y: number) => [box.x + box.width * x, box.y + box.height * y] as const;
    await this.page.mouse.move(...at(0.15, 0.6));
    await this.page.mouse.down();
    for (const [x, y] of [
      [0.2, 0.3],
      [0.28, 0.7],
      [0.36, 0.35],
      [0.45, 0.65],
      [0.55, 0.4],
      [0.7, 0.55],
    ] as const) {
      await this.page.mouse.move(...at(x, y), { steps: 6 });
    }
    await this.page.mouse.up();
    await this.page.getByRole('button', { name: '确认签字' }).click();
    await expect(this.page.getByTestId('signature-image')).toBeVisible();
  }

  async complete(): Promise<void> {
    await this.page.getByRole('button', { name: '完成交车' }).click();
  }
}
