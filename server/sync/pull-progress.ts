// `remaining` on a pull page without counting the rest of the scope on every page.
//
// Counting everything after the cursor costs as much as reading it, so a first sync that counted
// on each of its n/1000 full pages read ~n²/2000 index entries: quadratic in the dealership. Here
// a pull counts once, on its first full page, and remembers the answer under the cursor it hands
// out; the next page, asking from that cursor, subtracts what it carries instead of counting.
//
// The memory is per server instance and bounded: a miss (a restart, an evicted entry, a page
// served by another instance behind a load balancer that does not keep the connection) simply
// counts again, so `remaining` is never wrong by more than the changes written during the pull
// (those land after the cursor and make it low by their number — the next count corrects it).

export type PullScope = {
  userId: string;
  role: string;
  dealershipId: string;
};

export type PullProgress = {
  /** What the previous page said will remain after this cursor, or undefined when unknown. */
  remainingAfter(scope: PullScope, cursor: string): number | undefined;
  /** Remembers `remaining` for the page that will ask from `cursor`. */
  remember(scope: PullScope, cursor: string, remaining: number): void;
  readonly size: number;
};

type Entry = { remaining: number; at: number };

/** Enough for every laptop of a large dealer group pulling at once, at ~150 bytes an entry. */
const DEFAULT_MAX_ENTRIES = 10_000;
/** A pull whose next page comes later than this starts over with a count. */
const DEFAULT_TTL_MS = 10 * 60_000;

export function createPullProgress(
  options: { maxEntries?: number; ttlMs?: number; now?: () => number } = {},
): PullProgress {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const now = options.now ?? Date.now;
  // A Map iterates in insertion order: the first key is the oldest, so eviction is O(1).
  const entries = new Map<string, Entry>();
  const keyOf = (scope: PullScope, cursor: string) =>
    `${scope.dealershipId}/${scope.userId}/${scope.role}/${cursor}`;

  return {
    remainingAfter(scope, cursor) {
      const key = keyOf(scope, cursor);
      const entry = entries.get(key);
      if (!entry) return undefined;
      // One use: the page that asks from this cursor moves on to the next one.
      entries.delete(key);
      return now() - entry.at <= ttlMs ? entry.remaining : undefined;
    },
    remember(scope, cursor, remaining) {
      const key = keyOf(scope, cursor);
      entries.delete(key);
      entries.set(key, { remaining, at: now() });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done === true) break;
        entries.delete(oldest.value);
      }
    },
    get size() {
      return entries.size;
    },
  };
}
