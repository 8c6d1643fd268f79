// What the multi-browser specs share: a browser context per person, logged in to the e2e sync
// server, with the page objects at hand; unique names per run (slots are shared by the tests of
// a worker); and a marker that proves a page was never loaded again.

import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { e2eSyncServerUrl, type E2eAccount } from '../../support/e2e-accounts';
import { CustomerCard } from './customer-card';
import { Duplicates } from './duplicates';
import { LostRequests } from './lost-requests';
import { SyncClient } from './sync-client';
import { TeamBoard } from './team-board';

export const SYNC_SERVER = e2eSyncServerUrl();

export function uniqueSuffix(): string {
  return `${Date.now() % 100_000_000}`.padStart(8, '0');
}

export type Client = {
  context: BrowserContext;
  page: Page;
  sync: SyncClient;
  card: CustomerCard;
  lost: LostRequests;
  board: TeamBoard;
  duplicates: Duplicates;
};

export async function openClient(browser: Browser): Promise<Client> {
  const context = await browser.newContext();
  const page = await context.newPage();
  return {
    context,
    page,
    sync: new SyncClient(page),
    card: new CustomerCard(page),
    lost: new LostRequests(page),
    board: new TeamBoard(page),
    duplicates: new Duplicates(page),
  };
}

export async function loggedIn(browser: Browser, account: E2eAccount): Promise<Client> {
  const client = await openClient(browser);
  await client.sync.connectAndLogIn(SYNC_SERVER, account);
  return client;
}

/** A marker on the window: gone if the page was loaded again. */
export async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => Object.assign(window, { e2eSamePage: true }));
}

export async function expectSamePage(page: Page): Promise<void> {
  expect(await page.evaluate(() => 'e2eSamePage' in window)).toBe(true);
}
