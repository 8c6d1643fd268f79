// Attachments beside the push and the pull (docs/sync-client.md, "Attachments"). Before a push
// batch goes out, every image its changes reference that the server may not hold yet is uploaded
// (PUT /v1/attachments/<hash>), so the server never refuses our rows for a missing image. After a
// pull, the images pulled rows reference and this laptop lacks are fetched in the background, a
// few at a time, checked against their hash and cached; the screens show "loading photo…" until
// then and work offline afterwards.

import type { Change } from '../../shared/sync/protocol';
import {
  decodeDataUrl,
  encodeDataUrl,
  hashAttachment,
  referencedHashes,
  sniffContentType,
} from '../../shared/sync/attachments';
import type { AppDB, OutboxEntry } from '../db/AppDB';
import {
  cacheFetchedImage,
  imagesToUpload,
  markUploaded,
  referencedInLocalRows,
  uncachedHashes,
} from '../db/attachments-repo';
import type { Auth } from './auth';
import { isAbortError, isPermanentRefusal, NetworkError } from './errors';
import type { Transport } from './transport';

/** Downloads (and uploads) at once: enough to fill a LAN link, few enough not to starve a push. */
export const ATTACHMENT_CONCURRENCY = 3;

export type AttachmentSync = {
  /**
   * Uploads what `entries` reference and the server may lack. Rejects with a network, login or
   * protocol failure (the push waits); an upload the server refuses for good is left to the push,
   * whose change is then refused with its reason, so the outbox never blocks.
   */
  ensureUploaded(entries: readonly OutboxEntry[]): Promise<void>;
  /** Remembers the images pulled rows reference. */
  noteReferences(changes: readonly Change[]): void;
  /** Fetches every remembered image not cached yet, in the background; never rejects. */
  fetchInBackground(): Promise<void>;
  /** Aborts running downloads and forgets what was remembered (logout). */
  reset(): void;
};

export function createAttachmentSync(options: {
  db: AppDB;
  transport: Transport;
  auth: Auth;
  now: () => Date;
  concurrency?: number;
}): AttachmentSync {
  const { db, transport, auth, now } = options;
  const concurrency = options.concurrency ?? ATTACHMENT_CONCURRENCY;
  const wanted = new Set<string>();
  /** The local rows are scanned once per session: references from before this run. */
  let scanned = false;
  let running: Promise<void> | null = null;
  let again = false;
  let controller = new AbortController();

  const path = (hash: string) => `/v1/attachments/${encodeURIComponent(hash)}`;

  async function ensureUploaded(entries: readonly OutboxEntry[]): Promise<void> {
    const hashes = new Set<string>();
    for (const entry of entries) {
      for (const hash of referencedHashes(entry.table, entry.fields)) hashes.add(hash);
    }
    if (hashes.size === 0) return;
    const pending = await imagesToUpload(db, [...hashes]);
    await eachBounded(pending, concurrency, async (image) => {
      const decoded = decodeDataUrl(image.dataUrl);
      if (!decoded) return;
      try {
        await auth.authorized((token) =>
          transport.putBytes(path(image.hash), decoded.bytes, image.contentType, token),
        );
      } catch (error) {
        if (!isPermanentRefusal(error)) throw error;
        console.warn('[sync] the server refused an attachment', image.hash, error);
        return;
      }
      await markUploaded(db, image.hash);
    });
  }

  function noteReferences(changes: readonly Change[]): void {
    for (const change of changes) {
      if (change.kind !== 'upsert') continue;
      for (const hash of referencedHashes(change.table, change.data)) wanted.add(hash);
    }
  }

  async function fetchOne(hash: string, signal: AbortSignal): Promise<void> {
    let bytes: Uint8Array;
    try {
      bytes = await auth.authorized((token) => transport.getBytes(path(hash), token, signal));
    } catch (error) {
      // 404: not ours to see (any more), or not uploaded yet; asked again next session.
      if (isPermanentRefusal(error)) {
        wanted.delete(hash);
        return;
      }
      throw error;
    }
    const contentType = sniffContentType(bytes);
    // Content addressing is the check: bytes that are not the named image are never shown.
    if (contentType === null || (await hashAttachment(bytes)) !== hash) {
      console.warn('[sync] an attachment did not match its hash', hash);
      wanted.delete(hash);
      return;
    }
    if (signal.aborted) return;
    await cacheFetchedImage(
      db,
      { hash, contentType, dataUrl: encodeDataUrl(contentType, bytes), size: bytes.length },
      now(),
    );
    wanted.delete(hash);
  }

  async function fetchRound(): Promise<void> {
    const { signal } = controller;
    if (!scanned) {
      for (const hash of await referencedInLocalRows(db)) wanted.add(hash);
      scanned = true;
    }
    const missing = await uncachedHashes(db, [...wanted]);
    const uncached = new Set(missing);
    for (const hash of wanted) if (!uncached.has(hash)) wanted.delete(hash);
    await eachBounded(missing, concurrency, async (hash) => {
      if (!signal.aborted) await fetchOne(hash, signal);
    });
  }

  function fetchInBackground(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await fetchRound();
        } catch (error) {
          // Offline or logged out: the rest waits for the next sync.
          if (!isAbortError(error) && !(error instanceof NetworkError)) {
            console.warn('[sync] fetching attachments failed', error);
          }
          return;
        }
      } while (again);
    })().finally(() => {
      running = null;
    });
    return running;
  }

  function reset(): void {
    controller.abort();
    controller = new AbortController();
    wanted.clear();
    scanned = false;
  }

  return { ensureUploaded, noteReferences, fetchInBackground, reset };
}

/** Runs `work` over `items`, at most `limit` at a time; rejects with the first failure. */
async function eachBounded<Item>(
  items: readonly Item[],
  limit: number,
  work: (item: Item) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    for (let item = items[next]; !failed && item !== undefined; item = items[next]) {
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
