// Photos taken for a checklist item are shrunk on the laptop before they are stored: a phone
// camera's 4 MB picture becomes a JPEG of about 100 KB, quick to upload as an attachment and
// light in the laptop's cache (and within the 400,000 characters older servers accepted inline).

export const MAX_PHOTO_DATA_URL = 400_000;
const MAX_SIDE = 1280;

export class PhotoTooLargeError extends Error {
  constructor() {
    super('The photo is still too large after shrinking');
    this.name = 'PhotoTooLargeError';
  }
}

/** Reads an image file and returns a JPEG data URL no larger than MAX_PHOTO_DATA_URL. */
export async function shrinkPhoto(file: Blob): Promise<string> {
  const bitmap = await createImageBitmap(file);
  try {
    for (const [side, quality] of [
      [MAX_SIDE, 0.75],
      [1024, 0.65],
      [800, 0.6],
      [640, 0.5],
    ] as const) {
      const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height));
      const canvas = document.createElement('canvas');
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      const context = canvas.getContext('2d');
      if (!context) throw new Error('No 2D canvas');
      // JPEG has no transparency: a white page behind a PNG with holes, not black.
      context.fillStyle = '#fff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const dataUrl = canvas.toDataURL('image/jpeg', quality);
      if (dataUrl.length <= MAX_PHOTO_DATA_URL) return dataUrl;
    }
  } finally {
    bitmap.close();
  }
  throw new PhotoTooLargeError();
}
