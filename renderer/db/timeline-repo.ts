// Timeline entries are append-only rows written alongside the change they describe.

import Dexie from 'dexie';
import { v7 as uuidv7 } from 'uuid';
import type { Customer } from '../../shared/domain/customer';
import type { FieldChange, TimelineEntry, TimelineKind } from '../../shared/domain/timeline';
import type { AppDB } from './AppDB';
import { inWriteTransaction, writeRow, type WriteContext } from './write-path';

export async function addTimelineEntry(
  ctx: WriteContext,
  customer: Pick<Customer, 'id' | 'ownerId'>,
  entry: { kind: TimelineKind; text?: string; changes?: FieldChange[] },
): Promise<TimelineEntry> {
  return writeRow(ctx, 'timeline', uuidv7(), {
    ownerId: customer.ownerId,
    customerId: customer.id,
    kind: entry.kind,
    at: ctx.now().toISOString(),
    actorId: ctx.actorId,
    actorName: ctx.actorName,
    changes: entry.changes ?? [],
    text: entry.text ?? '',
  });
}

export async function addNote(
  ctx: WriteContext,
  customerId: string,
  text: string,
): Promise<TimelineEntry> {
  return inWriteTransaction(ctx, ['customers', 'timeline'], async () => {
    const customer = await ctx.db.customers.get(customerId);
    if (!customer) throw new Error(`Customer ${customerId} not found`);
    return addTimelineEntry(ctx, customer, { kind: 'note', text });
  });
}

/** A customer's timeline, newest first. */
export function customerTimeline(db: AppDB, customerId: string): Promise<TimelineEntry[]> {
  return db.timeline
    .where('[customerId+at]')
    .between([customerId, Dexie.minKey], [customerId, Dexie.maxKey])
    .reverse()
    .toArray();
}
