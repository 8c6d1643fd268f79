// Loads the deterministic sample showroom through the write path, in chunks (one transaction
// each) so a large load reports progress and never holds one giant transaction. Orders,
// deliveries, surveys and complaints come with it, so the manager's dashboard has something to
// show; the loading user is every customer's consultant and the one who made the survey calls.

import { v7 as uuidv7 } from 'uuid';
import { showroomChunks, type SampleFollowUp } from '../../shared/sample-data/showroom';
import type { TimelineEntry } from '../../shared/domain/timeline';
import type { SyncTableName } from '../../shared/sync/tables';
import { markSampleDataLoaded, readSession } from './session-repo';
import { inWriteTransaction, writeRows, type RowFields, type WriteContext } from './write-path';

export type SampleLoadProgress = { done: number; total: number };

const CHUNK = 2_000;

export async function loadSampleShowroom(
  ctx: WriteContext,
  options: {
    customers: number;
    seed?: number;
    onProgress?: (progress: SampleLoadProgress) => void;
  },
): Promise<number> {
  // Made-up customers must never be pushed to a dealership's server.
  if (await readSession(ctx.db)) {
    throw new Error('Sample data cannot be loaded while logged in to a sync server');
  }
  const total = options.customers;
  // Marked before the first chunk: even a half-loaded showroom must never reach a real server.
  await markSampleDataLoaded(ctx.db, ctx.now());
  let done = 0;
  const chunks = showroomChunks(
    { seed: options.seed ?? 20261124, customers: total, now: ctx.now() },
    CHUNK,
  );
  for (const { customers, followUps, orders, deliveries, surveys, complaints } of chunks) {
    const followUpsByCustomer = new Map<string, SampleFollowUp[]>();
    for (const followUp of followUps) {
      const list = followUpsByCustomer.get(followUp.customerId) ?? [];
      list.push(followUp);
      followUpsByCustomer.set(followUp.customerId, list);
    }
    const tables = [
      'customers',
      'followUps',
      'timeline',
      'orders',
      'deliveries',
      'surveys',
      'complaints',
    ] satisfies SyncTableName[];
    await inWriteTransaction(ctx, tables, async () => {
      await writeRows(
        ctx,
        'customers',
        customers.map(({ id, updatedAt: _updatedAt, ...fields }) => ({
          rowId: id,
          fields: { ...fields, ownerId: ctx.actorId },
        })),
      );
      await writeRows(
        ctx,
        'followUps',
        followUps.map(({ id, updatedAt: _updatedAt, ...fields }) => ({
          rowId: id,
          fields: { ...fields, ownerId: ctx.actorId },
        })),
      );
      await writeRows(ctx, 'orders', orders.map(ownedBy(ctx)));
      await writeRows(ctx, 'deliveries', deliveries.map(ownedBy(ctx)));
      await writeRows(
        ctx,
        'surveys',
        surveys.map(ownedBy(ctx)).map(({ rowId, fields }) => ({
          rowId,
          fields: {
            ...fields,
            consultantId: ctx.actorId,
            surveyedBy: ctx.actorId,
            surveyedByName: ctx.actorName,
          },
        })),
      );
      await writeRows(ctx, 'complaints', complaints.map(ownedBy(ctx)));
      const timeline: { rowId: string; fields: Partial<RowFields<'timeline'>> }[] = [];
      for (const customer of customers) {
        timeline.push(sampleTimeline(ctx, customer.id, customer.createdAt, 'created', ''));
        for (const followUp of followUpsByCustomer.get(customer.id) ?? []) {
          if (followUp.state === 'done' && followUp.completedAt) {
            timeline.push(
              sampleTimeline(
                ctx,
                customer.id,
                followUp.completedAt,
                'follow_up_done',
                followUp.result,
                [
                  { field: 'channel', from: '', to: followUp.channel },
                  { field: 'outcome', from: '', to: followUp.outcome ?? '' },
                ],
              ),
            );
          }
        }
      }
      await writeRows(ctx, 'timeline', timeline);
    });
    done += customers.length;
    options.onProgress?.({ done, total });
  }
  return done;
}

/** A generated row as a write: its own id, this user as the owner, the write's time as updatedAt. */
function ownedBy(ctx: WriteContext) {
  return <Row extends { id: string; updatedAt: string }>({
    id,
    updatedAt: _updatedAt,
    ...fields
  }: Row) => ({ rowId: id, fields: { ...fields, ownerId: ctx.actorId } });
}

function sampleTimeline(
  ctx: WriteContext,
  customerId: string,
  at: string,
  kind: TimelineEntry['kind'],
  text: string,
  changes: TimelineEntry['changes'] = [],
): { rowId: string; fields: Partial<RowFields<'timeline'>> } {
  return {
    rowId: uuidv7(),
    fields: {
      createdAt: at,
      ownerId: ctx.actorId,
      customerId,
      kind,
      at,
      actorId: ctx.actorId,
      actorName: ctx.actorName,
      text,
      changes,
    },
  };
}
