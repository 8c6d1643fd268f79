// What differs between synced tables when a change is pushed, as data: where a row lives (its
// scope: a customer card, a row of a card, a dealership row) and each table's own rules (a lost
// request is a manager's to approve, a delivery completes only when its checklist is done, the
// grade follows the merged facts…). push-change.ts applies every change the same way and asks
// these tables where tables differ. Who may write a table and which fields clients may set are
// in shared/sync/tables.ts (SYNC_TABLES), the server-decided fields in server-decided.ts.

import { DEALERSHIP_SETTINGS_ID } from '../../shared/domain/settings';
import {
  completionBlockers,
  type DeliveryItem,
  type DeliveryState,
} from '../../shared/domain/delivery';
import { qualificationGrade } from '../../shared/domain/qualification';
import type { Mutation } from '../../shared/sync/protocol';
import type { SyncScope, SyncTableName } from '../../shared/sync/tables';
import { seesWholeDealership } from '../auth/authorize';
import { reject, type Batch, type Rejection } from './push-batch';
import { checkCustomerOfMovedRow, survivorForNewRow } from './push-merged-card';
import type { BatchRow } from './push-rows';

/** Where a row lives: its customer (if any) and the owner the server gives it. */
export type RowScope = {
  customerId: string | null;
  customer: BatchRow | undefined;
  /** owner_id column: whose scope the row is in (null: the whole dealership). */
  ownerColumn: string | null;
  /** data.ownerId: for customer rows the same as the column, for settings the writer. */
  ownerId: string;
  /** A new child row written to a card that was merged since: that card (the row goes to the survivor). */
  mergedFrom?: string;
};

type ChangeInput = {
  batch: Batch;
  mutation: Mutation;
  /** The change's checked fields (a scope may correct `customerId`). */
  fields: Record<string, unknown>;
  current: BatchRow | undefined;
};

type ScopeResolver = (input: ChangeInput) => Promise<RowScope>;

const storedOwnerId = (current: BatchRow | undefined) =>
  typeof current?.data.ownerId === 'string' ? current.data.ownerId : null;

/** How each kind of table (SYNC_TABLES scope) places a row. */
export const ROW_SCOPES: Record<SyncScope, ScopeResolver> = {
  async dealership({ batch, mutation, current }) {
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
      ownerId: storedOwnerId(current) ?? batch.caller.id,
    };
  },

  async customer({ batch, mutation, current }) {
    const ownerColumn = current ? current.ownerId : batch.caller.id;
    return {
      customerId: mutation.rowId,
      customer: current,
      ownerColumn,
      ownerId: ownerColumn ?? storedOwnerId(current) ?? batch.caller.id,
    };
  },

  /** A row of a customer: its customer decides its scope. */
  async child({ batch, fields, current }) {
    const { caller } = batch;
    if (current && 'customerId' in fields && fields.customerId !== current.customerId) {
      // The card the writer knew it under was merged into the row's customer since: no move.
      await checkCustomerOfMovedRow(batch, fields, current);
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
          ownerId: storedOwnerId(current) ?? caller.id,
        };
      }
      throw reject('invalid', 'customerId: required for a new row.');
    }
    const customer = await batch.rows.get('customers', customerId);
    if (!customer) {
      throw reject('unknown_customer', `Customer ${customerId} does not exist on the server.`);
    }
    if (!current && customer.data.deleted === true) {
      const survivor = await survivorForNewRow(batch, customerId);
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
  },
};

export type TableRule = {
  /**
   * The table's own refusal, once the row's scope is known (before the writer's ownership of the
   * customer is judged).
   */
  check?: (input: ChangeInput & { scope: RowScope }) => Promise<Rejection | null>;
  /** Fields that follow from the merged row: the values to set where they differ. */
  derive?: (data: Record<string, unknown>) => Record<string, unknown>;
  /**
   * A change to a deleted row that was merged goes to its survivor (push-merged-card.ts). Only
   * customer cards are merged.
   */
  followsMerge?: true;
  /**
   * false: losing values are not kept as conflicts. Conflicts about conflict rows (two people
   * resolving the same one) would only breed more conflicts: the resolution goes by HLC.
   */
  keepsLosers?: false;
};

export const TABLE_RULES: Partial<Record<SyncTableName, TableRule>> = {
  customers: {
    followsMerge: true,
    async check({ batch, fields, current }) {
      if (
        fields.status === 'lost' &&
        current?.data.status !== 'lost' &&
        !seesWholeDealership(batch.caller.role)
      ) {
        return reject('forbidden', 'Only a manager approves a lost request (decide-lost).');
      }
      return null;
    },
    derive(data) {
      // Two people ticked different facts of one card: both facts survive the merge, but each
      // client's grade saw only its own. The grade follows from the merged facts.
      const grade = derivedGrade(data);
      return grade !== null && grade !== data.qualificationGrade
        ? { qualificationGrade: grade }
        : {};
    },
  },
  deliveries: {
    async check({ batch, mutation, fields, current, scope }) {
      if (fields.state !== 'completed' || current?.data.state === 'completed') return null;
      return deliveryCompletionRefusal(batch, mutation.rowId, fields, current, scope.customerId);
    },
  },
  conflicts: {
    keepsLosers: false,
    async check({ batch, scope }) {
      if (scope.customerId === null && !seesWholeDealership(batch.caller.role)) {
        return reject('forbidden', 'Only managers may resolve conflicts of dealership settings.');
      }
      return null;
    },
  },
};

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

/**
 * Completing a delivery is a workflow step the server checks (ARCHITECTURE.md "Sync" point 2):
 * every required checklist item is settled and the customer has signed. The laptop checks the
 * same rule first; this catches a completion pushed against a checklist someone else re-opened.
 * The items are pushed before the completion (outbox order), so they are already in the batch.
 */
async function deliveryCompletionRefusal(
  batch: Batch,
  deliveryId: string,
  fields: Record<string, unknown>,
  current: BatchRow | undefined,
  customerId: string | null,
): Promise<Rejection | null> {
  if (customerId === null) return reject('invalid', 'customerId: required for a delivery.');
  const items = (await batch.rows.children(customerId))
    .filter((row) => row.table === 'deliveryItems' && row.data.deliveryId === deliveryId)
    .map((row) => row.data as unknown as DeliveryItem);
  const signature = (fields.signature ?? current?.data.signature ?? '') as string;
  const state = (current?.data.state ?? 'scheduled') as DeliveryState;
  const blockers = completionBlockers({ state, signature }, items);
  if (blockers.length === 0) return null;
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
  return reject('invalid', `The delivery cannot be completed: ${problems.join('; ')}.`);
}
