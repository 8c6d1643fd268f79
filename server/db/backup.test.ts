import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDealershipWithAdmin } from '../accounts';
import { backupPgliteDataDir, BackupError, restorePgliteDataDir } from './backup';
import { migrate } from './migrations';
import { openPgliteDatabase } from './pglite-database';

const scratch = await mkdtemp(path.join(os.tmpdir(), 'dealerdesk-backup-'));
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('PGlite backup and restore', () => {
  it('restores a backup into a new directory with the data in it', async () => {
    const original = path.join(scratch, 'original');
    const db = await openPgliteDatabase(original);
    await migrate(db);
    const { dealership } = await createDealershipWithAdmin(db, {
      dealershipName: '广州天河4S店',
      login: 'admin',
      name: '系统管理员',
      password: 'admin-password',
    });
    await db.close();

    const file = path.join(scratch, 'backups', 'server-data.tar.gz');
    expect(await backupPgliteDataDir(original, file)).toBeGreaterThan(0);

    const restored = path.join(scratch, 'restored');
    await restorePgliteDataDir(file, restored);
    const reopened = await openPgliteDatabase(restored);
    try {
      expect(await migrate(reopened)).toEqual({ applied: [] });
      const rows = await reopened.query<{ name: string }>(
        'SELECT name FROM dealerships WHERE id = $1',
        [dealership.id],
      );
      expect(rows).toEqual([{ name: '广州天河4S店' }]);
      const admins = await reopened.query<{ login: string }>('SELECT login FROM users');
      expect(admins).toEqual([{ login: 'admin' }]);
    } finally {
      await reopened.close();
    }
  }, 120_000);

  it('never restores over an existing database, and never backs up nothing', async () => {
    const occupied = path.join(scratch, 'occupied');
    await openPgliteDatabase(occupied).then((db) => db.close());
    const file = path.join(scratch, 'any.tar.gz');
    await writeFile(file, 'not a backup');
    await expect(restorePgliteDataDir(file, occupied)).rejects.toBeInstanceOf(BackupError);
    await expect(
      backupPgliteDataDir(path.join(scratch, 'missing'), path.join(scratch, 'x.tar.gz')),
    ).rejects.toBeInstanceOf(BackupError);
  }, 60_000);
});
