// Server configuration, read once from the environment and validated as a whole, so that a wrong
// setup fails at start with one message naming every bad variable (main.ts exits with code 2).

import { z } from 'zod';

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
  corsOrigins: string[];
  bodyLimitBytes: number;
  /** The largest attachment (a photo or a signature) PUT /v1/attachments accepts. */
  attachmentLimitBytes: number;
  /** Login attempts per minute for one address and login. */
  loginRateLimit: number;
  logLevel: LogLevel;
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
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(LOG_LEVELS).default('info')),
});

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const vars = parsed.data;
  return {
    port: vars.PORT,
    host: vars.HOST,
    databaseUrl: vars.DATABASE_URL ?? null,
    dataDir: vars.DEALERDESK_DATA_DIR,
    jwtSecret: vars.DEALERDESK_JWT_SECRET ?? null,
    accessTtlSeconds: vars.DEALERDESK_ACCESS_TTL_SECONDS,
    refreshTtlSeconds: vars.DEALERDESK_REFRESH_TTL_SECONDS,
    corsOrigins: vars.DEALERDESK_CORS_ORIGINS,
    bodyLimitBytes: vars.DEALERDESK_BODY_LIMIT_BYTES,
    attachmentLimitBytes: vars.DEALERDESK_IMAGE_LIMIT_BYTES,
    loginRateLimit: vars.DEALERDESK_LOGIN_RATE_LIMIT,
    logLevel: vars.LOG_LEVEL,
  };
}
