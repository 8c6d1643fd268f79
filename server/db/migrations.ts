// Schema migrations: an append-only list of SQL scripts, applied in order at start. Never edit a
// script that has shipped; add a new one (additive changes only, so older servers keep working
// during a rolling upgrade).
//
// All of it runs in one transaction holding an advisory lock, so two instances starting together
// against one PostgreSQL do not both migrate: the second waits, then finds nothing left to do.

import type { Database } from './database';

/** Advisory lock keys are (namespace, key) pairs; namespaces keep our locks apart. */
export const LOCK_NAMESPACE_MIGRATIONS = 1;
export const LOCK_NAMESPACE_DEALERSHIP = 2;

export const MIGRATIONS: readonly string[] = [
  // 1: the whole initial schema.
  `
  CREATE SEQUENCE sync_seq AS bigint;

  CREATE TABLE dealerships (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );

  CREATE TABLE users (
    id uuid PRIMARY KEY,
    dealership_id uuid NOT NULL REFERENCES dealerships (id),
    login text NOT NULL,
    name text NOT NULL,
    role text NOT NULL CHECK (role IN ('consultant', 'manager', 'admin')),
    password_hash text NOT NULL,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  );
  -- Logins are case-insensitive: "Li.Wei" and "li.wei" are one person.
  CREATE UNIQUE INDEX users_login ON users (lower(login));
  CREATE INDEX users_dealership ON users (dealership_id);

  CREATE TABLE refresh_tokens (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id),
    family_id uuid NOT NULL,
    client_id text NOT NULL,
    token_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    revoked_at timestamptz
  );
  CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
  CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

  CREATE TABLE clients (
    client_id text PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    last_seen_at timestamptz NOT NULL DEFAULT now()
  );

  CREATE TABLE mutations (
    client_id text NOT NULL,
    seq bigint NOT NULL,
    table_name text NOT NULL,
    row_id text NOT NULL,
    status text NOT NULL CHECK (status IN ('applied', 'rejected')),
    reason text,
    message text,
    applied_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (client_id, seq)
  );

  CREATE TABLE records (
    dealership_id uuid NOT NULL REFERENCES dealerships (id),
    table_name text NOT NULL,
    id text NOT NULL,
    -- NULL: a dealership-scoped row (settings) that everyone in the dealership sees.
    owner_id uuid REFERENCES users (id),
    customer_id text,
    data jsonb NOT NULL,
    clocks jsonb NOT NULL,
    seq bigint NOT NULL,
    PRIMARY KEY (dealership_id, table_name, id)
  );
  CREATE INDEX records_dealership_seq ON records (dealership_id, seq);
  CREATE INDEX records_owner_seq ON records (dealership_id, owner_id, seq);
  CREATE INDEX records_customer ON records (dealership_id, customer_id);

  CREATE TABLE removals (
    seq bigint PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id),
    dealership_id uuid NOT NULL REFERENCES dealerships (id),
    table_name text NOT NULL,
    row_id text NOT NULL
  );
  CREATE INDEX removals_user_seq ON removals (user_id, seq);

  CREATE TABLE reassignments (
    id bigserial PRIMARY KEY,
    dealership_id uuid NOT NULL REFERENCES dealerships (id),
    customer_id text NOT NULL,
    from_user uuid NOT NULL REFERENCES users (id),
    to_user uuid NOT NULL REFERENCES users (id),
    hlc text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX reassignments_customer ON reassignments (dealership_id, customer_id, hlc);

  CREATE TABLE server_secrets (
    name text PRIMARY KEY,
    value text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  );

  -- The server's HLC, one per dealership (writes of one dealership are serialized by its advisory
  -- lock, so read-tick-write of its clock is safe); persisted so it never runs backwards.
  CREATE TABLE server_clock (
    dealership_id uuid PRIMARY KEY REFERENCES dealerships (id),
    hlc text NOT NULL
  );
  `,
  // 2: the export log — every export of the team board's follow-up list, for the admins to audit.
  // The id is the client's, so a record sent again after a lost answer is stored once.
  `
  CREATE TABLE follow_up_exports (
    id uuid PRIMARY KEY,
    dealership_id uuid NOT NULL REFERENCES dealerships (id),
    user_id uuid NOT NULL REFERENCES users (id),
    format text NOT NULL CHECK (format IN ('xlsx', 'csv', 'pdf')),
    filter jsonb NOT NULL,
    row_count integer NOT NULL CHECK (row_count >= 0),
    exported_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE INDEX follow_up_exports_newest ON follow_up_exports (dealership_id, exported_at DESC, id DESC);
  `,
  // 3: merged duplicate cards (merge-customers). A merged card stays in records, deleted; this
  // says where it went, so a change pushed to it later reaches the survivor.
  `
  CREATE TABLE merges (
    id bigserial PRIMARY KEY,
    dealership_id uuid NOT NULL REFERENCES dealerships (id),
    merged_id text NOT NULL,
    survivor_id text NOT NULL,
    merged_owner uuid NOT NULL REFERENCES users (id),
    by_user uuid NOT NULL REFERENCES users (id),
    hlc text NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (dealership_id, merged_id)
  );
  CREATE INDEX merges_survivor ON merges (dealership_id, survivor_id);

  -- Rows that moved to the survivor with a merge: an offline change to one is judged by the card
  -- it belonged to when the change was made.
  CREATE TABLE merged_rows (
    dealership_id uuid NOT NULL REFERENCES dealerships (id),
    table_name text NOT NULL,
    row_id text NOT NULL,
    from_customer text NOT NULL,
    merge_id bigint NOT NULL REFERENCES merges (id),
    PRIMARY KEY (dealership_id, table_name, row_id, merge_id)
  );
  `,
  // 4: what the server has heard from each client, to bound the clocks it may claim
  // (server/sync/client-clock.ts): the newest HLC it pushed, the newest server HLC handed to it,
  // and its last reported contact (a server HLC it had folded in, and its highest outbox seq then).
  // And deleted customer cards (server/sync/delete-customer.ts).
  `
  ALTER TABLE clients ADD COLUMN hlc_floor text;
  ALTER TABLE clients ADD COLUMN handed_hlc text;
  ALTER TABLE clients ADD COLUMN contact_hlc text;
  ALTER TABLE clients ADD COLUMN contact_seq bigint;

  -- Cards a manager deleted (delete-customer): the card stays in records with deleted: true; this
  -- says who deleted it, when and why, so it can be listed and restored within 30 days.
  CREATE TABLE customer_deletions (
    dealership_id uuid NOT NULL REFERENCES dealerships (id),
    customer_id text NOT NULL,
    deleted_by uuid NOT NULL REFERENCES users (id),
    reason text NOT NULL,
    deleted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (dealership_id, customer_id)
  );
  CREATE INDEX customer_deletions_newest ON customer_deletions (dealership_id, deleted_at DESC);
  `,
];

export async function migrate(db: Database): Promise<{ applied: number[] }> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::int, 0)', [LOCK_NAMESPACE_MIGRATIONS]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const [row] = await tx.query<{ version: number | null }>(
      'SELECT max(version)::int AS version FROM schema_migrations',
    );
    // A newer schema than ours is fine: migrations are additive, so during a rolling upgrade an
    // older instance keeps working on it.
    const current = row?.version ?? 0;
    const applied: number[] = [];
    for (let version = current + 1; version <= MIGRATIONS.length; version += 1) {
      await tx.exec(MIGRATIONS[version - 1] ?? '');
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
      applied.push(version);
    }
    return { applied };
  });
}
