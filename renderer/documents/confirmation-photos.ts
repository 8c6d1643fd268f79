// The photos section of the delivery confirmation, in pure parts testable in node: which photos
// (the checklist items that have one, in checklist order) with their captions, the downscaled size
// of an image, and the worker's step that re-encodes every photo before pdfmake embeds it. The
// image work itself (decode, draw smaller, JPEG) is injected: the browser's lives in
// downscale-image.ts.

import type { DeliveryItem } from '../../shared/domain/delivery';

/** A photo's long side in the PDF: sharp at print size, a few hundred KB as a JPEG. */
export const PHOTO_MAX_SIDE = 1200;
export const PHOTO_JPEG_QUALITY = 0.8;

/** One photo as the confirmation prints it: the image (a data URL) and what it shows. */
export type ConfirmationPhoto = { src: string; caption: string; by: string };

/** Turns a photo's data URL into a smaller JPEG data URL; rejects what it cannot decode. */
export type ImageDownscaler = (dataUrl: string) => Promise<string>;

/** The size to draw an image at: the long side at most `maxSide`, the aspect kept, never larger. */
export function downscaledSize(
  width: number,
  height: number,
  maxSide: number = PHOTO_MAX_SIDE,
): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/**
 * The photos of `items` (in the order given: the checklist's), each with its image from
 * `images` (item id → data URL, resolved by the caller from the attachments cache). A photo whose
 * image is not there is counted in `unreadable`, not printed.
 */
export function checklistPhotos<Item extends Pick<DeliveryItem, 'id' | 'photo' | 'deleted'>>(
  items: readonly Item[],
  images: ReadonlyMap<string, string>,
  describe: (item: Item) => { caption: string; by: string },
): { photos: ConfirmationPhoto[]; unreadable: number } {
  const photos: ConfirmationPhoto[] = [];
  let unreadable = 0;
  for (const item of items) {
    if (item.photo === '' || item.deleted) continue;
    const src = images.get(item.id);
    if (src === undefined) unreadable += 1;
    else photos.push({ src, ...describe(item) });
  }
  return { photos, unreadable };
}

/**
 * Re-encodes every photo with `downscale` (in the export worker, just before the PDF is made). A
 * photo that cannot be decoded is left out and counted: one bad photo never fails the PDF.
 */
export async function downscalePhotos<
  T extends { photos: ConfirmationPhoto[]; unreadablePhotos: number },
>(document: T, downscale: ImageDownscaler): Promise<T> {
  const photos: ConfirmationPhoto[] = [];
  let unreadable = document.unreadablePhotos;
  for (const photo of document.photos) {
    try {
      photos.push({ ...photo, src: await downscale(photo.src) });
    } catch {
      unreadable += 1;
    }
  }
  return { ...document, photos, unreadablePhotos: unreadable };
}

/** The token in "{photos} 张照片无法读取，未打印" that the PDF fills with the final count. */
export const UNREADABLE_TOKEN = '{photos}';

export function fillUnreadableLine(line: string, count: number): string {
  return line.replace(UNREADABLE_TOKEN, String(count));
}
