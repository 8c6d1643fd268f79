// Server configuration, read once from the environment and validated as a whole, so that a wrong
// setup fails at start with one message naming every bad variable (main.ts exits with code 2).

import { z } from 'zod';
import { describeZodIssue } from '../shared/zod-issues';

export const DEFAULT_CORS_ORIGINS = [
  'app://dealerdesk',
  'http://localhost:5173',
  'http://127.0.0.1:5173',
  'http://localhost:4173',
  'http://127.0.0.1:4173',
];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The embedded database's data directory value that keeps everything in memory (tests). */
export const IN_MEMORY_DATA_DIR = 'memory://';

export type Config = {
  port: number;
  host: string;
  /** postgres:// URL; null means the embedded PGlite database in dataDir. */
  databaseUrl: string | null;
  dataDir: string;
  /** null: generated on first start and kept in the database (server_secrets). */
  jwtSecret: string | null;
  accessTtlSeconds: number;
  refreshTtlSeconds: number;
  /** A spent refresh token answers with its successor for this long (a lost answer, a race). */
  refreshReuseSeconds: number;
  corsOrigins: string[];
  bodyLimitBytes: number;
  /** The largest attachment (a photo or a signature) PUT /v1/attachments accepts. */
  attachmentLimitBytes: number;
  /** Login attempts per minute for one address and login. */
  loginRateLimit: number;
  /** Login attempts per minute from one address, whatever the login (password spraying). */
  loginRateLimitAddress: number;
  /** Login attempts per minute in all, shared by every instance (argon2 costs CPU for all). */
  loginRateLimitGlobal: number;
  logLevel: LogLevel;
  /** Time to receive a whole request, headers and body (a slow-body client is cut off). */
  requestTimeoutMs: number;
  /** Time to receive a request's headers; at most requestTimeoutMs. */
  headersTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests. */
  keepAliveTimeoutMs: number;
  /** A connection with no traffic either way for this long is closed (not the event stream). */
  connectionTimeoutMs: number;
  /** Open connections at most; more are refused until some close. */
  maxConnections: number;
  /** Bytes of row JSON one pull page holds at most (always at least one change). */
  pullPageBytes: number;
  /** The desktop app's update files (electron-builder's output), served under /updates/; null: none. */
  updatesDir: string | null;
  /** HTTPS (the default); false only with DEALERDESK_TLS=off, which the server warns about. */
  tls: boolean;
  /** The admin's own certificate and key (PEM files); null: the data directory's self-signed. */
  tlsCertPath: string | null;
  tlsKeyPath: string | null;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid server configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const blankToUndefined = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const integer = (min: number, max: number, fallback: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`)
      .default(fallback),
  );

const envSchema = z.object({
  PORT: integer(0, 65_535, 8787),
  HOST: z.preprocess(blankToUndefined, z.string().default('127.0.0.1')),
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  DEALERDESK_DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./server-data')),
  DEALERDESK_JWT_SECRET: z.preprocess(
    blankToUndefined,
    z.string().min(32, 'must be at least 32 characters').optional(),
  ),
  DEALERDESK_ACCESS_TTL_SECONDS: integer(10, 86_400, 900),
  DEALERDESK_REFRESH_TTL_SECONDS: integer(60, 366 * 86_400, 30 * 86_400),
  DEALERDESK_REFRESH_REUSE_SECONDS: integer(0, 300, 60),
  DEALERDESK_CORS_ORIGINS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default(DEFAULT_CORS_ORIGINS.join(','))
      .transform((list) =>
        list
          .split(',')
          .map((origin) => origin.trim())
          .filter((origin) => origin !== ''),
      ),
  ),
  DEALERDESK_BODY_LIMIT_BYTES: integer(1024, 64 * 1024 * 1024, 1024 * 1024),
  DEALERDESK_IMAGE_LIMIT_BYTES: integer(1024, 64 * 1024 * 1024, 2 * 1024 * 1024),
  DEALERDESK_LOGIN_RATE_LIMIT: integer(1, 10_000, 10),
  DEALERDESK_LOGIN_RATE_LIMIT_ADDRESS: integer(1, 100_000, 30),
  DEALERDESK_LOGIN_RATE_LIMIT_GLOBAL: integer(1, 1_000_000, 600),
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(LOG_LEVELS).default('info')),
  DEALERDESK_REQUEST_TIMEOUT_MS: integer(1000, 3_600_000, 60_000),
  DEALERDESK_HEADERS_TIMEOUT_MS: integer(1000, 3_600_000, 20_000),
  DEALERDESK_KEEP_ALIVE_TIMEOUT_MS: integer(1000, 3_600_000, 72_000),
  DEALERDESK_CONNECTION_TIMEOUT_MS: integer(1000, 3_600_000, 120_000),
  DEALERDESK_MAX_CONNECTIONS: integer(1, 1_000_000, 1000),
  DEALERDESK_PULL_PAGE_BYTES: integer(64 * 1024, 256 * 1024 * 1024, 4 * 1024 * 1024),
  DEALERDESK_UPDATES_DIR: z.preprocess(blankToUndefined, z.string().optional()),
  DEALERDESK_TLS: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value) || undefined,
    z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  ),
  DEALERDESK_TLS_CERT: z.preprocess(blankToUndefined, z.string().optional()),
  DEALERDESK_TLS_KEY: z.preprocess(blankToUndefined, z.string().optional()),
});

// Node refuses a headers timeout longer than the request timeout that contains it.
const checkedEnvSchema = envSchema.superRefine((vars, ctx) => {
  if (vars.DEALERDESK_HEADERS_TIMEOUT_MS > vars.DEALERDESK_REQUEST_TIMEOUT_MS) {
    ctx.addIssue({
      code: 'custom',
      path: ['DEALERDESK_HEADERS_TIMEOUT_MS'],
      message: 'must be at most DEALERDESK_REQUEST_TIMEOUT_MS',
    });
  }
});

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = checkedEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => describeZodIssue(issue, '')));
  }
  const vars = parsed.data;
  const problems: string[] = [];
  if ((vars.DEALERDESK_TLS_CERT === undefined) !== (vars.DEALERDESK_TLS_KEY === undefined)) {
    problems.push('DEALERDESK_TLS_CERT and DEALERDESK_TLS_KEY: give both or neither');
  }
  if (vars.DEALERDESK_TLS === 'off' && vars.DEALERDESK_TLS_CERT !== undefined) {
    problems.push('DEALERDESK_TLS=off: a certificate was given as well; drop one of them');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: vars.PORT,
    host: vars.HOST,
    databaseUrl: vars.DATABASE_URL ?? null,
    dataDir: vars.DEALERDESK_DATA_DIR,
    jwtSecret: vars.DEALERDESK_JWT_SECRET ?? null,
    accessTtlSeconds: vars.DEALERDESK_ACCESS_TTL_SECONDS,
    refreshTtlSeconds: vars.DEALERDESK_REFRESH_TTL_SECONDS,
    refreshReuseSeconds: vars.DEALERDESK_REFRESH_REUSE_SECONDS,
    corsOrigins: vars.DEALERDESK_CORS_ORIGINS,
    bodyLimitBytes: vars.DEALERDESK_BODY_LIMIT_BYTES,
    attachmentLimitBytes: vars.DEALERDESK_IMAGE_LIMIT_BYTES,
    loginRateLimit: vars.DEALERDESK_LOGIN_RATE_LIMIT,
    loginRateLimitAddress: vars.DEALERDESK_LOGIN_RATE_LIMIT_ADDRESS,
    loginRateLimitGlobal: vars.DEALERDESK_LOGIN_RATE_LIMIT_GLOBAL,
    logLevel: vars.LOG_LEVEL,
    requestTimeoutMs: vars.DEALERDESK_REQUEST_TIMEOUT_MS,
    headersTimeoutMs: vars.DEALERDESK_HEADERS_TIMEOUT_MS,
    keepAliveTimeoutMs: vars.DEALERDESK_KEEP_ALIVE_TIMEOUT_MS,
    connectionTimeoutMs: vars.DEALERDESK_CONNECTION_TIMEOUT_MS,
    maxConnections: vars.DEALERDESK_MAX_CONNECTIONS,
    pullPageBytes: vars.DEALERDESK_PULL_PAGE_BYTES,
    updatesDir: vars.DEALERDESK_UPDATES_DIR ?? null,
    tls: vars.DEALERDESK_TLS === 'on',
    tlsCertPath: vars.DEALERDESK_TLS_CERT ?? null,
    tlsKeyPath: vars.DEALERDESK_TLS_KEY ?? null,
  };
}
