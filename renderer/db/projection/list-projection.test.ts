import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../shared/domain/customer';
import { ACTIVE_STATUSES } from '../../../shared/domain/customer-status';
import { localDay } from '../../../shared/domain/dates';
import type { FollowUp } from '../../../shared/domain/follow-up';
import { currentIntentLevel, DEFAULT_INTENT_THRESHOLDS } from '../../../shared/domain/intent';
import type { Change } from '../../../shared/sync/protocol';
import { applyPullPage } from '../../sync/local-apply';
import { customerForm, openTestDb, type TestDb } from '../../test-support/test-db';
import type { AppDB } from '../AppDB';
import { createCustomer, customerToFormValues, updateCustomer } from '../customers-repo';
import { cancelFollowUp, completeFollowUp, planFollowUp } from '../follow-ups-repo';
import { ListProjection, type CustomerPredicate, type ProjectionSort } from './list-projection';
import { nameKeys, pinyinSearch } from './name-keys';
import {
  clearProjection,
  currentProjection,
  projectionProgress,
  readyProjection,
  saveProjectionSnapshot,
  startProjection,
  subscribeProjectionProgress,
  type ProjectionProgress,
} from './projection-store';

// Chinese names with surnames read apart from their common reading (单 shan, 曾 zeng), pinyin
// that runs into another's (万祥 wan xiang, 王小明 wang xiao ming), and Latin names.
const NAMES = [
  '王伟',
  '王芳',
  '李娜',
  'Anna',
  'anne',
  'ANDY',
  '张伟',
  '万祥',
  '王小明',
  '单伟',
  '曾芳',
];
const STATUSES = ['new', 'following', 'ordered', 'delivered'] as const;
const TAGS = ['车展', 'VIP', '老客户'];
const SORTS: ProjectionSort[] = ['updatedAt', 'createdAt', 'name'];
const TODAY = '2026-03-10';

const done = {
  outcome: 'contacted',
  result: '已联系',
  intentLevel: null,
  planNext: false,
  next: { dueAt: null, channel: 'phone', purpose: '' },
} as const;

const op = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    name: fc.constantFrom(...NAMES),
    phone: fc.integer({ min: 0, max: 99 }),
    status: fc.constantFrom('new' as const, 'following' as const, 'ordered' as const),
    tags: fc.subarray(TAGS),
    days: fc.option(fc.integer({ min: -5, max: 200 })),
  }),
  fc.record({
    kind: fc.constant('update' as const),
    pick: fc.nat(),
    name: fc.constantFrom(...NAMES),
    status: fc.constantFrom(...STATUSES),
    tags: fc.subarray(TAGS),
    days: fc.option(fc.integer({ min: -5, max: 200 })),
  }),
  fc.record({
    kind: fc.constant('plan' as const),
    pick: fc.nat(),
    hours: fc.integer({ min: -72, max: 900 }),
  }),
  fc.record({ kind: fc.constantFrom('complete' as const, 'cancel' as const), pick: fc.nat() }),
  // Sync: a whole row from the server (a reassignment changes its owner; a merge moves a
  // follow-up to another card), a soft delete, a removal (reassigned away, merged, deleted).
  fc.record({
    kind: fc.constant('pullOwner' as const),
    pick: fc.nat(),
    owner: fc.constantFrom('u-a', 'u-b'),
  }),
  fc.record({ kind: fc.constant('pullSoftDelete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('pullRemove' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('pullMoveFollowUp' as const), pick: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('deleteDirect' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constantFrom('clearFollowUps' as const, 'aborted' as const) }),
  // The stored snapshot: saved now and then, and restored by a lock and unlock (with the rows
  // written since read again from the journal).
  fc.record({ kind: fc.constantFrom('save' as const, 'relock' as const) }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

const pickOf = <T>(rows: readonly T[], pick: number): T | undefined =>
  rows.length === 0 ? undefined : rows[pick % rows.length];

let seq = 0;
function pullPage(changes: Change[]) {
  seq += changes.length;
  return { changes, cursor: String(seq), hasMore: false, remaining: 0 };
}
const upsert = (table: 'customers' | 'followUps', row: Customer | FollowUp): Change => {
  const { clocks, ...data } = row;
  seq += 1;
  return { kind: 'upsert', seq: String(seq), table, id: row.id, data, clocks };
};

async function run(test: TestDb, step: Op): Promise<void> {
  const { db, ctx, clock } = test;
  clock.advance(60_000);
  const customers = await db.customers.orderBy('id').toArray();
  const planned = await db.followUps
    .where('[state+dueAt]')
    .between(['planned', ''], ['planned', '\uffff'])
    .toArray();
  const dateIn = (days: number | null) =>
    days === null
      ? null
      : new Date(Date.parse(`${TODAY}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  switch (step.kind) {
    case 'create':
      await createCustomer(
        ctx,
        customerForm({
          name: step.name,
          phones: [{ number: `138${String(step.phone).padStart(8, '0')}` }],
          status: step.status,
          tags: step.tags,
          expectedPurchaseDate: dateIn(step.days),
        }),
      );
      return;
    case 'update': {
      const card = pickOf(
        customers.filter((row) => !row.deleted),
        step.pick,
      );
      if (!card) return;
      await updateCustomer(ctx, card.id, {
        ...customerToFormValues(card),
        name: step.name,
        status: step.status,
        tags: step.tags,
        expectedPurchaseDate: dateIn(step.days),
      });
      return;
    }
    case 'plan': {
      const card = pickOf(customers, step.pick);
      if (!card) return;
      await planFollowUp(ctx, card.id, {
        dueAt: new Date(clock.now().getTime() + step.hours * 3_600_000),
        channel: 'phone',
        purpose: step.hours % 2 === 0 ? '邀约试驾' : '回访',
      });
      return;
    }
    case 'complete':
    case 'cancel': {
      // A card deleted beneath the app (deleteDirect) leaves its follow-ups orphaned; the app
      // never offers to complete those.
      const held = new Set(customers.map((row) => row.id));
      const followUp = pickOf(
        planned.filter((row) => held.has(row.customerId)),
        step.pick,
      );
      if (!followUp) return;
      if (step.kind === 'complete') await completeFollowUp(ctx, followUp.id, done);
      else await cancelFollowUp(ctx, followUp.id);
      return;
    }
    case 'pullOwner':
    case 'pullSoftDelete': {
      const card = pickOf(customers, step.pick);
      if (!card) return;
      const row =
        step.kind === 'pullOwner'
          ? { ...card, ownerId: step.owner, updatedAt: clock.now().toISOString() }
          : { ...card, deleted: true };
      await applyPullPage(db, pullPage([upsert('customers', row)]), clock.now());
      return;
    }
    case 'pullRemove': {
      const card = pickOf(customers, step.pick);
      if (!card) return;
      seq += 1;
      await applyPullPage(
        db,
        pullPage([{ kind: 'remove', seq: String(seq), table: 'customers', id: card.id }]),
        clock.now(),
      );
      return;
    }
    case 'pullMoveFollowUp': {
      const followUp = pickOf(planned, step.pick);
      const target = pickOf(customers, step.to);
      if (!followUp || !target) return;
      await applyPullPage(
        db,
        pullPage([upsert('followUps', { ...followUp, customerId: target.id })]),
        clock.now(),
      );
      return;
    }
    case 'deleteDirect': {
      const card = pickOf(customers, step.pick);
      if (card) await db.customers.delete(card.id);
      return;
    }
    case 'clearFollowUps':
      await db.followUps.clear();
      return;
    case 'save':
      await saveProjectionSnapshot(db);
      return;
    case 'relock':
      clearProjection(db, { keepSnapshot: true });
      await startProjection(db);
      return;
    case 'aborted': {
      // A transaction that fails after writing changes nothing, in the database or in memory.
      const card = customers[0];
      await db
        .transaction('rw', db.customers, async () => {
          if (card) await db.customers.put({ ...card, name: '不该出现' });
          await db.customers.delete('no-such-card');
          throw new Error('abort');
        })
        .catch(() => undefined);
      return;
    }
  }
}

function predicates(rows: readonly Customer[]): CustomerPredicate[] {
  const searches = new Set(
    ['', '王', 'an', 'AN', '138', '1380000000', 'w', 'wx', 'WXM', 'wan', 'wangx', 'shan'].concat([
      'zf',
      'zengf',
      'xiang',
      '0007',
      '00000012',
      '007',
    ]),
  );
  for (const row of rows.slice(0, 3)) {
    searches.add(row.name.slice(0, 1));
    if (row.phones[0]) searches.add(row.phones[0].slice(0, 9));
  }
  const list: CustomerPredicate[] = [];
  for (const search of searches) list.push({ search });
  list.push(
    { search: '', statuses: ['new', 'ordered'] },
    { search: '', tags: ['VIP', '车展'] },
    { search: '', intentLevels: ['H', 'B'] },
    { search: '', intentLevels: ['A', 'C'], statuses: ['following'] },
    { search: '王', ownerIds: ['u-a'] },
    { search: '', grades: ['N'], sources: ['walk_in'] },
  );
  return list;
}

/**
 * Whether a name matches a search of letters the way the issue asks: its own beginning, the
 * initials of its syllables, or its pinyin with the spaces left out.
 */
function nameMatches(name: string, search: string): boolean {
  if (name.toLowerCase().startsWith(search.toLowerCase())) return true;
  const letters = pinyinSearch(search);
  if (letters === null) return false;
  const { sortKey, initials } = nameKeys(name);
  return initials.startsWith(letters) || sortKey.replaceAll(' ', '').startsWith(letters);
}

/** The reference: every row read and filtered one by one. */
function bruteForce(rows: readonly Customer[], predicate: CustomerPredicate): Set<string> {
  const search = predicate.search.trim();
  const digits = search.replace(/\D/g, '');
  const isPhone = search !== '' && /^[\d\s+-]+$/.test(search) && digits !== '';
  // Four digits or more are the start or the end of a number (尾号).
  const phoneMatches = (phone: string) =>
    phone.startsWith(digits) || (digits.length >= 4 && phone.endsWith(digits));
  const anyOf = <T>(values: readonly T[] | undefined, value: T) =>
    !values || values.length === 0 || values.includes(value);
  return new Set(
    rows
      .filter(
        (row) =>
          !row.deleted &&
          (search === '' ||
            (isPhone ? row.phones.some(phoneMatches) : nameMatches(row.name, search))) &&
          anyOf(predicate.statuses, row.status) &&
          anyOf(predicate.grades, row.qualificationGrade) &&
          anyOf(predicate.sources, row.source) &&
          anyOf(predicate.ownerIds, row.ownerId) &&
          (!predicate.tags?.length || row.tags.some((tag) => predicate.tags!.includes(tag))) &&
          (!predicate.intentLevels?.length ||
            predicate.intentLevels.some(
              (level) => level === currentIntentLevel(row, TODAY, DEFAULT_INTENT_THRESHOLDS),
            )),
      )
      .map((row) => row.id),
  );
}

async function expectProjectionCurrent(db: AppDB): Promise<void> {
  const live = await readyProjection(db);
  const customers = await db.customers.toArray();
  const followUps = await db.followUps.toArray();
  const planned = followUps.filter((row) => row.state === 'planned');
  const fresh = new ListProjection();
  fresh.reset(customers, planned);

  for (const predicate of predicates(customers)) {
    const expected = bruteForce(customers, predicate);
    for (const sort of SORTS) {
      const ids = live.customerIds(predicate, sort, TODAY, DEFAULT_INTENT_THRESHOLDS);
      expect(ids, `${JSON.stringify(predicate)} by ${sort}`).toEqual(
        fresh.customerIds(predicate, sort, TODAY, DEFAULT_INTENT_THRESHOLDS),
      );
      expect(new Set(ids)).toEqual(expected);
    }
    const matching = live.customerIdsMatching(predicate, TODAY, DEFAULT_INTENT_THRESHOLDS);
    expect(matching === null ? null : [...matching].sort()).toEqual(
      predicate.search.trim() === '' && Object.keys(predicate).length === 1
        ? null
        : [...expected].sort(),
    );
  }
  for (const sort of SORTS) {
    expect(live.firstCustomerIds(sort, 5)).toEqual(fresh.firstCustomerIds(sort, 5));
  }
  // Name order: the pinyin sort key, then the name, then the id.
  const keyed = customers
    .filter((row) => !row.deleted)
    .map((row) => ({ id: row.id, name: row.name, key: nameKeys(row.name).sortKey }));
  keyed.sort((a, b) =>
    a.key !== b.key
      ? a.key < b.key
        ? -1
        : 1
      : a.name !== b.name
        ? a.name < b.name
          ? -1
          : 1
        : a.id < b.id
          ? -1
          : 1,
  );
  expect(live.customerIds({ search: '' }, 'name', TODAY, DEFAULT_INTENT_THRESHOLDS)).toEqual(
    keyed.map((row) => row.id),
  );
  const withPlan = new Set(planned.map((row) => row.customerId));
  expect(live.noPlanIds()).toEqual(fresh.noPlanIds());
  expect(new Set(live.noPlanIds())).toEqual(
    new Set(
      customers
        .filter(
          (row) =>
            !row.deleted &&
            (ACTIVE_STATUSES as readonly string[]).includes(row.status) &&
            !withPlan.has(row.id),
        )
        .map((row) => row.id),
    ),
  );
  for (const [from, to] of [
    ['', '2026-03-10T00:00:00.000Z'],
    ['2026-03-10T00:00:00.000Z', '2026-03-11T00:00:00.000Z'],
    ['', '\uffff'],
  ] as const) {
    const inRange = planned
      .filter((row) => row.dueAt >= from && row.dueAt < to)
      .sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : a.id < b.id ? -1 : 1));
    expect(live.plannedBetween(from, to).map((row) => row.id)).toEqual(
      inRange.map((row) => row.id),
    );
    expect(live.countPlannedBetween(from, to)).toBe(inRange.length);
  }
  for (const phone of ['13800000000', '13800000007', '13800000099']) {
    expect(live.idsWithPhones([phone]).sort()).toEqual(
      customers
        .filter((row) => row.phones.includes(phone))
        .map((row) => row.id)
        .sort(),
    );
  }
  expect(live.tags()).toEqual(fresh.tags());
  expect(live.tags()).toEqual([...new Set(customers.flatMap((row) => row.tags ?? []))].sort());
}

describe('the list projection', () => {
  it('equals a recomputation from the database after any sequence of writes, syncs and deletes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 18 }), async (steps) => {
        const test = await openTestDb({ start: `${TODAY}T08:00:00.000Z` });
        // Built after the first few writes: the build and the writes that follow must agree.
        const buildAt = Math.floor(steps.length / 3);
        for (const [index, step] of steps.entries()) {
          // Pages of three cards: most builds read several, with follow-ups between them.
          if (index === buildAt) await startProjection(test.db, { pageSize: 3 });
          await run(test, step);
        }
        await expectProjectionCurrent(test.db);
        test.db.close();
      }),
      { numRuns: 25, seed: 20261207, endOnFailure: true },
    );
  }, 120_000);

  describe('a build from the rows, read in pages', () => {
    async function cardsWithPlans(count: number) {
      const test = await openTestDb({ start: `${TODAY}T08:00:00.000Z` });
      for (let index = 0; index < count; index += 1) {
        await createCustomer(
          test.ctx,
          customerForm({
            name: NAMES[index % NAMES.length]!,
            phones: [{ number: `139${String(index).padStart(8, '0')}` }],
          }),
        );
      }
      return test;
    }

    function recordProgress(db: AppDB, onChange?: (progress: ProjectionProgress | null) => void) {
      const seen: (ProjectionProgress | null)[] = [];
      const unsubscribe = subscribeProjectionProgress(db, () => {
        const progress = projectionProgress(db);
        seen.push(progress);
        onChange?.(progress);
      });
      return { seen, unsubscribe };
    }

    it('reports the cards read from 0 to all of them, then none once the lists are ready', async () => {
      const { db } = await cardsWithPlans(7);
      const { seen } = recordProgress(db, (progress) => {
        // While it reads, the lists wait: nothing answers from a half-read projection.
        if (progress !== null) expect(currentProjection(db)).toBeUndefined();
      });
      expect(projectionProgress(db)).toBeNull();

      await startProjection(db, { pageSize: 2, progressIntervalMs: 0 });

      expect(seen).toEqual([
        // No snapshot stored yet: the restore is tried, then every row is read.
        { from: 'snapshot', loaded: 0, total: 0 },
        { from: 'rows', loaded: 0, total: 7 },
        { from: 'rows', loaded: 2, total: 7 },
        { from: 'rows', loaded: 4, total: 7 },
        { from: 'rows', loaded: 6, total: 7 },
        { from: 'rows', loaded: 7, total: 7 },
        null,
      ]);
      expect(projectionProgress(db)).toBeNull();
      const projection = currentProjection(db);
      expect(projection?.customerCount).toBe(7);
      // Every card was planned a first contact: each page brought its cards' follow-ups.
      expect(projection?.plannedCount).toBe(7);
      await expectProjectionCurrent(db);

      // Unlocked again from the stored snapshot: 0, then done.
      await saveProjectionSnapshot(db);
      clearProjection(db, { keepSnapshot: true });
      seen.length = 0;
      await startProjection(db);
      expect(seen).toEqual([{ from: 'snapshot', loaded: 0, total: 0 }, null]);
      expect(currentProjection(db)?.customerCount).toBe(7);
    });

    it('tells its start and end even when the pages come faster than the interval', async () => {
      const { db } = await cardsWithPlans(5);
      const { seen } = recordProgress(db);
      await startProjection(db, { pageSize: 2, progressIntervalMs: 60_000 });
      expect(seen).toEqual([
        { from: 'snapshot', loaded: 0, total: 0 },
        { from: 'rows', loaded: 0, total: 5 },
        { from: 'rows', loaded: 5, total: 5 },
        null,
      ]);
    });

    it('ends with the writes issued while it reads, on cards read and not yet read', async () => {
      const test = await cardsWithPlans(9);
      const { db, ctx } = test;
      const ordered = await db.customers.orderBy('id').toArray();
      const [first, , , , , , , , last] = ordered;
      const plannedOfLast = await db.followUps.where('customerId').equals(last!.id).first();
      const writes: Promise<unknown>[] = [];
      recordProgress(db, (progress) => {
        // Between the first page and the second: a card already read is renamed, one not yet
        // read is deleted, a new card is made and a follow-up not yet read is completed.
        if (progress?.loaded !== 2 || writes.length > 0) return;
        writes.push(
          updateCustomer(ctx, first!.id, { ...customerToFormValues(first!), name: '曾小明' }),
          db.customers.delete(ordered[5]!.id),
          createCustomer(ctx, customerForm({ name: '周芷若' })),
          completeFollowUp(ctx, plannedOfLast!.id, done),
        );
      });

      await startProjection(db, { pageSize: 2, progressIntervalMs: 0 });
      expect(writes).toHaveLength(4);
      await Promise.all(writes);

      const projection = await readyProjection(db);
      expect(projection.customer(first!.id)?.name).toBe('曾小明');
      expect(projection.customer(ordered[5]!.id)).toBeUndefined();
      expect(projection.customerCount).toBe(9);
      expect(projection.plannedBetween('', '\uffff').map((row) => row.id)).not.toContain(
        plannedOfLast!.id,
      );
      await expectProjectionCurrent(db);
    });

    it('stops reading when the vault locks under it, and reads everything on the next start', async () => {
      const { db } = await cardsWithPlans(6);
      let locked = false;
      const { seen } = recordProgress(db, (progress) => {
        if (progress?.loaded !== 2 || locked) return;
        locked = true;
        clearProjection(db);
      });
      await startProjection(db, { pageSize: 2, progressIntervalMs: 0 });
      expect(seen).toEqual([
        { from: 'snapshot', loaded: 0, total: 0 },
        { from: 'rows', loaded: 0, total: 6 },
        { from: 'rows', loaded: 2, total: 6 },
        null,
      ]);
      expect(currentProjection(db)).toBeUndefined();

      await startProjection(db);
      expect(seen.at(-1)).toBeNull();
      expect(seen.at(-2)).toEqual({ from: 'rows', loaded: 6, total: 6 });
      await expectProjectionCurrent(db);
    });
  });

  it('holds nothing once cleared, and answers again after the next start', async () => {
    const { db, ctx } = await openTestDb();
    await createCustomer(ctx, customerForm({ name: '赵敏' }));
    const before = await readyProjection(db);
    expect(before.customerCount).toBe(1);

    clearProjection(db);
    expect(before.customerCount).toBe(0);
    expect(before.plannedCount).toBe(0);
    let answered = false;
    const waiting = readyProjection(db).then((projection) => {
      answered = true;
      return projection;
    });
    await createCustomer(
      ctx,
      customerForm({ name: '周芷若', phones: [{ number: '13900139000' }] }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered, 'a query waits while the vault is locked').toBe(false);
    expect(before.customerCount, 'writes while locked are not held').toBe(0);

    await startProjection(db);
    const after = await waiting;
    expect(after.customerCount).toBe(2);
    expect(
      after.customerIds({ search: '周' }, 'name', localDay(new Date()), DEFAULT_INTENT_THRESHOLDS),
    ).toHaveLength(1);
  });

  it('sees a committed write in the same event the transaction completes', async () => {
    const { db, ctx } = await openTestDb();
    const projection = await readyProjection(db);
    const card = await createCustomer(ctx, customerForm({ name: '黄蓉' }));
    // No waiting: createCustomer resolved after its transaction committed.
    expect(projection.customer(card.id)?.name).toBe('黄蓉');
  });

  describe('name order and pinyin search', () => {
    async function cards(names: readonly string[], phones: readonly string[] = []) {
      const test = await openTestDb();
      const ids = new Map<string, string>();
      for (const [index, name] of names.entries()) {
        const phone = phones[index];
        const card = await createCustomer(
          test.ctx,
          customerForm({ name, phones: phone ? [{ number: phone }] : [] }),
        );
        ids.set(name, card.id);
      }
      const projection = await readyProjection(test.db);
      const namesOf = (search: string, sort: ProjectionSort = 'name') =>
        projection
          .customerIds({ search }, sort, TODAY, DEFAULT_INTENT_THRESHOLDS)
          .map((id) => projection.customer(id)!.name);
      return { ...test, ids, projection, namesOf };
    }

    it('sorts by name in Chinese dictionary order, Latin names among them', async () => {
      const { namesOf } = await cards([
        '王伟',
        '白雪',
        'Zoe',
        '阿强',
        '单伟',
        '杜鹃',
        '曾国藩',
        '陈明',
        '解晓东',
        '金鑫',
        'anna',
        'Bob',
      ]);
      expect(namesOf('')).toEqual([
        '阿强', // a qiang
        'anna',
        '白雪', // bai xue
        'Bob',
        '陈明', // chen: 曾 the surname is zeng, not ceng
        '杜鹃', // du: 单 the surname is shan, not dan
        '金鑫', // jin: 解 the surname is xie, not jie
        '单伟', // shan wei
        '王伟',
        '解晓东', // xie xiao dong
        '曾国藩', // zeng guo fan
        'Zoe',
      ]);
    });

    it('keeps one name twice in the order of its ids', async () => {
      const { namesOf, projection } = await cards(['王伟', '李娜', '王伟']);
      const ids = projection.customerIds({ search: '' }, 'name', TODAY, DEFAULT_INTENT_THRESHOLDS);
      expect(namesOf('')).toEqual(['李娜', '王伟', '王伟']);
      expect(ids[1]! < ids[2]!).toBe(true);
    });

    it('finds a name by the initials of its pinyin, in any case', async () => {
      const { namesOf } = await cards(['王小明', '王晓', '万祥', '李娜', 'Wendy']);
      expect(namesOf('wxm')).toEqual(['王小明']);
      // wang xiao before wang xiao ming, as a dictionary puts the shorter word first.
      expect(namesOf('WX')).toEqual(['万祥', '王晓', '王小明']);
      expect(namesOf('ln')).toEqual(['李娜']);
      expect(namesOf('xm')).toEqual([]);
    });

    it('finds a name by the beginning of its full pinyin, typed without spaces', async () => {
      const { namesOf } = await cards(['王小明', '王晓', '万祥', '单伟', '西安', 'Wendy']);
      expect(namesOf('wangx')).toEqual(['王晓', '王小明']);
      expect(namesOf('wangxiaom')).toEqual(['王小明']);
      expect(namesOf('wan')).toEqual(['万祥', '王晓', '王小明']);
      expect(namesOf('shanw')).toEqual(['单伟']);
      expect(namesOf("xi'an")).toEqual(['西安']);
      expect(namesOf('wen')).toEqual(['Wendy']);
      // Characters and Latin names match as before.
      expect(namesOf('王')).toEqual(['王晓', '王小明']);
      expect(namesOf('WEND')).toEqual(['Wendy']);
    });

    it('finds a phone by its last four digits or more, by its first digits always', async () => {
      const { namesOf } = await cards(
        ['王小明', '李娜', '张伟'],
        ['13912345678', '13800005678', '13612340000'],
      );
      expect(namesOf('5678')).toEqual(['李娜', '王小明']);
      expect(namesOf('345678')).toEqual(['王小明']);
      expect(namesOf('1234')).toEqual([]);
      expect(namesOf('678')).toEqual([]);
      expect(namesOf('139')).toEqual(['王小明']);
      expect(namesOf('1361234')).toEqual(['张伟']);
    });

    it('forgets the old keys of a renamed card and every key of a deleted one', async () => {
      const { ctx, db, ids, namesOf } = await cards(['王小明', '李娜'], ['13912345678']);
      const card = (await db.customers.get(ids.get('王小明')!))!;
      await updateCustomer(ctx, card.id, { ...customerToFormValues(card), name: '曾小明' });
      expect(namesOf('wxm')).toEqual([]);
      expect(namesOf('wangx')).toEqual([]);
      expect(namesOf('zxm')).toEqual(['曾小明']);
      expect(namesOf('zengx')).toEqual(['曾小明']);
      expect(namesOf('')).toEqual(['李娜', '曾小明']);

      await db.customers.delete(card.id);
      expect(namesOf('zxm')).toEqual([]);
      expect(namesOf('5678')).toEqual([]);
      expect(namesOf('')).toEqual(['李娜']);
    });
  });
});
