// Photos and signatures on the laptop (the local `attachments` table). Repositories that write an
// image keep its bytes here and put only the reference `att:<hash>` into the synced row; the sync
// engine uploads what the server lacks and fetches what a pulled row references; screens and the
// confirmation PDF resolve a field's value to an image through here. Values written before
// attachments existed are inline data URLs and resolve to themselves.

import {
  attachmentRef,
  decodeDataUrl,
  hashAttachment,
  hashOfRef,
  referencedHashes,
  type AttachmentContentType,
} from '../../shared/sync/attachments';
import type { DeliveryItem } from '../../shared/domain/delivery';
import type { AppDB, AttachmentRow } from './AppDB';

/** An image ready to be kept: made outside a transaction (hashing is not a Dexie operation). */
export type PreparedImage = Omit<AttachmentRow, 'uploaded' | 'storedAt'>;

export class NotAnImageError extends Error {
  constructor() {
    super('Not a JPEG or PNG data URL');
    this.name = 'NotAnImageError';
  }
}

/** Hashes a JPEG/PNG data URL (from the camera shrinker or the signature pad). */
export async function prepareImage(dataUrl: string): Promise<PreparedImage> {
  const decoded = decodeDataUrl(dataUrl);
  if (!decoded) throw new NotAnImageError();
  return {
    hash: await hashAttachment(decoded.bytes),
    contentType: decoded.contentType,
    dataUrl,
    size: decoded.bytes.length,
  };
}

/**
 * Keeps the image (inside the caller's transaction, which must hold `attachments`) and returns the
 * reference for the row. An image already here keeps its upload state.
 */
export async function keepImage(db: AppDB, image: PreparedImage, now: Date): Promise<string> {
  const existing = await db.attachments.get(image.hash);
  if (!existing) {
    await db.attachments.put({ ...image, uploaded: 0, storedAt: now.toISOString() });
  }
  return attachmentRef(image.hash);
}

/** What a stored image field shows. */
export type ImageSource =
  /** No image. */
  | { state: 'none' }
  | { state: 'ready'; src: string }
  /** A reference whose bytes are not on this laptop yet (being fetched, or offline). */
  | { state: 'missing'; hash: string };

/** Pure: the field's value and, for a reference, its cached row (undefined: not cached). */
export function imageSource(value: string, cached: AttachmentRow | undefined): ImageSource {
  if (value === '') return { state: 'none' };
  const hash = hashOfRef(value);
  if (hash === null) {
    // An inline data URL (rows from before attachments); anything else is not shown.
    return value.startsWith('data:image/') ? { state: 'ready', src: value } : { state: 'none' };
  }
  return cached ? { state: 'ready', src: cached.dataUrl } : { state: 'missing', hash };
}

/** Resolves an image field's value from the local cache. */
export async function resolveImage(db: AppDB, value: string): Promise<ImageSource> {
  const hash = hashOfRef(value);
  return imageSource(value, hash === null ? undefined : await db.attachments.get(hash));
}

/** Item id → the image of its photo, for the items whose photo this laptop holds. */
export async function resolvePhotoImages(
  db: AppDB,
  items: readonly Pick<DeliveryItem, 'id' | 'photo'>[],
): Promise<Map<string, string>> {
  const images = new Map<string, string>();
  for (const item of items) {
    if (item.photo === '') continue;
    const image = await resolveImage(db, item.photo);
    if (image.state === 'ready') images.set(item.id, image.src);
  }
  return images;
}

/** Cached images not yet uploaded, among `hashes`. */
export async function imagesToUpload(
  db: AppDB,
  hashes: readonly string[],
): Promise<AttachmentRow[]> {
  const rows = await db.attachments.bulkGet([...hashes]);
  return rows.filter((row): row is AttachmentRow => row !== undefined && row.uploaded === 0);
}

export async function markUploaded(db: AppDB, hash: string): Promise<void> {
  await db.attachments.update(hash, { uploaded: 1 });
}

/** Which of `hashes` have no bytes on this laptop. */
export async function uncachedHashes(db: AppDB, hashes: readonly string[]): Promise<string[]> {
  const rows = await db.attachments.bulkGet([...hashes]);
  return hashes.filter((_, index) => rows[index] === undefined);
}

/** Keeps bytes fetched from the server (already checked against their hash). */
export async function cacheFetchedImage(
  db: AppDB,
  image: { hash: string; contentType: AttachmentContentType; dataUrl: string; size: number },
  now: Date,
): Promise<void> {
  await db.attachments.put({ ...image, uploaded: 1, storedAt: now.toISOString() });
}

/** Every attachment the local rows reference (a full scan: once per session, not per sync). */
export async function referencedInLocalRows(db: AppDB): Promise<string[]> {
  const hashes = new Set<string>();
  await db.deliveries.each((row) => {
    for (const hash of referencedHashes('deliveries', row)) hashes.add(hash);
  });
  await db.deliveryItems.each((row) => {
    for (const hash of referencedHashes('deliveryItems', row)) hashes.add(hash);
  });
  return [...hashes];
}
