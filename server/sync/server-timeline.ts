// Timeline entries the server writes for its commands (reassignment, lost decisions): a row like
// any client's, every field stamped with the command's server HLC, in the customer's scope.

import { v7 as uuidv7 } from 'uuid';
import type {
  FieldChange,
  TimelineEntry,
  TimelineKind,
  TimelineNoteCode,
} from '../../shared/domain/timeline';
import type { Caller } from '../auth/authorize';
import type { Queryable } from '../db/database';
import { saveRecord, type RecordWrite } from '../db/records';

export type ServerTimelineEntry = {
  caller: Caller;
  customerId: string;
  /** The customer's owner: the entry is in their scope. */
  ownerId: string;
  kind: TimelineKind;
  text: string;
  /** A note the app writes: a code the reader's app translates, with its parameters. */
  note?: { code: TimelineNoteCode; params: Record<string, string> };
  changes: FieldChange[];
  hlc: string;
  now: string;
};

/** The row of an entry, for a caller that writes many at once (push-sql.ts writeRows). */
export function serverTimelineRecord(
  entry: ServerTimelineEntry,
): Omit<RecordWrite, 'dealershipId'> {
  const id = uuidv7();
  const data: Omit<TimelineEntry, 'clocks'> = {
    id,
    dealershipId: entry.caller.dealershipId,
    ownerId: entry.ownerId,
    createdAt: entry.now,
    updatedAt: entry.now,
    deleted: false,
    customerId: entry.customerId,
    kind: entry.kind,
    at: entry.now,
    actorId: entry.caller.id,
    actorName: entry.caller.name,
    changes: entry.changes,
    text: entry.text,
    ...(entry.note ? { noteCode: entry.note.code, noteParams: entry.note.params } : {}),
  };
  return {
    table: 'timeline',
    id,
    ownerId: entry.ownerId,
    customerId: entry.customerId,
    data,
    clocks: Object.fromEntries(Object.keys(data).map((field) => [field, entry.hlc])),
  };
}

export async function writeServerTimelineEntry(
  tx: Queryable,
  entry: ServerTimelineEntry,
): Promise<void> {
  await saveRecord(tx, { ...serverTimelineRecord(entry), dealershipId: entry.caller.dealershipId });
}
