import { beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../shared/domain/customer';
import { addDays, localDay } from '../../shared/domain/dates';
import { currentIntentLevel, DEFAULT_INTENT_THRESHOLDS } from '../../shared/domain/intent';
import type { AppDB } from './AppDB';
import {
  EMPTY_CUSTOMER_FILTER,
  customerIdsMatching,
  listTags,
  isUnfiltered,
  queryCustomerIds,
  queryFirstCustomerIds,
  searchKind,
  type CustomerListFilter,
} from './customer-queries';
import {
  createCustomer,
  customerToFormValues,
  formValuesToFields,
  updateCustomer,
} from './customers-repo';
import { nameKeys, pinyinSearch } from './projection/name-keys';
import { loadSampleShowroom } from './sample-data-repo';
import { customerForm, openTestDb, type TestDb } from '../test-support/test-db';
import { inWriteTransaction, writeRow, writeRows } from './write-path';

/** Loading sample showrooms into fake-indexeddb is slow on a busy machine. */
const SLOW = { timeout: 30_000 };

type SearchMatch = { phonePrefix: string } | { namePrefix: string } | null;

/** A name's start, or (letters) its pinyin's or its syllables' initials' start. */
function nameStartsWith(name: string, search: string): boolean {
  if (name.toLowerCase().startsWith(search.toLowerCase())) return true;
  const letters = pinyinSearch(search);
  if (letters === null) return false;
  const { sortKey, initials } = nameKeys(name);
  return initials.startsWith(letters) || sortKey.replaceAll(' ', '').startsWith(letters);
}

/** The reference answer: every card read and filtered in memory. */
function bruteForce(all: Customer[], filter: CustomerListFilter, search: SearchMatch): Customer[] {
  return all.filter(
    (customer) =>
      !customer.deleted &&
      (search === null ||
        ('phonePrefix' in search
          ? customer.phones.some((phone) => phone.startsWith(search.phonePrefix))
          : nameStartsWith(customer.name, search.namePrefix))) &&
      (filter.statuses.length === 0 || filter.statuses.includes(customer.status)) &&
      (filter.grades.length === 0 || filter.grades.includes(customer.qualificationGrade)) &&
      (filter.intentLevels.length === 0 ||
        filter.intentLevels.some(
          (level) =>
            level === currentIntentLevel(customer, localDay(new Date()), DEFAULT_INTENT_THRESHOLDS),
        )) &&
      (filter.sources.length === 0 || filter.sources.includes(customer.source)) &&
      (filter.tags.length === 0 || customer.tags.some((tag) => filter.tags.includes(tag))),
  );
}

const codeUnitOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Chinese dictionary order: by pinyin, then by the name itself. */
const pinyinOrder = (a: string, b: string) =>
  codeUnitOrder(nameKeys(a).sortKey, nameKeys(b).sortKey) || codeUnitOrder(a, b);

/** The query returns exactly the expected customers, each once, in the filter's order. */
async function expectQueryMatches(
  db: AppDB,
  filter: CustomerListFilter,
  search: SearchMatch,
): Promise<string[]> {
  const all = await db.customers.toArray();
  const byId = new Map(all.map((customer) => [customer.id, customer]));
  const expected = bruteForce(all, filter, search);
  const ids = await queryCustomerIds(db, filter);

  expect(new Set(ids).size, 'no id twice').toBe(ids.length);
  expect([...ids].sort()).toEqual(expected.map((customer) => customer.id).sort());

  // Order: compare the sequence of sort keys, so ties may come in any order.
  const rows = ids.map((id) => byId.get(id)!);
  if (filter.sort === 'name') {
    expect(rows.map((row) => row.name)).toEqual(expected.map((row) => row.name).sort(pinyinOrder));
  } else {
    const key = filter.sort;
    expect(rows.map((row) => row[key])).toEqual(
      expected.map((row) => row[key]).sort((a, b) => codeUnitOrder(b, a)),
    );
  }
  return ids;
}

function filterOf(overrides: Partial<CustomerListFilter>): CustomerListFilter {
  return { ...EMPTY_CUSTOMER_FILTER, ...overrides };
}

describe('searchKind', () => {
  it('reads digits (in any phone format) as a phone prefix and anything else as a name prefix', () => {
    expect(searchKind('')).toBeNull();
    expect(searchKind('   ')).toBeNull();
    expect(searchKind('138')).toEqual({ kind: 'phone', value: '138' });
    expect(searchKind('+86 138')).toEqual({ kind: 'phone', value: '138' });
    expect(searchKind(' 138-0013 ')).toEqual({ kind: 'phone', value: '1380013' });
    expect(searchKind('王')).toEqual({ kind: 'name', value: '王' });
    expect(searchKind(' Alice ')).toEqual({ kind: 'name', value: 'Alice' });
    expect(searchKind('138abc')).toEqual({ kind: 'name', value: '138abc' });
  });
});

describe('queryCustomerIds over a sample showroom', SLOW, () => {
  let fixture: TestDb;
  let alice: Customer;
  let edited: Customer;

  // Read-only tests share one seeded database (loading it per test would only repeat the same rows).
  beforeAll(async () => {
    fixture = await openTestDb();
    const { ctx, clock, db } = fixture;
    await loadSampleShowroom(ctx, { customers: 300, seed: 7 });
    const today = localDay(ctx.now());
    const made: Customer[] = [];
    const handMade = [
      customerForm({
        name: 'Alice Wang',
        phones: [{ number: '+86 138 1234 5678' }],
        tags: ['VIP', '置换'],
        source: 'event',
        sourceDetail: '2026上海车展',
        status: 'following',
        hasConfidence: true,
        hasNeed: true,
        hasPurchasingPower: true,
        expectedPurchaseDate: addDays(today, 5),
      }),
      customerForm({
        name: 'alice zhang',
        phones: [{ number: '139 8765 4321' }, { number: '138-1111-2222' }],
        tags: ['贷款'],
        source: 'walk_in',
        hasNeed: true,
        hasPurchasingPower: true,
        expectedPurchaseDate: addDays(today, 20),
      }),
      customerForm({ name: 'ALINA', phones: [{ number: '15000000000' }], source: 'online' }),
      customerForm({ name: '王小明', phones: [{ number: '+86 138 0000 0001' }], tags: ['VIP'] }),
      customerForm({
        name: '欧阳娜',
        phones: [{ number: '0086 186 0000 0002' }],
        status: 'delivered',
      }),
    ];
    for (const values of handMade) {
      clock.advance(60_000);
      made.push(await createCustomer(ctx, values));
    }
    alice = made[0]!;
    // Edit one sample card last: it becomes the most recently updated.
    const sample = (await db.customers.orderBy('createdAt').first())!;
    clock.advance(60_000);
    edited = await updateCustomer(ctx, sample.id, {
      ...customerToFormValues(sample),
      notes: '刚刚更新',
    });
  }, 60_000);

  it('has the loaded and hand-made customers', async () => {
    expect(await fixture.db.customers.count()).toBe(305);
  });

  it.each([
    ['138', { phonePrefix: '138' }],
    ['+86 138', { phonePrefix: '138' }],
    ['138 1', { phonePrefix: '1381' }],
    ['13812345678', { phonePrefix: '13812345678' }],
    ['186', { phonePrefix: '186' }],
    ['0086 139 8765', { phonePrefix: '1398765' }],
  ])('searches phones by prefix: %s', async (search, match) => {
    const ids = await expectQueryMatches(fixture.db, filterOf({ search }), match);
    expect(ids.length).toBeGreaterThan(0);
  });

  it('finds a customer by the prefix of a second phone', async () => {
    const { db } = fixture;
    const ids = await queryCustomerIds(db, filterOf({ search: '+86 138 1111' }));
    const names = (await db.customers.bulkGet(ids)).map((row) => row?.name);
    expect(names).toContain('alice zhang');
  });

  it.each([
    ['王', { namePrefix: '王' }],
    ['欧阳', { namePrefix: '欧阳' }],
    ['ali', { namePrefix: 'ali' }],
    ['ALICE', { namePrefix: 'ALICE' }],
    ['  alice w ', { namePrefix: 'alice w' }],
  ])('searches names by prefix, ignoring case: %s', async (search, match) => {
    const ids = await expectQueryMatches(fixture.db, filterOf({ search }), match);
    expect(ids.length).toBeGreaterThan(0);
  });

  it('finds all case variants of a latin name prefix', async () => {
    const ids = await queryCustomerIds(fixture.db, filterOf({ search: 'ali', sort: 'name' }));
    const names = (await fixture.db.customers.bulkGet(ids)).map((row) => row?.name);
    expect(names).toEqual(['Alice Wang', 'alice zhang', 'ALINA']);
  });

  it('finds Chinese names by pinyin initials and by full pinyin, sorted by pinyin', async () => {
    const all = await fixture.db.customers.toArray();
    const chinese = all.find((row) => !row.deleted && /^[\u4e00-\u9fa5]{3}$/.test(row.name))!;
    const { sortKey, initials } = nameKeys(chinese.name);
    for (const search of [initials, sortKey.replaceAll(' ', '').slice(0, -1)]) {
      const ids = await expectQueryMatches(fixture.db, filterOf({ search, sort: 'name' }), {
        namePrefix: search,
      });
      expect(ids).toContain(chinese.id);
    }
  });

  it('returns nothing for a search nobody matches', async () => {
    // No Chinese mobile starts with 10, and no name with this text.
    expect(
      await expectQueryMatches(fixture.db, filterOf({ search: '100' }), { phonePrefix: '100' }),
    ).toEqual([]);
    expect(await queryCustomerIds(fixture.db, filterOf({ search: 'Zz没有这个人' }))).toEqual([]);
  });

  const single: [string, Partial<CustomerListFilter>][] = [
    ['status', { statuses: ['new', 'ordered'] }],
    ['grade', { grades: ['A'] }],
    ['intent', { intentLevels: ['H', 'B'] }],
    ['source', { sources: ['event', 'referral'] }],
    ['tag', { tags: ['VIP', '置换'] }],
  ];
  it.each(single)('filters by %s', async (_label, overrides) => {
    const ids = await expectQueryMatches(fixture.db, filterOf(overrides), null);
    expect(ids.length).toBeGreaterThan(0);
  });

  it('combines filters as an intersection', async () => {
    const combined = filterOf({
      statuses: ['new', 'following'],
      grades: ['A', 'B'],
      intentLevels: ['H', 'A'],
      sources: ['walk_in', 'event'],
      tags: ['VIP', '置换'],
    });
    const ids = await expectQueryMatches(fixture.db, combined, null);
    expect(ids).toContain(alice.id);
    // Each of its filters alone is at least as wide as all of them together.
    for (const key of ['statuses', 'grades', 'intentLevels', 'sources', 'tags'] as const) {
      const alone = await queryCustomerIds(fixture.db, filterOf({ [key]: combined[key] }));
      for (const id of ids) expect(alone).toContain(id);
    }
    const withoutTags = await expectQueryMatches(fixture.db, { ...combined, tags: [] }, null);
    expect(withoutTags.length).toBeGreaterThan(ids.length);
  });

  it('combines a search with filters', async () => {
    await expectQueryMatches(
      fixture.db,
      filterOf({ search: '138', statuses: ['following'], grades: ['A', 'C'] }),
      {
        phonePrefix: '138',
      },
    );
    const ids = await expectQueryMatches(fixture.db, filterOf({ search: 'ali', tags: ['VIP'] }), {
      namePrefix: 'ali',
    });
    expect(ids).toEqual([alice.id]);
  });

  it.each(['name', 'createdAt', 'updatedAt'] as const)(
    'sorts a narrow result by %s',
    async (sort) => {
      await expectQueryMatches(fixture.db, filterOf({ search: '13', sort }), { phonePrefix: '13' });
      await expectQueryMatches(fixture.db, filterOf({ statuses: ['following'], sort }), null);
    },
  );

  it.each(['updatedAt', 'createdAt', 'name'] as const)(
    'returns every customer exactly once for a wide query sorted by %s',
    async (sort) => {
      const ids = await expectQueryMatches(fixture.db, filterOf({ sort }), null);
      expect(ids).toHaveLength(await fixture.db.customers.count());
    },
  );

  it('lets through, for another list, the customers a search, owner, grade and intent select', async () => {
    const { db, profile } = fixture;
    const all = await db.customers.toArray();
    const none = { search: '', grades: [], intentLevels: [], ownerIds: [] };
    expect(await customerIdsMatching(db, none)).toBeNull();
    const restriction = {
      search: 'ali',
      grades: ['A' as const, 'B' as const],
      intentLevels: ['H' as const, 'A' as const],
      ownerIds: [profile.userId],
    };
    const expected = all
      .filter(
        (row) =>
          row.name.toLowerCase().startsWith('ali') &&
          ['A', 'B'].includes(row.qualificationGrade) &&
          ['H', 'A'].includes(
            currentIntentLevel(row, localDay(new Date()), DEFAULT_INTENT_THRESHOLDS) ?? '',
          ) &&
          row.ownerId === profile.userId,
      )
      .map((row) => row.id);
    expect(expected).toContain(alice.id);
    expect([...(await customerIdsMatching(db, restriction))!].sort()).toEqual(expected.sort());
    // A phone prefix, and an owner nobody has.
    expect([...(await customerIdsMatching(db, { ...none, search: '186 0000' }))!]).toHaveLength(1);
    expect((await customerIdsMatching(db, { ...none, ownerIds: ['nobody'] }))!.size).toBe(0);
  });

  it('puts the most recently updated card first by default', async () => {
    const ids = await queryCustomerIds(fixture.db, EMPTY_CUSTOMER_FILTER);
    expect(ids[0]).toBe(edited.id);
  });

  it('lists every tag in use once, in order', async () => {
    const all = await fixture.db.customers.toArray();
    const expected = [...new Set(all.flatMap((customer) => customer.tags))].sort(codeUnitOrder);
    expect(await listTags(fixture.db)).toEqual(expected);
  });
});

describe('queryFirstCustomerIds', () => {
  it('gives the head of the unfiltered list in the same order, for every sort', async () => {
    const { ctx, clock, db } = await openTestDb();
    await loadSampleShowroom(ctx, { customers: 60, seed: 3 });
    // Spread updates over time so updatedAt order is not the load order.
    for (const id of (await db.customers.toCollection().primaryKeys()).slice(0, 20)) {
      clock.advance(60_000);
      const current = await db.customers.get(id);
      if (!current) throw new Error('missing');
      await updateCustomer(ctx, id, { ...customerToFormValues(current), notes: `edited ${id}` });
    }
    for (const sort of ['updatedAt', 'createdAt', 'name'] as const) {
      const all = await queryCustomerIds(db, { ...EMPTY_CUSTOMER_FILTER, sort });
      expect(await queryFirstCustomerIds(db, sort, 25)).toEqual(all.slice(0, 25));
    }
  });

  it('knows an unfiltered list from a filtered one', () => {
    expect(isUnfiltered(EMPTY_CUSTOMER_FILTER)).toBe(true);
    expect(isUnfiltered({ ...EMPTY_CUSTOMER_FILTER, sort: 'name' })).toBe(true);
    expect(isUnfiltered({ ...EMPTY_CUSTOMER_FILTER, search: ' 王 ' })).toBe(false);
    expect(isUnfiltered({ ...EMPTY_CUSTOMER_FILTER, tags: ['VIP'] })).toBe(false);
  });
});

describe('queryCustomerIds with filters wider than the narrow limit', () => {
  // Past 2,000 matching rows the query walks the sort index instead of sorting rows. The cards are
  // written in one bulk write (fake-indexeddb runs Dexie's anyOf() slowly, so the set is kept just
  // past the limit and the cards are minimal).
  it('intersects wide filters while walking the sort index', async () => {
    const { db, ctx, clock } = await openTestDb();
    const base = formValuesToFields(customerForm({ status: 'following' }));
    const writes = Array.from({ length: 2_100 }, (_, index) => ({
      rowId: `c-${String(index).padStart(5, '0')}`,
      fields: {
        ...base,
        name: `客户${index % 300}`,
        phones: [`138${String(index).padStart(8, '0')}`],
        // 2,060 walk-ins and 2,050 following customers: both sets are wide, their intersection is 2,010.
        source: index < 2_060 ? ('walk_in' as const) : ('online' as const),
        status: index >= 50 ? ('following' as const) : ('new' as const),
        qualificationGrade: 'N' as const,
        intentLevel: null,
        ownerId: ctx.actorId,
        lostReason: '',
        lostCompetitor: '',
        lostRequestedAt: null,
        statusBeforeLost: null,
        confirmedAt: ctx.now().toISOString(),
        createdAt: new Date(
          Date.parse('2026-01-01T00:00:00.000Z') + ((index * 7919) % 2_100) * 60_000,
        ).toISOString(),
      },
    }));
    await inWriteTransaction(ctx, ['customers'], () => writeRows(ctx, 'customers', writes));
    // A few later edits so updatedAt is not one value for everyone.
    for (const rowId of ['c-00100', 'c-02000', 'c-00070']) {
      clock.advance(1_000);
      await inWriteTransaction(ctx, ['customers'], () =>
        writeRow(ctx, 'customers', rowId, { notes: 'edited' }),
      );
    }

    const ids = await expectQueryMatches(
      db,
      filterOf({ statuses: ['following'], sources: ['walk_in'] }),
      null,
    );
    expect(ids).toHaveLength(2_010);
    expect(ids.slice(0, 3)).toEqual(['c-00070', 'c-02000', 'c-00100']);
  }, 60_000);
});

describe('filtering by intent level', () => {
  it('finds a card by its level today, not the level stored when it was last written', async () => {
    const { db, ctx } = await openTestDb();
    const today = localDay(new Date());
    // Written 100 days ago for a purchase expected today: stored as C, but it is H now.
    const stale = await createCustomer(
      ctx,
      customerForm({ expectedPurchaseDate: addDays(today, 3) }),
    );
    await db.customers.update(stale.id, { intentLevel: 'C' });
    const later = await createCustomer(
      ctx,
      customerForm({ expectedPurchaseDate: addDays(today, 200) }),
    );
    const undated = await createCustomer(ctx, customerForm({ expectedPurchaseDate: null }));

    expect(await queryCustomerIds(db, filterOf({ intentLevels: ['H'] }))).toEqual([stale.id]);
    expect(await queryCustomerIds(db, filterOf({ intentLevels: ['C'] }))).toEqual([later.id]);
    expect(await queryCustomerIds(db, filterOf({ intentLevels: ['A', 'B'] }))).toEqual([]);
    // Seen from 198 days on, the far card is H too; the undated card never has a level.
    const ids = await queryCustomerIds(db, filterOf({ intentLevels: ['H'] }), addDays(today, 198));
    expect(ids.sort()).toEqual([stale.id, later.id].sort());
    expect(ids).not.toContain(undated.id);
  });
});
