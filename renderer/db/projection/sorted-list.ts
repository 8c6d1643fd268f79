// An array kept in order by a total comparison, changed in place: one change is a binary search
// and a splice; a batch (a sync page, an import chunk) is one filter and one merge, so applying a
// thousand rows to a list of a hundred thousand costs two passes, not a thousand memmoves.

export type Compare<T> = (a: T, b: T) => number;

/** Below this many changes a batch is spliced in one by one. */
const SPLICE_LIMIT = 16;

export class SortedList<T> {
  private items: T[] = [];

  constructor(private readonly compare: Compare<T>) {}

  get size(): number {
    return this.items.length;
  }

  /** The items in order (a view: never change it). */
  get view(): readonly T[] {
    return this.items;
  }

  /**
   * Replaces the content with `items` already in this list's order (a restored snapshot of it):
   * not compared again, which at 100,000 items is most of a restore.
   */
  resetSorted(items: T[]): void {
    this.items = items;
  }

  /** Replaces the content with `items`, sorted here. */
  reset(items: T[]): void {
    this.items = items.sort(this.compare);
  }

  /**
   * Takes out `removed` (the very objects once inserted) and puts in `added`. The comparison is
   * total (ties broken by id), so an object is found by search, not by a scan.
   */
  apply(removed: readonly T[], added: readonly T[]): void {
    if (removed.length + added.length <= SPLICE_LIMIT) {
      for (const item of removed) this.removeOne(item);
      for (const item of added) this.items.splice(this.lowerBound(item), 0, item);
      return;
    }
    const gone = new Set(removed);
    const kept = gone.size === 0 ? this.items : this.items.filter((item) => !gone.has(item));
    const incoming = [...added].sort(this.compare);
    const merged: T[] = new Array<T>(kept.length + incoming.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < kept.length && j < incoming.length) {
      merged[k++] = this.compare(incoming[j]!, kept[i]!) < 0 ? incoming[j++]! : kept[i++]!;
    }
    while (i < kept.length) merged[k++] = kept[i++]!;
    while (j < incoming.length) merged[k++] = incoming[j++]!;
    this.items = merged;
  }

  /** The first index whose item is not before `probe`. */
  lowerBound(probe: T): number {
    return this.boundBy((item) => this.compare(item, probe) < 0);
  }

  /** The first index for which `before` is false (`before` must hold for a prefix of the list). */
  boundBy(before: (item: T) => boolean): number {
    let low = 0;
    let high = this.items.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (before(this.items[middle]!)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private removeOne(item: T): void {
    const index = this.lowerBound(item);
    if (this.items[index] === item) {
      this.items.splice(index, 1);
      return;
    }
    // Not where its keys say: only if the caller changed it after inserting; find it anyway.
    const fallback = this.items.indexOf(item);
    if (fallback >= 0) this.items.splice(fallback, 1);
  }
}
