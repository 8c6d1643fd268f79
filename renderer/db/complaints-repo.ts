// 投诉: log a complaint on a customer (its deadlines follow from when it was received), record the
// first contact, write down the handling steps, and resolve it with a resolution.

import { v7 as uuidv7 } from 'uuid';
import {
  complaintFormSchema,
  complaintHandlingSchema,
  type ComplaintFormValues,
  type ComplaintSteps,
} from '../../shared/domain/post-delivery-schemas';
import { complaintDueDates, type Complaint } from '../../shared/domain/complaint';
import type { Customer } from '../../shared/domain/customer';
import type { AppDB } from './AppDB';
import { addTimelineEntry } from './timeline-repo';
import { inWriteTransaction, writeRow, type WriteContext } from './write-path';

export async function logComplaint(
  ctx: WriteContext,
  customerId: string,
  values: ComplaintFormValues,
): Promise<Complaint> {
  const complaint = complaintFormSchema.parse(values);
  return inWriteTransaction(ctx, ['customers', 'complaints', 'timeline'], async () => {
    const customer = await requireCustomer(ctx.db, customerId);
    const due = complaintDueDates(complaint.receivedAt);
    const stored = await writeRow(ctx, 'complaints', uuidv7(), {
      ownerId: customer.ownerId,
      customerId: customer.id,
      category: complaint.category,
      description: complaint.description,
      receivedAt: complaint.receivedAt.toISOString(),
      firstContactDueAt: due.firstContactDueAt.toISOString(),
      resultDueAt: due.resultDueAt.toISOString(),
      firstContactAt: null,
      stepListen: '',
      stepCalm: '',
      stepEmpathize: '',
      stepAct: '',
      resolution: '',
      resolvedAt: null,
    });
    await addTimelineEntry(ctx, customer, {
      kind: 'complaint_received',
      text: stored.description,
      changes: [
        { field: 'complaintCategory', from: '', to: stored.category },
        { field: 'receivedAt', from: '', to: stored.receivedAt },
        { field: 'firstContactDueAt', from: '', to: stored.firstContactDueAt },
        { field: 'resultDueAt', from: '', to: stored.resultDueAt },
      ],
    });
    return stored;
  });
}

/** The customer was called back: the first-contact deadline is met. */
export async function recordFirstContact(
  ctx: WriteContext,
  complaintId: string,
): Promise<Complaint> {
  return inWriteTransaction(ctx, ['complaints'], async () => {
    const complaint = await requireOpenComplaint(ctx.db, complaintId);
    if (complaint.firstContactAt !== null)
      throw new Error(`Complaint ${complaintId} was already contacted`);
    return writeRow(ctx, 'complaints', complaintId, {
      firstContactAt: ctx.now().toISOString(),
    });
  });
}

/** Writes the four handling steps; only the steps that changed are recorded (and synced). */
export async function saveHandlingSteps(
  ctx: WriteContext,
  complaintId: string,
  steps: ComplaintSteps,
): Promise<Complaint> {
  const parsed = complaintHandlingSchema.parse({ ...steps, resolution: '', resolve: false });
  return inWriteTransaction(ctx, ['complaints'], async () => {
    await requireOpenComplaint(ctx.db, complaintId);
    return writeRow(ctx, 'complaints', complaintId, stepsOf(parsed));
  });
}

/**
 * Closes the complaint with its resolution (required) and the steps as they stand. A result
 * means the customer was reached, so a complaint never contacted counts as contacted now.
 */
export async function resolveComplaint(
  ctx: WriteContext,
  complaintId: string,
  values: ComplaintSteps & { resolution: string },
): Promise<Complaint> {
  const parsed = complaintHandlingSchema.parse({ ...values, resolve: true });
  return inWriteTransaction(ctx, ['customers', 'complaints', 'timeline'], async () => {
    const complaint = await requireOpenComplaint(ctx.db, complaintId);
    const customer = await requireCustomer(ctx.db, complaint.customerId);
    const now = ctx.now().toISOString();
    const resolved = await writeRow(ctx, 'complaints', complaintId, {
      ...stepsOf(parsed),
      resolution: parsed.resolution,
      resolvedAt: now,
      ...(complaint.firstContactAt === null ? { firstContactAt: now } : {}),
    });
    await addTimelineEntry(ctx, customer, {
      kind: 'complaint_resolved',
      text: parsed.resolution,
      changes: [{ field: 'complaintCategory', from: '', to: complaint.category }],
    });
    return resolved;
  });
}

function stepsOf(values: ComplaintSteps): ComplaintSteps {
  return {
    stepListen: values.stepListen,
    stepCalm: values.stepCalm,
    stepEmpathize: values.stepEmpathize,
    stepAct: values.stepAct,
  };
}

async function requireCustomer(db: AppDB, customerId: string): Promise<Customer> {
  const customer = await db.customers.get(customerId);
  if (!customer || customer.deleted) throw new Error(`Customer ${customerId} not found`);
  return customer;
}

async function requireOpenComplaint(db: AppDB, complaintId: string): Promise<Complaint> {
  const complaint = await db.complaints.get(complaintId);
  if (!complaint || complaint.deleted) throw new Error(`Complaint ${complaintId} not found`);
  if (complaint.resolvedAt !== null)
    throw new Error(`Complaint ${complaintId} is already resolved`);
  return complaint;
}
