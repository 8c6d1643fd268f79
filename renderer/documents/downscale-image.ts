// The browser's image downscaler for the confirmation PDF, usable in the export worker (no DOM):
// decode with createImageBitmap, draw at most PHOTO_MAX_SIDE on the long side on an
// OffscreenCanvas, re-encode as JPEG. A data URL that is not a decodable JPEG or PNG rejects.

import { decodeDataUrl, encodeDataUrl } from '../../shared/sync/attachments';
import { downscaledSize, PHOTO_JPEG_QUALITY, PHOTO_MAX_SIDE } from './confirmation-photos';

export class UnreadableImageError extends Error {
  constructor() {
    super('The image could not be read');
    this.name = 'UnreadableImageError';
  }
}

export async function downscaleToJpeg(
  dataUrl: string,
  maxSide: number = PHOTO_MAX_SIDE,
  quality: number = PHOTO_JPEG_QUALITY,
): Promise<string> {
  const decoded = decodeDataUrl(dataUrl);
  if (!decoded) throw new UnreadableImageError();
  // createImageBitmap rejects bytes it cannot decode (a truncated or corrupt file).
  const bitmap = await createImageBitmap(
    new Blob([decoded.bytes.slice().buffer], { type: decoded.contentType }),
  );
  try {
    const size = downscaledSize(bitmap.width, bitmap.height, maxSide);
    const canvas = new OffscreenCanvas(size.width, size.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('No 2D canvas');
    // JPEG has no transparency: a white page behind a PNG with holes, not black.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size.width, size.height);
    context.drawImage(bitmap, 0, 0, size.width, size.height);
    const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality });
    return encodeDataUrl('image/jpeg', new Uint8Array(await blob.arrayBuffer()));
  } finally {
    bitmap.close();
  }
}
