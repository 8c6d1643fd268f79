import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { localDay } from '../../../shared/domain/dates';
import { DEFAULT_INTENT_THRESHOLDS } from '../../../shared/domain/intent';
import { customerForm, openTestDb } from '../../test-support/test-db';
import { deriveFieldKeys, fixedKeySource } from '../../vault/field-keys';
import { AppDB } from '../AppDB';
import { createCustomer, updateCustomer, customerToFormValues } from '../customers-repo';
import { planFollowUp } from '../follow-ups-repo';
import { ListProjection } from './list-projection';
import { JOURNAL_LIMIT, ProjectionJournal, SNAPSHOT_ID } from './projection-snapshot';
import {
  clearProjection,
  projectionBuildSource,
  readyProjection,
  saveProjectionSnapshot,
  startProjection,
} from './projection-store';
import { testKeySource } from '../../test-support/test-keys';

const today = () => localDay(new Date());
const byName = async (db: AppDB, search: string) =>
  (await readyProjection(db)).customerIds({ search }, 'name', today(), DEFAULT_INTENT_THRESHOLDS);

/** Every answer the lists take from the projection, to compare two projections. */
function answers(projection: ListProjection) {
  return {
    updated: projection.customerIds(
      { search: '' },
      'updatedAt',
      today(),
      DEFAULT_INTENT_THRESHOLDS,
    ),
    created: projection.customerIds(
      { search: '' },
      'createdAt',
      today(),
      DEFAULT_INTENT_THRESHOLDS,
    ),
    named: projection.customerIds({ search: '' }, 'name', today(), DEFAULT_INTENT_THRESHOLDS),
    wang: projection.customerIds({ search: '王' }, 'name', today(), DEFAULT_INTENT_THRESHOLDS),
    phone: projection.customerIds({ search: '139' }, 'name', today(), DEFAULT_INTENT_THRESHOLDS),
    tags: projection.tags(),
    noPlan: projection.noPlanIds(),
    planned: projection.plannedBetween('', '\uffff').map((entry) => entry.id),
  };
}

/** A second app on the same database, as after a restart (the journal lives on, as in localStorage). */
function reopen(name: string, keys = testKeySource): AppDB {
  return new AppDB(name, keys);
}

describe('the stored list projection', () => {
  it('restores after a restart and reads again only the rows written since', async () => {
    const { db, ctx, name } = await openTestDb();
    const wang = await createCustomer(
      ctx,
      customerForm({ name: '王小明', phones: [{ number: '13912345678' }], tags: ['车展'] }),
    );
    await createCustomer(ctx, customerForm({ name: '李娜', phones: [{ number: '13800000001' }] }));
    await planFollowUp(ctx, wang.id, {
      dueAt: new Date(Date.now() + 3_600_000),
      channel: 'phone',
      purpose: '邀约试驾',
    });
    await startProjection(db);
    expect(projectionBuildSource(db)).toBe('rows');
    await saveProjectionSnapshot(db);
    // Written after the snapshot: only the journal knows.
    await updateCustomer(ctx, wang.id, { ...customerToFormValues(wang), name: '王大明' });
    await createCustomer(ctx, customerForm({ name: '王芳', phones: [{ number: '13955556666' }] }));
    const expected = answers(await readyProjection(db));
    db.close();

    const again = reopen(name);
    await startProjection(again);
    expect(projectionBuildSource(again)).toBe('snapshot');
    const restored = await readyProjection(again);
    expect(answers(restored)).toEqual(expected);
    expect(restored.customer(wang.id)?.name).toBe('王大明');

    // And it equals a build from every row.
    const fresh = new ListProjection();
    fresh.reset(
      await again.customers.toArray(),
      (await again.followUps.toArray()).filter((row) => row.state === 'planned'),
    );
    expect(answers(restored)).toEqual(answers(fresh));
    again.close();
  });

  it('stores a snapshot on lock, and unlocking restores it', async () => {
    const { db, ctx } = await openTestDb();
    await startProjection(db);
    await createCustomer(ctx, customerForm({ name: '周芷若' }));
    clearProjection(db, { keepSnapshot: true });
    await startProjection(db);
    expect(projectionBuildSource(db)).toBe('snapshot');
    expect(await byName(db, '周')).toHaveLength(1);
  });

  it('stores nothing when the projection is dropped for a wipe or a logout', async () => {
    const { db, ctx } = await openTestDb();
    await startProjection(db);
    await createCustomer(ctx, customerForm({ name: '周芷若' }));
    clearProjection(db);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await db.projectionSnapshots.count()).toBe(0);
  });

  it('keeps no name and no phone in clear in the stored row', async () => {
    const { db, ctx, name } = await openTestDb();
    await createCustomer(
      ctx,
      customerForm({ name: '欧阳霁雯Qzx', phones: [{ number: '13712340987' }] }),
    );
    await startProjection(db);
    await saveProjectionSnapshot(db);
    db.close();
    // Read beneath Dexie's middlewares: the row as IndexedDB holds it.
    const raw = new Dexie(name);
    await raw.open();
    const row = (await raw.table('projectionSnapshots').get(SNAPSHOT_ID)) as {
      sealed: Uint8Array;
      iv: Uint8Array;
    };
    raw.close();
    expect(row.sealed.length).toBeGreaterThan(100);
    const bytes = Buffer.from(row.sealed);
    for (const needle of ['欧阳霁雯', 'Qzx', '13712340987']) {
      expect(bytes.includes(Buffer.from(needle, 'utf8')), needle).toBe(false);
      expect(bytes.includes(Buffer.from(needle, 'utf16le')), needle).toBe(false);
    }
    expect(JSON.stringify(row)).not.toContain('Qzx');
  });

  it('builds from the rows when the snapshot does not open with the key (another user, a new key)', async () => {
    const { db, name } = await openTestDb();
    await startProjection(db);
    await saveProjectionSnapshot(db);
    expect(await db.projectionSnapshots.get(SNAPSHOT_ID)).toBeDefined();
    db.close();

    const other = reopen(name, fixedKeySource(deriveFieldKeys(new Uint8Array(32).fill(9))));
    await startProjection(other);
    expect(projectionBuildSource(other)).toBe('rows');
    // No later start could open it either: it is gone.
    expect(await other.projectionSnapshots.get(SNAPSHOT_ID)).toBeUndefined();
    other.close();
  });

  it('builds from the rows after a range delete, which no id list can describe', async () => {
    const { db, ctx, name } = await openTestDb();
    await createCustomer(ctx, customerForm({ name: '赵敏' }));
    await startProjection(db);
    await saveProjectionSnapshot(db);
    await db.customers.clear();
    db.close();

    const again = reopen(name);
    await startProjection(again);
    expect(projectionBuildSource(again)).toBe('rows');
    expect((await readyProjection(again)).customerCount).toBe(0);
    again.close();
  });

  it('applies a write that commits while a restore is reading', async () => {
    const { db, ctx } = await openTestDb();
    await startProjection(db);
    await saveProjectionSnapshot(db);
    clearProjection(db);
    const starting = startProjection(db);
    const card = await createCustomer(ctx, customerForm({ name: '黄蓉' }));
    await starting;
    expect((await readyProjection(db)).customer(card.id)?.name).toBe('黄蓉');
  });
});

describe('the journal of changes since the snapshot', () => {
  const fresh = () => new ProjectionJournal(`journal-${Math.random()}`);

  it('asks for a full build until a first snapshot is stored', () => {
    const journal = fresh();
    expect(journal.usable).toBe(false);
    journal.snapshotStored(journal.mark);
    expect(journal.usable).toBe(true);
    expect(journal.changed()).toEqual({ customers: [], followUps: [] });
  });

  it('keeps a change noted after the snapshot was taken, though noted before too', () => {
    const journal = fresh();
    journal.snapshotStored(journal.mark);
    journal.note('customers', ['a']);
    // Issued before the snapshot is taken...
    journal.note('customers', ['b']);
    const mark = journal.mark;
    // ...committed after: noted again.
    journal.note('customers', ['b']);
    journal.note('followUps', ['f']);
    journal.snapshotStored(mark);
    expect(journal.changed()).toEqual({ customers: ['b'], followUps: ['f'] });
  });

  it('lives on across instances of the same database', () => {
    const name = `journal-${Math.random()}`;
    const journal = new ProjectionJournal(name);
    journal.snapshotStored(journal.mark);
    journal.note('followUps', ['x']);
    expect(new ProjectionJournal(name).changed()).toEqual({ customers: [], followUps: ['x'] });
  });

  it('gives up on ids past its limit, and a snapshot taken before cannot clear that', () => {
    const journal = fresh();
    journal.snapshotStored(journal.mark);
    const before = journal.mark;
    journal.note(
      'customers',
      Array.from({ length: JOURNAL_LIMIT + 5 }, (_, index) => `id-${index}`),
    );
    expect(journal.usable).toBe(false);
    journal.snapshotStored(before);
    expect(journal.usable).toBe(false);
    journal.snapshotStored(journal.mark);
    expect(journal.usable).toBe(true);
  });
});
