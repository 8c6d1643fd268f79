// Dates as the app sees them: in the browser's time zone, not the test runner's.

import type { Page } from '@playwright/test';

/** "Today + days" as YYYY-MM-DD, the way the date pickers take it. */
export function dayPlus(page: Page, days: number): Promise<string> {
  return page.evaluate((offset) => {
    const date = new Date();
    date.setDate(date.getDate() + offset);
    const pad = (value: number) => String(value).padStart(2, '0');
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  }, days);
}
