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
  // 4: sessions — one row per refresh-token family, checked on every request, so a logout or a new
  // password ends the access tokens at once. Existing families become sessions.
  `
  CREATE TABLE sessions (
    id uuid PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
  );
  CREATE INDEX sessions_user ON sessions (user_id);
  INSERT INTO sessions (id, user_id, created_at, revoked_at)
  SELECT DISTINCT ON (family_id) family_id, user_id, created_at,
         (SELECT max(f.revoked_at) FROM refresh_tokens f WHERE f.family_id = t.family_id)
  FROM refresh_tokens t
  ORDER BY family_id, created_at;
  `,
  // 5: login attempts per fixed window, shared by every instance: one row per bucket (an address,
  // an address and login, or everything), reset when its window has passed.
  `
  CREATE TABLE login_attempts (
    bucket text PRIMARY KEY,
    window_start timestamptz NOT NULL,
    attempts integer NOT NULL
  );
  CREATE INDEX login_attempts_window ON login_attempts (window_start);
  `,
  // 6: attachments — checklist photos and signatures as content-addressed bytes outside the rows
  // (docs/sync-protocol.md, "Attachments"). One copy per dealership and hash: a dealership never
  // learns what another one stores. created_by NULL: moved out of a row by this migration.
  `
  CREATE TABLE attachments (
    dealership_id uuid NOT NULL REFERENCES dealerships (id),
    hash text NOT NULL CHECK (hash ~ '^sha256-[0-9a-f]{64}$'),
    content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png')),
    bytes bytea NOT NULL,
    size integer NOT NULL CHECK (size >= 0),
    created_by uuid REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (dealership_id, hash)
  );

  -- The image field of each table that has one (shared/sync/attachments.ts ATTACHMENT_FIELDS;
  -- server/db/attachments.ts uses the same expression): which rows reference an attachment, so
  -- GET /v1/attachments can check that the caller sees one of them. References only: an inline
  -- data URL is far larger than an index entry may be.
  CREATE INDEX records_attachment_ref ON records (
    dealership_id,
    (CASE table_name WHEN 'deliveries' THEN data->>'signature' ELSE data->>'photo' END)
  ) WHERE table_name IN ('deliveries', 'deliveryItems')
    AND (CASE table_name WHEN 'deliveries' THEN data->>'signature' ELSE data->>'photo' END) LIKE 'att:%';

  -- Rows written before attachments existed hold inline data URLs: their bytes move into
  -- attachments and the row keeps the reference. The clock and seq stay: a laptop that has the
  -- inline value keeps it (the same image), a laptop that pulls the row gets the reference.
  -- Only well-formed base64 is moved (anything else stays inline and readable as before).
  CREATE TEMPORARY TABLE inline_images ON COMMIT DROP AS
  SELECT dealership_id, table_name, id, field, content_type, bytes,
         'sha256-' || encode(sha256(bytes), 'hex') AS hash
  FROM (
    SELECT r.dealership_id, r.table_name, r.id, f.field,
           substring(f.value FROM 6 FOR position(';' IN f.value) - 6) AS content_type,
           decode(substring(f.value FROM position(',' IN f.value) + 1), 'base64') AS bytes
    FROM records r
    CROSS JOIN LATERAL (
      SELECT CASE r.table_name WHEN 'deliveries' THEN 'signature' ELSE 'photo' END AS field
    ) n
    CROSS JOIN LATERAL (SELECT n.field, r.data->>n.field AS value) f
    WHERE r.table_name IN ('deliveries', 'deliveryItems')
      AND f.value ~ '^data:image/(jpeg|png);base64,[A-Za-z0-9+/]*={0,2}$'
      AND (length(f.value) - position(',' IN f.value)) % 4 = 0
  ) decoded;

  INSERT INTO attachments (dealership_id, hash, content_type, bytes, size, created_by)
  SELECT DISTINCT ON (dealership_id, hash) dealership_id, hash, content_type, bytes, length(bytes), NULL
  FROM inline_images
  ON CONFLICT DO NOTHING;

  UPDATE records r
  SET data = jsonb_set(r.data, ARRAY[i.field], to_jsonb('att:' || i.hash))
  FROM inline_images i
  WHERE r.dealership_id = i.dealership_id AND r.table_name = i.table_name AND r.id = i.id;
  `,
  // 7: what the server has heard from each client, to bound the clocks it may claim
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
  // 8: the mutation log by row: who created a row and who else changed it since
  // (server/sync/withdraw-import.ts), without reading the whole log.
  `
  CREATE INDEX mutations_row ON mutations (row_id, table_name);
  `,
  // 9: devices (server/devices.ts). A client id is one laptop install: what it said it is, a
  // remote sign-out, and a remote wipe with who asked for it, how, and when the laptop confirmed.
  // final_push_at: the one push a device being wiped 'after_push' may still make.
  `
  ALTER TABLE clients ADD COLUMN label text;
  ALTER TABLE clients ADD COLUMN revoked_at timestamptz;
  ALTER TABLE clients ADD COLUMN revoked_by uuid REFERENCES users (id);
  ALTER TABLE clients ADD COLUMN wipe_requested_at timestamptz;
  ALTER TABLE clients ADD COLUMN wipe_requested_by uuid REFERENCES users (id);
  ALTER TABLE clients ADD COLUMN wipe_mode text CHECK (wipe_mode IN ('discard', 'after_push'));
  ALTER TABLE clients ADD COLUMN final_push_at timestamptz;
  ALTER TABLE clients ADD COLUMN wiped_at timestamptz;
  CREATE INDEX clients_user ON clients (user_id);
  `,
];

/**
 * The database was migrated by a newer server than this one. Migrations are additive, so an
 * older instance that is already running keeps working through a rolling upgrade; but an older
 * build must not START on it (a downgrade): it cannot know what the newer schema means for the
 * rows it would write, and a mistaken downgrade is better stopped than discovered later.
 */
export class SchemaTooNewError extends Error {
  constructor(
    readonly databaseVersion: number,
    readonly serverVersion: number,
  ) {
    super(
      `The database has schema version ${databaseVersion}, but this server knows only up to ` +
        `${serverVersion}: it was upgraded by a newer DealerDesk server. Start that version (or a ` +
        'newer one), or restore a backup taken before the upgrade. Nothing was changed.',
    );
    this.name = 'SchemaTooNewError';
  }
}

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
    const current = row?.version ?? 0;
    if (current > MIGRATIONS.length) throw new SchemaTooNewError(current, MIGRATIONS.length);
    const applied: number[] = [];
    for (let version = current + 1; version <= MIGRATIONS.length; version += 1) {
      await tx.exec(MIGRATIONS[version - 1] ?? '');
      await tx.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
      applied.push(version);
    }
    return { applied };
  });
}
