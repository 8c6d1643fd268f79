// Delivering a car with the app: order → schedule the delivery with the vehicle → run the
// checklist (refused while a required item is open, and told which) → the customer signs →
// complete → the confirmation PDF is saved → the post-delivery follow-ups are planned by date.

import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { pdfPagesText } from '../../renderer/test-support/pdf-text';
import { CardAftercare, ComplaintsView, SurveyForm } from './pages/aftercare';
import { CustomerCard } from './pages/customer-card';
import { dayPlus } from './pages/dates';
import { DeliveryScreens } from './pages/delivery';

// A checklist has some thirty items to tick, one click each.
test.describe.configure({ timeout: 180_000 });

const HOUR = 3_600_000;

test('a consultant delivers a car from order to signature; the owner gets the calls, the survey and a complaint', async ({
  page,
}) => {
  // The whole path from order to complaint, every step sealed and written through the outbox:
  // the longest walk of the suite.
  test.slow();
  // Tuesday 24 November 2026, 09:00 in the showroom (the clock runs on from there).
  await page.clock.install({ time: new Date('2026-11-24T09:00:00+08:00') });
  await new CustomerCard(page).create({
    name: '林晓',
    phone: '13655556666',
    carModel: 'ID.4 CROZZ',
    facts: { confidence: true, need: true, power: true },
  });
  const screens = new DeliveryScreens(page);
  await screens.openTab();
  await expect(page.getByText('客户下订（录入订单）后才能安排交车。')).toBeVisible();
  await screens.recordContract(219_800, { brand: '上汽大众' });
  await expect(page.getByTestId('orders')).toContainText('成交 219,800 元');

  // A VIN with a wrong check digit is refused with the reason; the corrected one is accepted.
  const dialog = await screens.openSchedule();
  // The vehicle starts from the order just recorded.
  await expect(dialog.getByLabel('品牌')).toHaveValue('上汽大众');
  await expect(dialog.getByLabel('车型')).toHaveValue('ID.4 CROZZ');
  await screens.fillVehicle({
    vin: 'LFV2A21K9G3041234',
    engineNumber: 'EA211-778899',
    colour: '星空蓝',
  });
  await dialog.getByRole('button', { name: '安排交车' }).click();
  await expect(dialog.getByText('车架号校验位（第 9 位）不符，请核对是否抄错')).toBeVisible();
  await dialog.getByLabel('车架号（VIN）').fill('lfv2a21k4g3041234');
  await dialog.getByRole('button', { name: '安排交车' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: '交车检查表 · 林晓' })).toBeVisible();
  await expect(page.getByTestId('delivery-vin')).toHaveText('LFV2A21K4G3041234');

  // Everything but the tyres; the EV cable does not apply to this car.
  await screens.markNotApplicable('新能源车随车充电线', '燃油车，无充电线');
  await screens.tickAllExcept(['轮胎及胎压正常']);
  await expect(screens.item('两把钥匙，均已测试').getByTestId('ticked-by')).toContainText(
    '销售顾问',
  );
  await screens.complete();
  const blockers = page.getByTestId('completion-blockers');
  await expect(blockers.getByTestId('missing-item')).toHaveText(['轮胎及胎压正常']);
  await expect(blockers.getByTestId('missing-signature')).toBeVisible();
  await expect(page.getByTestId('progress-text')).toContainText('必检项还剩 2 项');

  await screens.item('轮胎及胎压正常').getByRole('checkbox').click();
  await expect(screens.item('轮胎及胎压正常')).toHaveAttribute('data-state', 'done');
  await screens.sign();
  // The list of what blocks completion follows the checklist: nothing is left.
  await expect(page.getByTestId('completion-blockers')).toHaveCount(0);
  await screens.complete();
  await page.getByRole('dialog').getByRole('button', { name: '完成交车' }).click();
  // Completing writes the owner, the delivery and the planned calls in one transaction.
  await expect(page.getByText('林晓 的交车已完成')).toBeVisible({ timeout: 30_000 });

  // The confirmation PDF is a download in the browser (a save dialog in Electron).
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '保存交车确认单（PDF）' }).click();
  const pdf = await download;
  expect(pdf.suggestedFilename()).toMatch(/^交车确认单-林晓-\d{8}\.pdf$/);
  const text = (await pdfPagesText(new Uint8Array(await readFile(await pdf.path())))).join(' ');
  for (const expected of [
    '交车确认单',
    '林晓',
    'LFV2A21K4G3041234',
    '轮胎及胎压正常',
    '不适用：燃油车，无充电线',
  ]) {
    expect(text).toContain(expected);
  }

  const planned = page.getByTestId('post-delivery-follow-up');
  await expect(planned).toHaveCount(5);
  await expect(planned.filter({ hasText: '交车后第 3 天回访' }).getByTestId('due')).toHaveText(
    `${await dayPlus(page, 3)} 10:00`,
  );
  await expect(planned.filter({ hasText: '经理回访：满意度调查' }).getByTestId('due')).toHaveText(
    `${await dayPlus(page, 7)} 10:00`,
  );
  await expect(planned.filter({ hasText: '交车后 30 天回访' }).getByTestId('due')).toHaveText(
    `${await dayPlus(page, 30)} 10:00`,
  );

  // The card: an owner now, and the calls are in the follow-up views.
  await page.getByRole('link', { name: '林晓' }).click();
  await expect(page.getByTestId('status-tag')).toHaveText(/^已交车/);
  // The form cannot turn an owner back, and never offered 已交车 by hand before the delivery.
  await expect(page.getByText('已是车主：状态由完成交车产生')).toBeVisible();
  await page.getByRole('navigation', { name: 'main' }).getByText('跟进', { exact: true }).click();
  await page.getByTestId('view-upcoming').click();
  await expect(page.getByText('交车后第 3 天回访：感谢、了解用车情况、请求转介绍')).toBeVisible();

  // Day 7: the manager's call with the satisfaction survey, from the card's plan.
  await page.clock.fastForward(7 * 24 * HOUR);
  await page.getByRole('navigation', { name: 'main' }).getByText('客户', { exact: true }).click();
  await page.getByRole('row', { name: /林晓/ }).click();
  await page.getByRole('tab', { name: '跟进' }).click();
  await page
    .getByTestId('planned-follow-ups')
    .getByRole('listitem')
    .filter({ hasText: '经理回访：满意度调查' })
    .getByRole('button', { name: '完成' })
    .click();
  await page
    .getByTestId('survey-call-offer')
    .getByRole('button', { name: '填写满意度调查' })
    .click();
  const survey = new SurveyForm(page);
  await survey.fill({
    scores: [5, 4, 4, 5, 5, 4, 5],
    expectation: 8,
    perception: 9,
    repurchase: '会',
    referral: '可能',
  });
  await survey.save();
  await expect(survey.dialog).toBeHidden();
  const aftercare = new CardAftercare(page);
  await aftercare.openSurveyTab();
  await expect(aftercare.surveyResult().getByTestId('survey-satisfaction')).toContainText('113%');

  // A complaint is logged; nobody calls back within three working days: flagged overdue.
  await aftercare.openComplaintsTab();
  const complaint = await aftercare.logComplaint({
    category: '服务',
    description: '交车时未讲解车机互联',
  });
  await complaint.getByRole('button', { name: '登记', exact: true }).click();
  await expect(complaint).toBeHidden();
  const complaints = new ComplaintsView(page);
  await complaints.open();
  await expect(complaints.row('林晓')).toContainText('待首次联系');
  await page.clock.fastForward(4 * 24 * HOUR);
  await expect(complaints.row('林晓').getByTestId('complaint-overdue')).toHaveText('首次联系逾期');
});

test('a dealership edits its checklist template and cadence; new deliveries follow, started ones keep their version', async ({
  page,
}) => {
  await new CustomerCard(page).create({ name: '郑浩', phone: '13766667777', carModel: '途观L' });
  const screens = new DeliveryScreens(page);
  await screens.openTab();
  await screens.recordContract(238_000);
  const first = await screens.openSchedule();
  await screens.fillVehicle({ vin: '1M8GDM9AXKP042788', engineNumber: 'DKX-100200', colour: '白' });
  await first.getByRole('button', { name: '安排交车' }).click();
  await expect(page.getByRole('heading', { name: '交车检查表 · 郑浩' })).toBeVisible();
  const startedUrl = page.url();

  await page.getByRole('navigation', { name: 'main' }).getByText('设置', { exact: true }).click();
  const template = page.getByTestId('checklist-template');
  await expect(template).toContainText('当前版本：v1');
  const pdi = template.locator('.ant-card-type-inner').filter({
    has: page.getByPlaceholder('默认：PDI 检查'),
  });
  await pdi.getByRole('button', { name: '添加检查项' }).click();
  await template.getByRole('button', { name: '保存模板' }).click();
  await expect(page.getByTestId('template-errors')).toContainText('请填写检查项名称');
  await pdi.getByLabel('检查项名称').last().fill('行车记录仪已安装并调试');
  await pdi.getByRole('checkbox', { name: '必检' }).last().check();
  await template.getByRole('button', { name: '保存模板' }).click();
  await expect(template).toContainText('当前版本：v2');

  const cadence = page.getByTestId('post-delivery-cadence');
  await cadence.getByLabel('顾问回访：交车后第几天').fill('9');
  await cadence.getByRole('button', { name: '保存回访节奏' }).click();
  await expect(cadence.getByText('回访应按顺序：顾问回访 < 满意度回访 < 月度回访')).toBeVisible();
  await cadence.getByLabel('顾问回访：交车后第几天').fill('2');
  await cadence.getByRole('button', { name: '保存回访节奏' }).click();
  await expect(page.getByText('已保存').last()).toBeVisible();

  // The delivery that had started keeps version 1, without the new item.
  await page.goto(startedUrl);
  await expect(page.getByText('模板 v1')).toBeVisible();
  await expect(screens.item('行车记录仪已安装并调试')).toHaveCount(0);
  // Cancel-free path: complete this one and check the edited cadence.
  await screens.tickAllExcept([]);
  await screens.sign();
  await screens.complete();
  await page.getByRole('dialog').getByRole('button', { name: '完成交车' }).click();
  await expect(
    page
      .getByTestId('post-delivery-follow-up')
      .filter({ hasText: '交车后第 3 天回访' })
      .getByTestId('due'),
  ).toHaveText(`${await dayPlus(page, 2)} 10:00`);

  // A new delivery gets version 2 with the new required item.
  await new CustomerCard(page).create({ name: '冯雪', phone: '13788889999', carModel: '途岳' });
  await screens.openTab();
  await screens.recordContract(189_000);
  const second = await screens.openSchedule();
  await screens.fillVehicle({ vin: 'LFV2A21K4G3041234', engineNumber: 'DKX-100201', colour: '灰' });
  await second.getByRole('button', { name: '安排交车' }).click();
  await expect(page.getByText('模板 v2')).toBeVisible();
  await expect(screens.item('行车记录仪已安装并调试')).toContainText('必检');
});
