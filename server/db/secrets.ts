// Server secrets kept in the database, so several instances on one PostgreSQL share them and no
// secret ever lives in code or in a file next to it.

import { randomBytes } from 'node:crypto';
import type { Queryable } from './database';

export const JWT_SECRET_NAME = 'jwt';

/** The stored secret, created on first use; concurrent first starts agree on one value. */
export async function getOrCreateSecret(q: Queryable, name: string): Promise<string> {
  await q.query(
    'INSERT INTO server_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
    [name, randomBytes(48).toString('base64url')],
  );
  const [row] = await q.query<{ value: string }>(
    'SELECT value FROM server_secrets WHERE name = $1',
    [name],
  );
  if (!row) throw new Error(`Secret ${name} could not be stored`);
  return row.value;
}
