// A laptop as a thief would find it: a real Chromium profile on disk (a persistent context), where
// a consultant logs in and types cards, and a byte scan of the files Chromium keeps IndexedDB in,
// in the encodings its IndexedDB writes strings in (Latin-1/UTF-8 and UTF-16LE).

import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutablePath } from '../../support/chromium';
import type { E2eAccount } from '../../support/e2e-accounts';
import { SYNC_SERVER } from './browsers';
import { CustomerCard } from './customer-card';
import { SyncClient } from './sync-client';

export async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Where each needle appears (file names relative to `directory`), in either encoding. */
export async function findInFiles(
  directory: string,
  needles: readonly (string | Uint8Array)[],
): Promise<Map<string | Uint8Array, string[]>> {
  const found = new Map<string | Uint8Array, string[]>();
  for (const file of await filesUnder(directory)) {
    const bytes = await readFile(file);
    for (const needle of needles) {
      const encodings =
        typeof needle === 'string'
          ? [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')]
          : [Buffer.from(needle)];
      if (encodings.some((encoded) => bytes.includes(encoded))) {
        found.set(needle, [...(found.get(needle) ?? []), path.relative(directory, file)]);
      }
    }
  }
  return found;
}

/** The directory of the profile's IndexedDB files. */
export function indexedDbFiles(profile: string): string {
  return path.join(profile, 'Default', 'IndexedDB');
}

export type DistinctiveCard = { name: string; marker: string; phone: string };

/** A Chinese name nobody else types, with a latin marker to find it in one-byte encodings too. */
export function distinctiveCard(suffix: string, index: number): DistinctiveCard {
  const surnames = ['欧阳', '司马', '上官'];
  const marker = `Qzx${suffix}${index}`;
  return {
    name: `${surnames[index]}霁雯${marker}`,
    marker,
    phone: `13${index + 5}${suffix}`,
  };
}

/** What must never be found in clear: each card's name, marker and phone. */
export function secretsOf(cards: readonly DistinctiveCard[]): string[] {
  return cards.flatMap(({ name, marker, phone }) => [name, marker, phone]);
}

export function launchProfile(
  profile: string,
  baseURL: string | undefined,
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: chromiumExecutablePath(),
    args: CHROMIUM_ARGS,
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1400, height: 900 },
  });
}

/** Connects to the e2e server, logs `account` in, types the cards and waits until all is pushed. */
export async function logInAndTypeCards(
  page: Page,
  account: E2eAccount,
  cards: readonly DistinctiveCard[],
): Promise<string[]> {
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
  const ids: string[] = [];
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
  return ids;
}

/** The rows of one object store of the app's database, read raw (what is on disk, unopened). */
export function rawRows(page: Page, store: string): Promise<unknown[]> {
  return page.evaluate(async (storeName) => {
    const request = indexedDB.open('dealerdesk');
    const database = await new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
    });
    try {
      if (!database.objectStoreNames.contains(storeName)) return [];
      const all = database.transaction(storeName).objectStore(storeName).getAll();
      return await new Promise<unknown[]>((resolve, reject) => {
        all.onsuccess = () => resolve(all.result as unknown[]);
        all.onerror = () => reject(all.error ?? new Error('getAll failed'));
      });
    } finally {
      database.close();
    }
  }, store);
}

/** Every byte string the keyring holds (wrapped keys, sealed keys, a clear key), read raw. */
export async function keyringSecrets(page: Page): Promise<Uint8Array[]> {
  const byteArrays = await page.evaluate(async () => {
    const request = indexedDB.open('dealerdesk');
    const database = await new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
    });
    const rows = await new Promise<unknown[]>((resolve, reject) => {
      const all = database.transaction('keyring').objectStore('keyring').getAll();
      all.onsuccess = () => resolve(all.result as unknown[]);
      all.onerror = () => reject(all.error ?? new Error('getAll failed'));
    });
    database.close();
    const found: number[][] = [];
    const walk = (value: unknown): void => {
      if (value instanceof Uint8Array) found.push([...value]);
      else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk);
    };
    rows.forEach(walk);
    return found;
  });
  return byteArrays.map((bytes) => Uint8Array.from(bytes));
}
