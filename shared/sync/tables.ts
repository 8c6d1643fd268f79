// What syncs, and who may write it. One registry read by the server (scope and authorization of
// every pushed field) and by the client (what a pulled row is, which rows hang off a customer).
// Field schemas are strict: an unknown field in a push is refused with a reason, never dropped.

import { z } from 'zod';
import { CUSTOMER_STATUSES } from '../domain/customer-status';
import {
  CUSTOMER_KINDS,
  CUSTOMER_SOURCES,
  GENDERS,
  PAYMENT_METHODS,
  PURCHASE_PURPOSES,
  type Customer,
} from '../domain/customer';
import { FOLLOW_UP_CHANNELS, FOLLOW_UP_OUTCOMES, type FollowUp } from '../domain/follow-up';
import { INTENT_LEVELS } from '../domain/intent';
import { MAX_ESCALATION_HOURS, MIN_ESCALATION_HOURS } from '../domain/escalation';
import { QUALIFICATION_GRADES } from '../domain/qualification';
import type { DealershipSettings } from '../domain/settings';
import type { TimelineEntry } from '../domain/timeline';
import type { SyncConflict } from './conflict';

export type SyncTableName = 'customers' | 'followUps' | 'timeline' | 'settings' | 'conflicts';

export const SYNC_TABLE_NAMES = [
  'customers',
  'followUps',
  'timeline',
  'settings',
  'conflicts',
] as const satisfies readonly SyncTableName[];

/**
 * customer: the row is a customer card, owned by `ownerId`.
 * child: the row hangs off a customer (`customerId`) and shares its owner.
 * dealership: one row per dealership, readable by everyone in it.
 */
export type SyncScope = 'customer' | 'child' | 'dealership';

export type Role = 'consultant' | 'manager' | 'admin';
export const ROLES = ['consultant', 'manager', 'admin'] as const satisfies readonly Role[];

export type SyncTableRule = {
  scope: SyncScope;
  /** Roles that may write rows of the table (reading follows the scope). */
  writers: readonly Role[];
  /** When set, clients may only change these fields; the server creates the rows. */
  clientFields?: readonly string[];
};

export const SYNC_TABLES: Record<SyncTableName, SyncTableRule> = {
  customers: { scope: 'customer', writers: ROLES },
  followUps: { scope: 'child', writers: ROLES },
  timeline: { scope: 'child', writers: ROLES },
  settings: { scope: 'dealership', writers: ['manager', 'admin'] },
  conflicts: {
    scope: 'child',
    writers: ROLES,
    clientFields: ['resolution', 'resolvedAt', 'resolvedBy', 'updatedAt'],
  },
};

/** Fields the server decides (scope); a client's value is replaced, a change is refused. */
export const SERVER_SCOPE_FIELDS = ['dealershipId', 'ownerId'] as const;

const id = z.string().min(1).max(64);
const isoDateTime = z.string().min(10).max(40);
const text = (max: number) => z.string().max(max);
const money = z.number().finite().min(0).max(1e9);

const rowMeta = {
  id,
  dealershipId: id,
  ownerId: id,
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
  deleted: z.boolean(),
};

type RowShape<Row> = z.ZodType<Omit<Row, 'clocks'>>;

const customerRow = z.object({
  ...rowMeta,
  kind: z.enum(CUSTOMER_KINDS),
  name: text(100),
  phones: z.array(text(32)).max(20),
  wechatId: text(100),
  gender: z.enum(GENDERS),
  city: text(100),
  district: text(100),
  company: text(200),
  birthday: isoDateTime.nullable(),
  source: z.enum(CUSTOMER_SOURCES),
  sourceDetail: text(200),
  brand: text(100),
  model: text(100),
  trim: text(100),
  colour: text(100),
  budgetMin: money.nullable(),
  budgetMax: money.nullable(),
  payment: z.enum(PAYMENT_METHODS).nullable(),
  tradeIn: text(200),
  competitors: text(500),
  purpose: z.enum(PURCHASE_PURPOSES).nullable(),
  hasConfidence: z.boolean(),
  hasNeed: z.boolean(),
  hasPurchasingPower: z.boolean(),
  qualificationGrade: z.enum(QUALIFICATION_GRADES),
  expectedPurchaseDate: isoDateTime.nullable(),
  intentLevel: z.enum(INTENT_LEVELS).nullable(),
  status: z.enum(CUSTOMER_STATUSES),
  lostReason: text(1000),
  lostCompetitor: text(200),
  lostRequestedAt: isoDateTime.nullable(),
  statusBeforeLost: z.enum(CUSTOMER_STATUSES).nullable(),
  contractAmount: money.nullable(),
  deliveryDate: isoDateTime.nullable(),
  warrantyExpiry: isoDateTime.nullable(),
  insuranceExpiry: isoDateTime.nullable(),
  potentialNeeds: text(1000),
  referralsMade: z.number().int().min(0).max(10_000),
  tags: z.array(text(60)).max(50),
  notes: text(20_000),
  confirmedAt: isoDateTime,
}) satisfies RowShape<Customer>;

const followUpRow = z.object({
  ...rowMeta,
  customerId: id,
  dueAt: isoDateTime,
  channel: z.enum(FOLLOW_UP_CHANNELS),
  purpose: text(500),
  state: z.enum(['planned', 'done', 'cancelled']),
  completedAt: isoDateTime.nullable(),
  outcome: z.enum(FOLLOW_UP_OUTCOMES).nullable(),
  result: text(5000),
}) satisfies RowShape<FollowUp>;

const timelineRow = z.object({
  ...rowMeta,
  customerId: id,
  kind: z.enum([
    'created',
    'changed',
    'follow_up_planned',
    'follow_up_done',
    'follow_up_cancelled',
    'lost_requested',
    'note',
    'reassigned',
    'lost_approved',
    'lost_sent_back',
    'merged',
  ]),
  at: isoDateTime,
  actorId: id,
  actorName: text(100),
  changes: z
    .array(z.object({ field: text(100), from: text(5000), to: text(5000) }).strict())
    .max(200),
  text: text(20_000),
}) satisfies RowShape<TimelineEntry>;

const days = z.number().int().min(1).max(365);
const settingsRow = z.object({
  ...rowMeta,
  cadence: z
    .object({ firstContactHours: z.number().int().min(1).max(168), H: days, A: days })
    .extend({ B: days, C: days, O: days })
    .strict(),
  intentThresholds: z.object({ H: days, A: days, B: days }).strict(),
  // Added later: optional, so rows and clients from before it keep working.
  escalationHours: z.number().int().min(MIN_ESCALATION_HOURS).max(MAX_ESCALATION_HOURS).optional(),
}) satisfies RowShape<DealershipSettings>;

const conflictRow = z.object({
  ...rowMeta,
  customerId: id.nullable(),
  rowTable: text(40),
  rowId: id,
  field: text(100),
  keptValue: z.unknown(),
  keptHlc: text(64),
  keptBy: id.nullable(),
  keptByName: text(100),
  lostValue: z.unknown(),
  lostHlc: text(64),
  lostBy: id.nullable(),
  lostByName: text(100),
  detectedAt: isoDateTime,
  resolution: z.enum(['reapplied', 'dismissed']).nullable(),
  resolvedAt: isoDateTime.nullable(),
  resolvedBy: id.nullable(),
}) satisfies RowShape<SyncConflict>;

/** Every field a pushed change may carry, per table. Partial (a change names only what changed). */
export const SYNC_FIELD_SCHEMAS = {
  customers: customerRow.partial().strict(),
  followUps: followUpRow.partial().strict(),
  timeline: timelineRow.partial().strict(),
  settings: settingsRow.partial().strict(),
  conflicts: conflictRow.partial().strict(),
} satisfies Record<SyncTableName, z.ZodType>;

/** Tables whose rows hang off a customer: removed with it when it leaves a user's scope. */
export const CHILD_TABLES = SYNC_TABLE_NAMES.filter((name) => SYNC_TABLES[name].scope === 'child');

export function isSyncTableName(name: string): name is SyncTableName {
  return (SYNC_TABLE_NAMES as readonly string[]).includes(name);
}
