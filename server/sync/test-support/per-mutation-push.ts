// The push as it was before the set-based one (server/sync/push.ts): each mutation read, checked,
// merged and written on its own, in its own SAVEPOINT, a few statements each. Kept, unchanged in
// behaviour, as the test oracle of the set-based push: for any batch both must leave exactly the
// same rows, clocks, conflicts and acks (push-oracle.test.ts). Its one-change-at-a-time shape is
// easy to read and check against the protocol, which is what makes it a good judge. Not used by
// the server.
//
// For each mutation: a (clientId, seq) seen before repeats its stored ack; otherwise the clock,
// the fields, the caller's right to the row and the server-decided fields are checked, the change
// is merged per field (applyMutation) and the row gets a new seq; every concurrent loser becomes
// a conflicts row. Refusals are acks too, so the client's queue never blocks. The ack is recorded
// in `mutations` in the same transaction as the effects: a retried batch changes nothing twice.

import { ClockDriftError, parseHlc } from '../../../shared/sync/hlc';
import { DEALERSHIP_SETTINGS_ID } from '../../../shared/domain/settings';
import type {
  Mutation,
  MutationAck,
  PushRequest,
  PushResponse,
  RejectReason,
  ServerRow,
} from '../../../shared/sync/protocol';
import {
  NEW_ROW_SCHEMAS,
  SERVER_SCOPE_FIELDS,
  SYNC_FIELD_SCHEMAS,
  SYNC_TABLES,
  type SyncTableName,
} from '../../../shared/sync/tables';
import { applyMutation } from '../../../shared/sync/apply-mutation';
import { sameFieldValue } from '../../../shared/sync/field-value';
import { qualificationGrade } from '../../../shared/domain/qualification';
import {
  completionBlockers,
  type DeliveryItem,
  type DeliveryState,
} from '../../../shared/domain/delivery';
import { lateChangeOntoSurvivor } from '../../../shared/domain/duplicate-merge';
import { canSeeRow, canWriteTable, seesWholeDealership, type Caller } from '../../auth/authorize';
import type { Database, Queryable } from '../../db/database';
import {
  getCustomerChildren,
  getRecord,
  insertRemoval,
  lockDealership,
  saveRecord,
  type RecordRow,
} from '../../db/records';
import { finalSurvivor, mergedOrigins, type MergeRecord } from '../../db/merges';
import { findClientOwner, findUserById } from '../../db/users';
import { isDataError, sqlState } from '../../db/database-errors';
import { fieldNameSchema, isStorableJson } from '../../../shared/sync/storable';
import { forbidden } from '../../http/errors';
import { collectChanges } from '../change-notice';
import {
  createAuthorLookup,
  FIELDS_WITHOUT_CONFLICTS,
  recordConflict,
  type ConflictWriter,
} from '../conflict-rows';
import { missingAttachmentProblem } from '../attachment-check';
import { loadClientClock, type ClientClockBounds } from '../client-clock';
import { ownershipAt, type OwnershipVerdict } from '../ownership-history';
import {
  deletedCustomerRefusal,
  serverDecidedRefusal,
  stampServerDecided,
} from '../server-decided';
import { loadServerClock } from '../server-clock';

type Outcome =
  /** diverged: some field did not end as the change wrote it (lost to a newer value, restamped). */
  | { status: 'applied'; diverged: boolean }
  | {
      status: 'rejected';
      reason: RejectReason;
      message: string;
      table: SyncTableName;
      rowId: string;
    };

type PushScope = ConflictWriter & {
  caller: Caller;
  clientId: string;
  /** What the server has heard from this client: its clocks cannot go back before it. */
  clientClock: ClientClockBounds;
};

class Rejection extends Error {
  constructor(
    readonly reason: RejectReason,
    message: string,
  ) {
    super(message);
  }
}

const reject = (reason: RejectReason, message: string) => new Rejection(reason, message);

export async function pushPerMutation(
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
    const clock = await loadServerClock(tx, caller.dealershipId);
    const changes = collectChanges(caller.dealershipId);
    const scope: PushScope = {
      tx,
      clock,
      changes,
      authors: createAuthorLookup(tx),
      caller,
      clientId: request.clientId,
      clientClock: await loadClientClock(tx, request.clientId, request),
    };
    // Every (clientId, seq) of the batch seen before, in one query; a seq repeated inside the
    // batch itself counts as seen from its second occurrence on.
    const seen = await storedOutcomes(
      tx,
      request.clientId,
      request.mutations.map((mutation) => mutation.seq),
    );
    const acks: MutationAck[] = [];
    const recorded: Array<{ mutation: Mutation; outcome: StoredOutcome }> = [];
    const unsettled: UnsettledAck[] = [];
    for (const mutation of request.mutations) {
      const stored = seen.get(mutation.seq);
      if (stored) {
        const ack = await replayedAck(tx, caller, mutation.seq, stored);
        acks.push(ack);
        if (ack.status === 'applied') unsettled.push({ ack, mutation, diverged: null });
        continue;
      }
      const outcome = await applyOne(scope, mutation);
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
              table: outcome.table,
              rowId: outcome.rowId,
            };
      seen.set(mutation.seq, row);
      recorded.push({ mutation, outcome: row });
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
          current: await visibleRow(tx, caller, outcome.table, outcome.rowId),
        });
      }
    }
    await attachWinningRows(tx, caller, unsettled);
    await recordOutcomes(tx, request.clientId, recorded);
    const serverHlc = clock.tick();
    await scope.clientClock.save(serverHlc);
    await clock.save();
    await changes.notify(tx);
    return { acks, serverHlc };
  });
}

/** An applied ack that may have to carry the row as the server holds it after the batch. */
type UnsettledAck = {
  ack: MutationAck;
  mutation: Mutation;
  /** true: a field the change sent lost or was restamped; null: a replay, not known. */
  diverged: true | null;
};

/**
 * A change that is applied but did not get its way on every field it sent (a newer value won, or
 * the server restamped one) would leave its writer holding its own value for good: the row need
 * not change, so it never comes again in a pull. Such acks carry the row (`current`) as it stands
 * at the end of the batch, so a later change of the same row in the batch is in it too. A replay
 * does so when a field of the change holds another write's clock by now.
 */
async function attachWinningRows(
  tx: Queryable,
  caller: Caller,
  unsettled: UnsettledAck[],
): Promise<void> {
  const rows = new Map<string, ServerRow | null>();
  for (const { ack, mutation, diverged } of unsettled) {
    const key = `${mutation.table}\u0000${mutation.rowId}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = await visibleRow(tx, caller, mutation.table, mutation.rowId);
      rows.set(key, row);
    }
    // Not the caller's to see any more: a remove is on its way in the pull.
    if (row === null) continue;
    const clocks = row.clocks;
    if (diverged || Object.keys(mutation.fields).some((field) => clocks[field] !== mutation.hlc)) {
      ack.current = row;
    }
  }
}

/** What the `mutations` table keeps of a handled (clientId, seq). */
type StoredOutcome = {
  status: 'applied' | 'rejected';
  reason: RejectReason | null;
  message: string | null;
  table: SyncTableName;
  rowId: string;
};

async function storedOutcomes(
  tx: Queryable,
  clientId: string,
  seqs: number[],
): Promise<Map<number, StoredOutcome>> {
  const rows = await tx.query<{
    seq: string | number;
    status: 'applied' | 'rejected';
    reason: RejectReason | null;
    message: string | null;
    table_name: SyncTableName;
    row_id: string;
  }>(
    `SELECT seq, status, reason, message, table_name, row_id FROM mutations
     WHERE client_id = $1 AND seq = ANY($2::bigint[])`,
    [clientId, seqs],
  );
  return new Map(
    rows.map((row) => [
      Number(row.seq),
      {
        status: row.status,
        reason: row.reason,
        message: row.message,
        table: row.table_name,
        rowId: row.row_id,
      },
    ]),
  );
}

/** The batch's outcomes in one INSERT, in the transaction of their effects. */
async function recordOutcomes(
  tx: Queryable,
  clientId: string,
  recorded: Array<{ mutation: Mutation; outcome: StoredOutcome }>,
): Promise<void> {
  if (recorded.length === 0) return;
  const columns = 7;
  const values = recorded.map(
    (_, index) =>
      `(${Array.from({ length: columns }, (_unused, column) => `$${index * columns + column + 1}`).join(', ')})`,
  );
  const params = recorded.flatMap(({ mutation, outcome }) => [
    clientId,
    mutation.seq,
    mutation.table,
    mutation.rowId,
    outcome.status,
    outcome.reason,
    outcome.message,
  ]);
  await tx.query(
    `INSERT INTO mutations (client_id, seq, table_name, row_id, status, reason, message)
     VALUES ${values.join(', ')}`,
    params,
  );
}

async function replayedAck(
  tx: Queryable,
  caller: Caller,
  seq: number,
  stored: StoredOutcome,
): Promise<MutationAck> {
  if (stored.status === 'applied') return { seq, status: 'applied', replayed: true };
  return {
    seq,
    status: 'rejected',
    ...(stored.reason ? { reason: stored.reason } : {}),
    ...(stored.message ? { message: stored.message } : {}),
    replayed: true,
    current: await visibleRow(tx, caller, stored.table, stored.rowId),
  };
}

/** The row as the server holds it, if the caller may see it (for rejected acks). */
async function visibleRow(
  tx: Queryable,
  caller: Caller,
  table: SyncTableName,
  id: string,
): Promise<ServerRow | null> {
  const row = await getRecord(tx, caller.dealershipId, table, id);
  if (!row || !canSeeRow(caller, row.ownerId)) return null;
  // Clients never hold a deleted (merged) card: it reaches them as a remove.
  if (table === 'customers' && row.data.deleted === true) return null;
  return { table: row.table, id: row.id, data: row.data, clocks: row.clocks };
}

/**
 * One mutation inside its own savepoint: should the database refuse something validation let
 * through, that change alone is rejected and undone, and the batch goes on — a batch that fails as
 * a whole is sent again for ever and blocks everything queued behind it. A refusal keeps what was
 * written before it (the conflicts of a `reassigned` change). A lost connection still fails the
 * whole request: it says nothing about the change.
 */
async function applyOne(scope: PushScope, mutation: Mutation): Promise<Outcome> {
  await scope.tx.query('SAVEPOINT push_mutation');
  try {
    const diverged = await applyOrThrow(scope, mutation);
    await scope.tx.query('RELEASE SAVEPOINT push_mutation');
    return { status: 'applied', diverged };
  } catch (error) {
    if (error instanceof Rejection) {
      await scope.tx.query('RELEASE SAVEPOINT push_mutation');
      return rejectedOutcome(mutation, error.reason, error.message);
    }
    if (!isDataError(error)) throw error;
    await scope.tx.query('ROLLBACK TO SAVEPOINT push_mutation');
    await scope.tx.query('RELEASE SAVEPOINT push_mutation');
    // The database's own message may quote the value: the ack names only the error's code.
    return rejectedOutcome(
      mutation,
      'invalid',
      `The server could not store this change (database error ${sqlState(error) ?? ''}).`,
    );
  }
}

function rejectedOutcome(mutation: Mutation, reason: RejectReason, message: string): Outcome {
  return { status: 'rejected', reason, message, table: mutation.table, rowId: mutation.rowId };
}

function checkClock(scope: PushScope, seq: number, hlc: string): void {
  let node: string;
  try {
    node = parseHlc(hlc).node;
  } catch {
    throw reject('invalid', 'hlc: not a valid HLC timestamp.');
  }
  if (node !== scope.clientId) throw reject('invalid', 'hlc: its node must be the client id.');
  const refusal = scope.clientClock.refusal(seq, hlc);
  if (refusal) throw reject('invalid', refusal);
  try {
    scope.clock.receive(hlc);
  } catch (error) {
    if (error instanceof ClockDriftError) {
      throw reject(
        'clock_drift',
        `The change's clock is ${Math.round((error.remoteMillis - error.localMillis) / 1000)} s ahead of the server's; check the computer's date and time.`,
      );
    }
    throw error;
  }
  scope.clientClock.accept(hlc);
}

function checkFields(mutation: Mutation): Record<string, unknown> {
  // Names are checked before anything quotes them (the refusal's message is stored and logged).
  const names = [...Object.keys(mutation.fields), ...Object.keys(mutation.base ?? {})];
  if (names.some((name) => !fieldNameSchema.safeParse(name).success)) {
    throw reject(
      'invalid',
      'A field name is empty, too long or holds a character that cannot be stored.',
    );
  }
  if (mutation.base && !isStorableJson(mutation.base)) {
    throw reject('invalid', 'base: a clock holds a character that cannot be stored.');
  }
  const parsed = SYNC_FIELD_SCHEMAS[mutation.table].safeParse(mutation.fields);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.join(', ')}`;
      return `${issue.path.map(String).join('.') || '(fields)'}: ${issue.message}`;
    });
    throw reject('invalid', problems.join('; '));
  }
  const fields: Record<string, unknown> = { ...parsed.data };
  if ('id' in fields && fields.id !== mutation.rowId) {
    throw reject('invalid', 'id: must equal rowId.');
  }
  return fields;
}

/** A row the server does not have yet must come whole (NEW_ROW_SCHEMAS); a change need not. */
function checkNewRow(table: SyncTableName, fields: Record<string, unknown>): void {
  const parsed = NEW_ROW_SCHEMAS[table].safeParse(fields);
  if (parsed.success) return;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.map(String).join('.') || '(fields)'}: ${issue.message}`,
  );
  throw reject('invalid', `A new row must be complete: ${problems.join('; ')}`);
}

/** Where a row lives: its customer (if any) and the owner the server gives it. */
type RowScope = {
  customerId: string | null;
  customer: RecordRow | undefined;
  /** owner_id column: whose scope the row is in (null: the whole dealership). */
  ownerColumn: string | null;
  /** data.ownerId: for customer rows the same as the column, for settings the writer. */
  ownerId: string;
  /** A new child row written to a card that was merged since: that card (the row goes to the survivor). */
  mergedFrom?: string;
};

async function resolveScope(
  scope: PushScope,
  mutation: Mutation,
  fields: Record<string, unknown>,
  current: RecordRow | undefined,
): Promise<RowScope> {
  const { tx, caller } = scope;
  const rule = SYNC_TABLES[mutation.table];
  const storedOwnerId = typeof current?.data.ownerId === 'string' ? current.data.ownerId : null;

  if (rule.scope === 'dealership') {
    if (mutation.rowId !== DEALERSHIP_SETTINGS_ID) {
      throw reject(
        'invalid',
        `rowId: the ${mutation.table} row's id is "${DEALERSHIP_SETTINGS_ID}".`,
      );
    }
    return {
      customerId: null,
      customer: undefined,
      ownerColumn: null,
      ownerId: storedOwnerId ?? caller.id,
    };
  }

  if (rule.scope === 'customer') {
    const ownerColumn = current ? current.ownerId : caller.id;
    return {
      customerId: mutation.rowId,
      customer: current,
      ownerColumn,
      ownerId: ownerColumn ?? storedOwnerId ?? caller.id,
    };
  }

  // A child row: its customer decides its scope.
  if (current && 'customerId' in fields && fields.customerId !== current.customerId) {
    // The card the writer knew it under was merged into the row's customer since: no move.
    const merge =
      typeof fields.customerId === 'string'
        ? await finalSurvivor(tx, caller.dealershipId, fields.customerId)
        : undefined;
    if (merge?.survivorId !== current.customerId) {
      throw reject('read_only_field', 'customerId: a row cannot move to another customer.');
    }
    fields.customerId = current.customerId;
  }
  const customerId = current
    ? current.customerId
    : typeof fields.customerId === 'string'
      ? fields.customerId
      : null;
  if (customerId === null) {
    if (current) {
      // A conflict about a dealership row (settings): dealership-scoped, managers resolve it.
      return {
        customerId: null,
        customer: undefined,
        ownerColumn: null,
        ownerId: storedOwnerId ?? caller.id,
      };
    }
    throw reject('invalid', 'customerId: required for a new row.');
  }
  const customer = await getRecord(tx, caller.dealershipId, 'customers', customerId);
  if (!customer)
    throw reject('unknown_customer', `Customer ${customerId} does not exist on the server.`);
  if (!current && customer.data.deleted === true) {
    // A row made for a card that has been merged since (offline, say): it belongs on the survivor.
    const merge = await finalSurvivor(tx, caller.dealershipId, customerId);
    const survivor =
      merge && (await getRecord(tx, caller.dealershipId, 'customers', merge.survivorId));
    if (survivor) {
      fields.customerId = survivor.id;
      return {
        customerId: survivor.id,
        customer: survivor,
        ownerColumn: survivor.ownerId,
        ownerId: survivor.ownerId ?? caller.id,
        mergedFrom: customerId,
      };
    }
  }
  if (customer.data.deleted === true) {
    // A deleted card that was not merged has nowhere for its rows to go: nobody sees them any more.
    throw reject('unknown_customer', `Customer ${customerId} has been deleted.`);
  }
  const ownerColumn = customer.ownerId;
  return { customerId, customer, ownerColumn, ownerId: ownerColumn ?? caller.id };
}

/** How the verdicts rank: the writer's best claim to the row counts. */
const VERDICT_RANK: Record<OwnershipVerdict, number> = {
  never_owned: 0,
  reassigned: 1,
  owned_then: 2,
};

/**
 * Whether the writer owned the row's customer when the change was made. A row that moved to its
 * customer with a merge is judged by the cards it belonged to as well: its old owner may have
 * written it offline before the merge (applied), or after (kept as conflicts).
 */
async function writerVerdict(
  scope: PushScope,
  mutation: Mutation,
  rowScope: RowScope,
  current: RecordRow | undefined,
): Promise<OwnershipVerdict> {
  const { tx, caller } = scope;
  const customers = [rowScope.customerId ?? ''];
  if (rowScope.mergedFrom) customers.push(rowScope.mergedFrom);
  if (current && mutation.table !== 'customers') {
    customers.push(
      ...(await mergedOrigins(tx, caller.dealershipId, mutation.table, mutation.rowId)),
    );
  }
  let best: OwnershipVerdict = 'never_owned';
  for (const customerId of customers) {
    const verdict = await ownershipAt(tx, caller.dealershipId, customerId, caller.id, mutation.hlc);
    if (VERDICT_RANK[verdict] > VERDICT_RANK[best]) best = verdict;
  }
  return best;
}

/** Applies one change; resolves with whether some field did not end as the change wrote it. */
async function applyOrThrow(scope: PushScope, mutation: Mutation): Promise<boolean> {
  const { tx, caller, clock } = scope;
  checkClock(scope, mutation.seq, mutation.hlc);
  const fields = checkFields(mutation);
  const missing = await missingAttachmentProblem(tx, caller.dealershipId, mutation.table, fields);
  if (missing) throw reject('invalid', missing);

  const rule = SYNC_TABLES[mutation.table];
  if (!canWriteTable(caller, mutation.table)) {
    throw reject('forbidden', `A ${caller.role} may not write ${mutation.table}.`);
  }
  const current = await getRecord(tx, caller.dealershipId, mutation.table, mutation.rowId);
  if (rule.clientFields) {
    if (!current) throw reject('forbidden', `Rows of ${mutation.table} are made by the server.`);
    const readOnly = Object.keys(fields).filter((field) => !rule.clientFields?.includes(field));
    if (readOnly.length > 0) {
      throw reject('read_only_field', `Only the server may change ${readOnly.join(', ')}.`);
    }
  }
  if (!current) checkNewRow(mutation.table, fields);
  if (mutation.table === 'customers' && current?.data.deleted === true) {
    const merge = await finalSurvivor(tx, caller.dealershipId, current.id);
    if (merge) {
      // The card itself is gone from every laptop (a remove); the survivor comes by pull.
      await applyToSurvivor(scope, mutation, fields, current, merge);
      return false;
    }
  }
  const serverOnly = serverDecidedRefusal(mutation.table, fields, current?.data);
  if (serverOnly) throw reject(serverOnly.reason, serverOnly.message);
  const rowScope = await resolveScope(scope, mutation, fields, current);
  const deletedCard = deletedCustomerRefusal(rowScope.customer?.data);
  if (deletedCard) throw reject(deletedCard.reason, deletedCard.message);
  if (
    mutation.table === 'customers' &&
    fields.status === 'lost' &&
    current?.data.status !== 'lost' &&
    !seesWholeDealership(caller.role)
  ) {
    throw reject('forbidden', 'Only a manager approves a lost request (decide-lost).');
  }
  if (
    mutation.table === 'deliveries' &&
    fields.state === 'completed' &&
    current?.data.state !== 'completed'
  ) {
    await checkDeliveryCompletes(scope, mutation.rowId, fields, current, rowScope.customerId);
  }

  if (!seesWholeDealership(caller.role)) {
    if (mutation.table === 'conflicts' && rowScope.customerId === null) {
      throw reject('forbidden', 'Only managers may resolve conflicts of dealership settings.');
    }
    if (rowScope.customer && rowScope.ownerColumn !== caller.id && rowScope.customerId !== null) {
      const verdict = await writerVerdict(scope, mutation, rowScope, current);
      if (verdict === 'reassigned') {
        await keepAsConflicts(scope, mutation, fields, current, rowScope);
        throw reject(
          'reassigned',
          'The customer was given to another consultant before this change was made; it is kept as a conflict for the new owner.',
        );
      }
      if (verdict === 'never_owned') {
        throw reject('forbidden', 'This customer belongs to another consultant.');
      }
    }
  }

  // dealershipId and ownerId are the server's: set on a new row, kept on an existing one.
  const serverValues: Record<(typeof SERVER_SCOPE_FIELDS)[number], string> = {
    dealershipId: caller.dealershipId,
    ownerId: rowScope.ownerId,
  };
  const restamp: string[] = [];
  for (const field of SERVER_SCOPE_FIELDS) {
    const value = serverValues[field];
    if (!current) {
      if (fields[field] !== value) restamp.push(field);
      fields[field] = value;
    } else if (field in fields && fields[field] !== current.data[field]) {
      // With a base the writer had seen the server's value and changed it on purpose; without
      // one it wrote the row as new without having seen ours (e.g. before its first login).
      if (mutation.base?.[field] !== undefined) {
        throw reject('read_only_field', `${field}: decided by the server; it cannot be changed.`);
      }
      fields[field] = current.data[field];
      restamp.push(field);
    }
  }
  if (!current) fields.id = mutation.rowId;
  restamp.push(...stampServerDecided(caller, mutation.table, fields, current?.data));

  const merged = applyMutation(current && { data: current.data, clocks: current.clocks }, {
    fields,
    hlc: mutation.hlc,
    ...(mutation.base ? { base: mutation.base } : {}),
  });
  if (rowScope.mergedFrom) restamp.push('customerId');
  for (const field of restamp) {
    // A newer server stamp makes every client take the server's value.
    merged.data[field] = fields[field];
    merged.clocks[field] = clock.tick();
  }
  if (mutation.table === 'customers' && merged.appliedFields.length > 0) {
    const grade = derivedGrade(merged.data);
    if (grade !== null && grade !== merged.data.qualificationGrade) {
      // Two people ticked different facts of one card: both facts survive the merge, but each
      // client's grade saw only its own. The grade follows from the merged facts.
      merged.data.qualificationGrade = grade;
      merged.clocks.qualificationGrade = clock.tick();
      restamp.push('qualificationGrade');
    }
  }

  // A field the writer sent that did not end as it wrote it: it lost, or the server restamped it.
  const diverged = Object.keys(mutation.fields).some(
    (field) => !merged.appliedFields.includes(field) || restamp.includes(field),
  );

  if (merged.appliedFields.length > 0 || restamp.length > 0) {
    await saveRecord(tx, {
      dealershipId: caller.dealershipId,
      table: mutation.table,
      id: mutation.rowId,
      ownerId: rowScope.ownerColumn,
      customerId: rowScope.customerId,
      data: merged.data,
      clocks: merged.clocks,
    });
    scope.changes.touchOwner(rowScope.ownerColumn);
    if (!canSeeRow(caller, rowScope.ownerColumn)) {
      // A change made before a reassignment, to a row the writer no longer sees (e.g. a
      // follow-up it created offline): it must leave the writer's device too.
      await insertRemoval(tx, {
        dealershipId: caller.dealershipId,
        userId: caller.id,
        table: mutation.table,
        rowId: mutation.rowId,
      });
    }
  }

  // Losers of concurrent writes. Conflicts about conflict rows (two people resolving the same
  // one) would only breed more conflicts: the resolution simply goes by HLC.
  if (mutation.table === 'conflicts') return diverged;
  for (const lost of merged.conflicts) {
    if (FIELDS_WITHOUT_CONFLICTS.has(lost.field)) continue;
    await recordConflict(scope, {
      dealershipId: caller.dealershipId,
      customerId: rowScope.customerId,
      ownerColumn: rowScope.ownerColumn,
      ownerId: rowScope.ownerId,
      rowTable: mutation.table,
      rowId: mutation.rowId,
      field: lost.field,
      kept: lost.kept,
      lost: lost.lost,
    });
  }
  return diverged;
}

/** The grade the merged facts give, or null while the row lacks them (a partial first write). */
function derivedGrade(data: Record<string, unknown>): string | null {
  const { hasConfidence, hasNeed, hasPurchasingPower } = data;
  if (
    typeof hasConfidence !== 'boolean' ||
    typeof hasNeed !== 'boolean' ||
    typeof hasPurchasingPower !== 'boolean'
  ) {
    return null;
  }
  return qualificationGrade({ hasConfidence, hasNeed, hasPurchasingPower });
}

/** A change refused as `reassigned`: each changed value is kept for the new owner to see. */
async function keepAsConflicts(
  scope: PushScope,
  mutation: Mutation,
  fields: Record<string, unknown>,
  current: RecordRow | undefined,
  rowScope: RowScope,
): Promise<void> {
  for (const [field, value] of Object.entries(fields)) {
    if (FIELDS_WITHOUT_CONFLICTS.has(field) || field === 'customerId') continue;
    const currentValue = current?.data[field];
    if (sameFieldValue(currentValue, value)) continue;
    await recordConflict(scope, {
      dealershipId: scope.caller.dealershipId,
      customerId: rowScope.customerId,
      ownerColumn: rowScope.ownerColumn,
      ownerId: rowScope.ownerId,
      rowTable: mutation.table,
      rowId: mutation.rowId,
      field,
      kept: { value: currentValue ?? null, hlc: current?.clocks[field] ?? '' },
      lost: { value, hlc: mutation.hlc },
    });
  }
}

/**
 * Completing a delivery is a workflow step the server checks (ARCHITECTURE.md "Sync" point 2):
 * every required checklist item is settled and the customer has signed. The laptop checks the
 * same rule first; this catches a completion pushed against a checklist someone else re-opened.
 * The items are pushed before the completion (outbox order), so they are already here.
 */
async function checkDeliveryCompletes(
  scope: PushScope,
  deliveryId: string,
  fields: Record<string, unknown>,
  current: RecordRow | undefined,
  customerId: string | null,
): Promise<void> {
  if (customerId === null) throw reject('invalid', 'customerId: required for a delivery.');
  const children = await getCustomerChildren(scope.tx, scope.caller.dealershipId, customerId);
  const items = children
    .filter((row) => row.table === 'deliveryItems' && row.data.deliveryId === deliveryId)
    .map((row) => row.data as unknown as DeliveryItem);
  const signature = (fields.signature ?? current?.data.signature ?? '') as string;
  const state = (current?.data.state ?? 'scheduled') as DeliveryState;
  const blockers = completionBlockers({ state, signature }, items);
  if (blockers.length === 0) return;
  const problems = blockers.map((blocker) => {
    switch (blocker.kind) {
      case 'required_open':
        return `required items not done: ${blocker.items.map((item) => item.itemKey).join(', ')}`;
      case 'not_signed':
        return 'the customer has not signed';
      case 'not_scheduled':
        return `the delivery is ${blocker.state}`;
    }
  });
  throw reject('invalid', `The delivery cannot be completed: ${problems.join('; ')}.`);
}

/**
 * A change to a card that has been merged into another (docs/sync-protocol.md, "Merging"): made
 * on a laptop that had not heard of the merge. It goes to the survivor by the merge's own rules
 * (shared/domain/merge.ts): phones and tags joined, notes appended, empty fields filled; a value
 * the survivor holds differently is kept as a conflict there, never overwriting the card the
 * manager chose. The merged card itself stays as it was. A consultant who lost the card with the
 * merge and made the change after it has everything kept as conflicts, like a reassignment.
 */
async function applyToSurvivor(
  scope: PushScope,
  mutation: Mutation,
  fields: Record<string, unknown>,
  mergedCard: RecordRow,
  merge: MergeRecord,
): Promise<void> {
  const { tx, caller, clock } = scope;
  const survivor = await getRecord(tx, caller.dealershipId, 'customers', merge.survivorId);
  if (!survivor || survivor.ownerId === null || survivor.data.deleted === true) {
    throw reject('unknown_customer', 'The card this one was merged into does not exist.');
  }
  let verdict: OwnershipVerdict = 'owned_then';
  if (!seesWholeDealership(caller.role) && survivor.ownerId !== caller.id) {
    verdict = await ownershipAt(tx, caller.dealershipId, mergedCard.id, caller.id, mutation.hlc);
    if (verdict === 'never_owned') {
      throw reject('forbidden', 'This customer belongs to another consultant.');
    }
  }
  const mergedOwner = await findUserById(tx, merge.mergedOwner);
  const name = typeof mergedCard.data.name === 'string' ? mergedCard.data.name : '';
  const late = lateChangeOntoSurvivor(
    survivor.data,
    fields,
    `「${name}」（${mergedOwner?.name ?? ''}）`,
  );
  const kept = [...late.conflicts];
  const data = { ...survivor.data };
  const clocks = { ...survivor.clocks };
  if (verdict === 'reassigned') {
    // Made after the writer lost the card: nothing is applied; what would have been is kept.
    for (const [field, value] of Object.entries(late.fields)) {
      kept.push({ field, survivorValue: survivor.data[field] ?? null, value });
    }
  } else if (Object.keys(late.fields).length > 0) {
    for (const [field, value] of Object.entries(late.fields)) {
      data[field] = value;
      clocks[field] = clock.tick();
    }
    await saveRecord(tx, {
      dealershipId: caller.dealershipId,
      table: 'customers',
      id: survivor.id,
      ownerId: survivor.ownerId,
      customerId: survivor.customerId,
      data,
      clocks,
    });
    scope.changes.touchOwner(survivor.ownerId);
  }
  for (const conflict of kept) {
    await recordConflict(scope, {
      dealershipId: caller.dealershipId,
      customerId: survivor.id,
      ownerColumn: survivor.ownerId,
      ownerId: survivor.ownerId,
      rowTable: 'customers',
      rowId: survivor.id,
      field: conflict.field,
      kept: { value: conflict.survivorValue, hlc: survivor.clocks[conflict.field] ?? '' },
      lost: { value: conflict.value, hlc: mutation.hlc },
    });
  }
  if (verdict === 'reassigned') {
    throw reject(
      'reassigned',
      'The card was merged into another consultant’s card before this change was made; the change is kept there as a conflict.',
    );
  }
}
