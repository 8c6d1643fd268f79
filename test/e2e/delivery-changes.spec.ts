// Plans change after the order: a handover is moved, then cancelled, then the order itself is
// cancelled — each with its reason, and the customer's status and plans follow.

import { expect, test } from '@playwright/test';
import { DeliveryScreens } from './pages/delivery';

test('a handover is moved and cancelled, then the order is cancelled and the customer is followed again', async ({
  page,
}) => {
  // Order, handover and three dialogs: a long walk on a busy machine.
  test.slow();
  await page.clock.install({ time: new Date('2026-11-24T09:00:00+08:00') });
  const screens = new DeliveryScreens(page);
  await screens.startDelivery({ name: '郑凯', phone: '13677778888' });
  await page.goBack();
  await screens.openTab();

  // 改期: the new time shows on the delivery, and the reason on the timeline.
  const summary = page.getByTestId('delivery-summary');
  await summary.getByRole('button', { name: '改期' }).click();
  const reschedule = page.getByRole('dialog', { name: '改期' });
  const when = reschedule.getByLabel('交车时间');
  await when.click();
  await when.fill('2026-12-05 14:30');
  await when.press('Enter');
  await reschedule.getByLabel('改期原因（选填）').fill('客户周末才有空');
  await reschedule.getByRole('button', { name: '确认改期' }).click();
  await expect(reschedule).toBeHidden();
  await expect(summary).toContainText('2026-12-05 14:30');

  // 取消交车 needs a reason; then the handover is cancelled and the customer stays ordered.
  await summary.getByRole('button', { name: '取消交车' }).click();
  const cancelDelivery = page.getByRole('dialog', { name: '取消交车' });
  await cancelDelivery.getByRole('button', { name: '确认取消交车' }).click();
  await expect(cancelDelivery.getByText('请说明取消原因（至少 2 个字）')).toBeVisible();
  await cancelDelivery.getByLabel('取消原因').fill('车辆运输途中受损，需换车');
  await cancelDelivery.getByRole('button', { name: '确认取消交车' }).click();
  await expect(cancelDelivery).toBeHidden();
  await expect(summary).toContainText('已取消');
  await expect(page.getByTestId('delivery-cancel-reason')).toHaveText('车辆运输途中受损，需换车');
  await expect(page.getByTestId('status-tag')).toHaveText('已下订 O');

  // 取消订单: the customer goes back to following.
  await page.getByRole('button', { name: '取消订单' }).click();
  const cancelOrder = page.getByRole('dialog', { name: '取消订单' });
  await cancelOrder.getByLabel('取消原因').fill('客户决定暂缓购车');
  await cancelOrder.getByRole('button', { name: '确认取消订单' }).click();
  await expect(cancelOrder).toBeHidden();
  await expect(page.getByTestId('order-cancelled')).toHaveText('已取消：客户决定暂缓购车');
  await expect(page.getByTestId('status-tag')).toHaveText(/^跟进中/);
  await expect(page.getByRole('button', { name: '取消订单' })).toHaveCount(0);

  // The timeline tells the story in order.
  await page.getByRole('tab', { name: '时间线' }).click();
  await expect(page.getByText('更改了交车时间')).toBeVisible();
  await expect(page.getByText('取消了交车')).toBeVisible();
  await expect(page.getByText('取消了订单')).toBeVisible();
  await page.screenshot({ path: 'test-results/delivery-changes-timeline.png' });
});
