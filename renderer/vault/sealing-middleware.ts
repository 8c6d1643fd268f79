// The sealed store: a Dexie DBCore middleware between the app and IndexedDB. On every add and put
// it splits each row into the fields its table keeps in clear (renderer/vault/clear-fields.ts) and
// one sealed blob holding everything else (renderer/vault/field-cipher.ts); on every read it opens
// the blob and gives the app the whole row back. Repositories, queries and sync never see a blob.
//
// While the vault is locked (the key source answers null), reading or writing a row of a table
// with sealed fields throws VaultLockedError: nothing personal is readable, and nothing personal
// can be written in clear by mistake. Counting, key-only reads and deletes carry nothing personal
// and still work (a logout may clear tables while locked).
//
// It sits above Dexie's own middlewares (cache, observability, hooks), so they handle stored rows:
// live queries, which follow keys and indexes, work unchanged because indexes are on clear fields.

import Dexie, {
  type DBCore,
  type DBCoreCursor,
  type DBCoreGetManyRequest,
  type DBCoreGetRequest,
  type DBCoreIndex,
  type DBCoreMutateRequest,
  type DBCoreOpenCursorRequest,
  type DBCoreQueryRequest,
  type DBCoreTable,
  type Middleware,
} from 'dexie';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { normalizePhone } from '../../shared/domain/phone';
import { PHONE_KEYS_FIELD, sealingPlanOf, type SealingPlan } from './clear-fields';
import { openDocument, rowBinding, sealDocument } from './field-cipher';
import type { FieldKeys, FieldKeySource } from './field-keys';

/** Where a row's sealed fields are stored, as one blob. */
export const SEALED_FIELD = '$sealed';

/** Personal data was read or written while the vault is locked. */
export class VaultLockedError extends Error {
  constructor(table: string) {
    super(`The vault is locked: the ${table} table cannot be read or written`);
    this.name = 'VaultLockedError';
  }
}

type StoredRow = Record<string, unknown>;

const encoder = new TextEncoder();
const PHONE_KEY_BYTES = 16;

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function blindPhoneKey(keys: FieldKeys, phone: string): string {
  const mac = hmac(sha256, keys.phoneIndexKey, encoder.encode(normalizePhone(phone)));
  return base64url(mac.subarray(0, PHONE_KEY_BYTES));
}

/**
 * The blind index entry of a phone number: what `customers.where('phoneKeys').equals(…)` finds.
 * Exact numbers only (after normalizing); throws VaultLockedError while locked.
 */
export function phoneIndexKey(source: FieldKeySource, phone: string): string {
  const keys = source.current();
  if (!keys) throw new VaultLockedError('customers');
  return blindPhoneKey(keys, phone);
}

function isRecord(value: unknown): value is StoredRow {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function identityOf(key: unknown): string {
  return typeof key === 'string' ? key : JSON.stringify(key);
}

/** What the blob of a row is bound to: its table and its primary key (or its `boundTo` fields). */
function bindingOf(table: string, plan: SealingPlan, primaryKey: DBCoreIndex, row: StoredRow) {
  const identity = plan.boundTo
    ? JSON.stringify(plan.boundTo.map((field) => row[field] ?? null))
    : identityOf(primaryKey.extractKey ? primaryKey.extractKey(row) : undefined);
  return rowBinding(table, identity);
}

function sealRow(
  table: string,
  plan: SealingPlan,
  primaryKey: DBCoreIndex,
  keys: FieldKeys,
  value: unknown,
): unknown {
  if (!isRecord(value)) return value;
  const stored: StoredRow = {};
  const personal: StoredRow = {};
  let hasPersonal = false;
  for (const [field, fieldValue] of Object.entries(value)) {
    if (field === SEALED_FIELD) continue;
    if (plan.clear.has(field)) stored[field] = fieldValue;
    else if (fieldValue !== undefined) {
      personal[field] = fieldValue;
      hasPersonal = true;
    }
  }
  if (table === 'customers') {
    const phones = Array.isArray(value.phones) ? value.phones : [];
    stored[PHONE_KEYS_FIELD] = phones
      .filter((phone): phone is string => typeof phone === 'string' && phone !== '')
      .map((phone) => blindPhoneKey(keys, phone));
  }
  if (hasPersonal) {
    stored[SEALED_FIELD] = sealDocument(
      keys.fieldKey,
      bindingOf(table, plan, primaryKey, stored),
      personal,
    );
  }
  return stored;
}

function openRow(
  table: string,
  plan: SealingPlan,
  primaryKey: DBCoreIndex,
  keys: FieldKeys,
  value: unknown,
): unknown {
  if (!isRecord(value)) return value;
  const row = withoutSealing(value);
  // A row written before the store was sealed has no blob: its fields are all here already.
  const blob = value[SEALED_FIELD];
  if (!(blob instanceof Uint8Array)) return row;
  const personal = openDocument(keys.fieldKey, bindingOf(table, plan, primaryKey, value), blob);
  return isRecord(personal) ? { ...row, ...personal } : row;
}

export type SealingOptions = {
  /**
   * throw (the default): reading a table with sealed fields while locked throws VaultLockedError.
   * clear-fields-only: it gives the rows' clear fields only, for a reader that needs nothing
   * else (the dashboard's counting worker, which holds no keys). Writes throw either way.
   */
  whenLocked?: 'throw' | 'clear-fields-only';
};

function clearPart(value: unknown): unknown {
  return isRecord(value) ? withoutSealing(value) : value;
}

/** A stored row without the blob and the blind index: its clear fields as the app knows them. */
function withoutSealing(value: StoredRow): StoredRow {
  const row: StoredRow = {};
  for (const [field, fieldValue] of Object.entries(value)) {
    if (field !== SEALED_FIELD && field !== PHONE_KEYS_FIELD) row[field] = fieldValue;
  }
  return row;
}

function sealingTable(
  down: DBCoreTable,
  source: FieldKeySource,
  options: SealingOptions,
): DBCoreTable {
  const plan = sealingPlanOf(down.name);
  if (!plan) return down;
  const name = down.name;
  const primaryKey = down.schema.primaryKey;

  const keysOrThrow = (): FieldKeys => {
    const keys = source.current();
    if (!keys) throw new VaultLockedError(name);
    return keys;
  };
  /** Runs a request only while the vault is open (checked again when the answer comes back). */
  const clearWhenLocked = options.whenLocked === 'clear-fields-only';
  const whileOpen = <Result>(run: () => Promise<Result>): Promise<Result> =>
    source.current() || clearWhenLocked ? run() : Dexie.Promise.reject(new VaultLockedError(name));
  const open = (value: unknown) => {
    const keys = clearWhenLocked ? source.current() : keysOrThrow();
    return keys ? openRow(name, plan, primaryKey, keys, value) : clearPart(value);
  };

  const openingCursor = (cursor: DBCoreCursor): DBCoreCursor => {
    let lastStored: unknown;
    let lastOpened: unknown;
    // The native cursor's getters only work on the cursor itself, so each is forwarded.
    const opening: DBCoreCursor = Object.create(cursor, {
      key: { get: () => cursor.key },
      primaryKey: { get: () => cursor.primaryKey },
      value: {
        get() {
          const stored: unknown = cursor.value;
          if (stored !== lastStored) {
            lastStored = stored;
            lastOpened = open(stored);
          }
          return lastOpened;
        },
      },
      next: { value: () => cursor.next().then(openingCursor) },
    });
    return opening;
  };

  return {
    ...down,
    mutate(req: DBCoreMutateRequest) {
      if (req.type !== 'add' && req.type !== 'put') return down.mutate(req);
      const keys = source.current();
      if (!keys) return Dexie.Promise.reject(new VaultLockedError(name));
      const values = req.values.map((value: unknown) =>
        sealRow(name, plan, primaryKey, keys, value),
      );
      if (req.type === 'add') return down.mutate({ ...req, values });
      // The change specs describe the app's rows, not the stored ones: without them, Dexie's
      // cache and live queries work from the stored values, which are right.
      const { changeSpec: _spec, criteria: _criteria, updates: _updates, ...put } = req;
      return down.mutate({ ...put, values });
    },
    get: (req: DBCoreGetRequest) => whileOpen(() => down.get(req).then(open)),
    getMany: (req: DBCoreGetManyRequest) =>
      whileOpen(() => down.getMany(req).then((values: unknown[]) => values.map(open))),
    query(req: DBCoreQueryRequest) {
      if (!req.values) return down.query(req);
      return whileOpen(() =>
        down.query(req).then((response) => ({
          ...response,
          result: response.result.map((value: unknown) => open(value)),
        })),
      );
    },
    openCursor(req: DBCoreOpenCursorRequest) {
      if (req.values === false) return down.openCursor(req);
      return whileOpen(() =>
        down.openCursor(req).then((cursor) => cursor && openingCursor(cursor)),
      );
    },
  };
}

/**
 * The sealing layer for AppDB: `db.use(sealingMiddleware(keys))`. The keys are asked for at each
 * request, so locking takes effect at once, also for a transaction already running.
 */
export function sealingMiddleware(
  source: FieldKeySource,
  options: SealingOptions = {},
): Middleware<DBCore> {
  return {
    stack: 'dbcore',
    name: 'sealing',
    create: (down) => ({
      ...down,
      table: (tableName: string) => sealingTable(down.table(tableName), source, options),
    }),
  };
}
