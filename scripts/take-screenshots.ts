// Produces the README screenshots from the running app: builds nothing itself, expects
// `npm run build:renderer` first, serves dist/renderer with `vite preview`, drives Chromium.
// Run: npm run screenshots

import { chromium, type Page } from '@playwright/test';
import { preview } from 'vite';
import { CHROMIUM_ARGS, chromiumExecutablePath } from '../test/support/chromium';

const OUT = 'docs/screenshots';

async function main(): Promise<void> {
  const server = await preview({ preview: { port: 4180, strictPort: true } });
  const browser = await chromium.launch({
    executablePath: chromiumExecutablePath(),
    args: CHROMIUM_ARGS,
  });
  try {
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    const base = 'http://localhost:4180/';
    await page.goto(base);
    await shot(page, '01-empty-state');

    await page.getByRole('button', { name: '加载示例数据' }).click();
    await page.getByText('共 500 位客户').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(800);
    await shot(page, '02-customer-list');

    // A customer with some history: the first one past due.
    await page.goto(`${base}#/follow-ups`);
    await page.getByTestId('view-past_due').click();
    await page.getByTestId('follow-up-table').getByRole('link').first().click();
    await page.getByTestId('card-name').waitFor();
    await page.waitForTimeout(2500);
    await shot(page, '03-customer-card');

    await page.getByRole('tab', { name: '时间线' }).click();
    await page.waitForTimeout(300);
    await shot(page, '04-timeline');

    await page.goto(`${base}#/follow-ups`);
    await page.getByTestId('follow-up-table').waitFor();
    await shot(page, '05-follow-ups');

    await page.getByTestId('follow-up-table').getByRole('button', { name: '完成' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('跟进记录').fill('客户周末带家人到店试驾，对空间很满意');
    await dialog.getByRole('radio', { name: 'H', exact: true }).check();
    await dialog.getByLabel('目的').fill('确认试驾时间');
    await page.waitForTimeout(300);
    await shot(page, '06-complete-follow-up');
    await dialog.getByRole('button', { name: '取消' }).click();

    await page.goto(`${base}#/quick-capture`);
    await page.getByLabel('活动名称').fill('2026广州车展');
    for (const [name, phone, model] of [
      ['刘洋', '13811110001', '途观L'],
      ['黄芳', '13811110002', '帕萨特'],
    ] as const) {
      await page.getByLabel('姓名').fill(name);
      await page.getByLabel('手机号').fill(phone);
      await page.getByLabel('意向车型').fill(model);
      await page.getByLabel('需求：有真实的购车需求').check();
      await page.getByLabel('购买力：有支付能力').check();
      await page.keyboard.press('Enter');
      await page.getByText(`已保存：${name}`).waitFor();
    }
    await page.getByLabel('姓名').fill('林杰');
    await page.getByLabel('手机号').fill('13811110001');
    await page.waitForTimeout(500);
    await shot(page, '07-quick-capture');

    await page.goto(`${base}#/settings`);
    await page.reload(); // no leftover toasts from the previous screen
    await page.getByText('English').click();
    await page.waitForTimeout(300);
    await shot(page, '08-settings-english');
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${OUT}/${name}.png` });
  console.log(`${OUT}/${name}.png`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
