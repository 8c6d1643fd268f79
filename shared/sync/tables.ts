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
import {
  MAX_LOCK_AFTER_MINUTES,
  MAX_OFFLINE_LOCK_DAYS,
  MIN_LOCK_AFTER_MINUTES,
  MIN_OFFLINE_LOCK_DAYS,
} from '../domain/app-lock';
import { QUALIFICATION_GRADES } from '../domain/qualification';
import type { DealershipSettings } from '../domain/settings';
import { TIMELINE_NOTE_CODES, type TimelineEntry } from '../domain/timeline';
import { isAttachmentRef } from './attachments';
import type { SyncConflict } from './conflict';
import type { ChecklistTemplate } from '../domain/checklist-template';
import { COMPLAINT_CATEGORIES, type Complaint } from '../domain/complaint';
import type { Delivery, DeliveryItem } from '../domain/delivery';
import { ORDER_KINDS, type Order } from '../domain/order';
import { POST_DELIVERY_KINDS } from '../domain/post-delivery';
import { LOYALTY_INTENTS, type Survey } from '../domain/survey';
import { customerFormSchema, followUpPlanSchema, phoneInputSchema } from '../domain/schemas';
import { rowIdSchema, storableDateTime, storableJson, storableText } from './storable';

export type SyncTableName =
  | 'customers'
  | 'followUps'
  | 'timeline'
  | 'settings'
  | 'conflicts'
  | 'orders'
  | 'deliveries'
  | 'deliveryItems'
  | 'checklistTemplates'
  | 'surveys'
  | 'complaints';

export const SYNC_TABLE_NAMES = [
  'customers',
  'followUps',
  'timeline',
  'settings',
  'conflicts',
  'orders',
  'deliveries',
  'deliveryItems',
  'checklistTemplates',
  'surveys',
  'complaints',
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
  orders: { scope: 'child', writers: ROLES },
  deliveries: { scope: 'child', writers: ROLES },
  deliveryItems: { scope: 'child', writers: ROLES },
  checklistTemplates: { scope: 'dealership', writers: ['manager', 'admin'] },
  surveys: { scope: 'child', writers: ROLES },
  complaints: { scope: 'child', writers: ROLES },
};

/** Fields the server decides (scope); a client's value is replaced, a change is refused. */
export const SERVER_SCOPE_FIELDS = ['dealershipId', 'ownerId'] as const;

/** A reference to another row or a user (customerId, ownerId, actorId…). */
const id = storableText().min(1).max(64);
const isoDateTime = storableDateTime;
const text = (max: number) => storableText().max(max);
const money = z.number().finite().min(0).max(1e9);

const rowMeta = {
  id: rowIdSchema,
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
  kind: z.enum(['sales', 'delivery', ...POST_DELIVERY_KINDS]).optional(),
  deliveryId: id.nullable().optional(),
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
    'event_visit',
    'reassigned',
    'lost_approved',
    'lost_sent_back',
    'order_recorded',
    'order_cancelled',
    'delivery_scheduled',
    'delivery_rescheduled',
    'delivery_cancelled',
    'delivery_completed',
    'survey_recorded',
    'complaint_received',
    'complaint_resolved',
    'merged',
    'customer_deleted',
    'customer_restored',
  ]),
  at: isoDateTime,
  actorId: id,
  actorName: text(100),
  changes: z
    .array(z.object({ field: text(100), from: text(5000), to: text(5000) }).strict())
    .max(200),
  text: text(20_000),
  // Added later: optional, so rows and clients from before them still pass.
  noteCode: z.enum(TIMELINE_NOTE_CODES).optional(),
  noteParams: z
    .record(text(64), text(500))
    .refine((params) => Object.keys(params).length <= 20, { message: 'at most 20 parameters' })
    .optional(),
}) satisfies RowShape<TimelineEntry>;

const days = z.number().int().min(1).max(365);
const settingsRow = z.object({
  ...rowMeta,
  cadence: z
    .object({ firstContactHours: z.number().int().min(1).max(168), H: days, A: days })
    .extend({ B: days, C: days, O: days })
    .strict(),
  intentThresholds: z.object({ H: days, A: days, B: days }).strict(),
  postDeliveryCadence: z
    .object({
      consultantCallDays: days,
      surveyCallDays: days,
      monthCallDays: days,
      firstServiceDays: days,
      insuranceRenewalDaysBefore: z.number().int().min(0).max(180),
      birthdayCare: z.boolean(),
      // Added later: optional, so settings saved before them stay valid.
      warrantyYears: z.number().int().min(1).max(10).optional(),
      insuranceYears: z.number().int().min(1).max(5).optional(),
    })
    .strict()
    .optional(),
  // Added later: optional, so rows and clients from before it keep working.
  escalationHours: z.number().int().min(MIN_ESCALATION_HOURS).max(MAX_ESCALATION_HOURS).optional(),
  dealership: z
    .object({ name: text(60), address: text(200), phone: text(40) })
    .strict()
    .optional(),
  // The app lock's times, added later: optional like the fields above.
  lockAfterMinutes: z
    .number()
    .int()
    .min(MIN_LOCK_AFTER_MINUTES)
    .max(MAX_LOCK_AFTER_MINUTES)
    .optional(),
  offlineLockDays: z
    .number()
    .int()
    .min(MIN_OFFLINE_LOCK_DAYS)
    .max(MAX_OFFLINE_LOCK_DAYS)
    .optional(),
}) satisfies RowShape<DealershipSettings>;

const conflictRow = z.object({
  ...rowMeta,
  customerId: id.nullable(),
  rowTable: text(40),
  rowId: id,
  field: text(100),
  keptValue: storableJson,
  keptHlc: text(64),
  keptBy: id.nullable(),
  keptByName: text(100),
  lostValue: storableJson,
  lostHlc: text(64),
  lostBy: id.nullable(),
  lostByName: text(100),
  detectedAt: isoDateTime,
  resolution: z.enum(['reapplied', 'dismissed']).nullable(),
  resolvedAt: isoDateTime.nullable(),
  resolvedBy: id.nullable(),
}) satisfies RowShape<SyncConflict>;

/**
 * An image field: '' (none), a reference to an attachment (`att:sha256-…`, shared/sync/attachments.ts)
 * or, as written before attachments existed, an inline data URL of at most `max` characters.
 */
const imageField = (kind: 'png' | 'jpeg', max: number) =>
  storableText()
    .max(max)
    .refine(
      (value) =>
        value === '' || isAttachmentRef(value) || value.startsWith(`data:image/${kind};base64,`),
      { message: `must be empty, an att:sha256-… reference or a data:image/${kind};base64 URL` },
    );

const orderRow = z.object({
  ...rowMeta,
  customerId: id,
  kind: z.enum(ORDER_KINDS),
  amount: money,
  depositAmount: money.nullable(),
  brand: text(100),
  model: text(100),
  trim: text(100),
  colour: text(100),
  orderedOn: isoDateTime,
  note: text(2000),
  state: z.enum(['active', 'cancelled']),
  cancelReason: text(500).optional(),
  cancelledAt: isoDateTime.nullable().optional(),
}) satisfies RowShape<Order>;

const deliveryRow = z.object({
  ...rowMeta,
  customerId: id,
  orderId: id.nullable(),
  vin: text(17),
  engineNumber: text(40),
  brand: text(100),
  model: text(100),
  colour: text(100),
  plate: text(20),
  scheduledAt: isoDateTime,
  state: z.enum(['scheduled', 'completed', 'cancelled']),
  templateVersion: z.number().int().min(1),
  /** The signature drawn on screen (a PNG attachment). */
  signature: imageField('png', 300_000),
  signedBy: text(100),
  signedAt: isoDateTime.nullable(),
  completedAt: isoDateTime.nullable(),
  warrantyStart: isoDateTime.nullable(),
  cancelReason: text(500).optional(),
  cancelledAt: isoDateTime.nullable().optional(),
}) satisfies RowShape<Delivery>;

const deliveryItemRow = z.object({
  ...rowMeta,
  customerId: id,
  deliveryId: id,
  sectionKey: text(60),
  sectionTitle: text(100),
  itemKey: text(100),
  label: text(200),
  required: z.boolean(),
  position: z.number().int().min(0).max(10_000),
  state: z.enum(['open', 'done', 'not_applicable']),
  doneAt: isoDateTime.nullable(),
  doneBy: id.nullable(),
  doneByName: text(100),
  note: text(2000),
  notApplicableReason: text(500),
  /** A photo shrunk on the laptop (a JPEG attachment). */
  photo: imageField('jpeg', 400_000),
}) satisfies RowShape<DeliveryItem>;

const checklistTemplateRow = z.object({
  ...rowMeta,
  version: z.number().int().min(1),
  sections: z
    .array(
      z
        .object({
          key: text(60).min(1),
          title: text(100),
          items: z
            .array(
              z.object({ key: text(100).min(1), label: text(200), required: z.boolean() }).strict(),
            )
            .max(100),
        })
        .strict(),
    )
    .max(30),
}) satisfies RowShape<ChecklistTemplate>;

const score = z.number().int().min(1).max(5);
const tenPoint = z.number().int().min(1).max(10);
const surveyRow = z.object({
  ...rowMeta,
  customerId: id,
  deliveryId: id.nullable(),
  consultantId: id,
  attitude: score,
  expertise: score,
  proactiveAdvice: score,
  testDriveOffered: score,
  deliveryPleasant: score,
  contactedAfterDelivery: score,
  afterSalesIntroduced: score,
  expectation: tenPoint,
  perception: tenPoint,
  repurchaseIntent: z.enum(LOYALTY_INTENTS),
  referralIntent: z.enum(LOYALTY_INTENTS),
  comment: text(5000),
  surveyedAt: isoDateTime,
  surveyedBy: id,
  surveyedByName: text(100),
}) satisfies RowShape<Survey>;

const complaintRow = z.object({
  ...rowMeta,
  customerId: id,
  category: z.enum(COMPLAINT_CATEGORIES),
  description: text(5000),
  receivedAt: isoDateTime,
  firstContactDueAt: isoDateTime,
  resultDueAt: isoDateTime,
  firstContactAt: isoDateTime.nullable(),
  stepListen: text(2000),
  stepCalm: text(2000),
  stepEmpathize: text(2000),
  stepAct: text(2000),
  resolution: text(5000),
  resolvedAt: isoDateTime.nullable(),
}) satisfies RowShape<Complaint>;

/** Every field a pushed change may carry, per table. Partial (a change names only what changed). */
export const SYNC_FIELD_SCHEMAS = {
  customers: customerRow.partial().strict(),
  followUps: followUpRow.partial().strict(),
  timeline: timelineRow.partial().strict(),
  settings: settingsRow.partial().strict(),
  conflicts: conflictRow.partial().strict(),
  orders: orderRow.partial().strict(),
  deliveries: deliveryRow.partial().strict(),
  deliveryItems: deliveryItemRow.partial().strict(),
  checklistTemplates: checklistTemplateRow.partial().strict(),
  surveys: surveyRow.partial().strict(),
  complaints: complaintRow.partial().strict(),
} satisfies Record<SyncTableName, z.ZodType>;

/** What the server decides on a new row: a client may leave them out. */
const SERVER_DECIDED = { id: true, dealershipId: true, ownerId: true } as const;

/**
 * A new row must be whole: a card of only `{name, updatedAt}` would sit on every laptop with no
 * phone and no status. Every field of the table (the server sets id, dealership and owner), and
 * for the rows people type the rules of the app's own forms (shared/domain/schemas.ts): a card has
 * a name and at least one valid phone, a follow-up a purpose. Changes to existing rows stay
 * partial (SYNC_FIELD_SCHEMAS).
 */
export const NEW_ROW_SCHEMAS = {
  customers: customerRow
    .partial(SERVER_DECIDED)
    .extend({
      name: customerFormSchema.shape.name,
      phones: z.array(phoneInputSchema).min(1, { message: 'validation.phoneRequired' }).max(20),
    })
    .strict(),
  followUps: followUpRow
    .partial(SERVER_DECIDED)
    .extend({ purpose: followUpPlanSchema.shape.purpose })
    .strict(),
  timeline: timelineRow.partial(SERVER_DECIDED).strict(),
  settings: settingsRow.partial(SERVER_DECIDED).strict(),
  conflicts: conflictRow.partial(SERVER_DECIDED).strict(),
  orders: orderRow.partial(SERVER_DECIDED).strict(),
  deliveries: deliveryRow.partial(SERVER_DECIDED).strict(),
  deliveryItems: deliveryItemRow.partial(SERVER_DECIDED).strict(),
  checklistTemplates: checklistTemplateRow.partial(SERVER_DECIDED).strict(),
  surveys: surveyRow.partial(SERVER_DECIDED).strict(),
  complaints: complaintRow.partial(SERVER_DECIDED).strict(),
} satisfies Record<SyncTableName, z.ZodType>;

/** Tables whose rows hang off a customer: removed with it when it leaves a user's scope. */
export const CHILD_TABLES = SYNC_TABLE_NAMES.filter((name) => SYNC_TABLES[name].scope === 'child');

export function isSyncTableName(name: string): name is SyncTableName {
  return (SYNC_TABLE_NAMES as readonly string[]).includes(name);
}
