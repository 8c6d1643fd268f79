// An admin wipes a consultant's laptop from 用户管理 → 设备; the consultant's open page, at its
// next contact with the server, destroys its local data and shows why. And what is left on the
// disk of a wiped laptop: no name, no phone in clear, and no key that opens what LevelDB keeps.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { e2eDealership, type E2eAccount } from '../support/e2e-accounts';
import { openClient, SYNC_SERVER, uniqueSuffix, type Client } from './pages/browsers';
import {
  distinctiveCard,
  findInFiles,
  indexedDbFiles,
  launchProfile,
  logInAndTypeCards,
  keyringSecrets,
  rawRows,
  secretsOf,
} from './pages/profile-on-disk';
import { wipeDeviceThroughApi } from './pages/server-api';

/**
 * loggedIn(), with room for a loaded 2-core machine: two browsers and the server share it, and
 * the second login's page has taken over 10 s to show its session there.
 */
async function loggedInSlowly(browser: Browser, account: E2eAccount): Promise<Client> {
  const client = await openClient(browser);
  await client.page.goto('/#/settings');
  await expect(client.page.getByTestId('sync-server-card')).toBeVisible({ timeout: 30_000 });
  await client.sync.saveServerAddress(SYNC_SERVER);
  await client.sync.submitLogin(account.login, account.password);
  await expect(client.page.getByTestId('sync-session')).toContainText(
    `${account.name} (${account.login})`,
    { timeout: 60_000 },
  );
  await client.sync.expectInSync(60_000);
  return client;
}

/** What this page's IndexedDB holds: its client id and how many customers. */
async function localData(page: Page): Promise<{ clientId: string | null; customers: number }> {
  return page.evaluate(async () => {
    const request = indexedDB.open('dealerdesk');
    const database = await new Promise<IDBDatabase>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('indexedDB.open failed'));
    });
    const read = <T>(store: string, run: (objects: IDBObjectStore) => IDBRequest<T>) =>
      new Promise<T | undefined>((resolve) => {
        if (!database.objectStoreNames.contains(store)) return resolve(undefined);
        const answer = run(database.transaction(store).objectStore(store));
        answer.onsuccess = () => resolve(answer.result);
        answer.onerror = () => resolve(undefined);
      });
    const client = await read<{ clientId?: string } | undefined>('syncState', (objects) =>
      objects.get('client'),
    );
    const customers = await read<number>('customers', (objects) => objects.count());
    database.close();
    return { clientId: client?.clientId ?? null, customers: customers ?? 0 };
  });
}

test.describe.configure({ timeout: 300_000 });

/** The same room for every step that waits on the server or a re-render. */
const SLOW = { timeout: 60_000 };

test('an admin wipes a consultant’s laptop, which empties itself and says why', async ({
  browser,
}, testInfo) => {
  const dealership = e2eDealership(testInfo.parallelIndex);
  const [consultant] = dealership.consultants;
  const name = `擦除客户${uniqueSuffix()}`;

  const laptop = await loggedInSlowly(browser, consultant);
  const admin = await loggedInSlowly(browser, dealership.admin);
  try {
    await laptop.card.openNew();
    await laptop.card.fill({ name, phone: `137${uniqueSuffix()}` });
    await laptop.card.save();
    await expect(laptop.page.getByTestId('card-name')).toHaveText(name, SLOW);
    await laptop.sync.expectInSync(60_000);
    const before = await localData(laptop.page);
    expect(before.customers).toBeGreaterThan(0);
    expect(before.clientId).not.toBeNull();

    const users = admin.page.getByTestId('users-admin');
    await users.getByTestId(`user-devices-${consultant.login}`).click();
    const drawer = admin.page.getByTestId('devices-drawer');
    await expect(drawer).toContainText(`${consultant.name} 的设备`, SLOW);
    const row = drawer.locator(`tr[data-row-key="${before.clientId}"]`);
    await expect(row.getByTestId('device-state')).toHaveAttribute('data-state', 'active', SLOW);
    await row.getByTestId('device-wipe').click();
    const confirm = admin.page.locator('.ant-popconfirm:visible');
    // The confirmation says what a wipe of a lost laptop means: nothing more is uploaded.
    await expect(confirm).toContainText('尚未上传的修改不会上传', SLOW);
    await confirm.getByRole('button', { name: /擦\s*除/ }).click();
    await expect(row.getByTestId('device-state')).toHaveAttribute(
      'data-state',
      'wipe_pending',
      SLOW,
    );
    await expect(row).toContainText(`${dealership.admin.name} 于`, SLOW);

    // The laptop's live stream ends with the wipe; its next request gets the wipe answer.
    await expect(laptop.page.getByTestId('wiped-notice')).toBeVisible({ timeout: 60_000 });
    await expect(laptop.page.getByTestId('wiped-notice')).toHaveAttribute(
      'data-reason',
      'remote_wipe',
      SLOW,
    );
    await expect(laptop.page.getByTestId('wiped-notice-reason')).toContainText('管理员擦除', SLOW);
    expect(await localData(laptop.page)).toEqual({ clientId: null, customers: 0 });

    // The laptop confirmed: the admin sees it wiped.
    await admin.page.locator('.ant-drawer-close').click();
    await expect(drawer).toHaveCount(0, SLOW);
    await users.getByTestId(`user-devices-${consultant.login}`).click();
    await expect(
      admin.page.getByTestId('devices-drawer').locator(`tr[data-row-key="${before.clientId}"]`),
    ).toContainText('已擦除', SLOW);

    // Starting over is a fresh, empty app: the customer is not there.
    await laptop.page.getByTestId('wiped-notice-continue').click();
    await expect(laptop.page.getByTestId('wiped-notice')).toHaveCount(0, SLOW);
    await laptop.page
      .getByRole('navigation', { name: 'main' })
      .getByText('客户', { exact: true })
      .click();
    await expect(laptop.page.getByText(name)).toHaveCount(0, SLOW);
  } finally {
    await laptop.context.close();
    await admin.context.close();
  }
});

test('the same after a remote wipe: nothing in clear on disk, and no key left', async ({
  baseURL,
}, testInfo) => {
  const dealership = e2eDealership(testInfo.parallelIndex);
  // The other consultant than the walk above: the two tests may share a slot, one after the other.
  const account = dealership.consultants[1];
  const profile = await mkdtemp(path.join(tmpdir(), 'dealerdesk-wiped-'));
  const suffix = uniqueSuffix();
  const cards = [0, 1, 2].map((index) => distinctiveCard(suffix, index));
  try {
    const context = await launchProfile(profile, baseURL);
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await logInAndTypeCards(page, account, cards);
      const { clientId } = await localData(page);
      if (clientId === null) throw new Error('no client id after a login');
      // The password wraps the data key: the wrapping is what could open the rows left behind.
      const keyBytes = await keyringSecrets(page);
      expect(keyBytes.length).toBeGreaterThan(0);

      await wipeDeviceThroughApi(dealership.admin, clientId);
      await expect(page.getByTestId('wiped-notice')).toHaveAttribute('data-reason', 'remote_wipe', {
        timeout: 60_000,
      });
      // Everything had been pushed before the wipe: the notice says nothing was lost.
      await expect(page.getByTestId('wiped-notice-lost')).toHaveText(
        '没有修改丢失：所有修改都已上传到服务器。',
      );
      expect(await localData(page)).toEqual({ clientId: null, customers: 0 });
      // The keyring is empty: no wrapping, no clear key, no lockout count.
      expect(await rawRows(page, 'keyring')).toEqual([]);
      await context.close();

      const secrets = secretsOf(cards);
      const found = await findInFiles(indexedDbFiles(profile), [...secrets, ...keyBytes]);
      const leaked = secrets.filter((secret) => found.has(secret));
      expect(
        leaked.map((secret) => `${secret} in ${found.get(secret)?.join(', ')}`),
        'personal data in clear',
      ).toEqual([]);
      // What LevelDB still holds of the deleted keyring: the password wrapping's salt, nonce and
      // ciphertext stay in its files until Chromium compacts them (no web API forces that), so the
      // account password would still open the sealed rows left beside them. Reported, not hidden:
      // docs/local-data.md ("What a wipe leaves on disk") says what it takes and what would fix it.
      const lingering = keyBytes.filter((bytes) => found.has(bytes));
      testInfo.annotations.push({
        type: 'key material in LevelDB after the wipe',
        description: `${lingering.length} of ${keyBytes.length} byte strings of the keyring`,
      });
    } finally {
      await context.close();
    }
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
});
