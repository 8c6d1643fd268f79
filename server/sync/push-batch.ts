// What one push batch holds while its changes are checked and merged: the caller, the clocks, the
// rows (push-rows.ts) and the other facts a change may need (merges, reassignments, attachments,
// users), each read once per batch, most of them for the whole batch before the first change.
// Also the shapes every part of the push shares: a refusal, and what a change leaves behind.

import type { Mutation, RejectReason } from '../../shared/sync/protocol';
import type { Caller } from '../auth/authorize';
import { missingAttachments } from '../db/attachments';
import type { Queryable } from '../db/database';
import { findMerge, type MergeRecord } from '../db/merges';
import { findUserById } from '../db/users';
import type { RecordWrite } from '../db/records';
import type { SyncTableName } from '../../shared/sync/tables';
import type { ChangeCollector } from './change-notice';
import type { ClientClockBounds } from './client-clock';
import type { AuthorLookup } from './conflict-rows';
import { verdictFromHistory, type OwnershipStep, type OwnershipVerdict } from './ownership-history';
import type { BatchRow, BatchRows } from './push-rows';
import type { Removal } from './push-sql';
import type { ServerClock } from './server-clock';

/** A change the server will not apply: the reason goes back in its ack. */
export class Rejection extends Error {
  constructor(
    readonly reason: RejectReason,
    message: string,
  ) {
    super(message);
  }
}

export const reject = (reason: RejectReason, message: string) => new Rejection(reason, message);

/** Writes one change's rows and removals the moment they are made (push.ts, one change at a time). */
export type WriteThrough = {
  row(row: BatchRow): Promise<void>;
  removal(removal: Removal): Promise<void>;
};

/**
 * What one change leaves behind, kept apart until the change is through. In a set, written with
 * the batch's at the end; one change at a time, also written the moment each is made, so that the
 * database refuses it at the point where the change made it (what comes after is never made).
 */
export type ChangeEffects = {
  /** Rows written, in order (the row itself, then its conflicts). */
  readonly rows: BatchRow[];
  readonly removals: Removal[];
  /** Owners whose rows changed (null: a dealership row): who gets poked. */
  readonly owners: Array<string | null>;
  keepRow(row: RecordWrite): Promise<void>;
  keepRemoval(removal: Removal): Promise<void>;
};

export function collectEffects(writeThrough: WriteThrough | null): ChangeEffects {
  const effects: ChangeEffects = {
    rows: [],
    removals: [],
    owners: [],
    async keepRow(row) {
      const { dealershipId: _dealership, ...batchRow } = row;
      await writeThrough?.row(batchRow);
      effects.rows.push(batchRow);
      effects.owners.push(row.ownerId);
    },
    async keepRemoval(removal) {
      await writeThrough?.removal(removal);
      effects.removals.push(removal);
    },
  };
  return effects;
}

export type Batch = {
  tx: Queryable;
  caller: Caller;
  clientId: string;
  clock: ServerClock;
  /** What the server has heard from this client: its clocks cannot go back before it. */
  clientClock: ClientClockBounds;
  changes: ChangeCollector;
  authors: AuthorLookup;
  rows: BatchRows;
  facts: BatchFacts;
};

/** The merged-card rows a change is judged by (server/db/merges.ts merged_rows). */
export type MergeFacts = {
  /** The merge of a card and its survivor now (a survivor merged again is followed). */
  finalSurvivor(customerId: string): Promise<MergeRecord | undefined>;
  /** The cards a row belonged to before merges moved it (oldest first). */
  mergedOrigins(table: SyncTableName, rowId: string): Promise<string[]>;
};

/** Facts other than rows that push never writes, so each is read at most once per batch. */
export type BatchFacts = MergeFacts & {
  /** Whether the user owned the customer at the HLC (server/sync/ownership-history.ts). */
  ownershipAt(customerId: string, userId: string, hlc: string): Promise<OwnershipVerdict>;
  userName(userId: string): Promise<string | undefined>;
  /** Which of the hashes the dealership does not hold. */
  missingAttachments(hashes: readonly string[]): Promise<string[]>;
  /** Reads for many at once what the batch is about to ask for one by one. */
  prefetch(wanted: {
    reassignmentsOf?: readonly string[];
    originsOf?: ReadonlyArray<{ table: SyncTableName; id: string }>;
    attachments?: readonly string[];
  }): Promise<void>;
};

const keyOf = (table: string, id: string) => `${table}\u0000${id}`;

export function createBatchFacts(tx: Queryable, dealershipId: string): BatchFacts {
  const merges = new Map<string, MergeRecord | null>();
  const histories = new Map<string, OwnershipStep[]>();
  const origins = new Map<string, string[]>();
  const users = new Map<string, string | undefined>();
  const attachmentsHeld = new Map<string, boolean>();

  const mergeOf = async (customerId: string): Promise<MergeRecord | undefined> => {
    let merge = merges.get(customerId);
    if (merge === undefined) {
      merge = (await findMerge(tx, dealershipId, customerId)) ?? null;
      merges.set(customerId, merge);
    }
    return merge ?? undefined;
  };

  const readHistories = async (customerIds: readonly string[]) => {
    const wanted = customerIds.filter((id) => !histories.has(id));
    if (wanted.length === 0) return;
    for (const id of wanted) histories.set(id, []);
    const rows = await tx.query<{
      customer_id: string;
      from_user: string;
      to_user: string;
      hlc: string;
    }>(
      `SELECT customer_id, from_user::text, to_user::text, hlc FROM reassignments
       WHERE dealership_id = $1 AND customer_id = ANY($2::text[]) ORDER BY customer_id, hlc, id`,
      [dealershipId, wanted],
    );
    for (const row of rows) {
      histories.get(row.customer_id)?.push({
        fromUser: row.from_user,
        toUser: row.to_user,
        hlc: row.hlc,
      });
    }
  };

  const readOrigins = async (keys: ReadonlyArray<{ table: SyncTableName; id: string }>) => {
    const wanted = keys.filter((key) => !origins.has(keyOf(key.table, key.id)));
    if (wanted.length === 0) return;
    for (const key of wanted) origins.set(keyOf(key.table, key.id), []);
    const rows = await tx.query<{ table_name: string; row_id: string; from_customer: string }>(
      `SELECT m.table_name, m.row_id, m.from_customer
       FROM merged_rows m
       JOIN unnest($2::text[], $3::text[]) AS w (table_name, row_id) USING (table_name, row_id)
       WHERE m.dealership_id = $1
       ORDER BY m.table_name, m.row_id, m.merge_id`,
      [dealershipId, wanted.map((key) => key.table), wanted.map((key) => key.id)],
    );
    for (const row of rows) origins.get(keyOf(row.table_name, row.row_id))?.push(row.from_customer);
  };

  const readAttachments = async (hashes: readonly string[]) => {
    const wanted = [...new Set(hashes)].filter((hash) => !attachmentsHeld.has(hash));
    if (wanted.length === 0) return;
    const missing = new Set(await missingAttachments(tx, dealershipId, wanted));
    for (const hash of wanted) attachmentsHeld.set(hash, !missing.has(hash));
  };

  return {
    async finalSurvivor(customerId) {
      // As server/db/merges.ts finalSurvivor, through the batch's cache.
      const merge = await mergeOf(customerId);
      if (!merge) return undefined;
      let survivorId = merge.survivorId;
      const seen = new Set([customerId]);
      while (!seen.has(survivorId)) {
        seen.add(survivorId);
        const next = await mergeOf(survivorId);
        if (!next) break;
        survivorId = next.survivorId;
      }
      return { ...merge, survivorId };
    },
    async mergedOrigins(table, rowId) {
      await readOrigins([{ table, id: rowId }]);
      return origins.get(keyOf(table, rowId)) ?? [];
    },
    async ownershipAt(customerId, userId, hlc) {
      await readHistories([customerId]);
      return verdictFromHistory(histories.get(customerId) ?? [], userId, hlc);
    },
    async userName(userId) {
      if (!users.has(userId)) users.set(userId, (await findUserById(tx, userId))?.name);
      return users.get(userId);
    },
    async missingAttachments(hashes) {
      await readAttachments(hashes);
      return hashes.filter((hash) => attachmentsHeld.get(hash) === false);
    },
    async prefetch(wanted) {
      if (wanted.reassignmentsOf) await readHistories(wanted.reassignmentsOf);
      if (wanted.originsOf) await readOrigins(wanted.originsOf);
      if (wanted.attachments) await readAttachments(wanted.attachments);
    },
  };
}

/** The clock and fields of a change were checked up front; the clock is checked in order. */
export type CheckedChange = {
  mutation: Mutation;
  /** The change's fields as validated, or why they are not valid. */
  fields: Record<string, unknown> | Rejection;
};
