import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import type { PreferenceRow, SyncStateRow } from '../db/AppDB';
import { AppDB } from '../db/AppDB';
import { createCustomer, findCustomersByPhone } from '../db/customers-repo';
import { customerForm, openTestDb, uniqueDbName } from '../test-support/test-db';
import { TEST_FIELD_KEYS, testKeySource } from '../test-support/test-keys';
import { NEW_ROW_SCHEMAS, SYNC_TABLE_NAMES, type SyncTableName } from '../../shared/sync/tables';
import { sealingPlanOf, TABLE_POLICIES, type AppTableName } from './clear-fields';
import { SealedBlobError } from './field-cipher';
import { deriveFieldKeys, fixedKeySource } from './field-keys';
import { mutableKeySource } from './mutable-key-source';
import { phoneIndexKey, SEALED_FIELD, VaultLockedError } from './sealing-middleware';

/** Every field name of a row type (of each member of a union). */
type FieldOf<Row> = Row extends unknown ? Extract<keyof Row, string> : never;

/**
 * The field list of a local-only row type, checked to be complete: leaving a field out (or one
 * added to the type later) does not compile, so the walk below covers it.
 */
function everyField<Row>() {
  return <const Fields extends readonly FieldOf<Row>[]>(
    fields: Fields &
      ([Exclude<FieldOf<Row>, Fields[number]>] extends [never]
        ? unknown
        : { missing: Exclude<FieldOf<Row>, Fields[number]> }),
  ): readonly string[] => fields;
}

type LocalTableName = Exclude<AppTableName, SyncTableName>;
type RowOf<Name extends AppTableName> =
  AppDB[Name] extends Dexie.Table<infer Row, infer _Key, infer _Insert> ? Row : never;

const LOCAL_TABLE_FIELDS: { [Name in LocalTableName]: readonly string[] } = {
  outbox: everyField<RowOf<'outbox'>>()([
    'seq',
    'table',
    'rowId',
    'fields',
    'hlc',
    'base',
    'createdAt',
  ]),
  syncState: everyField<SyncStateRow>()([
    'key',
    'clientId',
    'millis',
    'counter',
    'hlc',
    'outboxSeq',
    'cursor',
    'at',
  ]),
  preferences: everyField<PreferenceRow>()([
    'key',
    'userId',
    'displayName',
    'dealershipId',
    'value',
    'url',
    'plainHttpAcceptedAt',
    'user',
    'loadedAt',
    'hours',
  ]),
  drafts: everyField<RowOf<'drafts'>>()(['key', 'values', 'savedAt']),
  rejections: everyField<RowOf<'rejections'>>()([
    'seq',
    'table',
    'rowId',
    'fields',
    'reason',
    'message',
    'rejectedAt',
  ]),
  team: everyField<RowOf<'team'>>()(['id', 'login', 'name', 'role', 'active']),
  pendingExports: everyField<RowOf<'pendingExports'>>()(['id', 'userId', 'request', 'queuedAt']),
  attachments: everyField<RowOf<'attachments'>>()([
    'hash',
    'contentType',
    'dataUrl',
    'size',
    'uploaded',
    'storedAt',
  ]),
  imports: everyField<RowOf<'imports'>>()([
    'id',
    'fileName',
    'importName',
    'actorId',
    'actorName',
    'startedAt',
    'finishedAt',
    'state',
    'counts',
    'undoneAt',
  ]),
  importItems: everyField<RowOf<'importItems'>>()([
    'batchId',
    'customerId',
    'line',
    'kind',
    'rows',
    'prior',
    'written',
    'undoneAt',
  ]),
  importMappings: everyField<RowOf<'importMappings'>>()([
    'layoutKey',
    'mapping',
    'enumMappings',
    'savedAt',
  ]),
  projectionSnapshots: everyField<RowOf<'projectionSnapshots'>>()([
    'id',
    'version',
    'iv',
    'sealed',
    'savedAt',
    'customers',
  ]),
  keyring: everyField<RowOf<'keyring'>>()([
    'id',
    'userId',
    'kdf',
    'wrapped',
    'wrappedAt',
    'sealed',
    'dataKey',
    'failures',
    'lastFailureAt',
  ]),
};

/** Every field of every table: the synced ones from the server's row schemas, plus the clocks. */
function fieldsOf(table: AppTableName): readonly string[] {
  if ((SYNC_TABLE_NAMES as readonly string[]).includes(table)) {
    return [...Object.keys(NEW_ROW_SCHEMAS[table as SyncTableName].shape), 'clocks'];
  }
  return LOCAL_TABLE_FIELDS[table as LocalTableName];
}

/**
 * Fields that must never be stored in clear, written down here on their own: the walk checks the
 * registry against this list, so widening the allowlist to one of them fails.
 */
const PERSONAL_FIELDS: Partial<Record<AppTableName, readonly string[]>> = {
  customers: [
    'name',
    'phones',
    'wechatId',
    'gender',
    'city',
    'district',
    'company',
    'birthday',
    'sourceDetail',
    'budgetMin',
    'budgetMax',
    'tradeIn',
    'competitors',
    'lostReason',
    'lostCompetitor',
    'contractAmount',
    'potentialNeeds',
    'notes',
  ],
  followUps: ['purpose', 'result'],
  timeline: ['actorName', 'changes', 'text', 'noteParams'],
  conflicts: ['keptValue', 'lostValue', 'keptByName', 'lostByName'],
  orders: ['amount', 'depositAmount', 'note', 'cancelReason'],
  deliveries: ['vin', 'engineNumber', 'plate', 'signature', 'signedBy', 'cancelReason'],
  deliveryItems: ['doneByName', 'note', 'notApplicableReason', 'photo'],
  surveys: ['comment', 'surveyedByName'],
  complaints: ['description', 'stepListen', 'stepCalm', 'stepEmpathize', 'stepAct', 'resolution'],
  outbox: ['fields'],
  drafts: ['values'],
  rejections: ['fields', 'message'],
  attachments: ['dataUrl'],
  imports: ['fileName', 'importName', 'actorName'],
  importItems: ['prior', 'written'],
};

const marker = (table: string, field: string) => `MARK:${table}.${field}:姓名`;

/** Reads what IndexedDB really holds, below the sealing layer: a plain Dexie on the same name. */
async function storedRows(name: string, table: string): Promise<unknown[]> {
  const raw = new Dexie(name);
  await raw.open();
  try {
    return await raw.table(table).toArray();
  } finally {
    raw.close();
  }
}

const TABLE_NAMES = Object.keys(TABLE_POLICIES) as AppTableName[];

describe('the sealed store', () => {
  it('has a policy for exactly the tables of the database', async () => {
    const { db } = await openTestDb();
    expect(db.tables.map((table) => table.name).sort()).toEqual([...TABLE_NAMES].sort());
  });

  it('keeps every indexed key path in clear', async () => {
    const { db } = await openTestDb();
    for (const table of db.tables) {
      const plan = sealingPlanOf(table.name);
      if (!plan) continue;
      const paths = [table.schema.primKey, ...table.schema.indexes].flatMap((index) =>
        index.keyPath === undefined ? [] : [index.keyPath].flat(),
      );
      for (const path of paths) expect(plan.clear.has(path), `${table.name}.${path}`).toBe(true);
    }
  });

  it('stores no personal field of any table in clear (schema walk)', async () => {
    const { db, name } = await openTestDb();
    for (const table of TABLE_NAMES) {
      const row = Object.fromEntries(fieldsOf(table).map((field) => [field, marker(table, field)]));
      await db.table(table).put(row);
      // What the app reads back is what it wrote.
      const [readBack] = await db.table(table).toArray();
      expect(readBack, table).toEqual(row);

      const stored = JSON.stringify(await storedRows(name, table));
      const plan = sealingPlanOf(table);
      for (const field of fieldsOf(table)) {
        const clear = !plan || plan.clear.has(field);
        expect(stored.includes(marker(table, field)), `${table}.${field} in clear`).toBe(clear);
      }
      for (const field of PERSONAL_FIELDS[table] ?? []) {
        expect(fieldsOf(table), `${table}.${field} exists`).toContain(field);
        expect(stored, `${table}.${field} sealed`).not.toContain(marker(table, field));
      }
      if (plan) expect(stored, table).toContain(SEALED_FIELD);
    }
  });

  it('finds a card by its phone through the blind index, which holds no digits', async () => {
    const { db, ctx, name } = await openTestDb();
    const card = await createCustomer(
      ctx,
      customerForm({ name: '赵敏', phones: [{ number: '+86 139 1234 5678' }] }),
    );
    await createCustomer(
      ctx,
      customerForm({ name: '周芷若', phones: [{ number: '13700001111' }] }),
    );

    expect((await findCustomersByPhone(db, '139-1234-5678')).map((found) => found.id)).toEqual([
      card.id,
    ]);
    expect(await findCustomersByPhone(db, '13912345679')).toEqual([]);
    const key = phoneIndexKey(testKeySource, '13912345678');
    expect(key).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(await db.customers.where('phoneKeys').equals(key).primaryKeys()).toEqual([card.id]);

    const stored = JSON.stringify(await storedRows(name, 'customers'));
    expect(stored).toContain(key);
    for (const secret of ['13912345678', '1234', '赵敏', '周芷若', '13700001111']) {
      expect(stored).not.toContain(secret);
    }
    // The app's rows never show the index.
    expect(await db.customers.get(card.id)).not.toHaveProperty('phoneKeys');
  });

  it('keeps the blind index keyed: another key gives other index entries', () => {
    const other = fixedKeySource(deriveFieldKeys(new Uint8Array(32).fill(9)));
    expect(phoneIndexKey(other, '13912345678')).not.toBe(
      phoneIndexKey(testKeySource, '13912345678'),
    );
  });

  it('gives nothing to a database opened with another key', async () => {
    const { ctx, name, db } = await openTestDb();
    await createCustomer(ctx, customerForm({ name: '张无忌' }));
    db.close();
    const thief = new AppDB(name, fixedKeySource(deriveFieldKeys(new Uint8Array(32).fill(1))));
    await expect(thief.customers.toArray()).rejects.toThrow(SealedBlobError);
    thief.close();
  });

  it('reads and writes updates, cursors and sorts through the seal', async () => {
    const { db, ctx } = await openTestDb();
    const card = await createCustomer(ctx, customerForm({ name: '殷离' }));
    await db.customers.update(card.id, { notes: 'updated in place' });
    await db.customers.where('id').equals(card.id).modify({ company: '明教' });
    expect(await db.customers.get(card.id)).toMatchObject({
      name: '殷离',
      notes: 'updated in place',
      company: '明教',
    });
    const names: string[] = [];
    await db.customers.each((customer) => names.push(customer.name));
    expect(names).toEqual(['殷离']);
    expect(await db.customers.filter((customer) => customer.name === '殷离').count()).toBe(1);
    expect((await db.customers.toCollection().sortBy('name')).map((row) => row.id)).toEqual([
      card.id,
    ]);
  });
});

describe('the sealed store while locked', () => {
  it('refuses to read or write personal tables, and still answers the clear ones', async () => {
    const keys = mutableKeySource();
    keys.set(TEST_FIELD_KEYS);
    const name = uniqueDbName('locked');
    const db = new AppDB(name, keys);
    await db.customers.put({ ...lockedCard(), name: '小昭' });
    await db.preferences.put({ key: 'language', value: 'en' });

    keys.clear();
    await expect(db.customers.get('c-1')).rejects.toThrow(VaultLockedError);
    await expect(db.customers.toArray()).rejects.toThrow(VaultLockedError);
    await expect(db.customers.each(() => undefined)).rejects.toThrow(VaultLockedError);
    await expect(db.customers.put(lockedCard())).rejects.toThrow(VaultLockedError);
    await expect(db.drafts.put({ key: 'd', values: {}, savedAt: 'now' })).rejects.toThrow(
      VaultLockedError,
    );
    expect(() => phoneIndexKey(keys, '13800138000')).toThrow(VaultLockedError);
    // Nothing personal in these: the lock screen and a logout still work.
    expect(await db.preferences.get('language')).toEqual({ key: 'language', value: 'en' });
    expect(await db.customers.count()).toBe(1);
    await db.customers.clear();
    expect(await db.customers.count()).toBe(0);
    db.close();
  });

  it('gives a keyless reader the clear fields only, when it asks for that', async () => {
    const name = uniqueDbName('clear-only');
    const db = new AppDB(name, testKeySource);
    await db.customers.put({ ...lockedCard(), name: '小昭' });
    db.close();
    const counter = new AppDB(name, fixedKeySource(null), { whenLocked: 'clear-fields-only' });
    const [row] = await counter.customers.toArray();
    expect(row).toMatchObject({ id: 'c-1', status: 'new' });
    expect(row).not.toHaveProperty('name');
    expect(JSON.stringify(row)).not.toContain(SEALED_FIELD);
    await expect(counter.customers.put(lockedCard())).rejects.toThrow(VaultLockedError);
    counter.close();
  });
});

function lockedCard() {
  return {
    id: 'c-1',
    dealershipId: 'd',
    ownerId: 'u',
    createdAt: '2026-03-10T09:30:00.000Z',
    updatedAt: '2026-03-10T09:30:00.000Z',
    deleted: false,
    clocks: {},
    kind: 'person',
    name: '',
    phones: ['13800138000'],
    wechatId: '',
    gender: 'unknown',
    city: '',
    district: '',
    company: '',
    birthday: null,
    source: 'walk_in',
    sourceDetail: '',
    brand: '',
    model: '',
    trim: '',
    colour: '',
    budgetMin: null,
    budgetMax: null,
    payment: null,
    tradeIn: '',
    competitors: '',
    purpose: null,
    hasConfidence: false,
    hasNeed: false,
    hasPurchasingPower: false,
    qualificationGrade: 'N',
    expectedPurchaseDate: null,
    intentLevel: null,
    status: 'new',
    lostReason: '',
    lostCompetitor: '',
    lostRequestedAt: null,
    statusBeforeLost: null,
    contractAmount: null,
    deliveryDate: null,
    warrantyExpiry: null,
    insuranceExpiry: null,
    potentialNeeds: '',
    referralsMade: 0,
    tags: [],
    notes: '',
    confirmedAt: '2026-03-10T09:30:00.000Z',
  } satisfies RowOf<'customers'>;
}
