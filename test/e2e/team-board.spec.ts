// 团队看板 through the e2e sync server: a consultant's new cards (each with its first-contact
// follow-up) and a follow-up planned in the past reach the manager's board, counted per
// consultant, filtered by consultant and grade, escalated in red, and one click from the card.
// Other tests share the slot's dealership, so counts are checked as "at least" and rows by the
// unique names of this run.

import { expect, test } from '@playwright/test';
import { e2eDealership } from '../support/e2e-accounts';
import { loggedIn, uniqueSuffix } from './pages/browsers';
import { dayPlus } from './pages/dates';

test.describe.configure({ timeout: 120_000 });

test("a manager sees a consultant's follow-ups on the team board, filters them and opens a card", async ({
  browser,
}, testInfo) => {
  // Two laptops log in, each deriving its local key from the password (PBKDF2, 600,000 rounds).
  test.slow();
  const dealership = e2eDealership(testInfo.parallelIndex);
  const lina = dealership.consultants[0];
  const suffix = uniqueSuffix();
  const hot = `看板甲${suffix}`;
  const late = `看板乙${suffix}`;

  const consultant = await loggedIn(browser, lina);
  try {
    const { card } = consultant;
    await card.create({
      name: hot,
      phone: `137${suffix}`,
      facts: { confidence: true, need: true, power: true },
    });
    await card.create({ name: late, phone: `138${suffix}` });
    // A follow-up three days past due: over the default 48 h, so escalated. Planning in the past
    // is refused, so it is planned three days ago: the laptop's clock is set back for the plan.
    const threeDaysAgo = await dayPlus(consultant.page, -3);
    await consultant.page.clock.install({ time: new Date(`${threeDaysAgo}T08:00:00+08:00`) });
    await consultant.page.getByRole('tab', { name: '跟进' }).click();
    await consultant.page.getByRole('button', { name: '计划跟进' }).click();
    const dialog = consultant.page.getByRole('dialog');
    const dueAt = dialog.getByLabel('跟进时间');
    await dueAt.click();
    await dueAt.fill(`${threeDaysAgo} 10:00`);
    await dueAt.press('Enter');
    await dialog.getByLabel('目的').fill(`回访报价${suffix}`);
    await dialog.getByRole('button', { name: '保存' }).click();
    await expect(dialog).toBeHidden();
    await consultant.sync.expectInSync();
  } finally {
    await consultant.context.close();
  }

  const manager = await loggedIn(browser, dealership.manager);
  try {
    const { board, page } = manager;
    await board.openFromSidebar();
    const row = board.summaryRow(lina.name);
    await expect(row).toBeVisible();
    // Both first contacts fall due within 24 h: today or tomorrow.
    const dueSoon =
      Number(await board.count(lina.name, 'due_today').innerText()) +
      Number(await board.count(lina.name, 'upcoming').innerText());
    expect(dueSoon).toBeGreaterThanOrEqual(2);
    await expect(board.count(lina.name, 'escalated')).not.toHaveText('0');

    await board.pick('consultant', lina.name);
    await expect(await board.scrollToRow(hot)).toBeVisible();
    await expect(await board.scrollToRow(late)).toBeVisible();
    await expect(board.list()).not.toContainText(dealership.consultants[1].name);

    await board.pick('grade', 'A 级');
    await expect(board.listRow(hot)).toBeVisible();
    await expect(board.listRow(late)).toHaveCount(0);
    await board.clear('grade');

    // The escalated count lists that consultant's escalated follow-ups, in red.
    await board.count(lina.name, 'escalated').click();
    const escalated = board.listRow(late);
    await expect(escalated).toHaveCount(1);
    await expect(escalated.getByTestId('escalated-tag')).toHaveText('已升级');
    await expect(escalated).toContainText(`回访报价${suffix}`);
    await expect(page.getByTestId('escalated-count')).toContainText('条超时升级');
    await expect(board.listRow(hot)).toHaveCount(0);

    await page.getByRole('button', { name: '显示全部' }).click();
    await expect(board.list()).toContainText(late);
    await (await board.scrollToRow(hot)).getByRole('link', { name: hot }).click();
    await expect(page.getByTestId('card-name')).toHaveText(hot);
  } finally {
    await manager.context.close();
  }
});

test('consultants do not see 团队看板 and are told it is for managers', async ({
  browser,
}, testInfo) => {
  const { consultants } = e2eDealership(testInfo.parallelIndex);
  const consultant = await loggedIn(browser, consultants[1]);
  try {
    await expect(
      consultant.page.getByRole('navigation', { name: 'main' }).getByText('客户', { exact: true }),
    ).toBeVisible();
    await expect(consultant.board.navItem()).toHaveCount(0);
    await consultant.page.goto('/#/team');
    await expect(consultant.page.getByTestId('team-board-managers-only')).toContainText(
      '你的账号是顾问',
    );
  } finally {
    await consultant.context.close();
  }
});

test('the escalation threshold is the dealership’s: set in 设置, used on the board, seen by consultants', async ({
  browser,
}, testInfo) => {
  const dealership = e2eDealership(testInfo.parallelIndex);
  const manager = await loggedIn(browser, dealership.manager);
  const consultant = await loggedIn(browser, dealership.consultants[0]);
  const setHours = async (hours: string) => {
    await manager.sync.openSettings();
    await manager.page.getByLabel('逾期超过（小时）升级').fill(hours);
    await manager.page.getByRole('button', { name: '保存设置' }).click();
  };
  try {
    await setHours('721');
    await expect(manager.page.getByText('不能超过 720 小时')).toBeVisible();
    await setHours('24');
    await expect(manager.page.getByText('已保存').last()).toBeVisible();
    await manager.sync.expectInSync();
    await manager.page.screenshot({ path: testInfo.outputPath('settings-escalation.png') });
    await manager.board.openFromSidebar();
    await expect(manager.page.getByTestId('escalation-hours')).toHaveText('24');
    await manager.page
      .locator('.ant-card', { has: manager.page.getByTestId('escalation-hours') })
      .screenshot({ path: testInfo.outputPath('board-escalation.png') });

    // Every laptop of the dealership gets it; a consultant sees it and cannot change it.
    await consultant.sync.openSettings();
    const field = consultant.page.getByLabel('逾期超过（小时）升级');
    await expect(field).toHaveValue('24', { timeout: 30_000 });
    await expect(field).toBeDisabled();
    await expect(consultant.page.getByTestId('cadence-read-only')).toBeVisible();
  } finally {
    // The slot's other tests expect the default (a follow-up three days late is escalated).
    await setHours('48');
    await manager.sync.expectInSync();
    await Promise.all([manager, consultant].map((client) => client.context.close()));
  }
});
