// The client's sync engine (docs/sync-protocol.md): push the outbox, pull the server's changes,
// keep the user logged in, and tell the UI how things stand. No React: everything it needs is
// injected (database, fetch, clock, timers, secret store), so it runs in the app, in Node over
// fake-indexeddb, and in tests against a fake server.
//
// This module is the sync loop: the queue, push and pull, what triggers them (writes, a timer,
// the network coming back, pokes), back-off, the session and the status. Beside it: the live
// poke stream (live-updates.ts), the user's and manager's requests (commands.ts), and what the
// server's answers do to the local database (local-apply.ts).
//
// Rules it keeps:
// - one operation at a time (push, pull, login, logout are queued, never overlapping);
// - push before pull, so a removal never overtakes our own changes to that customer;
// - nothing here can block a local write: sync only reads the outbox and applies answers in
//   short transactions of its own; failures change the status, never the data;
// - 426 stops all requests for good (until the app is updated); a refused refresh pauses sync
//   until the same user logs in again, with the outbox intact;
// - 410 device_wiped (the server marked this laptop for wipe) stops everything for good: the
//   outbox is pushed once when the server still accepts it, the wipe is confirmed, the session
//   forgotten, and `onWipe` destroys the local data.

import { liveQuery, type Subscription } from 'dexie';
import {
  MAX_PULL_LIMIT,
  MAX_PUSH_MUTATIONS,
  pullResponseSchema,
  pushResponseSchema,
  type MeResponse,
  type Mutation,
  type SessionUser,
} from '../../shared/sync/protocol';
import type { AppDB, OutboxEntry } from '../db/AppDB';
import type { WipeReason } from '../vault/vault-types';
import { pendingExportsOf, removePendingExport } from '../db/pending-exports-repo';
import { adoptSession, planLogin, readSession, resetLocalData, saveMe } from '../db/session-repo';
import { clientId } from '../db/write-path';
import { newClientId } from '../../shared/sync/client-id';
import type { SessionVault } from '../../shared/sync/session-vault';
import { createAttachmentSync } from './attachment-sync';
import { createAuth, tokensOf } from './auth';
import { createSyncCommands, requestOptions, SERVER_REQUESTS, type SyncCommands } from './commands';
import {
  DeviceWipedError,
  LoginRequiredError,
  NetworkError,
  ProtocolOutdatedError,
  ServerError,
  ServiceUnavailableError,
  isAbortError,
  isPermanentRefusal,
} from './errors';
import { openLiveUpdates, type LiveUpdates } from './live-updates';
import {
  applyPullPage,
  applyPushResponse,
  readClockReport,
  readCursor,
  readLastSync,
  setAsideChange,
  type AckSummary,
} from './local-apply';
import { createOperationQueue } from './operation-queue';
import { globalScheduler, type Scheduler } from './scheduler';
import { createTransport, type FetchFunction } from './transport';

export type { Scheduler } from './scheduler';
export type { SyncCommands } from './commands';

export type SyncState =
  | 'not_configured'
  | 'offline'
  | 'syncing'
  | 'idle'
  | 'error'
  | 'login_required'
  | 'outdated'
  /** The server marked this laptop for wipe; the local data was handed to `onWipe`. */
  | 'wiped';

export type SyncProgress = { done: number; total: number };

export type SyncStatus = {
  state: SyncState;
  /** The logged-in user (kept while the login is expired); null in local mode. */
  user: SessionUser | null;
  serverUrl: string;
  /** End of the last complete pull, ISO instant. */
  lastSyncAt: string | null;
  /** Changes waiting in the outbox (live). */
  pending: number;
  /** While a pull runs over more than one page (a large first sync): changes applied of total. */
  progress: SyncProgress | null;
  /** The last failure in the server's or the network's words (English); null when fine. */
  lastError: string | null;
};

export type PushResult = { pushed: number; rejected: number };
export type PullResult = { applied: number; cursor: string };
export type SyncRoundResult = { push: PushResult; pull: PullResult };

/** What the vault does when the session changes (renderer/vault/vault.ts). */
export type LocalKeys = {
  afterLogin(password: string, newUser: boolean): Promise<void>;
  afterLogout(): Promise<void>;
};

export type SyncEngineOptions = {
  db: AppDB;
  /** The server's base URL, e.g. `http://192.168.1.20:8787`. */
  baseUrl: string;
  /** Keeps the refresh token (the host's: in Electron the main process). */
  session: SessionVault;
  fetch?: FetchFunction;
  now?: () => Date;
  scheduler?: Scheduler;
  /** false: do not even try (navigator.onLine by default; always true where there is none). */
  isOnline?: () => boolean;
  /** Subscribes to "the network is back" (the window's `online` event by default). */
  onOnline?: (listener: () => void) => () => void;
  /** Subscribes to "the network is gone" (the window's `offline` event by default). */
  onOffline?: (listener: () => void) => () => void;
  /**
   * The local keys follow the session: a login protects the data key with the password (a new
   * user first gets a new key: the old user's is destroyed), a logout destroys the key.
   */
  localKeys?: LocalKeys;
  /** Keep the live poke stream (GET /v1/events) open while logged in. Default true. */
  liveEvents?: boolean;
  /** Push shortly after each local write (watches the outbox). Default true. */
  pushOnWrite?: boolean;
  /** Debounce of the push after a write. Default 300 ms. */
  pushDelayMs?: number;
  /** Push and pull on a timer, a fallback for lost pokes. Default 60 s. */
  syncIntervalMs?: number;
  pushBatchSize?: number;
  /**
   * How many pushes of one change alone the server may fail (500, an answer that is not the
   * protocol's) before the change is set aside as refused. Default 3.
   */
  pushAttemptsPerChange?: number;
  pullLimit?: number;
  /**
   * Destroys the local data (keys and database) after the server marked this laptop for wipe.
   * The app passes the vault's destroy; by default the synced tables are cleared.
   * `lostChanges`: the changes deleted with the data that the server never took (all that waited
   * for an admin's wipe; for a deactivation, what its one push could not carry or was refused).
   */
  onWipe?: (reason: WipeReason, lostChanges: number) => Promise<void>;
};

/**
 * The engine: the sync loop (below) and the user's and manager's requests (commands.ts), which
 * run in the loop's queue and pull through it.
 */
export type SyncEngine = SyncLoop & SyncCommands;

export type SyncLoop = {
  /** Loads the session, watches the outbox, and (when logged in) starts syncing. */
  start(): Promise<void>;
  /** Stops timers, the poke stream and the outbox watch; resolves when the running operation ends. */
  stop(): Promise<void>;
  /** Push, then pull. Rejects with the failure (after updating the status). */
  syncNow(): Promise<SyncRoundResult>;
  push(): Promise<PushResult>;
  pull(): Promise<PullResult>;
  /** Logs in (re-owning local-mode data on a first login) and starts syncing. */
  login(login: string, password: string): Promise<SessionUser>;
  /** Revokes the session (best effort offline) and clears the user's local data. */
  logout(): Promise<void>;
  /** GET /v1/me: refreshes the user's name/role and the team table. */
  refreshMe(): Promise<MeResponse>;
  getStatus(): SyncStatus;
  /** Called with every status change; returns the unsubscribe function. */
  subscribe(listener: (status: SyncStatus) => void): () => void;
  /** Resolves once every queued operation has finished (tests, shutdown). */
  whenIdle(): Promise<void>;
};

const LOGOUT_REVOKE_TIMEOUT_MS = 5_000;
/** The wipe's last requests (the final push, the confirmation) do not hold the wipe up longer. */
const WIPE_REQUEST_TIMEOUT_MS = 15_000;
/** A server that answered "unavailable" (its database restarting) is asked again this soon, … */
const UNAVAILABLE_RETRY_MIN_MS = 2_000;
/** … doubling while it stays away, up to this (or its retry-after, when longer). */
const UNAVAILABLE_RETRY_MAX_MS = 60_000;

function defaultIsOnline(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

function windowEvent(name: 'online' | 'offline') {
  return (listener: () => void): (() => void) => {
    if (typeof window === 'undefined') return () => undefined;
    window.addEventListener(name, listener);
    return () => window.removeEventListener(name, listener);
  };
}

function toMutation(entry: OutboxEntry): Mutation {
  const mutation: Mutation = {
    seq: entry.seq ?? 0,
    table: entry.table,
    rowId: entry.rowId,
    hlc: entry.hlc,
    fields: entry.fields,
  };
  if (entry.base && Object.keys(entry.base).length > 0) mutation.base = entry.base;
  return mutation;
}

export function createSyncEngine(options: SyncEngineOptions): SyncEngine {
  const { db } = options;
  const fetchFunction: FetchFunction =
    options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const transport = createTransport(options.baseUrl, fetchFunction);
  const auth = createAuth(transport, options.session);
  const now = options.now ?? (() => new Date());
  const scheduler = options.scheduler ?? globalScheduler;
  const isOnline = options.isOnline ?? defaultIsOnline;
  const onOnline = options.onOnline ?? windowEvent('online');
  const onOffline = options.onOffline ?? windowEvent('offline');
  const pushDelayMs = options.pushDelayMs ?? 300;
  const syncIntervalMs = options.syncIntervalMs ?? 60_000;
  const pushBatchSize = Math.min(options.pushBatchSize ?? MAX_PUSH_MUTATIONS, MAX_PUSH_MUTATIONS);
  const pullLimit = Math.min(options.pullLimit ?? MAX_PULL_LIMIT, MAX_PULL_LIMIT);
  const attachments = createAttachmentSync({ db, transport, auth, now });
  const pushAttemptsPerChange = Math.max(1, options.pushAttemptsPerChange ?? 3);

  let status: SyncStatus = {
    state: 'not_configured',
    user: null,
    serverUrl: transport.baseUrl,
    lastSyncAt: null,
    pending: 0,
    progress: null,
    lastError: null,
  };
  const listeners = new Set<(status: SyncStatus) => void>();
  let started = false;
  let outdated = false;
  let loginRequired = false;
  /** The wipe under way or done (one per engine: the data it would protect is gone). */
  let wiping: Promise<void> | null = null;
  let wipeError: DeviceWipedError | null = null;

  // Network machinery, alive only while started and logged in.
  let interval: unknown = null;
  let pushTimer: unknown = null;
  let retryTimer: unknown = null;
  /** Operations in a row the server answered "unavailable"; sets the back-off. */
  let unavailableInARow = 0;
  let stopOnline: (() => void) | null = null;
  let stopOffline: (() => void) | null = null;
  let stream: LiveUpdates | null = null;
  let outboxWatch: Subscription | null = null;
  let lastPending: number | null = null;

  const setStatus = (patch: Partial<SyncStatus>) => {
    status = { ...status, ...patch };
    for (const listener of listeners) listener(status);
  };

  // One operation at a time (operation-queue.ts).
  const { enqueue, whenIdle } = createOperationQueue();

  // --- state ------------------------------------------------------------------------------------

  const canTalk = (): boolean =>
    !outdated && !loginRequired && wipeError === null && status.user !== null;

  /** Throws what stops a network operation before it starts. */
  function assertCanSync(): void {
    if (wipeError) throw wipeError;
    if (outdated) throw new ProtocolOutdatedError(null);
    if (status.user === null) throw new LoginRequiredError('Not logged in to a sync server');
    if (loginRequired || !auth.hasTokens()) {
      loginRequired = true;
      setStatus({ state: 'login_required' });
      throw new LoginRequiredError();
    }
    if (!isOnline()) {
      setStatus({ state: 'offline' });
      throw new NetworkError('The computer is offline');
    }
  }

  function handleFailure(error: unknown): void {
    if (isAbortError(error)) return;
    if (error instanceof DeviceWipedError) {
      void runQueuedWipe(error);
    } else if (error instanceof ProtocolOutdatedError) {
      outdated = true;
      stopNetwork();
      setStatus({ state: 'outdated', progress: null, lastError: error.message });
    } else if (error instanceof LoginRequiredError) {
      loginRequired = true;
      closeStream();
      setStatus({ state: 'login_required', progress: null, lastError: error.message });
    } else if (error instanceof NetworkError) {
      setStatus({ state: 'offline', progress: null, lastError: error.message });
    } else {
      setStatus({
        state: 'error',
        progress: null,
        lastError: error instanceof Error ? error.message : String(error),
      });
    }
  }

  /** Runs a network operation in the queue with status bookkeeping; rejects with the failure. */
  function operation<T>(kind: string, run: () => Promise<T>): Promise<T> {
    return enqueue(kind, async () => {
      assertCanSync();
      setStatus({ state: 'syncing' });
      try {
        const result = await run();
        unavailableInARow = 0;
        setStatus({ state: 'idle', lastError: null, progress: null });
        return result;
      } catch (error) {
        if (error instanceof DeviceWipedError) {
          await wipe(error);
          throw error;
        }
        handleFailure(error);
        if (error instanceof ServiceUnavailableError) scheduleRetry(error);
        throw error;
      }
    });
  }

  // --- remote wipe ------------------------------------------------------------------------------

  /**
   * The server marked this laptop for wipe. Runs inside the operation that learned it (or queued,
   * from the live stream): nothing else talks to the server meanwhile, and never again after.
   */
  function wipe(error: DeviceWipedError): Promise<void> {
    wipeError ??= error;
    wiping ??= (async () => {
      stopNetwork();
      setStatus({ state: 'syncing', progress: null });
      const waiting = await db.outbox.count();
      let taken = 0;
      if (error.finalPush) {
        taken = await pushFinalBatch().catch((failure: unknown) => {
          console.warn('[sync] the last push before the wipe failed', failure);
          return 0;
        });
      }
      await withTimeout(
        auth.authorized((token) =>
          transport.request({ method: 'POST', path: '/v1/devices/wiped', token, schema: null }),
        ),
      ).catch((failure: unknown) => {
        console.warn('[sync] the wipe could not be confirmed to the server', failure);
      });
      await auth.clear();
      attachments.reset();
      await (options.onWipe ?? (() => resetLocalData(db)))(error.reason, waiting - taken);
      setStatus({ state: 'wiped', progress: null, pending: 0, lastError: error.message });
    })();
    return wiping;
  }

  function runQueuedWipe(error: DeviceWipedError): Promise<void> {
    if (wiping) return wiping;
    return enqueue('wipe', () => wipe(error)).catch((failure: unknown) => {
      console.error('[sync] the wipe failed', failure);
    });
  }

  /**
   * The one push the server still accepts from a deactivated user's laptop: as much of the outbox
   * as one request carries. Its answer is not applied (the data is about to go), only counted:
   * the changes the server applied, which the wipe does not lose.
   */
  async function pushFinalBatch(): Promise<number> {
    const batch = prefixWithinBytes(
      await db.outbox.limit(pushBatchSize).toArray(),
      PUSH_BATCH_BYTES,
    );
    if (batch.length === 0) return 0;
    await attachments.ensureUploaded(batch);
    const report = await readClockReport(db);
    const id = await clientId(db);
    const answer = await withTimeout(
      auth.authorized((token) =>
        transport.request({
          method: 'POST',
          path: '/v1/push',
          body: { clientId: id, mutations: batch.map(toMutation), ...report },
          token,
          schema: pushResponseSchema,
        }),
      ),
    );
    return answer.acks.filter((ack) => ack.status === 'applied').length;
  }

  function withTimeout<T>(work: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = scheduler.setTimeout(
        () => reject(new NetworkError('The server did not answer in time')),
        WIPE_REQUEST_TIMEOUT_MS,
      );
      work.then(
        (value) => {
          scheduler.clearTimeout(timer);
          resolve(value);
        },
        (failure: unknown) => {
          scheduler.clearTimeout(timer);
          reject(failure instanceof Error ? failure : new Error(String(failure)));
        },
      );
    });
  }

  /** Background triggers never throw and never start what cannot succeed. */
  function trigger(kind: 'push' | 'sync'): void {
    if (!started || !canTalk()) return;
    if (!isOnline()) {
      if (status.state !== 'offline') setStatus({ state: 'offline' });
      return;
    }
    const run = kind === 'push' ? pushNow : syncNow;
    run().catch(() => undefined);
  }

  // --- push and pull ----------------------------------------------------------------------------

  // A batch the server fails on as a whole (pushFailedOnBatch) may hold one change it cannot
  // handle; sent again as it is, it would block everything queued behind it for ever. So the
  // batch is halved until the change is alone, and a change that fails alone
  // pushAttemptsPerChange times (over several sync rounds) is set aside as refused.
  let pushLimit = pushBatchSize;
  /** Outbox seq → how many pushes of that change alone failed. */
  const failuresAlone = new Map<number, number>();

  async function pushOutbox(): Promise<PushResult> {
    const id = await clientId(db);
    const result: PushResult = { pushed: 0, rejected: 0 };
    for (;;) {
      const batch = prefixWithinBytes(await db.outbox.limit(pushLimit).toArray(), PUSH_BATCH_BYTES);
      if (batch.length === 0) {
        pushLimit = pushBatchSize;
        return result;
      }
      await attachments.ensureUploaded(batch);
      const report = await readClockReport(db);
      let summary: AckSummary;
      try {
        const response = await auth.authorized((token) =>
          transport.request({
            method: 'POST',
            path: '/v1/push',
            body: { clientId: id, mutations: batch.map(toMutation), ...report },
            token,
            schema: pushResponseSchema,
          }),
        );
        summary = await applyPushResponse(db, batch, response, now());
        // Without a single ack the same batch would be sent for ever.
        if (summary.acked === 0) throw new ServerError(200, 'bad_response', 'push: no acks');
      } catch (error) {
        if (!pushFailedOnBatch(error)) throw error;
        const [first] = batch;
        if (batch.length > 1 || !first) {
          pushLimit = Math.max(1, Math.floor(batch.length / 2));
          continue;
        }
        const seq = first.seq ?? 0;
        const failures = (failuresAlone.get(seq) ?? 0) + 1;
        failuresAlone.set(seq, failures);
        if (failures < pushAttemptsPerChange) throw error;
        failuresAlone.delete(seq);
        await setAsideChange(db, first, error instanceof Error ? error.message : '', now());
        result.rejected += 1;
        pushLimit = pushBatchSize;
        continue;
      }
      for (const entry of batch) failuresAlone.delete(entry.seq ?? 0);
      result.pushed += summary.applied;
      result.rejected += summary.rejected;
    }
  }

  async function pullChanges(): Promise<PullResult> {
    let applied = 0;
    let cursor = await readCursor(db);
    const id = await clientId(db);
    for (let page = 0; ; page += 1) {
      const query = new URLSearchParams({ cursor, limit: String(pullLimit), clientId: id });
      const report = await readClockReport(db);
      if (report) {
        query.set('seenHlc', report.seenHlc);
        query.set('outboxSeq', String(report.outboxSeq));
      }
      const from = cursor;
      const answer = await auth.authorized((token) =>
        transport.request({
          method: 'GET',
          path: `/v1/pull?${query}`,
          token,
          schema: pullResponseSchema,
        }),
      );
      applied += await applyPullPage(db, answer, now());
      attachments.noteReferences(answer.changes);
      cursor = answer.cursor;
      if (page > 0 || answer.hasMore) {
        setStatus({ progress: { done: applied, total: applied + answer.remaining } });
      }
      // A server that says "more" without moving the cursor would keep us here for ever.
      if (!answer.hasMore || answer.cursor === from) break;
    }
    const at = now().toISOString();
    await db.syncState.put({ key: 'lastSync', at });
    setStatus({ lastSyncAt: at, progress: null });
    void attachments.fetchInBackground();
    return { applied, cursor };
  }

  const pushNow = () => operation('push', pushOutbox);
  const pullNow = () => operation('pull', pullChanges);
  const syncNow = () =>
    operation('sync', async () => {
      const push = await pushOutbox();
      const pull = await pullChanges();
      await sendPendingExports();
      return { push, pull };
    });

  /**
   * Export records made offline (renderer/db/pending-exports-repo.ts), the current user's only.
   * A record the server refuses for good (e.g. the user is no longer a manager) is dropped: the
   * file was made when the role allowed it, and sending it again cannot succeed.
   */
  async function sendPendingExports(): Promise<void> {
    const user = status.user;
    if (!user) return;
    for (const row of await pendingExportsOf(db, user.id)) {
      try {
        await auth.authorized((token) =>
          transport.request(requestOptions(SERVER_REQUESTS.recordExport, row.request, token)),
        );
      } catch (error) {
        if (!isPermanentRefusal(error)) throw error;
        console.warn('[sync] the server refused a queued export record', row.id, error);
      }
      await removePendingExport(db, row.id);
    }
  }

  // --- triggers: writes, timer, network back, pokes ----------------------------------------------

  function watchOutbox(): void {
    if (outboxWatch) return;
    outboxWatch = liveQuery(() => db.outbox.count()).subscribe({
      next: (count) => {
        const grew = lastPending !== null && count > lastPending;
        lastPending = count;
        setStatus({ pending: count });
        if (grew && options.pushOnWrite !== false) schedulePush();
      },
      error: (error: unknown) => console.warn('[sync] outbox watch failed', error),
    });
  }

  function schedulePush(): void {
    if (!started || !canTalk()) return;
    if (pushTimer !== null) scheduler.clearTimeout(pushTimer);
    pushTimer = scheduler.setTimeout(() => {
      pushTimer = null;
      trigger('push');
    }, pushDelayMs);
  }

  /**
   * A server that is briefly away (503 while its database restarts) is not a reason to wait for
   * the next timer round: sync again after its retry-after, backing off while it stays away.
   */
  function scheduleRetry(error: ServiceUnavailableError): void {
    if (!started || !canTalk()) return;
    unavailableInARow += 1;
    const backOff = Math.min(
      UNAVAILABLE_RETRY_MIN_MS * 2 ** (unavailableInARow - 1),
      UNAVAILABLE_RETRY_MAX_MS,
    );
    const delay = Math.max(backOff, (error.retryAfterSeconds ?? 0) * 1000);
    if (retryTimer !== null) scheduler.clearTimeout(retryTimer);
    retryTimer = scheduler.setTimeout(() => {
      retryTimer = null;
      trigger('sync');
    }, delay);
  }

  function startNetwork(): void {
    if (!started || !canTalk()) return;
    if (interval === null) interval = scheduler.setInterval(() => trigger('sync'), syncIntervalMs);
    if (stopOnline === null) {
      stopOnline = onOnline(() => {
        trigger('sync');
        // The poke stream may be sleeping in its back-off after a long time offline: reconnect now.
        if (options.liveEvents !== false && stream !== null) {
          closeStream();
          openStream();
        }
      });
    }
    if (stopOffline === null) stopOffline = onOffline(showOffline);
    if (options.liveEvents !== false && stream === null) openStream();
  }

  /** The network went away: say so at once rather than at the next attempt. */
  function showOffline(): void {
    if (!started || !canTalk()) return;
    if (status.state === 'idle' || status.state === 'error') setStatus({ state: 'offline' });
  }

  function closeStream(): void {
    stream?.close();
    stream = null;
  }

  function stopNetwork(): void {
    if (interval !== null) scheduler.clearInterval(interval);
    interval = null;
    if (pushTimer !== null) scheduler.clearTimeout(pushTimer);
    pushTimer = null;
    if (retryTimer !== null) scheduler.clearTimeout(retryTimer);
    retryTimer = null;
    unavailableInARow = 0;
    stopOnline?.();
    stopOnline = null;
    stopOffline?.();
    stopOffline = null;
    closeStream();
  }

  function openStream(): void {
    stream = openLiveUpdates({
      auth,
      transport,
      scheduler,
      isOnline,
      canTalk,
      onPoke: () => trigger('sync'),
      onFatal: handleFailure,
    });
  }

  // --- session ----------------------------------------------------------------------------------

  async function start(): Promise<void> {
    if (started) return;
    started = true;
    watchOutbox();
    const [user, lastSyncAt] = await Promise.all([readSession(db), readLastSync(db)]);
    if (!started) return;
    if (!user) {
      setStatus({ state: 'not_configured', user: null, lastSyncAt });
      return;
    }
    const hasTokens = await auth.load();
    if (!started) return;
    if (!hasTokens) {
      loginRequired = true;
      setStatus({ state: 'login_required', user, lastSyncAt });
      return;
    }
    setStatus({ state: isOnline() ? 'idle' : 'offline', user, lastSyncAt });
    startNetwork();
    if (isOnline()) void refreshMe().catch(() => undefined);
    trigger('sync');
  }

  async function stop(): Promise<void> {
    started = false;
    stopNetwork();
    outboxWatch?.unsubscribe();
    outboxWatch = null;
    lastPending = null;
    await whenIdle();
  }

  function login(loginName: string, password: string): Promise<SessionUser> {
    return enqueue('login', async () => {
      if (outdated) throw new ProtocolOutdatedError(null);
      const plan = await planLogin(db, loginName);
      // Another user needs a client id of their own: the old one is bound to the old user.
      const id = plan.kind === 'switch_user' ? newClientId() : await clientId(db);
      const answer = await auth
        .login({ login: loginName.trim(), password, clientId: id })
        .catch(async (error: unknown) => {
          // The server marked this laptop for wipe while nobody was logged in on it.
          if (error instanceof DeviceWipedError) await wipe(error);
          throw error;
        });
      if (plan.kind === 'same_user' && answer.user.id !== plan.user.id) {
        const pending = await db.outbox.count();
        if (pending > 0) {
          throw new ServerError(409, 'conflict', 'This login now belongs to another user');
        }
      }
      await adoptSession(db, answer.user, plan, id);
      await options.localKeys?.afterLogin(password, plan.kind === 'switch_user');
      attachments.reset();
      await auth.store(tokensOf(answer));
      loginRequired = false;
      const lastSyncAt = await readLastSync(db);
      setStatus({
        state: isOnline() ? 'idle' : 'offline',
        user: answer.user,
        lastSyncAt,
        lastError: null,
      });
      startNetwork();
      return answer.user;
    }).then((user) => {
      if (started) {
        void refreshMe().catch(() => undefined);
        trigger('sync');
      }
      return user;
    });
  }

  function logout(): Promise<void> {
    stopNetwork();
    return enqueue('logout', async () => {
      await auth.revoke(LOGOUT_REVOKE_TIMEOUT_MS);
      await auth.clear();
      attachments.reset();
      await resetLocalData(db);
      await options.localKeys?.afterLogout();
      loginRequired = false;
      setStatus({
        state: 'not_configured',
        user: null,
        lastSyncAt: null,
        progress: null,
        lastError: null,
      });
    });
  }

  /** An authenticated request outside push/pull (commands.ts): queued, same failure handling. */
  function authorizedRequest<T>(key: string, run: (token: string) => Promise<T>): Promise<T> {
    return enqueue(key, async () => {
      assertCanSync();
      try {
        return await auth.authorized(run);
      } catch (error) {
        if (error instanceof DeviceWipedError) {
          await wipe(error);
          throw error;
        }
        if (
          error instanceof ProtocolOutdatedError ||
          error instanceof LoginRequiredError ||
          error instanceof NetworkError
        ) {
          handleFailure(error);
        }
        throw error;
      }
    });
  }

  async function refreshMe(): Promise<MeResponse> {
    const me = await authorizedRequest('me', (token) =>
      transport.request(requestOptions(SERVER_REQUESTS.me, {}, token)),
    );
    await saveMe(db, me);
    if (status.user?.id === me.user.id) setStatus({ user: me.user });
    return me;
  }

  const commands = createSyncCommands({ db, transport, authorizedRequest, pull: pullNow });

  return {
    ...commands,
    start,
    stop,
    syncNow,
    push: pushNow,
    pull: pullNow,
    login,
    logout,
    refreshMe,
    getStatus: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    whenIdle,
  };
}

/**
 * Whether a failed push may be the fault of a change in the batch rather than of the network or
 * the session: a 500, a 400 or 413 (the batch itself is refused), or an answer that is not the
 * protocol's. 502, 503 and 504 mean the server was not reached or is busy, and say nothing about
 * the changes; 401/403/409/426/429 have their own handling.
 */
export function pushFailedOnBatch(error: unknown): boolean {
  if (!(error instanceof ServerError)) return false;
  if (error.status === 502 || error.status === 503 || error.status === 504) return false;
  if (error.code === 'bad_response') return error.status < 300 || error.status >= 500;
  return error.status >= 500 || error.status === 400 || error.status === 413;
}

/**
 * A push body stays well under the server's default body limit (1 MiB): checklist photos and
 * signatures make single changes of a few hundred kilobytes, so a batch is cut by size as well as
 * by count. The server's limit is configurable; this is the size the client aims for.
 */
export const PUSH_BATCH_BYTES = 512 * 1024;

/** The longest prefix of `entries` whose JSON fits in `maxBytes`; always at least one entry. */
export function prefixWithinBytes<Entry>(entries: Entry[], maxBytes: number): Entry[] {
  let total = 0;
  for (let index = 0; index < entries.length; index += 1) {
    // Characters, not bytes: base64 and ASCII dominate; Chinese text is counted low, which the
    // margin below the server's limit absorbs.
    total += JSON.stringify(entries[index]).length;
    if (total > maxBytes && index > 0) return entries.slice(0, index);
  }
  return entries;
}
