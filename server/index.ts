// The server's public API for tests and tools (the CLI is main.ts).

export { buildServer, type BuildOptions } from './app';
export {
  createDealershipWithAdmin,
  createUser,
  updateUser,
  type CreatedUser,
  type NewDealership,
  type NewUser,
} from './accounts';
export { ConfigError, loadConfig, IN_MEMORY_DATA_DIR, type Config } from './config';
export type { Database, Queryable } from './db/database';
export { migrate } from './db/migrations';
export { openDatabase } from './db/open-database';
export { startServer, type RunningServer, type StartServerOptions } from './start-server';
export {
  certificateFingerprint,
  createSelfSignedCertificate,
  prepareTls,
  type TlsMaterial,
  type TlsSetup,
} from './tls';
