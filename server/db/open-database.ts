// Picks the backend from the configuration: PostgreSQL when DATABASE_URL is set, else PGlite.

import type { Config } from '../config';
import type { Database } from './database';
import { openPgDatabase, type DatabaseLogger } from './pg-database';
import { openPgliteDatabase } from './pglite-database';

export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  logger?: DatabaseLogger,
): Promise<Database> {
  if (config.databaseUrl) return openPgDatabase(config.databaseUrl, logger);
  return openPgliteDatabase(config.dataDir);
}
