// The app's one sync engine: made from the server address preference, mirrored into the store,
// rebuilt when the address changes. Components call these functions; they never hold an engine.
// Without a server address there is no engine at all and the app is in local mode.

import { useAppStore, LOCAL_SYNC_STATUS } from '../state/store';
import { db } from '../db/db';
import { ensureProfile } from '../db/profile-repo';
import {
  clearLocalData,
  readServerAddress,
  readSession,
  saveServerAddress,
} from '../db/session-repo';
import { desktop } from '../desktop/desktop';
import type { WipeReason } from '../vault/vault-types';
import { createSyncEngine, type SyncEngine } from './engine';
import { desktopSessionVault } from './session-vault';
import { guardCertificate } from './certificate-guard';
import { isInsecureRemoteAddress, normalizeServerAddress } from './transport';
import { vault } from '../vault/app-vault';
import { LoginRequiredError, NetworkError, UnauthorizedError } from './errors';
import { localKeysOf } from '../vault/vault';
import type { Vault } from '../vault/vault-types';

let engine: SyncEngine | null = null;
/** Set when the page reloaded for the sync server's CSP: never a second time in a session. */
const POLICY_RELOAD = 'dealerdesk.policy-reload';
let unsubscribe: (() => void) | null = null;

async function reloadProfile(): Promise<void> {
  useAppStore.getState().setProfile(await ensureProfile(db));
}

async function stopEngine(): Promise<void> {
  unsubscribe?.();
  unsubscribe = null;
  const stopping = engine;
  engine = null;
  useAppStore.getState().setSyncStatus(LOCAL_SYNC_STATUS);
  await stopping?.stop();
}

/**
 * The server marked this laptop for wipe; the engine has pushed what it could, confirmed, and
 * forgotten the session. The vault destroys every key and the whole database and remembers why;
 * the app starts again on the notice.
 */
async function destroyLocalData(reason: WipeReason, lostChanges: number): Promise<void> {
  await vault.destroy(reason, lostChanges);
  window.location.reload();
}

function makeEngine(url: string): SyncEngine {
  return createSyncEngine({
    db,
    baseUrl: url,
    session: desktopSessionVault(desktop),
    localKeys: localKeysOf(vault),
    fetch: guardCertificate({
      baseUrl: url,
      inspect: (baseUrl) => desktop.inspectServerCertificate(baseUrl),
      fetch: (input, init) => globalThis.fetch(input, init),
      onProblem: (problem) => useAppStore.getState().setCertificateProblem(problem),
    }),
    onWipe: destroyLocalData,
  });
}

async function startEngine(url: string): Promise<void> {
  await stopEngine();
  useAppStore.getState().setCertificateProblem(null);
  const next = makeEngine(url);
  engine = next;
  let lastName: string | null = null;
  unsubscribe = next.subscribe((status) => {
    useAppStore.getState().setSyncStatus(status);
    // The user's name may change on the server (/v1/me): the write context follows.
    const name = status.user?.name ?? null;
    if (name !== null && name !== lastName) void reloadProfile();
    lastName = name;
  });
  useAppStore.getState().setSyncStatus(next.getStatus());
  await next.start();
}

/**
 * Sync runs while the vault is open and stops when it locks (the outbox and the rows are sealed
 * then: nothing could be pushed or merged). Starts at once when the vault is already open.
 */
export function followVault(vault: Pick<Vault, 'getState' | 'subscribe'>): () => void {
  let running = false;
  const follow = () => {
    const open = vault.getState().kind === 'open';
    if (open === running) return;
    running = open;
    if (open) void startSync();
    else void stopEngine();
  };
  follow();
  return vault.subscribe(follow);
}

export type OnlineUnlockResult = 'ok' | 'wrong' | 'offline' | 'wrong_locally';

/**
 * Unlocks a laptop that was offline too long: the server checks the password first (a login, so
 * a deactivated or changed account is found out), then the password opens the local key.
 * `wrong_locally`: the server took it, but the local key was wrapped with an older password.
 */
export async function unlockWithOnlinePassword(password: string): Promise<OnlineUnlockResult> {
  const [url, session] = await Promise.all([readServerAddress(db), readSession(db)]);
  if (url === null || session === null) {
    return (await vault.unlockWithPassword(password)) === 'ok' ? 'ok' : 'wrong';
  }
  const checking = engine ?? makeEngine(url);
  try {
    await checking.login(session.login, password);
  } catch (error) {
    if (error instanceof NetworkError) return 'offline';
    if (error instanceof UnauthorizedError || error instanceof LoginRequiredError) return 'wrong';
    throw error;
  } finally {
    if (checking !== engine) await checking.stop();
  }
  return (await vault.unlockWithPassword(password)) === 'ok' ? 'ok' : 'wrong_locally';
}

/** At start-up, after the profile is loaded. Never throws: sync is optional, local work is not. */
export async function startSync(): Promise<void> {
  try {
    const url = await readServerAddress(db);
    // After an update the host may not know the server yet: tell it, and reload once for it.
    if ((await desktop.setSyncServer(url)) && sessionStorage.getItem(POLICY_RELOAD) === null) {
      sessionStorage.setItem(POLICY_RELOAD, '1');
      window.location.reload();
      return;
    }
    if (url !== null) await startEngine(url);
  } catch (error) {
    console.error('[sync] could not start', error);
  }
}

export function currentEngine(): SyncEngine | null {
  return engine;
}

export function requireEngine(): SyncEngine {
  if (!engine) throw new Error('No sync server configured');
  return engine;
}

export class PlainHttpRefusedError extends Error {
  constructor(url: string) {
    super(`${url}: plain http only to this PC, or with the admin's explicit choice`);
    this.name = 'PlainHttpRefusedError';
  }
}

/**
 * Saves (or with null removes) the server address; refused while someone is logged in. An
 * https server's certificate must have been trusted first (trustServerCertificate); plain http
 * to another machine only with `allowPlainHttp`, the admin's explicit choice, which is kept
 * with the address and logged.
 */
export async function setServerAddress(
  input: string | null,
  options: { allowPlainHttp?: boolean } = {},
): Promise<void> {
  if (await readSession(db)) throw new Error('Log out before changing the server');
  const url = input === null ? null : normalizeServerAddress(input);
  let plainHttpAcceptedAt: string | undefined;
  if (url !== null && isInsecureRemoteAddress(url)) {
    if (!options.allowPlainHttp) throw new PlainHttpRefusedError(url);
    plainHttpAcceptedAt = new Date().toISOString();
    console.warn(`[sync] plain http to ${url} chosen by the user at ${plainHttpAcceptedAt}`);
  }
  await saveServerAddress(db, url, plainHttpAcceptedAt);
  // The desktop page may connect to the configured server only (its CSP): a new one needs a
  // reload, after which startSync starts the engine.
  if (await desktop.setSyncServer(url)) {
    window.location.reload();
    return;
  }
  if (url === null) await stopEngine();
  else await startEngine(url);
}

/** What the https server at `input` presents, for the user to compare before trusting it. */
export function inspectServerCertificate(input: string) {
  return desktop.inspectServerCertificate(normalizeServerAddress(input));
}

/** Trusts this certificate for the server (after the user compared it) and restarts sync. */
export async function trustServerCertificate(input: string, fingerprint: string): Promise<void> {
  const url = normalizeServerAddress(input);
  await desktop.trustServerCertificate(url, fingerprint);
  if (engine !== null && (await readServerAddress(db)) === url) await startEngine(url);
}

export async function loginToServer(login: string, password: string): Promise<void> {
  const active = requireEngine();
  await active.login(login, password);
  await reloadProfile();
  // Login is allowed before start() finished or after a stop: make sure triggers run.
  await active.start();
}

export async function logoutFromServer(): Promise<void> {
  const active = requireEngine();
  await active.logout();
  await reloadProfile();
}

/** "Clear local data" offered when sample data blocks the first login. */
export async function clearLocalDataForLogin(): Promise<void> {
  await clearLocalData(db);
  await reloadProfile();
}
