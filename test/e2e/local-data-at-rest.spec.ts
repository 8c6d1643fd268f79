// A lost laptop yields only ciphertext: cards typed into the app, logged in to the sync server,
// leave no name and no phone number in the files Chromium keeps IndexedDB in. The profile is a
// real one on disk (a persistent context), scanned byte by byte after the browser closed, in the
// encodings Chromium's IndexedDB writes strings in (Latin-1/UTF-8 and UTF-16LE).

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, expect, test, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutablePath } from '../support/chromium';
import { e2eDealership } from '../support/e2e-accounts';
import { CustomerCard } from './pages/customer-card';
import { SYNC_SERVER, uniqueSuffix } from './pages/browsers';
import { SyncClient } from './pages/sync-client';

test.describe.configure({ timeout: 180_000 });

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Where each needle appears (file names relative to `directory`), in either encoding. */
async function findInFiles(
  directory: string,
  needles: readonly string[],
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  for (const file of await filesUnder(directory)) {
    const bytes = await readFile(file);
    for (const needle of needles) {
      const encodings = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')];
      if (encodings.some((encoded) => bytes.includes(encoded))) {
        found.set(needle, [...(found.get(needle) ?? []), path.relative(directory, file)]);
      }
    }
  }
  return found;
}

/** A Chinese name nobody else types, with a latin marker to find it in one-byte encodings too. */
function distinctiveCard(suffix: string, index: number) {
  const surnames = ['欧阳', '司马', '上官'];
  const marker = `Qzx${suffix}${index}`;
  return {
    name: `${surnames[index]}霁雯${marker}`,
    marker,
    phone: `13${index + 5}${suffix}`,
  };
}

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
  const ids: string[] = [];
  const launch = () =>
    chromium.launchPersistentContext(profile, {
      executablePath: chromiumExecutablePath(),
      args: CHROMIUM_ARGS,
      baseURL,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1400, height: 900 },
    });
  try {
    const context = await launch();
    const page = context.pages()[0] ?? (await context.newPage());
    const sync = new SyncClient(page);
    await page.goto('/#/settings');
    await sync.saveServerAddress(SYNC_SERVER);
    await sync.submitLogin(account.login, account.password);
    // A login checks the password with argon2id: slow on a busy machine.
    await expect(page.getByTestId('sync-session')).toContainText(account.login, {
      timeout: 60_000,
    });
    await sync.expectInSync(60_000);
    const card = new CustomerCard(page);
    for (const { name, phone } of cards) {
      await card.openNew();
      await card.fill({ name, phone, facts: { need: true } });
      await card.save();
      await expect(page.getByTestId('card-name')).toHaveText(name, { timeout: 60_000 });
      const id = new URL(page.url()).hash.split('/').at(-1);
      if (!id) throw new Error('no customer id in the URL after saving');
      ids.push(id);
    }
    await sync.expectInSync(60_000);
    await scenario.afterCards?.(page);
    // Closing the browser writes out everything it still held: the scan sees what a thief would.
    await context.close();

    const indexedDb = path.join(profile, 'Default', 'IndexedDB');
    expect((await filesUnder(indexedDb)).length).toBeGreaterThan(0);
    const secrets = cards.flatMap(({ name, marker, phone }) => [name, marker, phone]);
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
