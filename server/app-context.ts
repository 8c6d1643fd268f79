// What every route needs, built once in buildServer().

import type { Authorizer } from './auth/authorize';
import type { SessionSettings } from './auth/sessions';
import type { Config } from './config';
import type { Database } from './db/database';
import type { PokeHub } from './events/poke-hub';

export type AppContext = {
  config: Config;
  db: Database;
  authorize: Authorizer;
  sessions: SessionSettings;
  pokes: PokeHub;
  /** Interval of the SSE keep-alive comment. */
  heartbeatMs: number;
  /** SHA-256 of the certificate the server speaks TLS with; null over plain HTTP. */
  certificateFingerprint: string | null;
};
