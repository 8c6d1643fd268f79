// 战败审批 across two browsers through the e2e sync server: a consultant requests lost on a card,
// the manager's open 战败审批 page shows it without a reload (live poke), the manager looks at the
// customer's history and decides; the consultant's open card follows, also without a reload.

import { expect, test } from '@playwright/test';
import { e2eDealership } from '../support/e2e-accounts';
import { expectSamePage, loggedIn, markPage, uniqueSuffix } from './pages/browsers';
import { requestLostOnCard } from './pages/lost-requests';

test.describe.configure({ timeout: 120_000 });

test('a manager approves a lost request after seeing the history; the card shows 战败', async ({
  browser,
}, testInfo) => {
  const dealership = e2eDealership(testInfo.parallelIndex);
  const suffix = uniqueSuffix();
  const name = `战败客户${suffix}`;
  const reason = `预算不够，已经订了别家${suffix}`;
  const note = `同意，原因属实${suffix}`;

  const manager = await loggedIn(browser, dealership.manager);
  const consultant = await loggedIn(browser, dealership.consultants[0]);
  try {
    await manager.lost.open();
    await markPage(manager.page);
    await markPage(consultant.page);

    await consultant.card.create({ name, phone: `136${suffix}`, facts: { need: true } });
    await requestLostOnCard(consultant.page, reason, '比亚迪汉');
    await consultant.sync.expectInSync();

    const row = manager.lost.row(name);
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(row).toContainText(dealership.consultants[0].name);
    await expect(row).toContainText(reason);
    await expect(row).toContainText('比亚迪汉');

    // The customer's history, then the decision from the drawer.
    await row.getByRole('button', { name: '跟进历史' }).click();
    const history = manager.lost.history();
    await expect(history.getByTestId('timeline')).toContainText('申请战败');
    await expect(history.getByTestId('timeline')).toContainText('创建了客户卡');
    await manager.lost.decide(name, '批准战败', note, 'history');
    await expect(manager.page.getByText(`已批准战败：${name}`)).toBeVisible();
    await expect(row).toHaveCount(0);
    await expect(history).toBeHidden();

    // The consultant's open card follows over the poke stream.
    await expect(consultant.page.getByTestId('status-tag')).toHaveText('战败 F', {
      timeout: 30_000,
    });
    await expect(consultant.page.getByTestId('lost-approved')).toContainText(reason);
    await consultant.page.getByRole('tab', { name: '时间线' }).click();
    const entry = consultant.page.getByTestId('timeline').locator('.ant-timeline-item').first();
    await expect(entry).toContainText('经理批准战败');
    await expect(entry).toContainText(dealership.manager.name);
    await expect(entry).toContainText(note);
    await expect(consultant.page.getByRole('button', { name: '申请战败' })).toHaveCount(0);

    await expectSamePage(manager.page);
    await expectSamePage(consultant.page);
  } finally {
    await consultant.context.close();
    await manager.context.close();
  }
});

test('a lost request sent back returns the card to follow-up with its next plan', async ({
  browser,
}, testInfo) => {
  const dealership = e2eDealership(testInfo.parallelIndex);
  const suffix = uniqueSuffix();
  const name = `退回客户${suffix}`;
  const note = `客户上周还来过店，请再约一次试驾${suffix}`;

  const consultant = await loggedIn(browser, dealership.consultants[1]);
  const manager = await loggedIn(browser, dealership.manager);
  try {
    await manager.lost.open();
    await markPage(consultant.page);

    await consultant.card.create({ name, phone: `135${suffix}`, facts: { need: true } });
    await expect(consultant.page.getByTestId('status-tag')).toHaveText('新线索 N');
    await expect(consultant.page.getByTestId('no-plan-warning')).toHaveCount(0);
    await requestLostOnCard(consultant.page, '电话一直打不通', '');
    await consultant.sync.expectInSync();

    await expect(manager.lost.row(name)).toBeVisible({ timeout: 30_000 });
    await manager.lost.decide(name, '退回跟进', note);
    await expect(manager.page.getByText(`已退回：${name} 继续跟进`)).toBeVisible();
    await expect(manager.lost.row(name)).toHaveCount(0);

    await expect(consultant.page.getByTestId('status-tag')).toHaveText('新线索 N', {
      timeout: 30_000,
    });
    // The request cancelled the planned follow-ups; the send-back plans the next by the cadence,
    // its purpose from the stage, so the card is never left without a plan.
    await consultant.page.getByRole('tab', { name: '跟进' }).click();
    await expect(consultant.page.getByTestId('planned-follow-ups')).toContainText('首次联系', {
      timeout: 30_000,
    });
    await expect(consultant.page.getByTestId('no-plan-warning')).toHaveCount(0);
    await expect(consultant.page.getByRole('button', { name: '申请战败' })).toBeVisible();
    await consultant.page.getByRole('tab', { name: '时间线' }).click();
    // The decision and, as its consequence, the new plan (so the plan is the newest entry).
    const entry = consultant.page
      .getByTestId('timeline')
      .locator('.ant-timeline-item')
      .filter({ hasText: '经理退回战败申请，继续跟进' });
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText(note);
    await expectSamePage(consultant.page);
  } finally {
    await consultant.context.close();
    await manager.context.close();
  }
});

test('consultants do not see 战败审批 and are told who decides', async ({ browser }, testInfo) => {
  const { consultants } = e2eDealership(testInfo.parallelIndex);
  const consultant = await loggedIn(browser, consultants[0]);
  try {
    await expect(
      consultant.page.getByRole('navigation', { name: 'main' }).getByText('客户', { exact: true }),
    ).toBeVisible();
    await expect(consultant.lost.navItem()).toHaveCount(0);
    await consultant.page.goto('/#/lost-requests');
    const notice = consultant.page.getByTestId('lost-requests-managers-only');
    await expect(notice).toContainText('只有经理可以审批战败申请');
    await expect(notice).toContainText('你的账号是顾问');
  } finally {
    await consultant.context.close();
  }
});
