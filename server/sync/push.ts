// POST /v1/push: a client's outbox, applied in order in one transaction per request, as sets.
//
// A batch is read once (push-batch.ts, push-rows.ts: the earlier outcomes of its seqs, every row
// its changes touch and their customers, what its checks need), each change is checked and merged
// in memory in outbox order (push-change.ts, with the per-table rules of push-rules.ts), and what
// the batch wrote goes back in one statement per table (push-sql.ts): rows and conflicts, removals,
// outcomes. Some ten statements for a batch of 500 changes, where writing each change on its own
// took two to five each.
//
// A change that is refused is refused alone: its checks run before anything of it enters the
// batch, and refusals are acks too, so the client's queue never blocks. Should the database still
// refuse the set (something validation let through), the batch is done again one change at a
// time, each in its own savepoint, so that change alone is refused. A lost connection fails the
// whole request (503): it says nothing about the changes. The outcomes are recorded in `mutations`
// in the same transaction as the effects: a retried batch changes nothing twice.
//
// The result is the one writing each change on its own gave (push-oracle.test.ts holds the two
// side by side), with one difference by design: the database sees each row once, as the batch
// leaves it, so a value it would refuse that a later change of the same batch replaces is never
// put to it (validation is meant to refuse such values first anyway: shared/sync/storable.ts).

import type {
  Mutation,
  MutationAck,
  PushRequest,
  PushResponse,
  RejectReason,
  ServerRow,
} from '../../shared/sync/protocol';
import { referencedHashes } from '../../shared/sync/attachments';
import { SYNC_TABLES, type SyncTableName } from '../../shared/sync/tables';
import { canSeeRow, seesWholeDealership, type Caller } from '../auth/authorize';
import type { Database, Queryable } from '../db/database';
import { isDataError, sqlState } from '../db/database-errors';
import { lockDealership } from '../db/records';
import { findClientOwner } from '../db/users';
import { forbidden } from '../http/errors';
import { collectChanges } from './change-notice';
import { loadClientClock } from './client-clock';
import { createAuthorLookup } from './conflict-rows';
import {
  createBatchFacts,
  collectEffects,
  Rejection,
  type Batch,
  type ChangeEffects,
} from './push-batch';
import { applyChange, checkFields } from './push-change';
import { loadBatchRows } from './push-rows';
import {
  readOutcomes,
  writeOutcomes,
  writeRemovals,
  writeRows,
  type Removal,
  type RowKey,
  type StoredOutcome,
} from './push-sql';
import { loadServerClock } from './server-clock';

/**
 * How a batch's effects reach the database: `set`, all at the end in one statement per table;
 * `one_by_one`, each change's right after it, in its own savepoint (the fallback).
 */
type WriteMode = 'set' | 'one_by_one';

type Outcome =
  /** diverged: some field did not end as the change wrote it (lost to a newer value, restamped). */
  | { status: 'applied'; diverged: boolean }
  | { status: 'rejected'; reason: RejectReason; message: string };

export async function push(
  db: Database,
  caller: Caller,
  request: PushRequest,
): Promise<PushResponse> {
  if ((await findClientOwner(db, request.clientId)) !== caller.id) {
    throw forbidden(
      'client_bound_to_other_user',
      'This client id is not bound to you; log in from this client first.',
    );
  }
  return db.transaction(async (tx) => {
    await lockDealership(tx, caller.dealershipId);
    await tx.query('SAVEPOINT push_batch');
    try {
      return await pushBatch(tx, caller, request, 'set');
    } catch (error) {
      if (!isDataError(error)) throw error;
      // The set holds a value the database refuses, and a set cannot say whose it is.
      await tx.query('ROLLBACK TO SAVEPOINT push_batch');
      return pushBatch(tx, caller, request, 'one_by_one');
    }
  });
}

/** An applied ack that may have to carry the row as the server holds it after the batch. */
type UnsettledAck = {
  ack: MutationAck;
  mutation: Mutation;
  /** true: a field the change sent lost or was restamped; null: a replay, not known. */
  diverged: true | null;
};

async function pushBatch(
  tx: Queryable,
  caller: Caller,
  request: PushRequest,
  mode: WriteMode,
): Promise<PushResponse> {
  const { clientId, mutations } = request;
  const clock = await loadServerClock(tx, caller.dealershipId);
  const clientClock = await loadClientClock(tx, clientId, request);
  // Every (clientId, seq) of the batch seen before, in one query; a seq repeated inside the
  // batch itself counts as seen from its second occurrence on.
  const seen = await readOutcomes(
    tx,
    clientId,
    mutations.map((mutation) => mutation.seq),
  );
  // Fields are checked before anything is read: only valid values reach a query.
  const checked = mutations.map((mutation) =>
    seen.has(mutation.seq) ? null : checkFields(mutation),
  );
  const rows = await loadBatchRows(tx, caller.dealershipId, rowsToRead(mutations, checked, seen));
  const facts = createBatchFacts(tx, caller.dealershipId);
  const batch: Batch = {
    tx,
    caller,
    clientId,
    clock,
    clientClock,
    changes: collectChanges(caller.dealershipId),
    authors: createAuthorLookup(tx),
    rows,
    facts,
  };
  await readAheadForChecks(batch, mutations, checked);

  const acks: MutationAck[] = [];
  const recorded: Array<{ seq: number; outcome: StoredOutcome }> = [];
  const unsettled: UnsettledAck[] = [];
  const removals: Removal[] = [];
  for (const [index, mutation] of mutations.entries()) {
    const stored = seen.get(mutation.seq);
    if (stored) {
      const ack = await replayedAck(batch, mutation.seq, stored);
      acks.push(ack);
      if (ack.status === 'applied') unsettled.push({ ack, mutation, diverged: null });
      continue;
    }
    const fields = checked[index] ?? checkFields(mutation);
    const outcome =
      mode === 'set'
        ? await applyInSet(batch, mutation, fields, removals)
        : await applyOnItsOwn(batch, mutation, fields);
    const row: StoredOutcome =
      outcome.status === 'applied'
        ? {
            status: 'applied',
            reason: null,
            message: null,
            table: mutation.table,
            rowId: mutation.rowId,
          }
        : {
            status: 'rejected',
            reason: outcome.reason,
            message: outcome.message,
            table: mutation.table,
            rowId: mutation.rowId,
          };
    seen.set(mutation.seq, row);
    recorded.push({ seq: mutation.seq, outcome: row });
    if (outcome.status === 'applied') {
      const ack: MutationAck = { seq: mutation.seq, status: 'applied' };
      acks.push(ack);
      if (outcome.diverged) unsettled.push({ ack, mutation, diverged: true });
    } else {
      acks.push({
        seq: mutation.seq,
        status: 'rejected',
        reason: outcome.reason,
        message: outcome.message,
        current: await visibleRow(batch, mutation.table, mutation.rowId),
      });
    }
  }
  await attachWinningRows(batch, unsettled);
  if (mode === 'set') {
    await writeRows(tx, caller.dealershipId, rows.written());
    await writeRemovals(tx, caller.dealershipId, removals);
  }
  await writeOutcomes(tx, clientId, recorded);
  const serverHlc = clock.tick();
  await clientClock.save(serverHlc);
  await clock.save();
  await batch.changes.notify(tx);
  return { acks, serverHlc };
}

/**
 * Every row the batch's checks will read: each change's row, the customer it names, and (found by
 * the same statement) the customer of each existing row; for replays, the row their ack is about.
 */
function rowsToRead(
  mutations: readonly Mutation[],
  checked: ReadonlyArray<Record<string, unknown> | Rejection | null>,
  seen: ReadonlyMap<number, StoredOutcome>,
): RowKey[] {
  const keys: RowKey[] = [];
  for (const [index, mutation] of mutations.entries()) {
    keys.push({ table: mutation.table, id: mutation.rowId });
    const stored = seen.get(mutation.seq);
    if (stored) keys.push({ table: stored.table, id: stored.rowId });
    const fields = checked[index];
    if (fields && !(fields instanceof Rejection) && typeof fields.customerId === 'string') {
      keys.push({ table: 'customers', id: fields.customerId });
    }
  }
  return keys;
}

/**
 * The facts the batch's checks will ask for, read for all its changes at once: the attachments
 * its rows reference and, for a consultant writing customers that are not theirs, the customers'
 * reassignments and the cards merges moved the rows from (who owned the row when it was changed).
 */
async function readAheadForChecks(
  batch: Batch,
  mutations: readonly Mutation[],
  checked: ReadonlyArray<Record<string, unknown> | Rejection | null>,
): Promise<void> {
  const { caller, rows, facts } = batch;
  const attachments: string[] = [];
  const notTheirs = new Set<string>();
  const rowsOfOthers: RowKey[] = [];
  for (const [index, mutation] of mutations.entries()) {
    const fields = checked[index];
    if (!fields || fields instanceof Rejection) continue;
    attachments.push(...referencedHashes(mutation.table, fields));
    if (seesWholeDealership(caller.role)) continue;
    const scope = SYNC_TABLES[mutation.table].scope;
    if (scope === 'dealership') continue;
    const current = await rows.get(mutation.table, mutation.rowId);
    const customerId =
      scope === 'customer'
        ? mutation.rowId
        : (current?.customerId ??
          (typeof fields.customerId === 'string' ? fields.customerId : null));
    if (customerId === null) continue;
    const customer = scope === 'customer' ? current : await rows.get('customers', customerId);
    if (!customer || customer.ownerId === caller.id) continue;
    notTheirs.add(customerId);
    if (current && scope === 'child')
      rowsOfOthers.push({ table: mutation.table, id: mutation.rowId });
  }
  await facts.prefetch({ attachments, originsOf: rowsOfOthers });
  for (const key of rowsOfOthers) {
    for (const origin of await facts.mergedOrigins(key.table, key.id)) notTheirs.add(origin);
  }
  await facts.prefetch({ reassignmentsOf: [...notTheirs] });
}

/** Set mode: the change's effects join the batch's, to be written with them at the end. */
async function applyInSet(
  batch: Batch,
  mutation: Mutation,
  fields: Record<string, unknown> | Rejection,
  removals: Removal[],
): Promise<Outcome> {
  const effects = collectEffects(null);
  let outcome: Outcome;
  try {
    outcome = { status: 'applied', diverged: await applyChange(batch, mutation, fields, effects) };
  } catch (error) {
    if (!(error instanceof Rejection)) throw error;
    // A refusal keeps what was kept before it (the conflicts of a `reassigned` change).
    outcome = { status: 'rejected', reason: error.reason, message: error.message };
  }
  takeEffects(batch, effects);
  removals.push(...effects.removals);
  return outcome;
}

/**
 * One change inside its own savepoint, each of its rows written as it is made: should the database refuse
 * something validation let through, that change alone is refused and undone, and the batch goes
 * on — a batch that fails as a whole is sent again for ever and blocks everything queued behind
 * it. A lost connection still fails the whole request.
 */
async function applyOnItsOwn(
  batch: Batch,
  mutation: Mutation,
  fields: Record<string, unknown> | Rejection,
): Promise<Outcome> {
  const { tx, caller } = batch;
  const effects = collectEffects({
    row: (row) => writeRows(tx, caller.dealershipId, [row]),
    removal: (removal) => writeRemovals(tx, caller.dealershipId, [removal]),
  });
  await tx.query('SAVEPOINT push_mutation');
  try {
    let outcome: Outcome;
    try {
      outcome = {
        status: 'applied',
        diverged: await applyChange(batch, mutation, fields, effects),
      };
    } catch (error) {
      if (!(error instanceof Rejection)) throw error;
      outcome = { status: 'rejected', reason: error.reason, message: error.message };
    }
    await tx.query('RELEASE SAVEPOINT push_mutation');
    takeEffects(batch, effects);
    return outcome;
  } catch (error) {
    if (!isDataError(error)) throw error;
    await tx.query('ROLLBACK TO SAVEPOINT push_mutation');
    await tx.query('RELEASE SAVEPOINT push_mutation');
    // The database's own message may quote the value: the ack names only the error's code.
    return {
      status: 'rejected',
      reason: 'invalid',
      message: `The server could not store this change (database error ${sqlState(error) ?? ''}).`,
    };
  }
}

function takeEffects(batch: Batch, effects: ChangeEffects): void {
  batch.rows.put(effects.rows);
  for (const owner of effects.owners) batch.changes.touchOwner(owner);
}

/**
 * A change that is applied but did not get its way on every field it sent (a newer value won, or
 * the server restamped one) would leave its writer holding its own value for good: the row need
 * not change, so it never comes again in a pull. Such acks carry the row (`current`) as it stands
 * at the end of the batch, so a later change of the same row in the batch is in it too. A replay
 * does so when a field of the change holds another write's clock by now.
 */
async function attachWinningRows(batch: Batch, unsettled: UnsettledAck[]): Promise<void> {
  for (const { ack, mutation, diverged } of unsettled) {
    const row = await visibleRow(batch, mutation.table, mutation.rowId);
    // Not the caller's to see any more: a remove is on its way in the pull.
    if (row === null) continue;
    const clocks = row.clocks;
    if (diverged || Object.keys(mutation.fields).some((field) => clocks[field] !== mutation.hlc)) {
      ack.current = row;
    }
  }
}

async function replayedAck(batch: Batch, seq: number, stored: StoredOutcome): Promise<MutationAck> {
  if (stored.status === 'applied') return { seq, status: 'applied', replayed: true };
  return {
    seq,
    status: 'rejected',
    ...(stored.reason ? { reason: stored.reason } : {}),
    ...(stored.message ? { message: stored.message } : {}),
    replayed: true,
    current: await visibleRow(batch, stored.table, stored.rowId),
  };
}

/** The row as it stands at this point of the batch, if the caller may see it. */
async function visibleRow(
  batch: Batch,
  table: SyncTableName,
  id: string,
): Promise<ServerRow | null> {
  const row = await batch.rows.get(table, id);
  if (!row || !canSeeRow(batch.caller, row.ownerId)) return null;
  // Clients never hold a deleted (merged) card: it reaches them as a remove.
  if (table === 'customers' && row.data.deleted === true) return null;
  return { table: row.table, id: row.id, data: row.data, clocks: row.clocks };
}
