// Keeps the in-memory list projection (list-projection.ts) of a database current. A DBCore
// middleware records every add, put, delete and range delete of customers and follow-ups on the
// transaction that makes it, and applies them to the projection when that transaction commits:
// an aborted transaction changes nothing, and the projection moves in the same event as Dexie's
// own live queries are told of the change. Built once from the database (startProjection, or
// lazily on the first query), dropped on lock or logout (clearProjection).

import Dexie, { cmp, type DBCore, type DBCoreKeyRange, type DBCoreMutateRequest } from 'dexie';
import type { Customer } from '../../../shared/domain/customer';
import type { FollowUp } from '../../../shared/domain/follow-up';
import type { AppDB } from '../AppDB';
import { ListProjection, type ProjectionChange } from './list-projection';

/**
 * Middleware level: Dexie stacks higher levels above lower ones (closer to the application), and
 * its own middlewares sit at 2 and below. The sealing middleware, which encrypts personal fields
 * on their way to IndexedDB, uses the default level 10: at 20 this one sees every row in clear
 * before it is sealed, so the projection never holds ciphertext.
 */
export const PROJECTION_MIDDLEWARE_LEVEL = 20;

type Table = 'customers' | 'followUps';
type State = 'idle' | 'building' | 'ready' | 'locked';

type Store = {
  readonly projection: ListProjection;
  state: State;
  /** Moves on every change the lists could see; hooks re-read when it moves. */
  version: number;
  /** Bumped by clearProjection: a build started before it is thrown away. */
  generation: number;
  building: Promise<ListProjection> | null;
  /** Transactions that committed while the build was reading, applied on top of its snapshot. */
  buffered: ProjectionChange[][];
  /** Queries waiting while locked: answered after the next startProjection. */
  waiting: ((projection: ListProjection) => void)[];
  readonly listeners: Set<() => void>;
  /** How long the last build took (ms), and how much of it was reading the rows. */
  lastBuildMs: number;
  lastReadMs: number;
};

const stores = new WeakMap<Dexie, Store>();

function storeOf(db: Dexie): Store {
  const store = stores.get(db);
  if (!store) {
    throw new Error('installProjection(db) must be called before the database is first opened');
  }
  return store;
}

/**
 * Adds the projection's middleware to a database. Must run before the database opens (Dexie builds
 * its middleware stack on open); calling it again is harmless. Every database made after this
 * module loads gets it anyway (a Dexie addon, below); this is for one made before.
 */
export function installProjection(db: Dexie): void {
  if (stores.has(db)) return;
  if (db.isOpen()) {
    throw new Error('installProjection(db) must be called before the database is first opened');
  }
  const store: Store = {
    projection: new ListProjection(),
    state: 'idle',
    version: 0,
    generation: 0,
    building: null,
    buffered: [],
    waiting: [],
    listeners: new Set(),
    lastBuildMs: 0,
    lastReadMs: 0,
  };
  stores.set(db, store);
  db.use({
    stack: 'dbcore',
    name: 'projection',
    level: PROJECTION_MIDDLEWARE_LEVEL,
    create: (down) => projectionMiddleware(down, store),
  });
}

// Dexie calls its addons from every database's constructor: the app's singleton and the test
// databases are watched from birth, so no query can meet a database opened without the middleware.
Dexie.addons.push(installProjection);

function projectionMiddleware(down: DBCore, store: Store): DBCore {
  const pending = new WeakMap<object, ProjectionChange[]>();
  const watch = (trans: object): ProjectionChange[] => {
    const changes: ProjectionChange[] = [];
    pending.set(trans, changes);
    if ('addEventListener' in trans && typeof trans.addEventListener === 'function') {
      (trans as IDBTransaction).addEventListener(
        'complete',
        () => {
          if (changes.length > 0) commit(store, changes);
        },
        { once: true },
      );
    }
    return changes;
  };
  return {
    ...down,
    transaction(stores, mode, options) {
      const trans = down.transaction(stores, mode, options);
      const watched = stores.includes('customers') || stores.includes('followUps');
      // DBCore transactions are IndexedDB transactions: 'complete' fires only once committed.
      // Listening from creation puts this listener before the oncomplete handler Dexie sets
      // next, so the projection has moved before any caller awaiting the transaction resumes.
      if (mode === 'readwrite' && watched) watch(trans);
      return trans;
    },
    table(name) {
      const table = down.table(name);
      if (name !== 'customers' && name !== 'followUps') return table;
      return {
        ...table,
        // Dexie's own promise chain, as its middlewares do: a native await here would leave
        // Dexie's transaction zone, and the caller's next write would wait for this transaction.
        mutate: (req) =>
          table.mutate(req).then((result) => {
            const changes = changesOf(name, req, result.failures);
            if (changes.length > 0) (pending.get(req.trans) ?? watch(req.trans)).push(...changes);
            return result;
          }),
      };
    },
  };
}

function changesOf(
  table: Table,
  req: DBCoreMutateRequest,
  failures: { [operation: number]: Error },
): ProjectionChange[] {
  const failed = (index: number) => failures[index] !== undefined;
  switch (req.type) {
    case 'add':
    case 'put':
      return req.values.flatMap((value: unknown, index): ProjectionChange[] => {
        if (failed(index)) return [];
        return table === 'customers'
          ? [{ table, kind: 'put', row: value as Customer }]
          : [{ table, kind: 'put', row: value as FollowUp }];
      });
    case 'delete':
      return req.keys.flatMap((key: unknown, index): ProjectionChange[] =>
        failed(index) || typeof key !== 'string' ? [] : [{ table, kind: 'delete', id: key }],
      );
    case 'deleteRange':
      return [{ table, kind: 'deleteRange', inRange: (id: string) => inRange(req.range, id) }];
  }
}

function inRange(range: DBCoreKeyRange, key: string): boolean {
  const lower = cmp(key, range.lower);
  const upper = cmp(key, range.upper);
  return (range.lowerOpen ? lower > 0 : lower >= 0) && (range.upperOpen ? upper < 0 : upper <= 0);
}

function commit(store: Store, changes: ProjectionChange[]): void {
  if (store.state === 'building') store.buffered.push(changes);
  if (store.state !== 'ready') return;
  store.projection.apply(changes);
  bump(store);
}

function bump(store: Store): void {
  store.version += 1;
  for (const listener of store.listeners) listener();
}

async function build(db: AppDB, store: Store): Promise<ListProjection> {
  const generation = store.generation;
  const started = performance.now();
  store.state = 'building';
  store.buffered = [];
  // One read transaction: a snapshot no write can interleave with. Writes that commit after it
  // are buffered by the middleware and replayed on top (puts and deletes are idempotent).
  const [customers, planned] = await db.transaction('r', db.customers, db.followUps, () =>
    Promise.all([
      db.customers.toArray(),
      db.followUps
        .where('[state+dueAt]')
        .between(['planned', Dexie.minKey], ['planned', Dexie.maxKey])
        .toArray(),
    ]),
  );
  if (store.generation !== generation) return store.projection;
  const read = performance.now();
  store.projection.reset(customers, planned);
  for (const changes of store.buffered) store.projection.apply(changes);
  store.buffered = [];
  store.state = 'ready';
  store.lastBuildMs = performance.now() - started;
  store.lastReadMs = read - started;
  bump(store);
  for (const resolve of store.waiting.splice(0)) resolve(store.projection);
  return store.projection;
}

function startBuild(db: AppDB, store: Store): Promise<ListProjection> {
  const building = build(db, store).finally(() => {
    if (store.building === building) store.building = null;
  });
  store.building = building;
  building.catch(() => {
    // A failed build (the database closed under it) leaves the projection to be built again.
    if (store.state === 'building') store.state = 'idle';
  });
  return building;
}

/**
 * Builds the projection now (the vault calls this once the data is readable) and resolves when
 * the lists can answer from it.
 */
export async function startProjection(db: AppDB): Promise<void> {
  installProjection(db);
  const store = storeOf(db);
  if (store.state === 'ready') return;
  await (store.building ?? startBuild(db, store));
}

/**
 * Forgets every customer held in memory (lock, logout, wipe). Queries wait, and hooks show
 * "loading", until startProjection runs again.
 */
export function clearProjection(db: AppDB): void {
  const store = stores.get(db);
  if (!store) return;
  store.generation += 1;
  store.state = 'locked';
  store.building = null;
  store.buffered = [];
  store.projection.clear();
  bump(store);
}

/** The projection, built first if needed (lazily until the vault calls startProjection). */
export function readyProjection(db: AppDB): Promise<ListProjection> {
  const store = storeOf(db);
  switch (store.state) {
    case 'ready':
      return Promise.resolve(store.projection);
    case 'building':
      return store.building ?? startBuild(db, store);
    case 'idle':
      return startBuild(db, store);
    case 'locked':
      return new Promise((resolve) => store.waiting.push(resolve));
  }
}

/** The projection when it can answer now, else undefined (and a build is started if none is). */
export function projectionIfReady(db: AppDB): ListProjection | undefined {
  const store = storeOf(db);
  if (store.state === 'ready') return store.projection;
  if (store.state === 'idle') void startBuild(db, store).catch(() => undefined);
  return undefined;
}

/** The projection when it can answer now, else undefined (nothing is started). */
export function currentProjection(db: AppDB): ListProjection | undefined {
  const store = storeOf(db);
  return store.state === 'ready' ? store.projection : undefined;
}

export function projectionVersion(db: AppDB): number {
  return storeOf(db).version;
}

export function subscribeProjection(db: AppDB, listener: () => void): () => void {
  const { listeners } = storeOf(db);
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** How long the last build took, and how much of it was reading the rows from the database, in ms. */
export function projectionBuildTimes(db: AppDB): { buildMs: number; readMs: number } {
  const { lastBuildMs, lastReadMs } = storeOf(db);
  return { buildMs: lastBuildMs, readMs: lastReadMs };
}
