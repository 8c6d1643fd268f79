// Backup and restore of the embedded (PGlite) database, for a showroom PC without a DBA:
// `main.js backup --to <file>` writes PGlite's own dump of the data directory (a gzipped tar
// that PGlite opens again as it is), `main.js restore --from <file>` rebuilds a data directory
// from one. PGlite is one process: the server must be stopped for either, or the copy could
// catch it mid-write. PostgreSQL has its own tools (pg_dump / pg_restore; see server/README.md).

import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

async function isEmptyOrAbsent(dir: string): Promise<boolean> {
  if (!existsSync(dir)) return true;
  return (await readdir(dir)).length === 0;
}

/** Writes a consistent copy of the PGlite data directory to `file` (replaced atomically). */
export async function backupPgliteDataDir(dataDir: string, file: string): Promise<number> {
  if (await isEmptyOrAbsent(dataDir)) {
    throw new BackupError(`There is no database in ${dataDir} to back up.`);
  }
  const pglite = await PGlite.create(dataDir);
  try {
    const dump = await pglite.dumpDataDir('gzip');
    const bytes = new Uint8Array(await dump.arrayBuffer());
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    // Never leave a half-written backup under the final name.
    const partial = `${file}.partial`;
    await writeFile(partial, bytes);
    await rename(partial, file);
    return bytes.byteLength;
  } finally {
    await pglite.close();
  }
}

/** Creates the data directory `dataDir` from a backup; refuses to overwrite a database. */
export async function restorePgliteDataDir(file: string, dataDir: string): Promise<void> {
  if (!(await isEmptyOrAbsent(dataDir))) {
    throw new BackupError(
      `${dataDir} is not empty: restore into a new directory (DEALERDESK_DATA_DIR), then point the server at it.`,
    );
  }
  const bytes = await readFile(file);
  await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir, loadDataDir: new Blob([bytes]) });
  try {
    // Opening the restored files is the check that they are a database.
    await pglite.query('SELECT 1');
  } finally {
    await pglite.close();
  }
}
