// A photo or signature field resolved to something an <img> can show: an inline data URL of an
// older row as it is, a reference (`att:<hash>`) from the local attachments cache. Live: a photo
// the sync engine fetches in the background appears as soon as it is cached.

import { useLiveQuery } from 'dexie-react-hooks';
import { resolveImage, type ImageSource } from '../../../db/attachments-repo';
import { db } from '../../../db/db';

/** undefined while the cache is being read. */
export function useImageSource(value: string): ImageSource | undefined {
  return useLiveQuery(() => resolveImage(db, value), [value]);
}
