// Test helpers for the local data layer: a fresh fake IndexedDB database per test, a write context
// with a controllable clock, and a valid customer form. Only imported by *.test.ts files.

// fake-indexeddb must be installed before Dexie is first evaluated (Dexie reads the globals at
// import time); the explicit dependency assignment below makes that order-independent.
import 'fake-indexeddb/auto';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import Dexie from 'dexie';
import { expect } from 'vitest';
import type { CustomerFormValues } from '../../shared/domain/schemas';
import type { TimelineEntry } from '../../shared/domain/timeline';
import type { TeamMember } from '../../shared/sync/protocol';
import { rowIdSchema } from '../../shared/sync/storable';
import { NEW_ROW_SCHEMAS, SYNC_FIELD_SCHEMAS } from '../../shared/sync/tables';
import { AppDB } from '../db/AppDB';
import { testKeySource } from './test-keys';
import type { FieldKeySource } from '../vault/field-keys';
import { EMPTY_CUSTOMER_FORM } from '../db/customers-repo';
import { ensureProfile, writeContextFor, type Profile } from '../db/profile-repo';
import type { WriteContext } from '../db/write-path';

Dexie.dependencies.indexedDB = indexedDB;
Dexie.dependencies.IDBKeyRange = IDBKeyRange;

let databaseCounter = 0;

/** A database name no other test uses, so tests never see each other's rows. */
export function uniqueDbName(label = 'test'): string {
  databaseCounter += 1;
  return `dealerdesk-${label}-${databaseCounter}-${Math.random().toString(36).slice(2, 10)}`;
}

/** A clock tests move by hand: `now()` returns a fresh Date of the current instant. */
export type TestClock = {
  now: () => Date;
  set: (at: Date | string) => void;
  advance: (ms: number) => void;
};

export function testClock(start: Date | string = '2026-03-10T09:30:00.000Z'): TestClock {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    set: (at) => {
      current = new Date(at).getTime();
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

export type TestDb = {
  db: AppDB;
  name: string;
  profile: Profile;
  clock: TestClock;
  ctx: WriteContext;
};

/** A fresh database with a profile and a write context on a controllable clock. */
export async function openTestDb(
  options: { name?: string; start?: Date | string; keys?: FieldKeySource } = {},
): Promise<TestDb> {
  const name = options.name ?? uniqueDbName();
  const db = new AppDB(name, options.keys ?? testKeySource);
  const profile = await ensureProfile(db);
  const clock = testClock(options.start);
  return { db, name, profile, clock, ctx: writeContextFor(db, profile, clock.now) };
}

/** A valid customer form (walk-in, one phone) with the given overrides. */
export function customerForm(overrides: Partial<CustomerFormValues> = {}): CustomerFormValues {
  return {
    ...EMPTY_CUSTOMER_FORM,
    name: '王伟',
    phones: [{ number: '13800138000' }],
    ...overrides,
  };
}

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A showroom's team: two consultants, a manager, and a new consultant with no customers yet. */
export const TEST_TEAM: TeamMember[] = [
  {
    id: '0190aaaa-0000-7000-8000-000000000001',
    login: 'lina',
    name: '李娜',
    role: 'consultant',
    active: true,
  },
  {
    id: '0190aaaa-0000-7000-8000-000000000002',
    login: 'wanglei',
    name: '王磊',
    role: 'consultant',
    active: true,
  },
  {
    id: '0190aaaa-0000-7000-8000-000000000003',
    login: 'zhou',
    name: '周经理',
    role: 'manager',
    active: true,
  },
  {
    id: '0190aaaa-0000-7000-8000-000000000004',
    login: 'new',
    name: '新人',
    role: 'consultant',
    active: true,
  },
];

/**
 * Every change in the outbox is one the sync server accepts: the first change of a row creates it
 * there and must be whole (NEW_ROW_SCHEMAS), later ones are partial. The settings row is made by
 * the server with the dealership, so a laptop's first write of it is a change, not a creation.
 */
export async function expectOutboxAcceptedByServer(db: AppDB): Promise<void> {
  const seen = new Set<string>();
  for (const entry of await db.outbox.orderBy('seq').toArray()) {
    const key = `${entry.table}:${entry.rowId}`;
    const creates = !seen.has(key) && entry.table !== 'settings';
    const schema = creates ? NEW_ROW_SCHEMAS[entry.table] : SYNC_FIELD_SCHEMAS[entry.table];
    const parsed = schema.safeParse(entry.fields);
    expect(parsed.success, `${key}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    expect(rowIdSchema.safeParse(entry.rowId).success, key).toBe(true);
    seen.add(key);
  }
}

/** A customer's timeline, oldest first (as the card shows it). */
export async function timelineOf(db: AppDB, customerId: string): Promise<TimelineEntry[]> {
  return db.timeline
    .where('[customerId+at]')
    .between([customerId, Dexie.minKey], [customerId, Dexie.maxKey])
    .toArray();
}
