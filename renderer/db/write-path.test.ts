import { describe, expect, it } from 'vitest';
import { parseHlc } from '../../shared/sync/hlc';
import { AppDB } from './AppDB';
import { ensureProfile, writeContextFor } from './profile-repo';
import { HOUR, openTestDb, testClock } from '../test-support/test-db';
import { testKeySource } from '../test-support/test-keys';
import {
  clientId,
  inWriteTransaction,
  writeRow,
  writeRows,
  type RowFields,
  type WriteContext,
} from './write-path';

function followUpFields(
  ctx: WriteContext,
  overrides: Partial<RowFields<'followUps'>> = {},
): Partial<RowFields<'followUps'>> {
  return {
    ownerId: ctx.actorId,
    customerId: 'customer-1',
    dueAt: '2026-03-11T02:00:00.000Z',
    channel: 'phone',
    purpose: '首次联系',
    state: 'planned',
    completedAt: null,
    outcome: null,
    result: '',
    ...overrides,
  };
}

async function write(ctx: WriteContext, rowId: string, fields: Partial<RowFields<'followUps'>>) {
  return inWriteTransaction(ctx, ['followUps'], () => writeRow(ctx, 'followUps', rowId, fields));
}

describe('writeRow: data and outbox together', () => {
  it('records every field of a new row, including the row metadata, in one outbox entry', async () => {
    const { db, ctx, profile, clock } = await openTestDb();
    const fields = followUpFields(ctx);
    const row = await write(ctx, 'fu-1', fields);

    const stored = await db.followUps.get('fu-1');
    expect(stored).toEqual(row);
    expect(stored).toMatchObject({
      ...fields,
      id: 'fu-1',
      ownerId: profile.userId,
      dealershipId: profile.dealershipId,
      createdAt: clock.now().toISOString(),
      updatedAt: clock.now().toISOString(),
      deleted: false,
    });

    const outbox = await db.outbox.toArray();
    expect(outbox).toHaveLength(1);
    const [entry] = outbox;
    expect(entry).toMatchObject({
      table: 'followUps',
      rowId: 'fu-1',
      createdAt: clock.now().toISOString(),
    });
    expect(entry?.seq).toBeTypeOf('number');
    expect(entry?.fields).toEqual({
      ...fields,
      id: 'fu-1',
      ownerId: profile.userId,
      dealershipId: profile.dealershipId,
      createdAt: clock.now().toISOString(),
      updatedAt: clock.now().toISOString(),
      deleted: false,
    });
    expect(entry?.fields).not.toHaveProperty('clocks');
  });

  it("stamps every field's clock with the outbox entry's hlc", async () => {
    const { db, ctx } = await openTestDb();
    await write(ctx, 'fu-1', followUpFields(ctx));
    const [entry] = await db.outbox.toArray();
    const stored = await db.followUps.get('fu-1');
    expect(entry).toBeDefined();
    expect(Object.keys(stored!.clocks).sort()).toEqual(Object.keys(entry!.fields).sort());
    for (const field of Object.keys(entry!.fields)) expect(stored!.clocks[field]).toBe(entry!.hlc);
    // The HLC is this client's: its node is the client id.
    expect(parseHlc(entry!.hlc).node).toBe(await clientId(db));
    expect(parseHlc(entry!.hlc).millis).toBe(ctx.now().getTime());
  });

  it('records only the changed fields (plus updatedAt) for an update', async () => {
    const { db, ctx, clock } = await openTestDb();
    const created = await write(ctx, 'fu-1', followUpFields(ctx));
    clock.advance(HOUR);
    const updated = await write(ctx, 'fu-1', {
      state: 'done', // changed
      result: '客户到店', // changed
      channel: 'phone', // unchanged
      purpose: '首次联系', // unchanged
    });

    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox).toHaveLength(2);
    const entry = outbox[1]!;
    expect(entry.fields).toEqual({
      state: 'done',
      result: '客户到店',
      updatedAt: clock.now().toISOString(),
    });
    expect(entry.createdAt).toBe(clock.now().toISOString());
    // The clocks the writer saw: how the server tells an edit on top from a concurrent one.
    const created0 = outbox[0]!.hlc;
    expect(outbox[0]!.base).toEqual({});
    expect(entry.base).toEqual({ state: created0, result: created0, updatedAt: created0 });

    const stored = await db.followUps.get('fu-1');
    expect(stored).toEqual(updated);
    expect(stored).toMatchObject({
      state: 'done',
      result: '客户到店',
      createdAt: created.createdAt,
    });
    expect(stored!.updatedAt).toBe(clock.now().toISOString());
    // Changed fields carry the new hlc; untouched fields keep the creation hlc.
    expect(stored!.clocks.state).toBe(entry.hlc);
    expect(stored!.clocks.result).toBe(entry.hlc);
    expect(stored!.clocks.updatedAt).toBe(entry.hlc);
    expect(stored!.clocks.channel).toBe(outbox[0]!.hlc);
    expect(stored!.clocks.createdAt).toBe(outbox[0]!.hlc);
  });

  it('compares arrays and objects by value, not by reference', async () => {
    const { db, ctx, clock } = await openTestDb();
    await inWriteTransaction(ctx, ['settings'], () =>
      writeRow(ctx, 'settings', 'dealership', {
        cadence: { firstContactHours: 24, H: 2, A: 7, B: 14, C: 30, O: 7 },
        intentThresholds: { H: 7, A: 30, B: 90 },
      }),
    );
    clock.advance(1000);
    await inWriteTransaction(ctx, ['settings'], () =>
      writeRow(ctx, 'settings', 'dealership', {
        cadence: { firstContactHours: 24, H: 2, A: 7, B: 14, C: 30, O: 7 },
        intentThresholds: { H: 5, A: 30, B: 90 },
      }),
    );
    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox).toHaveLength(2);
    expect(Object.keys(outbox[1]!.fields).sort()).toEqual(['intentThresholds', 'updatedAt']);
  });

  it('records no change for the same object in another key order (as the server returns it)', async () => {
    const { db, ctx, clock } = await openTestDb();
    await inWriteTransaction(ctx, ['settings'], () =>
      writeRow(ctx, 'settings', 'dealership', {
        cadence: { firstContactHours: 24, H: 2, A: 7, B: 14, C: 30, O: 7 },
      }),
    );
    clock.advance(1000);
    // PostgreSQL's jsonb keeps keys shortest first: a pulled row has them in this order.
    await inWriteTransaction(ctx, ['settings'], () =>
      writeRow(ctx, 'settings', 'dealership', {
        cadence: { A: 7, B: 14, C: 30, H: 2, O: 7, firstContactHours: 24 },
      }),
    );
    expect(await db.outbox.count()).toBe(1);
  });

  it('writes nothing for an update that changes no field', async () => {
    const { db, ctx, clock } = await openTestDb();
    const created = await write(ctx, 'fu-1', followUpFields(ctx));
    const clockBefore = await db.syncState.get('hlc');
    clock.advance(HOUR);
    const result = await write(ctx, 'fu-1', {
      state: 'planned',
      purpose: '首次联系',
      completedAt: null,
    });

    expect(result).toEqual(created);
    expect(await db.followUps.get('fu-1')).toEqual(created);
    expect(await db.outbox.count()).toBe(1);
    expect(await db.syncState.get('hlc')).toEqual(clockBefore);
  });

  it('gives every write a strictly greater hlc, also within one frozen millisecond', async () => {
    const { db, ctx, clock } = await openTestDb();
    // Frozen clock: the counter must break the ties.
    for (let index = 0; index < 5; index += 1) await write(ctx, `fu-${index}`, followUpFields(ctx));
    // Several rows in one writeRows call.
    await inWriteTransaction(ctx, ['followUps'], () =>
      writeRows(ctx, 'followUps', [
        { rowId: 'bulk-1', fields: followUpFields(ctx) },
        { rowId: 'bulk-2', fields: followUpFields(ctx) },
        { rowId: 'bulk-3', fields: followUpFields(ctx) },
      ]),
    );
    // Several writeRow calls in one transaction.
    await inWriteTransaction(ctx, ['followUps'], async () => {
      await writeRow(ctx, 'followUps', 'fu-0', { result: 'a' });
      await writeRow(ctx, 'followUps', 'fu-0', { result: 'b' });
    });
    // The wall clock moves forward, then goes backwards (a corrected system time).
    clock.advance(5);
    await write(ctx, 'fu-1', { result: 'later' });
    clock.advance(-HOUR);
    await write(ctx, 'fu-2', { result: 'clock went back' });

    const hlcs = (await db.outbox.orderBy('seq').toArray()).map((entry) => entry.hlc);
    expect(hlcs).toHaveLength(12);
    for (let index = 1; index < hlcs.length; index += 1) {
      expect(hlcs[index]! > hlcs[index - 1]!).toBe(true);
    }
    expect(new Set(hlcs).size).toBe(hlcs.length);
    const frozen = hlcs.slice(0, 10).map(parseHlc);
    expect(new Set(frozen.map((hlc) => hlc.millis)).size).toBe(1);
    expect(frozen.map((hlc) => hlc.counter)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // The last row kept the later hlc on its field.
    const last = await db.followUps.get('fu-2');
    expect(last!.result).toBe('clock went back');
    expect(last!.clocks.result).toBe(hlcs.at(-1));
  });

  it('continues the hlc after the database is reopened', async () => {
    const { db, name, ctx, profile } = await openTestDb();
    await write(ctx, 'fu-1', followUpFields(ctx));
    await write(ctx, 'fu-2', followUpFields(ctx));
    const lastBefore = (await db.outbox.orderBy('seq').last())!.hlc;
    const idBefore = await clientId(db);
    db.close();

    const reopened = new AppDB(name, testKeySource);
    const sameProfile = await ensureProfile(reopened);
    expect(sameProfile).toEqual(profile);
    expect(await clientId(reopened)).toBe(idBefore);
    // Same frozen instant (and even an earlier one): the clock still moves on.
    const sameInstant = writeContextFor(reopened, sameProfile, ctx.now);
    await write(sameInstant, 'fu-3', followUpFields(sameInstant));
    const earlier = testClock(new Date(ctx.now().getTime() - HOUR));
    const earlierCtx = writeContextFor(reopened, sameProfile, earlier.now);
    await write(earlierCtx, 'fu-4', followUpFields(earlierCtx));

    const entries = await reopened.outbox.orderBy('seq').toArray();
    expect(entries).toHaveLength(4);
    expect(entries[2]!.hlc > lastBefore).toBe(true);
    expect(entries[3]!.hlc > entries[2]!.hlc).toBe(true);
    expect(parseHlc(entries[3]!.hlc).millis).toBe(parseHlc(lastBefore).millis);
    expect(entries.map((entry) => entry.seq)).toEqual(
      [...entries.map((entry) => entry.seq)].sort((a, b) => a! - b!),
    );
    reopened.close();
  });

  it('keeps outbox seq in write order', async () => {
    const { db, ctx, clock } = await openTestDb();
    for (let index = 0; index < 4; index += 1) {
      clock.advance(10);
      await write(ctx, `fu-${index}`, followUpFields(ctx));
    }
    const entries = await db.outbox.orderBy('seq').toArray();
    expect(entries.map((entry) => entry.rowId)).toEqual(['fu-0', 'fu-1', 'fu-2', 'fu-3']);
    const seqs = entries.map((entry) => entry.seq!);
    for (let index = 1; index < seqs.length; index += 1)
      expect(seqs[index]!).toBeGreaterThan(seqs[index - 1]!);
  });
});

describe('writeRow: atomicity', () => {
  it('leaves neither the row nor the outbox entry when the transaction fails after the write', async () => {
    const { db, ctx } = await openTestDb();
    const clockBefore = await db.syncState.get('hlc');
    await expect(
      inWriteTransaction(ctx, ['followUps', 'timeline'], async () => {
        await writeRow(ctx, 'followUps', 'fu-1', followUpFields(ctx));
        // Inside the transaction the write is visible...
        expect(await db.followUps.get('fu-1')).toBeDefined();
        expect(await db.outbox.count()).toBe(1);
        throw new Error('boom after the write');
      }),
    ).rejects.toThrow('boom after the write');

    // ...and after the abort, all of it is gone.
    expect(await db.followUps.get('fu-1')).toBeUndefined();
    expect(await db.outbox.count()).toBe(0);
    expect(await db.syncState.get('hlc')).toEqual(clockBefore);
  });

  it('rolls back an update and its outbox entry together, keeping the earlier write', async () => {
    const { db, ctx, clock } = await openTestDb();
    const created = await write(ctx, 'fu-1', followUpFields(ctx));
    clock.advance(1000);
    await expect(
      inWriteTransaction(ctx, ['followUps'], async () => {
        await writeRow(ctx, 'followUps', 'fu-1', { state: 'done' });
        await writeRow(ctx, 'followUps', 'fu-2', followUpFields(ctx));
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.followUps.get('fu-1')).toEqual(created);
    expect(await db.followUps.get('fu-2')).toBeUndefined();
    expect(await db.outbox.count()).toBe(1);
  });

  it('refuses to write outside inWriteTransaction', async () => {
    const { db, ctx } = await openTestDb();
    await expect(writeRow(ctx, 'followUps', 'fu-1', followUpFields(ctx))).rejects.toThrow(
      /must run inside inWriteTransaction\(\)/,
    );
    expect(await db.followUps.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('refuses a transaction that does not hold the written table, the outbox or the clock', async () => {
    const { db, ctx } = await openTestDb();
    // Holding other tables only.
    await expect(
      inWriteTransaction(ctx, ['timeline'], () =>
        writeRow(ctx, 'followUps', 'fu-1', followUpFields(ctx)),
      ),
    ).rejects.toThrow(/writeRow\(followUps\) must run inside inWriteTransaction/);
    // A plain transaction without outbox/syncState.
    await expect(
      db.transaction('rw', db.followUps, () =>
        writeRow(ctx, 'followUps', 'fu-1', followUpFields(ctx)),
      ),
    ).rejects.toThrow(/must run inside inWriteTransaction/);
    // A read-only transaction.
    await expect(
      db.transaction('r', [db.followUps, db.outbox, db.syncState], () =>
        writeRow(ctx, 'followUps', 'fu-1', followUpFields(ctx)),
      ),
    ).rejects.toThrow(/must run inside inWriteTransaction/);
    expect(await db.followUps.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('refuses a transaction of another database', async () => {
    const first = await openTestDb();
    const second = await openTestDb();
    await expect(
      inWriteTransaction(first.ctx, ['followUps'], () =>
        writeRow(second.ctx, 'followUps', 'fu-1', followUpFields(second.ctx)),
      ),
    ).rejects.toThrow(/another database/);
    expect(await second.db.followUps.count()).toBe(0);
  });
});

describe('clientId', () => {
  it('is made once and kept', async () => {
    const { db } = await openTestDb();
    const id = await clientId(db);
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(await clientId(db)).toBe(id);
  });
});
