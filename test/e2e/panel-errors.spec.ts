// A synced row the screen cannot read fails only the panel that shows it: the panel says so in
// the user's language and the rest of the page keeps working. Rows are put straight into the
// local database, as a sync from an older or faulty client would leave them.

import { expect, test, type Page } from '@playwright/test';
import { CustomerCard } from './pages/customer-card';

/** Writes rows into a table of the app's IndexedDB, bypassing the app (as a pulled page would). */
async function putRows(page: Page, table: string, rows: Record<string, unknown>[]) {
  await page.evaluate(
    async ({ table, rows }) => {
      const request = indexedDB.open('dealerdesk');
      const database = await new Promise<IDBDatabase>(
        (resolve) => (request.onsuccess = () => resolve(request.result)),
      );
      await new Promise<void>((resolve, reject) => {
        const transaction = database.transaction(table, 'readwrite');
        for (const row of rows) transaction.objectStore(table).put(row);
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
      });
      database.close();
    },
    { table, rows },
  );
}

function survey(customerId: string, id: string, overrides: Record<string, unknown>) {
  const now = new Date().toISOString();
  return {
    id,
    dealershipId: 'local',
    ownerId: 'local',
    createdAt: now,
    updatedAt: now,
    deleted: false,
    clocks: {},
    customerId,
    deliveryId: null,
    consultantId: 'local',
    attitude: 5,
    expertise: 4,
    proactiveAdvice: 4,
    testDriveOffered: 5,
    deliveryPleasant: 5,
    contactedAfterDelivery: 4,
    afterSalesIntroduced: 4,
    expectation: 8,
    perception: 8,
    repurchaseIntent: 'yes',
    referralIntent: 'maybe',
    comment: '',
    surveyedAt: now,
    surveyedBy: 'local',
    surveyedByName: '周经理',
    ...overrides,
  };
}

test('an unreadable survey fails its own panel only; one lacking a score still shows', async ({
  page,
}, testInfo) => {
  const card = new CustomerCard(page);
  await card.openNew();
  await card.fill({ name: '面板测试', phone: '13700001111', facts: { need: true, power: true } });
  await card.save();
  await expect(page.getByTestId('card-name')).toHaveText('面板测试');
  const customerId = /#\/customers\/([^/?]+)/.exec(page.url())?.[1] ?? '';
  expect(customerId).not.toBe('');

  const lacking = survey(customerId, '019ae000-0000-7000-8000-000000000001', {});
  delete (lacking as Record<string, unknown>).perception;
  await putRows(page, 'surveys', [
    lacking,
    // A value React cannot render: this survey's panel throws.
    survey(customerId, '019ae000-0000-7000-8000-000000000002', {
      comment: { text: '不是文字' },
      surveyedAt: new Date(Date.now() - 60_000).toISOString(),
    }),
  ]);

  await page.getByRole('tab', { name: '满意度' }).click();
  await expect(page.getByTestId('panel-failed')).toHaveCount(1);
  await page.screenshot({ path: testInfo.outputPath('panel-failed.png'), fullPage: true });
  await expect(page.getByTestId('panel-failed')).toContainText('“满意度调查”无法显示');
  await expect(page.getByTestId('panel-failed')).toContainText('页面其他部分不受影响');
  // The survey lacking its perception shows, with no satisfaction figure rather than NaN.
  await expect(page.getByTestId('survey-result')).toHaveCount(1);
  await expect(page.getByTestId('survey-satisfaction')).toContainText('—');
  await expect(page.getByTestId('survey-average')).toContainText('4.4');
  // The rest of the card still works.
  await expect(page.getByTestId('card-name')).toHaveText('面板测试');
  await page.getByRole('tab', { name: '投诉' }).click();
  await expect(page.getByRole('button', { name: /登记投诉/ })).toBeVisible();
});
