import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { describeEachBackend, openFreshDatabase, type FreshDatabase } from '../test-support';
import { migrate, MIGRATIONS, SchemaTooNewError } from './migrations';
import { openPgDatabase } from './pg-database';

describeEachBackend('migrations', (backend) => {
  let fresh: FreshDatabase | undefined;
  afterEach(async () => {
    await fresh?.drop();
    fresh = undefined;
  });

  it('applies every migration once', async () => {
    fresh = await openFreshDatabase(backend, { migrate: false });
    const first = await migrate(fresh.database);
    expect(first.applied).toEqual(MIGRATIONS.map((_, index) => index + 1));
    const second = await migrate(fresh.database);
    expect(second.applied).toEqual([]);
    const rows = await fresh.database.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(rows.map((row) => row.version)).toEqual(first.applied);
  }, 60_000);

  it('refuses a database whose schema is newer than this server knows, and changes nothing', async () => {
    fresh = await openFreshDatabase(backend, { migrate: false });
    await migrate(fresh.database);
    const newer = MIGRATIONS.length + 1;
    await fresh.database.query('INSERT INTO schema_migrations (version) VALUES ($1)', [newer]);
    const refusal = await migrate(fresh.database).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(SchemaTooNewError);
    expect(refusal).toMatchObject({ databaseVersion: newer, serverVersion: MIGRATIONS.length });
    expect(String((refusal as Error).message)).toContain(
      `schema version ${newer}, but this server knows only up to ${MIGRATIONS.length}`,
    );
    const rows = await fresh.database.query<{ version: number }>(
      'SELECT max(version)::int AS version FROM schema_migrations',
    );
    expect(rows[0]?.version).toBe(newer);
  }, 60_000);

  it('moves inline images of older rows into attachments, leaving malformed ones inline', async () => {
    fresh = await openFreshDatabase(backend, { migrate: false });
    const db = fresh.database;
    // Everything before the attachments migration, as an older server left it.
    const version = MIGRATIONS.findIndex((sql) => sql.includes('CREATE TABLE attachments')) + 1;
    expect(version).toBeGreaterThan(0);
    await db.exec(
      'CREATE TABLE schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    for (let index = 0; index < version - 1; index += 1) {
      await db.exec(MIGRATIONS[index] ?? '');
      await db.query('INSERT INTO schema_migrations (version) VALUES ($1)', [index + 1]);
    }
    const dealershipId = randomUUID();
    await db.query('INSERT INTO dealerships (id, name) VALUES ($1, $2)', [dealershipId, 'Old']);
    // Larger than an index entry may be: inline values must stay out of any index.
    const bytes = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(20_000, 7),
    ]);
    const inline = `data:image/png;base64,${bytes.toString('base64')}`;
    const hash = `sha256-${createHash('sha256').update(bytes).digest('hex')}`;
    const insert = (table: string, id: string, data: Record<string, unknown>) =>
      db.query(
        `INSERT INTO records (dealership_id, table_name, id, owner_id, customer_id, data, clocks, seq)
         VALUES ($1, $2, $3, NULL, 'c', $4::jsonb, '{}'::jsonb, nextval('sync_seq'))`,
        [dealershipId, table, id, JSON.stringify(data)],
      );
    await insert('deliveries', 'd1', { signature: inline, vin: 'X' });
    await insert('deliveryItems', 'i1', { photo: inline });
    await insert('deliveryItems', 'i2', { photo: 'data:image/jpeg;base64,!!not base64' });
    // Not base64 (the "!"), and too random to compress into an index entry.
    const malformed = `data:image/jpeg;base64,${randomBytes(30_000).toString('base64')}!`;
    await insert('deliveryItems', 'i4', { photo: malformed });
    await insert('deliveryItems', 'i3', { photo: '' });

    await migrate(db);
    const rows = await db.query<{ id: string; data: Record<string, unknown> }>(
      'SELECT id, data FROM records ORDER BY id',
    );
    expect(rows.map((row) => [row.id, row.data.signature ?? row.data.photo])).toEqual([
      ['d1', `att:${hash}`],
      ['i1', `att:${hash}`],
      ['i2', 'data:image/jpeg;base64,!!not base64'],
      ['i3', ''],
      ['i4', malformed],
    ]);
    expect(rows[0]?.data.vin).toBe('X');
    const stored = await db.query<{
      hash: string;
      content_type: string;
      size: number;
      bytes: Uint8Array;
    }>('SELECT hash, content_type, size, bytes FROM attachments');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ hash, content_type: 'image/png', size: bytes.length });
    expect(Buffer.compare(Buffer.from(stored[0]?.bytes ?? []), bytes)).toBe(0);
  }, 60_000);

  if (backend === 'postgres') {
    it('lets only one of two instances starting together migrate', async () => {
      fresh = await openFreshDatabase(backend, { migrate: false });
      const other = await openPgDatabase(fresh.url ?? '');
      try {
        const results = await Promise.all([migrate(fresh.database), migrate(other)]);
        const applied = results.map((result) => result.applied.length).sort();
        expect(applied).toEqual([0, MIGRATIONS.length]);
      } finally {
        await other.close();
      }
    }, 60_000);
  }
});
