// 导出 on the team board, through the e2e sync server: a consultant's new cards reach the manager's
// board; the manager filters it, exports .xlsx, and the downloaded workbook (read back with
// ExcelJS) holds exactly the board's rows — the same customers, the same due times as real Excel
// dates in Shanghai time, the board's column labels. Then the admin finds that export in 设置 →
// 导出记录. Other tests share the slot's dealership, so the board is compared with the file rather
// than with what this test created; the test's own cards are checked to be among them.

import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import { e2eDealership } from '../support/e2e-accounts';
import { loggedIn, uniqueSuffix } from './pages/browsers';

test.describe.configure({ timeout: 180_000 });

const pad = (value: number) => String(value).padStart(2, '0');

/** An Excel date holds the wall time in its UTC fields: as the board prints it, "MM-DD HH:mm". */
function boardTime(value: ExcelJS.CellValue): string {
  if (!(value instanceof Date)) return '无计划';
  return `${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())} ${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}`;
}

test('a manager exports the filtered board as .xlsx; the file holds its rows and the admin sees the export', async ({
  browser,
}, testInfo) => {
  const dealership = e2eDealership(testInfo.parallelIndex);
  const wanglei = dealership.consultants[1];
  const suffix = uniqueSuffix();
  const gradeA = [`导出甲${suffix}`, `导出乙${suffix}`];
  const gradeN = `导出丙${suffix}`;

  const consultant = await loggedIn(browser, wanglei);
  try {
    const facts = { confidence: true, need: true, power: true };
    await consultant.card.create({ name: gradeA[0] ?? '', phone: `135${suffix}`, facts });
    await consultant.card.create({ name: gradeA[1] ?? '', phone: `134${suffix}`, facts });
    await consultant.card.create({ name: gradeN, phone: `133${suffix}` });
    await consultant.sync.expectInSync();
    // Consultants have no board, so no export.
    await consultant.page.goto('/#/team');
    await expect(consultant.page.getByTestId('team-board-managers-only')).toBeVisible();
    await expect(consultant.board.exportButton()).toHaveCount(0);
  } finally {
    await consultant.context.close();
  }

  const manager = await loggedIn(browser, dealership.manager);
  let rowCount: number;
  try {
    const { board, page } = manager;
    await board.openFromSidebar();
    await board.pick('consultant', wanglei.name);
    await board.pick('grade', 'A 级');
    await expect(board.listRow(gradeA[0] ?? '')).toBeVisible();
    await expect(board.listRow(gradeA[1] ?? '')).toBeVisible();
    await expect(board.listRow(gradeN)).toHaveCount(0);

    rowCount = await board.listCount();
    const listed = await board.listedRows();
    expect(listed).toHaveLength(rowCount);

    const download = await board.exportAs('xlsx');
    expect(download.suggestedFilename()).toMatch(/^跟进清单-\d{8}-\d{4}\.xlsx$/);
    await expect(
      page.getByText(`已导出 ${rowCount} 条跟进：${download.suggestedFilename()}`),
    ).toBeVisible();

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.getWorksheet('跟进清单');
    if (!sheet) throw new Error('the workbook has no 跟进清单 sheet');
    const header = sheet.getRow(1);
    expect([1, 2, 3, 5, 11].map((column) => header.getCell(column).value)).toEqual([
      '到期时间',
      '分类',
      '客户',
      '顾问',
      '目的',
    ]);
    expect(sheet.rowCount).toBe(rowCount + 1);

    const exported: { customer: string; due: string }[] = [];
    for (let number = 2; number <= sheet.rowCount; number += 1) {
      const row = sheet.getRow(number);
      const due = row.getCell(1).value;
      expect(due === null || due instanceof Date).toBe(true);
      expect(row.getCell(5).value).toBe(wanglei.name);
      expect(row.getCell(7).value).toBe('A 级');
      exported.push({ customer: String(row.getCell(3).value), due: boardTime(due) });
    }
    const byCustomer = (
      a: { customer: string; due: string },
      b: { customer: string; due: string },
    ) => a.customer.localeCompare(b.customer) || a.due.localeCompare(b.due);
    expect([...exported].sort(byCustomer)).toEqual(
      listed.map(({ customer, due }) => ({ customer, due })).sort(byCustomer),
    );
    expect(exported.map((row) => row.customer)).toEqual(expect.arrayContaining(gradeA));
    expect(exported.map((row) => row.customer)).not.toContain(gradeN);
  } finally {
    await manager.context.close();
  }

  const admin = await loggedIn(browser, dealership.admin);
  try {
    const log = admin.page.getByTestId('export-log');
    await expect(log).toBeVisible();
    const entry = log
      .getByRole('row')
      .filter({ hasText: dealership.manager.name })
      .filter({ hasText: `顾问：${wanglei.name}` })
      .filter({ hasText: '客户级别：A 级' })
      .first();
    await expect(entry).toBeVisible();
    await expect(entry).toContainText('Excel');
    await expect(entry.getByRole('cell').last()).toHaveText(String(rowCount));
  } finally {
    await admin.context.close();
  }
});

test('an empty board cannot be exported, and says why', async ({ browser }, testInfo) => {
  const dealership = e2eDealership(testInfo.parallelIndex);
  const manager = await loggedIn(browser, dealership.manager);
  try {
    const { board, page } = manager;
    await board.openFromSidebar();
    // No test makes a customer from another source (其他) graded C: nothing is listed.
    await board.pick('source', '其他');
    await board.pick('grade', 'C 级');
    await expect(page.getByTestId('team-board-empty')).toBeVisible();
    await expect(board.exportButton()).toBeDisabled();
    await page.getByTestId('export-disabled').hover();
    await expect(page.getByRole('tooltip')).toContainText('当前筛选下没有跟进');
  } finally {
    await manager.context.close();
  }
});
