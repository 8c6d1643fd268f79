// 经营看板 through the e2e sync server: the slot's two consultants push a sample showroom (cards
// created over four months, with follow-ups, orders, deliveries, surveys and complaints) from
// their own clients; the manager logs in, and the dashboard's funnel counts what the server holds
// for the chosen dates, changes with the date range, and recounts by itself when a consultant adds
// a card. The expected figures are read from the server, not from the app under test.
//
// A showroom's worth of cards would crowd the other specs' lists (the team board shows a
// consultant's first rows only), so this spec works in a dealership of its own: the slots are
// counted down from the last, where the other specs count up from the first (by worker).

import { expect, test, type Page } from '@playwright/test';
import { E2E_DEALERSHIP_COUNT, e2eDealership } from '../support/e2e-accounts';
import { pullVisibleRows, seedSampleShowroom } from '../support/sample-showroom-seed';
import { loggedIn, SYNC_SERVER, uniqueSuffix } from './pages/browsers';
import { Dashboard, type FunnelStage } from './pages/dashboard';

test.describe.configure({ timeout: 180_000 });

function dashboardDealership(parallelIndex: number) {
  return e2eDealership(E2E_DEALERSHIP_COUNT - 1 - parallelIndex);
}

const STAGE_OF: Record<string, FunnelStage> = {
  new: 'N',
  following: 'following',
  ordered: 'O',
  delivered: 'D',
  lost: 'F',
  lost_requested: 'F',
};

/** [from, to) of whole days as the browser (its time zone) reads the picker's days. */
function browserRange(page: Page, [first, last]: [string, string]) {
  return page.evaluate(
    ([from, to]) => {
      const start = new Date(`${from}T00:00:00`);
      const end = new Date(`${to}T00:00:00`);
      end.setDate(end.getDate() + 1);
      return { from: start.getTime(), to: end.getTime() };
    },
    [first, last] as const,
  );
}

/** The funnel by definition, from every customer the manager may see on the server. */
async function expectedFunnel(
  page: Page,
  days: [string, string],
  account: { login: string; password: string; name: string },
) {
  const range = await browserRange(page, days);
  const rows = await pullVisibleRows(SYNC_SERVER, account);
  const counts: Record<FunnelStage, number> = { N: 0, following: 0, O: 0, D: 0, F: 0 };
  for (const customer of rows.get('customers')?.values() ?? []) {
    const created = Date.parse(String(customer.createdAt));
    if (customer.deleted || created < range.from || created >= range.to) continue;
    counts[STAGE_OF[String(customer.status)]!] += 1;
  }
  const openComplaints = [...(rows.get('complaints')?.values() ?? [])].filter(
    (complaint) => !complaint.deleted && complaint.resolvedAt === null,
  ).length;
  return { counts, total: Object.values(counts).reduce((a, b) => a + b, 0), openComplaints };
}

test('a manager sees the showroom funnel, changes the dates, and sees a new card counted', async ({
  browser,
}, testInfo) => {
  const dealership = dashboardDealership(testInfo.parallelIndex);
  const [lina] = dealership.consultants;
  const suffix = uniqueSuffix();
  await seedSampleShowroom(SYNC_SERVER, dealership.consultants, {
    customers: 90,
    seed: Number(suffix),
  });

  const manager = await loggedIn(browser, dealership.manager);
  try {
    const dashboard = new Dashboard(manager.page);
    await dashboard.openFromSidebar();
    await dashboard.settled();

    // The default range: the last 30 days, today included.
    const lastMonth = await dashboard.rangeDays();
    const month = await expectedFunnel(manager.page, lastMonth, dealership.manager);
    expect(month.total).toBeGreaterThan(5);
    await expect.poll(() => dashboard.funnelCounts()).toEqual(month.counts);
    await expect(dashboard.kpi('newCustomers')).toHaveText(String(month.total));
    await expect(dashboard.kpi('openComplaints')).toHaveText(String(month.openComplaints));

    // This week: fewer new customers than in the last 30 days, counted the same way.
    await dashboard.pickPreset('本周');
    const thisWeek = await dashboard.rangeDays();
    expect(thisWeek).not.toEqual(lastMonth);
    expect(manager.page.url()).toContain(`from=${thisWeek[0]}`);
    await dashboard.settled();
    const week = await expectedFunnel(manager.page, thisWeek, dealership.manager);
    expect(week.total).toBeLessThan(month.total);
    await expect.poll(() => dashboard.funnelCounts()).toEqual(week.counts);
    await expect(dashboard.kpi('newCustomers')).toHaveText(String(week.total));

    // A consultant adds a card: it syncs to the manager's laptop and the open dashboard recounts.
    const consultant = await loggedIn(browser, lina);
    try {
      await consultant.card.create({ name: `看板客户${suffix}`, phone: `139${suffix}` });
      await consultant.sync.expectInSync();
    } finally {
      await consultant.context.close();
    }
    await expect
      .poll(() => dashboard.funnelCounts(), { timeout: 30_000 })
      .toEqual({ ...week.counts, N: week.counts.N + 1 });
    await expect(dashboard.kpi('newCustomers')).toHaveText(String(week.total + 1));

    // The N bar opens the customer list filtered to new customers (of any date, as it says).
    const rows = await pullVisibleRows(SYNC_SERVER, dealership.manager);
    const allNew = [...(rows.get('customers')?.values() ?? [])].filter(
      (customer) => !customer.deleted && customer.status === 'new',
    ).length;
    await manager.page
      .getByTestId('chart-funnel')
      .locator('.recharts-bar-rectangle')
      .first()
      .click();
    await expect(manager.page).toHaveURL(/#\/customers$/);
    await expect(manager.page.getByTestId('customer-count')).toHaveText(`共 ${allNew} 位客户`);
  } finally {
    await manager.context.close();
  }
});

test('consultants do not see 经营看板 and are told it is for managers', async ({
  browser,
}, testInfo) => {
  const { consultants } = dashboardDealership(testInfo.parallelIndex);
  const consultant = await loggedIn(browser, consultants[1]);
  try {
    const dashboard = new Dashboard(consultant.page);
    await expect(
      consultant.page.getByRole('navigation', { name: 'main' }).getByText('客户', { exact: true }),
    ).toBeVisible();
    await expect(dashboard.navItem()).toHaveCount(0);
    await consultant.page.goto('/#/dashboard');
    await expect(consultant.page.getByTestId('dashboard-managers-only')).toContainText(
      '你的账号是顾问',
    );
  } finally {
    await consultant.context.close();
  }
});
