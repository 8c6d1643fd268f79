// A lost laptop yields only ciphertext: cards typed into the app, logged in to the sync server,
// leave no name and no phone number in the files Chromium keeps IndexedDB in. The profile is a
// real one on disk (a persistent context), scanned byte by byte after the browser closed, in the
// encodings Chromium's IndexedDB writes strings in (Latin-1/UTF-8 and UTF-16LE).

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { e2eDealership } from '../support/e2e-accounts';
import { uniqueSuffix } from './pages/browsers';
import {
  distinctiveCard,
  filesUnder,
  findInFiles,
  indexedDbFiles,
  launchProfile,
  logInAndTypeCards,
  secretsOf,
} from './pages/profile-on-disk';

test.describe.configure({ timeout: 180_000 });

type Scenario = {
  afterCards?: (page: Page) => Promise<void>;
  afterScan?: (profile: string) => Promise<void>;
};

/**
 * Logs in on a real profile on disk, makes three cards, runs `afterCards`, closes the browser and
 * scans every IndexedDB file: no name, no marker, no phone may be found in clear.
 */
async function scanAfterCards(
  baseURL: string | undefined,
  slot: number,
  scenario: Scenario,
): Promise<void> {
  const profile = await mkdtemp(path.join(tmpdir(), 'dealerdesk-at-rest-'));
  const account = e2eDealership(slot).consultants[0];
  const suffix = uniqueSuffix();
  const cards = [0, 1, 2].map((index) => distinctiveCard(suffix, index));
  const launch = () => launchProfile(profile, baseURL);
  try {
    const context = await launch();
    const page = context.pages()[0] ?? (await context.newPage());
    const ids = await logInAndTypeCards(page, account, cards);
    await scenario.afterCards?.(page);
    // Closing the browser writes out everything it still held: the scan sees what a thief would.
    await context.close();

    const indexedDb = indexedDbFiles(profile);
    expect((await filesUnder(indexedDb)).length).toBeGreaterThan(0);
    const secrets = secretsOf(cards);
    const found = await findInFiles(indexedDb, [...secrets, ...ids]);
    // The scan does find what is kept in clear, the cards' ids: it sees the stored rows.
    for (const id of ids) expect(found.get(id), `id ${id}`).toBeDefined();
    const leaked = secrets.filter((secret) => found.has(secret));
    expect(
      leaked.map((secret) => `${secret} in ${found.get(secret)?.join(', ')}`),
      'personal data in clear',
    ).toEqual([]);

    if (scenario.afterScan) {
      const reopened = await launch();
      try {
        const again = reopened.pages()[0] ?? (await reopened.newPage());
        await again.goto('/#/customers');
        await scenario.afterScan(profile);
        for (const { name } of cards) await expect(again.getByText(name)).toHaveCount(0);
      } finally {
        await reopened.close();
      }
    }
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

test('no name and no phone of a card is stored in clear while logged in', async ({
  baseURL,
}, testInfo) => {
  await scanAfterCards(baseURL, testInfo.parallelIndex, {});
});

test('after logout the cards are gone and what LevelDB keeps is ciphertext under a destroyed key', async ({
  baseURL,
}, testInfo) => {
  await scanAfterCards(baseURL, testInfo.parallelIndex, {
    async afterCards(page) {
      await page.goto('/#/settings');
      await page.getByTestId('sync-logout-button').click();
      await page.getByTestId('sync-logout-confirm').click();
      await expect(page.getByTestId('sync-session')).toHaveCount(0, { timeout: 60_000 });
    },
  });
});
