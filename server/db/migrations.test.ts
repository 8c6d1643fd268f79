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
