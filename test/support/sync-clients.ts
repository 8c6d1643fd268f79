// Clients of the multi-client tests: each one is the app's own data layer and sync engine over its
// own fake IndexedDB database, talking HTTP to a real server process, with a network switch.
// Also a thin raw-HTTP client (a second device of a user, the admin, the manager's commands) for
// what the app has no UI for yet and for looking at what the server holds.

import { uniqueDbName } from '../../renderer/test-support/test-db';
import { AppDB } from '../../renderer/db/AppDB';
import { testKeySource } from '../../renderer/test-support/test-keys';
import { ensureProfile, writeContextFor } from '../../renderer/db/profile-repo';
import type { WriteContext } from '../../renderer/db/write-path';
import { createSyncEngine, type SyncEngine } from '../../renderer/sync/engine';
import type { Customer } from '../../shared/domain/customer';
import { newClientId } from '../../shared/sync/client-id';
import { createSessionVault, memorySecretSlot } from '../../shared/sync/session-vault';
import type { FetchFunction } from '../../renderer/sync/transport';
import {
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  type Change,
  type CreateUserRequest,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type TeamMember,
  type TokenResponse,
} from '../../shared/sync/protocol';
import { SYNC_TABLE_NAMES, type SyncTableName } from '../../shared/sync/tables';

export type Client = {
  label: string;
  db: AppDB;
  engine: SyncEngine;
  online: boolean;
  setOnline(online: boolean): void;
  /** The next request reaches the server but its answer is lost on the way back. */
  loseNextResponse(): void;
  /** The app is killed and started again: same database and stored tokens, new engine. */
  restart(): Promise<void>;
  /** The write context of the profile as it is now (login changes it). */
  ctx(): Promise<WriteContext>;
  /** Every push body this client sent, in order. */
  pushes: PushRequest[];
  /** Every push whose answer reached the client, with that answer (what it was told was acked). */
  pushAnswers: Array<{ request: PushRequest; response: PushResponse }>;
  close(): Promise<void>;
};

export async function createClient(
  label: string,
  baseUrl: string,
  options: { liveEvents?: boolean } = {},
): Promise<Client> {
  const dbName = uniqueDbName(label);
  const secretSlot = memorySecretSlot();
  const onlineListeners = new Set<() => void>();
  const offlineListeners = new Set<() => void>();
  const pushes: PushRequest[] = [];
  const pushAnswers: Client['pushAnswers'] = [];
  let loseResponse = false;

  const fetchThroughNetwork: FetchFunction = async (input, init) => {
    // Offline as a laptop at an auto show is: every request fails at the network level.
    if (!client.online) throw new TypeError('fetch failed');
    const pushed =
      String(input).endsWith('/v1/push') && typeof init?.body === 'string'
        ? (JSON.parse(init.body) as PushRequest)
        : null;
    if (pushed) pushes.push(pushed);
    const response = await fetch(input, init);
    if (loseResponse) {
      loseResponse = false;
      await response.arrayBuffer();
      throw new TypeError('fetch failed: connection reset');
    }
    if (pushed && response.ok) {
      pushAnswers.push({
        request: pushed,
        response: (await response.clone().json()) as PushResponse,
      });
    }
    return response;
  };

  const openEngine = (db: AppDB) =>
    createSyncEngine({
      db,
      baseUrl,
      session: createSessionVault(secretSlot, fetchThroughNetwork),
      fetch: fetchThroughNetwork,
      isOnline: () => client.online,
      onOnline: (listener) => {
        onlineListeners.add(listener);
        return () => onlineListeners.delete(listener);
      },
      onOffline: (listener) => {
        offlineListeners.add(listener);
        return () => offlineListeners.delete(listener);
      },
      liveEvents: options.liveEvents ?? false,
      pushOnWrite: false,
      syncIntervalMs: 3_600_000,
    });

  const db = new AppDB(dbName, testKeySource);
  await ensureProfile(db);
  const client: Client = {
    label,
    db,
    engine: openEngine(db),
    online: true,
    pushes,
    pushAnswers,
    setOnline(online) {
      client.online = online;
      for (const listener of online ? onlineListeners : offlineListeners) listener();
    },
    loseNextResponse() {
      loseResponse = true;
    },
    async restart() {
      await client.engine.stop();
      client.db.close();
      client.db = new AppDB(dbName, testKeySource);
      client.engine = openEngine(client.db);
      await client.engine.start();
      await client.engine.whenIdle();
    },
    ctx: async () => writeContextFor(client.db, await ensureProfile(client.db)),
    close: async () => {
      await client.engine.stop();
      client.db.close();
    },
  };
  return client;
}

/** The synced rows a client holds, per table, keyed by id. */
/** A client's cards that are not deleted, by id. */
export async function visibleCards(client: Client): Promise<Customer[]> {
  const cards = await client.db.customers.toArray();
  return cards.filter((card) => !card.deleted).sort((x, y) => x.id.localeCompare(y.id));
}

export type Snapshot = Record<SyncTableName, Record<string, Record<string, unknown>>>;

export async function clientSnapshot(db: AppDB): Promise<Snapshot> {
  const snapshot = {} as Snapshot;
  for (const table of SYNC_TABLE_NAMES) {
    const rows = (await db.table(table).toArray()) as Array<Record<string, unknown>>;
    snapshot[table] = Object.fromEntries(rows.map((row) => [String(row.id), row]));
  }
  return snapshot;
}

/** What the server gives a user from cursor 0, folded into rows the way a client stores them. */
export function snapshotOfChanges(changes: Change[]): Snapshot {
  const snapshot = Object.fromEntries(SYNC_TABLE_NAMES.map((table) => [table, {}])) as Snapshot;
  for (const change of changes) {
    if (change.kind === 'remove') {
      delete snapshot[change.table][change.id];
    } else {
      snapshot[change.table][change.id] = { ...change.data, id: change.id, clocks: change.clocks };
    }
  }
  return snapshot;
}

export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
  }
}

/** Raw protocol calls, as another device or a script would make them. */
export function rawApi(baseUrl: string) {
  const call = async <T>(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
  ): Promise<T> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer: unknown = await response.json();
    if (!response.ok) throw new HttpFailure(response.status, answer);
    return answer as T;
  };

  return {
    login: (login: string, password: string, clientId = newClientId()) =>
      call<TokenResponse>('POST', '/v1/auth/login', null, { login, password, clientId }),
    createUser: (token: string, user: CreateUserRequest) =>
      call<TeamMember>('POST', '/v1/users', token, user),
    reassign: (token: string, customerIds: string[], toUserId: string) =>
      call<{ reassigned: number; skipped: string[] }>(
        'POST',
        '/v1/commands/reassign-customers',
        token,
        { customerIds, toUserId },
      ),
    push: (token: string, request: PushRequest) =>
      call<PushResponse>('POST', '/v1/push', token, request),
    pullPage: (token: string, cursor: string) =>
      call<PullResponse>('GET', `/v1/pull?cursor=${cursor}&limit=1000`, token),
    /** Every change in the caller's scope from cursor 0, and the cursor at the end. */
    async pullAll(token: string): Promise<{ changes: Change[]; cursor: string }> {
      const changes: Change[] = [];
      let cursor = '0';
      for (;;) {
        const page = await this.pullPage(token, cursor);
        changes.push(...page.changes);
        cursor = page.cursor;
        if (!page.hasMore) return { changes, cursor };
      }
    },
  };
}

export type RawApi = ReturnType<typeof rawApi>;

/** The server's view of a user's scope, read by a separate login of that user. */
export async function serverSnapshot(
  api: RawApi,
  login: string,
  password: string,
): Promise<Snapshot> {
  const { accessToken } = await api.login(login, password);
  return snapshotOfChanges((await api.pullAll(accessToken)).changes);
}

export type Account = { id: string; login: string; name: string; password: string };

let accountCounter = 0;

/** New users of the server's dealership, made by its admin over HTTP as the settings screen does. */
export async function addAccounts(
  api: RawApi,
  admin: { login: string; password: string },
  wanted: Array<{ name: string; role: 'consultant' | 'manager' }>,
): Promise<Account[]> {
  const { accessToken } = await api.login(admin.login, admin.password);
  const accounts: Account[] = [];
  for (const { name, role } of wanted) {
    accountCounter += 1;
    const login = `${role}${accountCounter}.${Math.random().toString(36).slice(2, 7)}`;
    const password = `pass-${login}`;
    const member = await api.createUser(accessToken, { login, name, role, password });
    accounts.push({ id: member.id, login, name, password });
  }
  return accounts;
}
