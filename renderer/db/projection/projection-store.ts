// Keeps the in-memory list projection (list-projection.ts) of a database current. A DBCore
// middleware records every add, put, delete and range delete of customers and follow-ups on the
// transaction that makes it, and applies them to the projection when that transaction commits:
// an aborted transaction changes nothing, and the projection moves in the same event as Dexie's
// own live queries are told of the change. Built once from the database (startProjection, or
// lazily on the first query), dropped on lock or logout (clearProjection).
//
// Between sessions the projection is kept on disk, sealed (projection-snapshot.ts): a start
// restores it and reads again only the rows written since, which the middleware journals. The
// snapshot is stored a while after the lists last changed, and when the app locks.

import Dexie, { cmp, type DBCore, type DBCoreKeyRange, type DBCoreMutateRequest } from 'dexie';
import type { Customer } from '../../../shared/domain/customer';
import type { FollowUp } from '../../../shared/domain/follow-up';
import type { AppDB } from '../AppDB';
import { ListProjection, type ProjectionChange } from './list-projection';
import {
  loadSnapshot,
  ProjectionJournal,
  snapshotKey,
  storeSnapshot,
  type JournalTable,
} from './projection-snapshot';

/** A snapshot is stored this long after the last change the lists saw (and on lock). */
export const SNAPSHOT_SAVE_DELAY_MS = 15_000;

/**
 * Middleware level: Dexie stacks higher levels above lower ones (closer to the application), and
 * its own middlewares sit at 2 and below. The sealing middleware, which encrypts personal fields
 * on their way to IndexedDB, uses the default level 10: at 20 this one sees every row in clear
 * before it is sealed, so the projection never holds ciphertext.
 */
export const PROJECTION_MIDDLEWARE_LEVEL = 20;

type Table = 'customers' | 'followUps';
type State = 'idle' | 'building' | 'ready' | 'locked';

/** Cards read in one go by a build from the rows (tests set fewer). */
export const BUILD_PAGE_SIZE = 2_000;
/** A build from the rows tells its progress at most this often (and at its start and end). */
export const PROGRESS_INTERVAL_MS = 100;

/**
 * How far a build is, while the lists wait for it. `from: 'rows'` reads every card: `loaded` of
 * `total` cards read so far (the planned follow-ups are read along with their cards). `from:
 * 'snapshot'` restores the stored snapshot, quick, reported as 0 then done.
 */
export type ProjectionProgress = { from: 'rows' | 'snapshot'; loaded: number; total: number };

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
  /** Whether the last build restored the stored snapshot (then only journaled rows were read). */
  lastBuildFrom: 'rows' | 'snapshot' | null;
  /** Made on first use: the database's name is known once it is constructed. */
  journal: ProjectionJournal | null;
  /** The snapshot's key, taken while the vault was open: lock still stores a last snapshot. */
  snapshotKey: CryptoKey | null;
  saving: Promise<void> | null;
  saveTimer: ReturnType<typeof setTimeout> | null;
  /** The running build's progress; null when no build runs. A new object on every change. */
  progress: ProjectionProgress | null;
  progressNotifiedAt: number;
  readonly progressListeners: Set<() => void>;
  /** Tests read in smaller pages and hear of every one. */
  pageSize: number;
  progressIntervalMs: number;
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
    lastBuildFrom: null,
    journal: null,
    snapshotKey: null,
    saving: null,
    saveTimer: null,
    progress: null,
    progressNotifiedAt: 0,
    progressListeners: new Set(),
    pageSize: BUILD_PAGE_SIZE,
    progressIntervalMs: PROGRESS_INTERVAL_MS,
  };
  stores.set(db, store);
  db.use({
    stack: 'dbcore',
    name: 'projection',
    level: PROJECTION_MIDDLEWARE_LEVEL,
    create: (down) => projectionMiddleware(down, store, () => journalOf(db, store)),
  });
}

function journalOf(db: Dexie, store: Store): ProjectionJournal {
  store.journal ??= new ProjectionJournal(db.name);
  return store.journal;
}

// Dexie calls its addons from every database's constructor: the app's singleton and the test
// databases are watched from birth, so no query can meet a database opened without the middleware.
Dexie.addons.push(installProjection);

function projectionMiddleware(
  down: DBCore,
  store: Store,
  journal: () => ProjectionJournal,
): DBCore {
  const pending = new WeakMap<object, ProjectionChange[]>();
  const watch = (trans: object): ProjectionChange[] => {
    const changes: ProjectionChange[] = [];
    pending.set(trans, changes);
    if ('addEventListener' in trans && typeof trans.addEventListener === 'function') {
      (trans as IDBTransaction).addEventListener(
        'complete',
        () => {
          if (changes.length === 0) return;
          // Noted again once committed: a snapshot taken between the write and its commit does
          // not hold it, and must not take it off the journal.
          noteChanges(journal(), changes);
          commit(store, changes);
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
        mutate: (req) => {
          // Noted before the write is issued: whatever reaches the disk is in the journal, even if
          // the app dies before the commit is seen.
          noteRequest(journal(), name, req);
          return table.mutate(req).then((result) => {
            const changes = changesOf(name, req, result.failures);
            if (changes.length > 0) (pending.get(req.trans) ?? watch(req.trans)).push(...changes);
            return result;
          });
        },
      };
    },
  };
}

function noteRequest(journal: ProjectionJournal, table: Table, req: DBCoreMutateRequest): void {
  switch (req.type) {
    case 'add':
    case 'put':
      journal.note(
        table,
        req.values.flatMap((value: unknown) => {
          const id = (value as { id?: unknown } | null)?.id;
          return typeof id === 'string' ? [id] : [];
        }),
      );
      return;
    case 'delete':
      journal.note(
        table,
        req.keys.filter((key): key is string => typeof key === 'string'),
      );
      return;
    case 'deleteRange':
      journal.noteFull();
  }
}

function noteChanges(journal: ProjectionJournal, changes: readonly ProjectionChange[]): void {
  const ids: Record<JournalTable, string[]> = { customers: [], followUps: [] };
  for (const change of changes) {
    if (change.kind === 'deleteRange') journal.noteFull();
    else ids[change.table].push(change.kind === 'put' ? change.row.id : change.id);
  }
  journal.note('customers', ids.customers);
  journal.note('followUps', ids.followUps);
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
  scheduleSave(store, SNAPSHOT_SAVE_DELAY_MS);
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
  const key = await snapshotKey(db);
  if (store.generation !== generation) return store.projection;
  store.snapshotKey = key;
  if (key) reportProgress(store, { from: 'snapshot', loaded: 0, total: 0 }, true);
  const restored = key ? await restoreSnapshot(db, store, key) : false;
  if (store.generation !== generation) return store.projection;
  if (!restored) {
    const rows = await readRows(db, store, generation);
    if (!rows || store.generation !== generation) return store.projection;
    store.lastReadMs = performance.now() - started;
    store.projection.reset(rows.customers, rows.planned);
  }
  for (const changes of store.buffered) store.projection.apply(changes);
  store.buffered = [];
  store.state = 'ready';
  reportProgress(store, null, true);
  store.lastBuildMs = performance.now() - started;
  store.lastBuildFrom = restored ? 'snapshot' : 'rows';
  bump(store);
  for (const resolve of store.waiting.splice(0)) resolve(store.projection);
  // A build from the rows is stored soon, so the next start is quick; a restore only when the
  // journal had something.
  databases.set(store, db);
  if (!restored || journalOf(db, store).pending > 0) scheduleSave(store, 2_000);
  return store.projection;
}

/**
 * Reads every card and every planned follow-up in ONE read transaction, a snapshot no write can
 * interleave with (writes that commit meanwhile are buffered by the middleware and replayed on top:
 * puts and deletes are idempotent). The cards are read in pages by id, each page followed by the
 * planned follow-ups of the cards it covered ([state+customerId], from the previous page's last id
 * to this one's), so the progress counts cards and the follow-ups move along with them. Dexie keeps
 * the transaction alive across awaits of its own operations. undefined when a lock or logout
 * dropped this build while it read.
 */
async function readRows(
  db: AppDB,
  store: Store,
  generation: number,
): Promise<{ customers: Customer[]; planned: FollowUp[] } | undefined> {
  const pageSize = store.pageSize;
  return db.transaction('r', db.customers, db.followUps, async () => {
    const total = await db.customers.count();
    if (store.generation !== generation) return undefined;
    const customers: Customer[] = [];
    const planned: FollowUp[] = [];
    reportProgress(store, { from: 'rows', loaded: 0, total }, true);
    let lastId: string | null = null;
    for (;;) {
      const page: Customer[] = await (
        lastId === null ? db.customers.orderBy(':id') : db.customers.where(':id').above(lastId)
      )
        .limit(pageSize)
        .toArray();
      if (store.generation !== generation) return undefined;
      const last = page.at(-1)?.id ?? null;
      const more = page.length === pageSize && last !== null;
      // The planned follow-ups of the cards just read; after the last page, every one left (a
      // follow-up whose card sorts after the last card, or has none).
      const lower = ['planned', lastId ?? Dexie.minKey];
      const upper = ['planned', more ? last : Dexie.maxKey];
      const followUps = await db.followUps
        .where('[state+customerId]')
        .between(lower, upper, lastId === null, true)
        .toArray();
      if (store.generation !== generation) return undefined;
      for (const row of page) customers.push(row);
      for (const row of followUps) planned.push(row);
      if (!more) break;
      lastId = last;
      reportProgress(store, { from: 'rows', loaded: customers.length, total });
    }
    // The count was read in this same transaction: it is what was read.
    reportProgress(store, { from: 'rows', loaded: customers.length, total }, true);
    return { customers, planned };
  });
}

/** Sets the build's progress; subscribers hear of it at most every PROGRESS_INTERVAL_MS. */
function reportProgress(store: Store, progress: ProjectionProgress | null, always = false): void {
  store.progress = progress;
  const now = performance.now();
  if (!always && now - store.progressNotifiedAt < store.progressIntervalMs) return;
  store.progressNotifiedAt = now;
  // Told outside the build's read transaction: whatever a listener starts (a write) is its own.
  Dexie.ignoreTransaction(() => {
    for (const listener of store.progressListeners) listener();
  });
}

/**
 * Restores the stored snapshot and reads again the rows the journal names; false when there is no
 * usable snapshot (the caller builds from the rows).
 */
async function restoreSnapshot(db: AppDB, store: Store, key: CryptoKey): Promise<boolean> {
  // A snapshot being stored (the one taken on lock) is waited for: the journal is trimmed when it
  // lands, and must match the snapshot read.
  if (store.saving) await store.saving.catch(() => undefined);
  const journal = journalOf(db, store);
  if (!journal.usable) return false;
  const started = performance.now();
  let snapshot;
  try {
    snapshot = await loadSnapshot(db, key);
  } catch {
    return false;
  }
  if (!snapshot) return false;
  // Read after the snapshot was loaded: every change noted so far is in the database by now,
  // or still uncommitted and then buffered when it commits.
  const changed = journal.changed();
  const [customers, followUps] = await db.transaction('r', db.customers, db.followUps, () =>
    Promise.all([db.customers.bulkGet(changed.customers), db.followUps.bulkGet(changed.followUps)]),
  );
  store.lastReadMs = performance.now() - started;
  try {
    store.projection.restore(snapshot);
  } catch {
    store.projection.clear();
    return false;
  }
  const changes: ProjectionChange[] = [
    ...changed.customers.map((id, index): ProjectionChange => {
      const row = customers[index];
      return row
        ? { table: 'customers', kind: 'put', row }
        : { table: 'customers', kind: 'delete', id };
    }),
    ...changed.followUps.map((id, index): ProjectionChange => {
      const row = followUps[index];
      return row
        ? { table: 'followUps', kind: 'put', row }
        : { table: 'followUps', kind: 'delete', id };
    }),
  ];
  if (changes.length > 0) store.projection.apply(changes);
  return true;
}

function startBuild(db: AppDB, store: Store): Promise<ListProjection> {
  const building = build(db, store).finally(() => {
    if (store.building === building) store.building = null;
  });
  store.building = building;
  building.catch(() => {
    // A failed build (the database closed under it) leaves the projection to be built again.
    if (store.state !== 'building') return;
    store.state = 'idle';
    reportProgress(store, null, true);
  });
  return building;
}

/**
 * Builds the projection now (the vault calls this once the data is readable) and resolves when
 * the lists can answer from it. `pageSize` and `progressIntervalMs` are for tests.
 */
export async function startProjection(
  db: AppDB,
  options: { pageSize?: number; progressIntervalMs?: number } = {},
): Promise<void> {
  installProjection(db);
  const store = storeOf(db);
  // Kept for this database's later builds (tests: a relock builds in the same small pages).
  if (options.pageSize !== undefined) store.pageSize = options.pageSize;
  if (options.progressIntervalMs !== undefined) {
    store.progressIntervalMs = options.progressIntervalMs;
  }
  if (store.state === 'ready') return;
  await (store.building ?? startBuild(db, store));
}

/**
 * Forgets every customer held in memory (lock, logout, wipe). Queries wait, and hooks show
 * "loading", until startProjection runs again. `keepSnapshot` (a lock) stores it sealed first.
 */
export function clearProjection(db: AppDB, options: { keepSnapshot?: boolean } = {}): void {
  const store = stores.get(db);
  if (!store) return;
  // On a lock, what the lists held is stored (sealed) before it is forgotten: the next unlock is
  // quick. Never on a wipe or a logout: that database is gone, and its key with it.
  if (options.keepSnapshot === true && store.state === 'ready') {
    void saveNow(db, store).catch(() => undefined);
  }
  cancelSave(store);
  store.snapshotKey = null;
  store.generation += 1;
  store.state = 'locked';
  store.building = null;
  store.buffered = [];
  store.projection.clear();
  bump(store);
  reportProgress(store, null, true);
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

/** The running build's progress, or null when none runs (ready, locked, or not started). */
export function projectionProgress(db: AppDB): ProjectionProgress | null {
  return storeOf(db).progress;
}

export function subscribeProjectionProgress(db: AppDB, listener: () => void): () => void {
  const { progressListeners } = storeOf(db);
  progressListeners.add(listener);
  return () => progressListeners.delete(listener);
}

/** How long the last build took, and how much of it was reading the rows from the database, in ms. */
export function projectionBuildTimes(db: AppDB): { buildMs: number; readMs: number } {
  const { lastBuildMs, lastReadMs } = storeOf(db);
  return { buildMs: lastBuildMs, readMs: lastReadMs };
}

// --- The stored snapshot -------------------------------------------------------------------------

const databases = new WeakMap<Store, AppDB>();

function scheduleSave(store: Store, delayMs: number): void {
  const target = databases.get(store);
  if (!target || store.snapshotKey === null) return;
  cancelSave(store);
  store.saveTimer = setTimeout(() => {
    store.saveTimer = null;
    void saveNow(target, store).catch(() => undefined);
  }, delayMs);
}

function cancelSave(store: Store): void {
  if (store.saveTimer !== null) clearTimeout(store.saveTimer);
  store.saveTimer = null;
}

/**
 * Seals and stores what the projection holds now. Taken synchronously (the projection cannot move
 * while it is copied), sealed and written after; one save at a time.
 */
async function saveNow(db: AppDB, store: Store): Promise<void> {
  const key = store.snapshotKey;
  if (store.state !== 'ready' || key === null) return;
  const journal = journalOf(db, store);
  const mark = journal.mark;
  const snapshot = store.projection.snapshot();
  const previous = store.saving ?? Promise.resolve();
  const saving = previous
    .catch(() => undefined)
    .then(() => storeSnapshot(db, key, snapshot))
    .then(() => journal.snapshotStored(mark));
  store.saving = saving;
  try {
    await saving;
  } finally {
    if (store.saving === saving) store.saving = null;
  }
}

/** Stores the projection's snapshot now (tests, the bench; the app saves by itself). */
export async function saveProjectionSnapshot(db: AppDB): Promise<void> {
  installProjection(db);
  const store = storeOf(db);
  cancelSave(store);
  await saveNow(db, store);
}

/** Where the last build came from: the stored snapshot, or every row. */
export function projectionBuildSource(db: AppDB): 'rows' | 'snapshot' | null {
  return storeOf(db).lastBuildFrom;
}
