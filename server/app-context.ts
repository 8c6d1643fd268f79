// What every route needs, built once in buildServer().

import type { Authorizer } from './auth/authorize';
import type { LoginLimiter } from './auth/login-limiter';
import type { SessionSettings } from './auth/sessions';
import type { Config } from './config';
import type { Database } from './db/database';
import type { PokeHub } from './events/poke-hub';

export type AppContext = {
  config: Config;
  db: Database;
  authorize: Authorizer;
  sessions: SessionSettings;
  /** Counts a login attempt; answers a refusal when a limit is reached. */
  loginLimiter: LoginLimiter;
  pokes: PokeHub;
  /** Interval of the SSE keep-alive comment. */
  heartbeatMs: number;
  /** SHA-256 of the certificate the server speaks TLS with; null over plain HTTP. */
  certificateFingerprint: string | null;
};
