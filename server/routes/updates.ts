// The desktop app's update feed: the files electron-builder writes for a `generic` provider
// (latest.yml, latest-mac.yml, latest-linux.yml, the installers and their .blockmap files),
// copied by the showroom's admin into DEALERDESK_UPDATES_DIR and served under /updates/. The
// laptops update from the showroom's own server, so a LAN without internet gets updates too.
//
// Public on purpose: an app updates before anyone logs in, and installers are no secret. What
// protects the laptops is on their side: electron-updater installs a file only when its sha512
// matches latest.yml (and, on Windows, when it is signed by our publisher).
//
// Only plain file names in that one directory, with the extensions of update files, are
// served: no sub-directories, no listing, no dot-files, no path a request could steer outside.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context';
import { notFound } from '../http/errors';

/** Content types of the files electron-builder publishes, by extension (lower case). */
export const UPDATE_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.yml': 'text/yaml; charset=utf-8',
  '.exe': 'application/vnd.microsoft.portable-executable',
  '.blockmap': 'application/octet-stream',
  '.zip': 'application/zip',
  '.dmg': 'application/x-apple-diskimage',
  '.appimage': 'application/vnd.appimage',
  '.deb': 'application/vnd.debian.binary-package',
};

/** A file name without any path: starts with a letter or digit, no separators. */
const UPDATE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,199}$/;

function contentTypeOf(fileName: string): string | null {
  if (!UPDATE_FILE_NAME.test(fileName)) return null;
  return UPDATE_CONTENT_TYPES[path.extname(fileName).toLowerCase()] ?? null;
}

export function registerUpdateRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { updatesDir } = ctx.config;
  const missing = () => notFound('update_not_found', 'No such update file.');

  app.get<{ Params: { file: string } }>(
    '/updates/:file',
    // Served as they are: the app checks the bytes' sha512, and installers do not compress.
    { compress: false },
    async (request, reply) => {
      const { file } = request.params;
      const contentType = contentTypeOf(file);
      if (updatesDir === null || contentType === null) throw missing();
      const filePath = path.join(updatesDir, file);
      const stats = await stat(filePath).catch(() => null);
      if (stats === null || !stats.isFile()) throw missing();
      return (
        reply
          .header('content-type', contentType)
          .header('content-length', stats.size)
          .header('x-content-type-options', 'nosniff')
          .header('last-modified', stats.mtime.toUTCString())
          // The feed files must be re-checked on every poll so that a new release is seen at once;
          // an installer's name carries its version and never changes.
          .header('cache-control', file.endsWith('.yml') ? 'no-cache' : 'public, max-age=3600')
          .send(createReadStream(filePath))
      );
    },
  );
  // `/updates/` and `/updates` must not list anything.
  app.get('/updates', async () => {
    throw missing();
  });
  app.get('/updates/', async () => {
    throw missing();
  });
}
