// Login attempts are limited per address and login, per address, and in all, in one-minute
// windows kept in the database, so every instance behind one PostgreSQL counts the same attempts
// (an in-memory counter per instance multiplies the limit by the instances and forgets it on a
// restart). One statement per attempt counts all three buckets; the global bucket keeps a
// password spray from many addresses from eating the CPU every argon2 check costs.

import type { Queryable } from '../db/database';

export const LOGIN_WINDOW_SECONDS = 60;

export type LoginLimits = { perAddressAndLogin: number; perAddress: number; global: number };

export type LoginAttempt = { address: string; login: string };

/** Null: go ahead. Otherwise the seconds until the window that refused the attempt is over. */
export type LoginLimitVerdict = { retryAfterSeconds: number } | null;

// Old windows are deleted now and then, not on every attempt.
const SWEEP_EVERY = 500;

export function createLoginLimiter(db: Queryable, limits: LoginLimits) {
  let attemptsSinceSweep = 0;

  return async function countLoginAttempt(attempt: LoginAttempt): Promise<LoginLimitVerdict> {
    const login = attempt.login.trim().toLowerCase().slice(0, 64);
    const buckets = [
      { key: `address-login:${attempt.address}|${login}`, max: limits.perAddressAndLogin },
      { key: `address:${attempt.address}`, max: limits.perAddress },
      { key: 'global', max: limits.global },
    ];
    // A bucket's window starts with its first attempt and lasts a minute (no burst of twice the
    // limit around a clock-aligned boundary).
    const rows = await db.query<{ bucket: string; attempts: number; retry_after: number }>(
      `INSERT INTO login_attempts AS a (bucket, window_start, attempts)
       SELECT bucket, now(), 1 FROM unnest($1::text[]) AS bucket
       ON CONFLICT (bucket) DO UPDATE SET
         attempts = CASE WHEN a.window_start > now() - make_interval(secs => $2::int)
                         THEN a.attempts + 1 ELSE 1 END,
         window_start = CASE WHEN a.window_start > now() - make_interval(secs => $2::int)
                             THEN a.window_start ELSE now() END
       RETURNING bucket, attempts,
         ceil(extract(epoch FROM a.window_start + make_interval(secs => $2::int) - now()))::int
           AS retry_after`,
      [buckets.map((bucket) => bucket.key), LOGIN_WINDOW_SECONDS],
    );
    attemptsSinceSweep += 1;
    if (attemptsSinceSweep >= SWEEP_EVERY) {
      attemptsSinceSweep = 0;
      await db.query(
        `DELETE FROM login_attempts WHERE window_start < now() - make_interval(secs => $1::int)`,
        [LOGIN_WINDOW_SECONDS],
      );
    }
    let retryAfterSeconds = 0;
    for (const row of rows) {
      const bucket = buckets.find((candidate) => candidate.key === row.bucket);
      if (bucket && row.attempts > bucket.max) {
        retryAfterSeconds = Math.max(retryAfterSeconds, Math.max(1, Number(row.retry_after)));
      }
    }
    return retryAfterSeconds > 0 ? { retryAfterSeconds } : null;
  };
}

export type LoginLimiter = ReturnType<typeof createLoginLimiter>;
