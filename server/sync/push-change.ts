// One pushed change, checked and merged against the batch's rows (push-rows.ts), in memory: its
// clock, its fields, the writer's right to the row, the server-decided fields, then the per-field
// merge (applyMutation, the same function the laptop merges with) and the losers of concurrent
// writes kept as conflicts. What it writes goes into its effects, not to the database: push.ts
// writes a whole batch's effects at once. A refusal throws a Rejection (push-batch.ts).

import { applyMutation } from '../../shared/sync/apply-mutation';
import { sameFieldValue } from '../../shared/sync/field-value';
import { ClockDriftError, parseHlc } from '../../shared/sync/hlc';
import type { Mutation } from '../../shared/sync/protocol';
import { fieldNameSchema, isStorableJson } from '../../shared/sync/storable';
import { referencedHashes } from '../../shared/sync/attachments';
import {
  NEW_ROW_SCHEMAS,
  SERVER_SCOPE_FIELDS,
  SYNC_FIELD_SCHEMAS,
  SYNC_TABLES,
  type SyncTableName,
} from '../../shared/sync/tables';
import { canSeeRow, canWriteTable, seesWholeDealership } from '../auth/authorize';
import { buildConflictRow, FIELDS_WITHOUT_CONFLICTS } from './conflict-rows';
import type { OwnershipVerdict } from './ownership-history';
import { reject, Rejection, type Batch, type ChangeEffects } from './push-batch';
import { changeOntoSurvivor } from './push-merged-card';
import { ROW_SCOPES, TABLE_RULES, type RowScope } from './push-rules';
import type { BatchRow } from './push-rows';
import { deletedCustomerRefusal, serverDecidedRefusal, stampServerDecided } from './server-decided';
import { describeZodIssue, describeZodIssues } from '../../shared/zod-issues';

/**
 * The change's fields as the table's schema takes them (names first: a refusal's message quotes
 * them and is stored), or why not. Pure: the batch checks every change's fields before it reads.
 */
export function checkFields(mutation: Mutation): Record<string, unknown> | Rejection {
  const names = [...Object.keys(mutation.fields), ...Object.keys(mutation.base ?? {})];
  if (names.some((name) => !fieldNameSchema.safeParse(name).success)) {
    return reject(
      'invalid',
      'A field name is empty, too long or holds a character that cannot be stored.',
    );
  }
  if (mutation.base && !isStorableJson(mutation.base)) {
    return reject('invalid', 'base: a clock holds a character that cannot be stored.');
  }
  const parsed = SYNC_FIELD_SCHEMAS[mutation.table].safeParse(mutation.fields);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.join(', ')}`;
      return describeZodIssue(issue, '(fields)');
    });
    return reject('invalid', problems.join('; '));
  }
  const fields: Record<string, unknown> = { ...parsed.data };
  if ('id' in fields && fields.id !== mutation.rowId) {
    return reject('invalid', 'id: must equal rowId.');
  }
  return fields;
}

/**
 * Applies one change to the batch; resolves with whether some field the writer sent did not end
 * as it wrote it (it lost to a newer value, or the server restamped it). `checked` is what
 * checkFields() gave for it.
 */
export async function applyChange(
  batch: Batch,
  mutation: Mutation,
  checked: Record<string, unknown> | Rejection,
  effects: ChangeEffects,
): Promise<boolean> {
  const { caller, clock } = batch;
  checkClock(batch, mutation);
  if (checked instanceof Rejection) throw checked;
  const fields = checked;
  const missing = await batch.facts.missingAttachments(referencedHashes(mutation.table, fields));
  if (missing.length > 0) {
    throw reject(
      'invalid',
      `attachment(s) not on the server: ${missing.join(', ')}; upload them first (PUT /v1/attachments/<hash>).`,
    );
  }

  const table = SYNC_TABLES[mutation.table];
  const rule = TABLE_RULES[mutation.table] ?? {};
  if (!canWriteTable(caller, mutation.table)) {
    throw reject('forbidden', `A ${caller.role} may not write ${mutation.table}.`);
  }
  const current = await batch.rows.get(mutation.table, mutation.rowId);
  if (table.clientFields) {
    if (!current) throw reject('forbidden', `Rows of ${mutation.table} are made by the server.`);
    const readOnly = Object.keys(fields).filter((field) => !table.clientFields?.includes(field));
    if (readOnly.length > 0) {
      throw reject('read_only_field', `Only the server may change ${readOnly.join(', ')}.`);
    }
  }
  if (!current) checkNewRow(mutation.table, fields);
  if (rule.followsMerge && current?.data.deleted === true) {
    const merge = await batch.facts.finalSurvivor(current.id);
    if (merge) {
      // The card itself is gone from every laptop (a remove); the survivor comes by pull.
      await changeOntoSurvivor(batch, mutation, fields, current, merge, effects);
      return false;
    }
  }
  const serverOnly = serverDecidedRefusal(mutation.table, fields, current?.data);
  if (serverOnly) throw reject(serverOnly.reason, serverOnly.message);
  const input = { batch, mutation, fields, current };
  const scope = await ROW_SCOPES[table.scope](input);
  const deletedCard = deletedCustomerRefusal(scope.customer?.data);
  if (deletedCard) throw reject(deletedCard.reason, deletedCard.message);
  const refusal = await rule.check?.({ ...input, scope });
  if (refusal) throw refusal;
  if (
    !seesWholeDealership(caller.role) &&
    scope.customer &&
    scope.ownerColumn !== caller.id &&
    scope.customerId !== null
  ) {
    const verdict = await writerVerdict(batch, mutation, scope, current);
    if (verdict === 'reassigned') {
      await keepAsConflicts(batch, mutation, fields, current, scope, effects);
      throw reject(
        'reassigned',
        'The customer was given to another consultant before this change was made; it is kept as a conflict for the new owner.',
      );
    }
    if (verdict === 'never_owned') {
      throw reject('forbidden', 'This customer belongs to another consultant.');
    }
  }

  const restamp = stampScopeFields(batch, mutation, fields, current, scope);
  if (!current) fields.id = mutation.rowId;
  restamp.push(...stampServerDecided(caller, mutation.table, fields, current?.data));

  const merged = applyMutation(current && { data: current.data, clocks: current.clocks }, {
    fields,
    hlc: mutation.hlc,
    ...(mutation.base ? { base: mutation.base } : {}),
  });
  if (scope.mergedFrom) restamp.push('customerId');
  for (const field of restamp) {
    // A newer server stamp makes every client take the server's value.
    merged.data[field] = fields[field];
    merged.clocks[field] = clock.tick();
  }
  if (rule.derive && merged.appliedFields.length > 0) {
    for (const [field, value] of Object.entries(rule.derive(merged.data))) {
      merged.data[field] = value;
      merged.clocks[field] = clock.tick();
      restamp.push(field);
    }
  }

  // A field the writer sent that did not end as it wrote it: it lost, or the server restamped it.
  const diverged = Object.keys(mutation.fields).some(
    (field) => !merged.appliedFields.includes(field) || restamp.includes(field),
  );

  if (merged.appliedFields.length > 0 || restamp.length > 0) {
    await effects.keepRow({
      dealershipId: caller.dealershipId,
      table: mutation.table,
      id: mutation.rowId,
      ownerId: scope.ownerColumn,
      customerId: scope.customerId,
      data: merged.data,
      clocks: merged.clocks,
    });
    if (!canSeeRow(caller, scope.ownerColumn)) {
      // A change made before a reassignment, to a row the writer no longer sees (e.g. a
      // follow-up it created offline): it must leave the writer's device too.
      await effects.keepRemoval({
        userId: caller.id,
        table: mutation.table,
        rowId: mutation.rowId,
      });
    }
  }

  if (rule.keepsLosers === false) return diverged;
  for (const lost of merged.conflicts) {
    if (FIELDS_WITHOUT_CONFLICTS.has(lost.field)) continue;
    await effects.keepRow(
      await buildConflictRow(batch, {
        dealershipId: caller.dealershipId,
        customerId: scope.customerId,
        ownerColumn: scope.ownerColumn,
        ownerId: scope.ownerId,
        rowTable: mutation.table,
        rowId: mutation.rowId,
        field: lost.field,
        kept: lost.kept,
        lost: lost.lost,
      }),
    );
  }
  return diverged;
}

function checkClock(batch: Batch, mutation: Mutation): void {
  const { hlc } = mutation;
  let node: string;
  try {
    node = parseHlc(hlc).node;
  } catch {
    throw reject('invalid', 'hlc: not a valid HLC timestamp.');
  }
  if (node !== batch.clientId) throw reject('invalid', 'hlc: its node must be the client id.');
  const refusal = batch.clientClock.refusal(mutation.seq, hlc);
  if (refusal) throw reject('invalid', refusal);
  try {
    batch.clock.receive(hlc);
  } catch (error) {
    if (error instanceof ClockDriftError) {
      throw reject(
        'clock_drift',
        `The change's clock is ${Math.round((error.remoteMillis - error.localMillis) / 1000)} s ahead of the server's; check the computer's date and time.`,
      );
    }
    throw error;
  }
  batch.clientClock.accept(hlc);
}

/** A row the server does not have yet must come whole (NEW_ROW_SCHEMAS); a change need not. */
function checkNewRow(table: SyncTableName, fields: Record<string, unknown>): void {
  const parsed = NEW_ROW_SCHEMAS[table].safeParse(fields);
  if (parsed.success) return;
  const problems = describeZodIssues(parsed.error, { root: '(fields)' });
  throw reject('invalid', `A new row must be complete: ${problems}`);
}

/**
 * dealershipId and ownerId are the server's: set on a new row, kept on an existing one. Returns
 * the fields whose value the server put in place of the writer's.
 */
function stampScopeFields(
  batch: Batch,
  mutation: Mutation,
  fields: Record<string, unknown>,
  current: BatchRow | undefined,
  scope: RowScope,
): string[] {
  const serverValues: Record<(typeof SERVER_SCOPE_FIELDS)[number], string> = {
    dealershipId: batch.caller.dealershipId,
    ownerId: scope.ownerId,
  };
  const restamp: string[] = [];
  for (const field of SERVER_SCOPE_FIELDS) {
    const value = serverValues[field];
    if (!current) {
      if (!sameFieldValue(fields[field], value)) restamp.push(field);
      fields[field] = value;
    } else if (field in fields && !sameFieldValue(fields[field], current.data[field])) {
      // With a base the writer had seen the server's value and changed it on purpose; without
      // one it wrote the row as new without having seen ours (e.g. before its first login).
      if (mutation.base?.[field] !== undefined) {
        throw reject('read_only_field', `${field}: decided by the server; it cannot be changed.`);
      }
      fields[field] = current.data[field];
      restamp.push(field);
    }
  }
  return restamp;
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
  batch: Batch,
  mutation: Mutation,
  scope: RowScope,
  current: BatchRow | undefined,
): Promise<OwnershipVerdict> {
  const customers = [scope.customerId ?? ''];
  if (scope.mergedFrom) customers.push(scope.mergedFrom);
  if (current && SYNC_TABLES[mutation.table].scope === 'child') {
    customers.push(...(await batch.facts.mergedOrigins(mutation.table, mutation.rowId)));
  }
  let best: OwnershipVerdict = 'never_owned';
  for (const customerId of customers) {
    const verdict = await batch.facts.ownershipAt(customerId, batch.caller.id, mutation.hlc);
    if (VERDICT_RANK[verdict] > VERDICT_RANK[best]) best = verdict;
  }
  return best;
}

/** A change refused as `reassigned`: each changed value is kept for the new owner to see. */
async function keepAsConflicts(
  batch: Batch,
  mutation: Mutation,
  fields: Record<string, unknown>,
  current: BatchRow | undefined,
  scope: RowScope,
  effects: ChangeEffects,
): Promise<void> {
  for (const [field, value] of Object.entries(fields)) {
    if (FIELDS_WITHOUT_CONFLICTS.has(field) || field === 'customerId') continue;
    const currentValue = current?.data[field];
    if (sameFieldValue(currentValue, value)) continue;
    await effects.keepRow(
      await buildConflictRow(batch, {
        dealershipId: batch.caller.dealershipId,
        customerId: scope.customerId,
        ownerColumn: scope.ownerColumn,
        ownerId: scope.ownerId,
        rowTable: mutation.table,
        rowId: mutation.rowId,
        field,
        kept: { value: currentValue ?? null, hlc: current?.clocks[field] ?? '' },
        lost: { value, hlc: mutation.hlc },
      }),
    );
  }
}
