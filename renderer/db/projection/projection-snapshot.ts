// The list projection kept on disk between sessions, so that unlocking shows the lists in a moment
// instead of reading and opening every sealed card again (at 100,000 cards that read is most of a
// minute on a busy laptop).
//
// - The snapshot is one row: the projection's entries (names and phones included) sealed as ONE
//   AES-256-GCM blob with Web Crypto, under a key derived from the vault's field key for this
//   purpose only. Web Crypto, not the synchronous cipher of the sealed store: it opens tens of
//   megabytes in tens of milliseconds, and the snapshot is read and written outside any other
//   transaction, so awaiting it is safe. A locked or logged-out laptop cannot open it; a new data
//   key (another user, a password change's re-seal) makes it fail to open, and the lists are built
//   from the rows as before.
// - The journal says what changed since: the ids of the cards and follow-ups written after the
//   snapshot was taken, kept in localStorage (ids are random, never personal). Each id is noted
//   when its write is issued AND when it commits, so a write caught in the middle of a snapshot
//   is never lost: the snapshot takes the journal's length when it is taken and removes only those
//   entries once it is stored. On restore the journaled rows are read again (a few, not all).
//   A range delete, or a journal grown past JOURNAL_LIMIT, asks for a full build instead.

import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import type { AppDB } from '../AppDB';
import { PROJECTION_SNAPSHOT_VERSION, type ProjectionSnapshot } from './list-projection';

export const SNAPSHOT_ID = 'lists';

/** Past this many journaled changes a restore would read as much as a build: build instead. */
export const JOURNAL_LIMIT = 5_000;

/** The stored row (the table is in clear: the payload is already ciphertext). */
export type ProjectionSnapshotRow = {
  id: typeof SNAPSHOT_ID;
  /** PROJECTION_SNAPSHOT_VERSION when written: an older shape is never opened. */
  version: number;
  iv: Uint8Array;
  /** AES-256-GCM of the snapshot's JSON, bound to the database's name. */
  sealed: Uint8Array;
  savedAt: string;
  customers: number;
};

export type JournalTable = 'customers' | 'followUps';

type JournalState = {
  /**
   * Changed ids, as `c:<id>` or `f:<id>`, oldest first (repeats allowed); FULL_MARK where a change
   * no id can describe happened (a range delete, an overflow): then the next start builds in full.
   */
  ids: string[];
  /** How many entries were ever taken off the front: entry i is change number base + i. */
  base: number;
};

const FULL_MARK = '*';

/** Where the journal lives: localStorage in the app, a process-wide map where there is none. */
type JournalStorage = { get(key: string): string | null; set(key: string, value: string): void };

const memoryJournals = new Map<string, string>();
const journalStorage = (): JournalStorage => {
  const storage = (globalThis as { localStorage?: Storage }).localStorage;
  if (storage) {
    return {
      get: (key) => storage.getItem(key),
      set: (key, value) => storage.setItem(key, value),
    };
  }
  return {
    get: (key) => memoryJournals.get(key) ?? null,
    set: (key, value) => void memoryJournals.set(key, value),
  };
};

/**
 * The journal of one database, read from and written through to its storage on every change, so
 * a crash loses nothing (an id noted twice is read twice, harmlessly) and two windows of the app
 * add to one journal. A database never snapshotted has a journal that asks for a full build.
 */
export class ProjectionJournal {
  private readonly key: string;
  private readonly storage = journalStorage();

  constructor(databaseName: string) {
    this.key = `dealerdesk.projection-journal.${databaseName}`;
  }

  /** Where the journal ends: a snapshot taken now holds every change before this mark. */
  get mark(): number {
    const { ids, base } = this.read();
    return base + ids.length;
  }

  /** Changes noted since the stored snapshot. */
  get pending(): number {
    return this.read().ids.length;
  }

  /** Whether a restore from the stored snapshot can follow this journal. */
  get usable(): boolean {
    const { ids } = this.read();
    return !ids.includes(FULL_MARK) && ids.length <= JOURNAL_LIMIT;
  }

  note(table: JournalTable, ids: readonly string[]): void {
    if (ids.length === 0) return;
    const prefix = table === 'customers' ? 'c:' : 'f:';
    this.append(ids.map((id) => prefix + id));
  }

  /** Something changed that ids cannot describe: the next start builds from the rows. */
  noteFull(): void {
    this.append([FULL_MARK]);
  }

  /** The distinct ids changed since the snapshot, per table. */
  changed(): Record<JournalTable, string[]> {
    const customers = new Set<string>();
    const followUps = new Set<string>();
    for (const entry of this.read().ids) {
      if (entry.startsWith('c:')) customers.add(entry.slice(2));
      else if (entry.startsWith('f:')) followUps.add(entry.slice(2));
    }
    return { customers: [...customers], followUps: [...followUps] };
  }

  /**
   * A snapshot taken at `mark` is stored: the changes before the mark are in it. Those noted since
   * (a write that committed while the snapshot was being sealed) stay.
   */
  snapshotStored(mark: number): void {
    const { ids, base } = this.read();
    const drop = Math.min(Math.max(mark - base, 0), ids.length);
    this.write({ ids: ids.slice(drop), base: base + drop });
  }

  private append(entries: string[]): void {
    // Read again first: another window of the same app may have noted changes meanwhile.
    const { ids, base } = this.read();
    ids.push(...entries);
    // Too many to read back: one full mark, at the position of the last change, so that a
    // snapshot taken before this point can never clear it.
    this.write(
      ids.length > JOURNAL_LIMIT + 1
        ? { ids: [FULL_MARK], base: base + ids.length - 1 }
        : { ids, base },
    );
  }

  private read(): JournalState {
    const never: JournalState = { ids: [FULL_MARK], base: 0 };
    const stored = this.storage.get(this.key);
    if (stored === null) return never;
    try {
      const parsed = JSON.parse(stored) as Partial<JournalState>;
      if (
        Array.isArray(parsed.ids) &&
        parsed.ids.every((id) => typeof id === 'string') &&
        Number.isSafeInteger(parsed.base)
      ) {
        return { ids: parsed.ids, base: parsed.base! };
      }
    } catch {
      // Unreadable: build in full.
    }
    return never;
  }

  private write(state: JournalState): void {
    this.storage.set(this.key, JSON.stringify(state));
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The snapshot's own key, derived from the field key; null while the vault is locked. */
export async function snapshotKey(db: AppDB): Promise<CryptoKey | null> {
  const keys = db.keys.current();
  if (!keys) return null;
  const raw = hkdf(
    sha256,
    keys.fieldKey,
    encoder.encode('dealerdesk'),
    encoder.encode('projection snapshot v1'),
    32,
  );
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/** Seals and stores a snapshot, replacing the one before. */
export async function storeSnapshot(
  db: AppDB,
  key: CryptoKey,
  snapshot: ProjectionSnapshot,
): Promise<void> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: encoder.encode(db.name) },
      key,
      encoder.encode(JSON.stringify(snapshot)),
    ),
  );
  await db.projectionSnapshots.put({
    id: SNAPSHOT_ID,
    version: snapshot.version,
    iv,
    sealed,
    savedAt: new Date().toISOString(),
    customers: snapshot.customers.length,
  });
}

/**
 * The stored snapshot, opened; null when there is none, it is of another version, or it does not
 * open with this key (then it is deleted: no later start could open it either).
 */
export async function loadSnapshot(db: AppDB, key: CryptoKey): Promise<ProjectionSnapshot | null> {
  const row = await db.projectionSnapshots.get(SNAPSHOT_ID);
  if (!row) return null;
  if (row.version !== PROJECTION_SNAPSHOT_VERSION) return null;
  let plaintext: ArrayBuffer;
  try {
    plaintext = await crypto.subtle.decrypt(
      { name: 'AES-GCM', iv: new Uint8Array(row.iv), additionalData: encoder.encode(db.name) },
      key,
      new Uint8Array(row.sealed),
    );
  } catch {
    await db.projectionSnapshots.delete(SNAPSHOT_ID);
    return null;
  }
  return JSON.parse(decoder.decode(plaintext)) as ProjectionSnapshot;
}
