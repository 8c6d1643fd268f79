// Changes made on a laptop that had not heard yet that a card was merged into another
// (docs/sync-protocol.md, "Merging"): a change to the merged card goes to the survivor by the
// merge's own rules, a new row made for the merged card goes onto the survivor, and a row that
// moved with the merge may still name the card it knew. The merged card itself stays as it was:
// every laptop drops it (a remove) and gets the survivor by pull.

import { lateChangeOntoSurvivor } from '../../shared/domain/duplicate-merge';
import type { Mutation } from '../../shared/sync/protocol';
import { seesWholeDealership } from '../auth/authorize';
import type { MergeRecord } from '../db/merges';
import { buildConflictRow } from './conflict-rows';
import type { OwnershipVerdict } from './ownership-history';
import { reject, type Batch, type ChangeEffects } from './push-batch';
import type { BatchRow } from './push-rows';

/**
 * A change to a card that has been merged into another. It goes to the survivor by the merge's
 * rules (shared/domain/merge.ts): phones and tags joined, notes appended, empty fields filled; a
 * value the survivor holds differently is kept as a conflict there, never overwriting the card the
 * manager chose. A consultant who lost the card with the merge and made the change after it has
 * everything kept as conflicts, like a reassignment (refused as `reassigned`, conflicts kept).
 */
export async function changeOntoSurvivor(
  batch: Batch,
  mutation: Mutation,
  fields: Record<string, unknown>,
  mergedCard: BatchRow,
  merge: MergeRecord,
  effects: ChangeEffects,
): Promise<void> {
  const { caller, clock } = batch;
  const survivor = await batch.rows.get('customers', merge.survivorId);
  if (!survivor || survivor.ownerId === null || survivor.data.deleted === true) {
    throw reject('unknown_customer', 'The card this one was merged into does not exist.');
  }
  let verdict: OwnershipVerdict = 'owned_then';
  if (!seesWholeDealership(caller.role) && survivor.ownerId !== caller.id) {
    verdict = await batch.facts.ownershipAt(mergedCard.id, caller.id, mutation.hlc);
    if (verdict === 'never_owned') {
      throw reject('forbidden', 'This customer belongs to another consultant.');
    }
  }
  const mergedOwnerName = await batch.facts.userName(merge.mergedOwner);
  const name = typeof mergedCard.data.name === 'string' ? mergedCard.data.name : '';
  const late = lateChangeOntoSurvivor(
    survivor.data,
    fields,
    `「${name}」（${mergedOwnerName ?? ''}）`,
  );
  const kept = [...late.conflicts];
  if (verdict === 'reassigned') {
    // Made after the writer lost the card: nothing is applied; what would have been is kept.
    for (const [field, value] of Object.entries(late.fields)) {
      kept.push({ field, survivorValue: survivor.data[field] ?? null, value });
    }
  } else if (Object.keys(late.fields).length > 0) {
    const data = { ...survivor.data };
    const clocks = { ...survivor.clocks };
    for (const [field, value] of Object.entries(late.fields)) {
      data[field] = value;
      clocks[field] = clock.tick();
    }
    await effects.keepRow({
      dealershipId: caller.dealershipId,
      table: 'customers',
      id: survivor.id,
      ownerId: survivor.ownerId,
      customerId: survivor.customerId,
      data,
      clocks,
    });
  }
  for (const conflict of kept) {
    await effects.keepRow(
      await buildConflictRow(batch, {
        dealershipId: caller.dealershipId,
        customerId: survivor.id,
        ownerColumn: survivor.ownerId,
        ownerId: survivor.ownerId,
        rowTable: 'customers',
        rowId: survivor.id,
        field: conflict.field,
        kept: { value: conflict.survivorValue, hlc: survivor.clocks[conflict.field] ?? '' },
        lost: { value: conflict.value, hlc: mutation.hlc },
      }),
    );
  }
  if (verdict === 'reassigned') {
    throw reject(
      'reassigned',
      'The card was merged into another consultant’s card before this change was made; the change is kept there as a conflict.',
    );
  }
}

/**
 * An existing row whose change names another customer: allowed only when that is the card the
 * writer knew the row under and it was merged into the row's customer since (no move happens).
 */
export async function checkCustomerOfMovedRow(
  batch: Batch,
  fields: Record<string, unknown>,
  current: BatchRow,
): Promise<void> {
  const merge =
    typeof fields.customerId === 'string'
      ? await batch.facts.finalSurvivor(fields.customerId)
      : undefined;
  if (merge?.survivorId !== current.customerId) {
    throw reject('read_only_field', 'customerId: a row cannot move to another customer.');
  }
}

/** A new row made for a card merged since (offline, say): the survivor it belongs on, if any. */
export async function survivorForNewRow(
  batch: Batch,
  customerId: string,
): Promise<BatchRow | undefined> {
  const merge = await batch.facts.finalSurvivor(customerId);
  return merge && (await batch.rows.get('customers', merge.survivorId));
}
