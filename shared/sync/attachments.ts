// Attachments: checklist photos and the customer's signature live outside the synced rows. A row
// carries only a reference, `att:sha256-<hex>`, the SHA-256 of the image's bytes; the bytes travel
// once through PUT/GET /v1/attachments/<hash> and are cached on the laptop. A pull page of rows
// then stays small whatever the photos weigh, and one image is stored once however often it is
// referenced. Rows written before attachments existed keep inline data URLs, which every reader
// still accepts (docs/sync-protocol.md, "Attachments").

import { z } from 'zod';
import type { SyncTableName } from './tables';

export const ATTACHMENT_REF_PREFIX = 'att:';

/** The content types an attachment may have: what the camera shrinker and the signature pad make. */
export const ATTACHMENT_CONTENT_TYPES = ['image/jpeg', 'image/png'] as const;
export type AttachmentContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];

/** `sha256-` and the 64 lowercase hex digits of the bytes' SHA-256. */
export const attachmentHashSchema = z.string().regex(/^sha256-[0-9a-f]{64}$/, {
  message: 'must be sha256- and 64 lowercase hex digits',
});

const REF_PATTERN = /^att:(sha256-[0-9a-f]{64})$/;

/** The image fields of synced rows: each holds '', a reference, or (legacy) an inline data URL. */
export const ATTACHMENT_FIELDS = {
  deliveries: ['signature'],
  deliveryItems: ['photo'],
} as const satisfies Partial<Record<SyncTableName, readonly string[]>>;

export function isAttachmentRef(value: unknown): boolean {
  return typeof value === 'string' && REF_PATTERN.test(value);
}

export function attachmentRef(hash: string): string {
  return `${ATTACHMENT_REF_PREFIX}${hash}`;
}

/** The hash a reference names, or null when the value is not a reference. */
export function hashOfRef(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  return REF_PATTERN.exec(value)?.[1] ?? null;
}

/** Every attachment hash the given fields of a row of `table` reference (each once). */
export function referencedHashes(table: string, fields: Record<string, unknown>): string[] {
  const names: readonly string[] =
    (ATTACHMENT_FIELDS as Partial<Record<string, readonly string[]>>)[table] ?? [];
  const hashes = new Set<string>();
  for (const name of names) {
    const hash = hashOfRef(fields[name]);
    if (hash) hashes.add(hash);
  }
  return [...hashes];
}

/** What an image's first bytes say it is: the server never stores bytes that are not the type. */
export function sniffContentType(bytes: Uint8Array): AttachmentContentType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return 'image/jpeg';
  }
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= png.length && png.every((byte, index) => bytes[index] === byte)) {
    return 'image/png';
  }
  return null;
}

/** `sha256-<hex>` of the bytes (Web Crypto: the same in the renderer and in Node). */
export async function hashAttachment(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(
    await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>),
  );
  return `sha256-${Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

const DATA_URL_PATTERN = /^data:(image\/(?:jpeg|png));base64,([A-Za-z0-9+/]*={0,2})$/;

/** The bytes of a base64 image data URL, or null when it is not one. */
export function decodeDataUrl(
  value: string,
): { contentType: AttachmentContentType; bytes: Uint8Array } | null {
  const match = DATA_URL_PATTERN.exec(value);
  const contentType = ATTACHMENT_CONTENT_TYPES.find((type) => type === match?.[1]);
  if (!contentType || match?.[2] === undefined || match[2].length % 4 !== 0) return null;
  let binary: string;
  try {
    binary = atob(match[2]);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return { contentType, bytes };
}

export function encodeDataUrl(contentType: AttachmentContentType, bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let start = 0; start < bytes.length; start += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(start, start + CHUNK));
  }
  return `data:${contentType};base64,${btoa(binary)}`;
}
