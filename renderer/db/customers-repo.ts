// Customer cards: the only code that writes customers (and the timeline and follow-ups a card
// change implies). Every function is one write-path transaction.

import { v7 as uuidv7 } from 'uuid';
import { firstContactDueAt } from '../../shared/domain/cadence';
import type { Customer, CustomerFields } from '../../shared/domain/customer';
import { isActiveStatus, statusAfterEdit } from '../../shared/domain/customer-status';
import { localDay } from '../../shared/domain/dates';
import { intentLevel } from '../../shared/domain/intent';
import { normalizePhone } from '../../shared/domain/phone';
import { qualificationGrade } from '../../shared/domain/qualification';
import {
  EMPTY_CUSTOMER_FORM,
  type CustomerFormValues,
  type LostRequestValues,
  type QuickCaptureValues,
} from '../../shared/domain/schemas';
import type { FieldChange } from '../../shared/domain/timeline';
import { sameFieldValue } from '../../shared/sync/field-value';
import type { AppDB } from './AppDB';
import type { DealershipSettingsFields } from '../../shared/domain/settings';
import { readDealershipSettings } from './settings-repo';
import { addTimelineEntry } from './timeline-repo';
import { inWriteTransaction, writeRow, type RowFields, type WriteContext } from './write-path';
import { phoneIndexKey } from '../vault/sealing-middleware';

/** Fields the card form edits; everything else on the card is workflow-owned. */
export type EditableCustomerFields = Omit<
  CustomerFields,
  | 'qualificationGrade'
  | 'intentLevel'
  | 'lostReason'
  | 'lostCompetitor'
  | 'lostRequestedAt'
  | 'statusBeforeLost'
  | 'confirmedAt'
>;

export function formValuesToFields(
  values: CustomerFormValues,
): Omit<EditableCustomerFields, 'ownerId'> {
  const { phones, ...rest } = values;
  return {
    ...rest,
    phones: [...new Set(phones.map((phone) => normalizePhone(phone.number)))],
    tags: [...new Set(values.tags.map((tag) => tag.trim()).filter(Boolean))],
  };
}

export function customerToFormValues(customer: Customer): CustomerFormValues {
  return {
    kind: customer.kind,
    name: customer.name,
    phones: customer.phones.map((number) => ({ number })),
    wechatId: customer.wechatId,
    gender: customer.gender,
    city: customer.city,
    district: customer.district,
    company: customer.company,
    birthday: customer.birthday,
    source: customer.source,
    sourceDetail: customer.sourceDetail,
    brand: customer.brand,
    model: customer.model,
    trim: customer.trim,
    colour: customer.colour,
    budgetMin: customer.budgetMin,
    budgetMax: customer.budgetMax,
    payment: customer.payment,
    tradeIn: customer.tradeIn,
    competitors: customer.competitors,
    purpose: customer.purpose,
    hasConfidence: customer.hasConfidence,
    hasNeed: customer.hasNeed,
    hasPurchasingPower: customer.hasPurchasingPower,
    expectedPurchaseDate: customer.expectedPurchaseDate,
    status:
      customer.status === 'lost' || customer.status === 'lost_requested'
        ? customer.statusBeforeLost === 'ordered'
          ? 'ordered'
          : 'following'
        : customer.status,
    contractAmount: customer.contractAmount,
    deliveryDate: customer.deliveryDate,
    warrantyExpiry: customer.warrantyExpiry,
    insuranceExpiry: customer.insuranceExpiry,
    potentialNeeds: customer.potentialNeeds,
    referralsMade: customer.referralsMade,
    tags: customer.tags,
    notes: customer.notes,
  };
}

// The empty card form lives with the form schema (shared/): the import builds its rows on it too.
export { EMPTY_CUSTOMER_FORM };

/** Grade and intent are never typed: they are recomputed from the facts on every write. */
function derivedFields(
  fields: Pick<
    CustomerFields,
    'hasConfidence' | 'hasNeed' | 'hasPurchasingPower' | 'expectedPurchaseDate'
  >,
  now: Date,
  settings: DealershipSettingsFields,
) {
  return {
    qualificationGrade: qualificationGrade(fields),
    intentLevel: intentLevel(fields.expectedPurchaseDate, localDay(now), settings.intentThresholds),
  };
}

export async function createCustomer(
  ctx: WriteContext,
  values: CustomerFormValues,
): Promise<Customer> {
  return insertCustomer(ctx, formValuesToFields(values));
}

/** A new card's rows, ready for writeRow/writeRows: the card and its first follow-up (if active). */
export type NewCardRows = {
  customer: { rowId: string; fields: Partial<RowFields<'customers'>> };
  followUp: { rowId: string; fields: Partial<RowFields<'followUps'>> } | null;
};

/**
 * What a new card is made of: the typed fields with the derived grade and intent, the owner, and
 * — a new card never starts without a plan — the first contact due within the cadence's hours.
 * The one definition for the card form, quick capture and the import (which writes in bulk).
 */
export function newCardRows(
  fields: Omit<EditableCustomerFields, 'ownerId'>,
  ownerId: string,
  now: Date,
  settings: DealershipSettingsFields,
): NewCardRows {
  const id = uuidv7();
  const customer = {
    ...fields,
    ...derivedFields(fields, now, settings),
    ownerId,
    lostReason: '',
    lostCompetitor: '',
    lostRequestedAt: null,
    statusBeforeLost: null,
    confirmedAt: now.toISOString(),
  };
  const followUp = isActiveStatus(fields.status)
    ? {
        rowId: uuidv7(),
        fields: {
          ownerId,
          customerId: id,
          dueAt: firstContactDueAt(now, settings.cadence).toISOString(),
          channel: 'phone' as const,
          purpose: fields.status === 'new' ? 'first_contact' : 'follow_up',
          state: 'planned' as const,
          completedAt: null,
          outcome: null,
          result: '',
        },
      }
    : null;
  return { customer: { rowId: id, fields: customer }, followUp };
}

async function insertCustomer(
  ctx: WriteContext,
  fields: Omit<EditableCustomerFields, 'ownerId'>,
): Promise<Customer> {
  return inWriteTransaction(ctx, ['customers', 'followUps', 'timeline', 'settings'], async () => {
    const settings = await readDealershipSettings(ctx.db);
    const rows = newCardRows(fields, ctx.actorId, ctx.now(), settings);
    const customer = await writeRow(ctx, 'customers', rows.customer.rowId, rows.customer.fields);
    await addTimelineEntry(ctx, customer, { kind: 'created', text: '' });
    if (rows.followUp) await writeRow(ctx, 'followUps', rows.followUp.rowId, rows.followUp.fields);
    return customer;
  });
}

/**
 * Saves the card form. `baseline` is what the form showed when it was opened: only the fields the
 * user changed since are written, so a field somebody else changed meanwhile (arrived by sync
 * while the form was open) keeps its newer value instead of being overwritten with a stale one.
 */
export async function updateCustomer(
  ctx: WriteContext,
  id: string,
  values: CustomerFormValues,
  baseline?: CustomerFormValues,
): Promise<Customer> {
  return inWriteTransaction(ctx, ['customers', 'timeline', 'settings'], async () => {
    const current = await ctx.db.customers.get(id);
    if (!current) throw new Error(`Customer ${id} not found`);
    const edited = baseline ? onlyEdited(customerToFormValues(current), values, baseline) : values;
    const fields = formValuesToFields(edited);
    // A lost request (or a lost customer) leaves that state only through the manager's decision,
    // and an owner is made only by completing a delivery: never through an edit of the card.
    const status = statusAfterEdit(current.status, fields.status);
    const next = {
      ...fields,
      status,
      ...derivedFields(fields, ctx.now(), await readDealershipSettings(ctx.db)),
      // Saving the form is the consultant confirming the card's data.
      confirmedAt: ctx.now().toISOString(),
    };
    const changes = describeChanges(current, next);
    const updated = await writeRow(ctx, 'customers', id, next);
    if (changes.length > 0) await addTimelineEntry(ctx, updated, { kind: 'changed', changes });
    return updated;
  });
}

/** The stored card's form values with the fields the user edited (values ≠ baseline) laid over. */
function onlyEdited(
  stored: CustomerFormValues,
  values: CustomerFormValues,
  baseline: CustomerFormValues,
): CustomerFormValues {
  const merged: Record<string, unknown> = { ...stored };
  for (const key of Object.keys(values) as Array<keyof CustomerFormValues>) {
    if (!sameFieldValue(values[key], baseline[key])) merged[key] = values[key];
  }
  return merged as CustomerFormValues;
}

/** The fields the grade and the intent level are computed from. */
const DERIVING_FIELDS: ReadonlySet<string> = new Set([
  'hasConfidence',
  'hasNeed',
  'hasPurchasingPower',
  'expectedPurchaseDate',
]);

/**
 * Writes a few fields of a card outside the form (re-applying a conflict's value), with the grade
 * and intent recomputed when a fact or the expected date changes, and a timeline entry. Runs
 * inside the caller's write transaction, which must include customers, timeline and settings.
 */
export async function writeCustomerFields(
  ctx: WriteContext,
  id: string,
  fields: Partial<CustomerFields>,
  /** Said on the timeline entry besides the changed fields (the import names its file). */
  context: FieldChange[] = [],
): Promise<Customer> {
  const current = await ctx.db.customers.get(id);
  if (!current) throw new Error(`Customer ${id} not found`);
  const next: Partial<CustomerFields> = { ...fields };
  if (Object.keys(fields).some((field) => DERIVING_FIELDS.has(field))) {
    const settings = await readDealershipSettings(ctx.db);
    Object.assign(next, derivedFields({ ...current, ...fields }, ctx.now(), settings));
  }
  const changes = describeChanges(current, next);
  const updated = await writeRow(ctx, 'customers', id, next);
  if (changes.length > 0) {
    await addTimelineEntry(ctx, updated, { kind: 'changed', changes: [...context, ...changes] });
  }
  return updated;
}

/** A consultant cannot mark a customer lost; they request it and a manager decides. */
export async function requestLost(
  ctx: WriteContext,
  id: string,
  values: LostRequestValues,
): Promise<Customer> {
  return inWriteTransaction(ctx, ['customers', 'followUps', 'timeline'], async () => {
    const current = await ctx.db.customers.get(id);
    if (!current) throw new Error(`Customer ${id} not found`);
    if (!isActiveStatus(current.status))
      throw new Error(`Customer ${id} is not active (${current.status})`);
    const updated = await writeRow(ctx, 'customers', id, {
      status: 'lost_requested',
      statusBeforeLost: current.status,
      lostReason: values.reason,
      lostCompetitor: values.competitorBought,
      lostRequestedAt: ctx.now().toISOString(),
    });
    const planned = await ctx.db.followUps
      .where('[state+customerId]')
      .equals(['planned', id])
      .primaryKeys();
    for (const followUpId of planned) {
      await writeRow(ctx, 'followUps', followUpId, { state: 'cancelled' });
    }
    await addTimelineEntry(ctx, updated, {
      kind: 'lost_requested',
      text: values.reason,
      changes: values.competitorBought
        ? [{ field: 'lostCompetitor', from: '', to: values.competitorBought }]
        : [],
    });
    return updated;
  });
}

/** Event quick capture: a full card from five fields, tagged with the event. */
export async function quickCaptureCustomer(
  ctx: WriteContext,
  values: QuickCaptureValues,
  eventName: string,
): Promise<Customer> {
  const { phone, note, ...rest } = values;
  return insertCustomer(ctx, {
    ...formValuesToFields({ ...EMPTY_CUSTOMER_FORM, phones: [{ number: phone }] }),
    ...rest,
    source: 'event',
    sourceDetail: eventName,
    tags: [eventName],
    notes: note,
  });
}

/**
 * A known customer seen again at an event (the quick capture's phone matched their card): the
 * visit goes on the card instead of a second card. The card gets the event's tag and, if it had
 * none, the model asked about; the visit is an 'event_visit' timeline entry whose changes carry
 * the event and model as data (rendered in the reader's language) and whose text is the note.
 */
export async function recordEventVisit(
  ctx: WriteContext,
  customerId: string,
  values: Pick<QuickCaptureValues, 'model' | 'note'>,
  eventName: string,
): Promise<Customer> {
  return inWriteTransaction(ctx, ['customers', 'timeline', 'settings'], async () => {
    const current = await ctx.db.customers.get(customerId);
    if (!current || current.deleted) throw new Error(`Customer ${customerId} not found`);
    const fields: Partial<CustomerFields> = {};
    if (!current.tags.includes(eventName)) fields.tags = [...current.tags, eventName];
    const model = values.model.trim();
    if (model !== '' && current.model.trim() === '') fields.model = model;
    const updated =
      Object.keys(fields).length > 0 ? await writeCustomerFields(ctx, customerId, fields) : current;
    const changes: FieldChange[] = [{ field: 'event', from: '', to: eventName }];
    if (model !== '') changes.push({ field: 'model', from: '', to: model });
    await addTimelineEntry(ctx, updated, {
      kind: 'event_visit',
      changes,
      text: values.note.trim(),
    });
    return updated;
  });
}

/** Customers already holding this number (normalized), for the duplicate warning. */
export async function findCustomersByPhone(db: AppDB, phone: string): Promise<Customer[]> {
  const normalized = normalizePhone(phone);
  if (normalized.length < 7) return [];
  const matches = await db.customers
    .where('phoneKeys')
    .equals(phoneIndexKey(db.keys, normalized))
    .toArray();
  return matches.filter((customer) => !customer.deleted);
}

/** Field-by-field old → new, as text, for the timeline. */
export function describeChanges(current: Customer, next: Partial<CustomerFields>): FieldChange[] {
  const ignored = new Set(['confirmedAt']);
  const changes: FieldChange[] = [];
  for (const [field, value] of Object.entries(next)) {
    if (ignored.has(field)) continue;
    const before = (current as Record<string, unknown>)[field];
    if (sameFieldValue(before, value)) continue;
    changes.push({ field, from: asText(before), to: asText(value) });
  }
  return changes;
}

function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}
