// The lists show how far they are while they are prepared from every card (issue 18). A laptop
// whose projection journal is gone (as after a crash that lost localStorage) must read every card
// at the next start: the customer list and the follow-ups say so, with the cards read of all and a
// bar, until the lists answer. Set E2E_SCREENSHOTS to a folder to keep the screenshot.

import { expect, test } from '@playwright/test';

const CARDS = 5_000;
const JOURNAL_KEY = 'dealerdesk.projection-journal.dealerdesk';

test('the customer list shows the cards read while it is prepared from the rows', async ({
  page,
}) => {
  // Five thousand cards through the app's own write path on a machine shared with other runs.
  test.setTimeout(240_000);
  await page.goto('/#/settings');
  await page.getByLabel('客户数量').fill(String(CARDS));
  await page.getByRole('button', { name: '加载示例数据' }).click();
  await expect(page.getByText(`已加载 ${CARDS} 位示例客户`)).toBeVisible({ timeout: 200_000 });

  // The journal of changes since the stored snapshot is lost before the next start: the snapshot
  // cannot be trusted, and every card is read again.
  await page.addInitScript((key) => {
    if (sessionStorage.getItem('e2e.drop-journal') === null) return;
    sessionStorage.removeItem('e2e.drop-journal');
    localStorage.removeItem(key);
  }, JOURNAL_KEY);
  const restartWithoutJournal = async (hash: string) => {
    await page.goto(`/${hash}`);
    await page.evaluate(() => sessionStorage.setItem('e2e.drop-journal', '1'));
    await page.reload();
  };

  await restartWithoutJournal('#/customers');
  const preparing = page.getByTestId('lists-preparing');
  const count = page.getByTestId('lists-preparing-count');
  await expect(count).toHaveText(/^正在准备客户列表… [\d,]+ \/ 5,000$/);
  await expect(preparing).toContainText('登录、首次同步或大批导入之后');
  await expect(preparing.getByRole('progressbar')).toBeVisible();
  if (process.env.E2E_SCREENSHOTS) {
    await page.screenshot({
      path: `${process.env.E2E_SCREENSHOTS}/23-lists-preparing.png`,
      // The bar's width is animated: shown where the count says.
      animations: 'disabled',
    });
  }
  // Then the list answers, and the progress is gone.
  await expect(page.getByTestId('customer-count')).toHaveText(`共 ${CARDS} 位客户`, {
    timeout: 60_000,
  });
  await expect(preparing).toBeHidden();
  await expect(page.getByRole('row').nth(1)).toBeVisible();

  // The follow-ups wait the same way.
  await restartWithoutJournal('#/follow-ups');
  await expect(count).toHaveText(/^正在准备跟进列表… [\d,]+ \/ 5,000$/);
  await expect(preparing).toBeHidden({ timeout: 60_000 });
  await expect(page.getByTestId('view-due_today')).not.toContainText('…');
});
