// Fields of pushed rows that only the server decides, per table (docs/sync-protocol.md, "Rows").
//
// Two kinds of rule:
// - refused: what a client may never write — a timeline entry of a kind the server writes for its
//   commands (a reassignment, a lost decision, a merge, a deletion), any change to such an entry,
//   and a customer's `deleted` (deleting and restoring are commands);
// - stamped: who did it. The actor fields are the caller's, from the token: whatever the client
//   sent is replaced (a stale value, e.g. a name from before the first login, is simply put
//   right), and the field gets a fresh server clock so every client takes the server's value.

import { isServerTimelineKind } from '../../shared/domain/timeline';
import type { RejectReason } from '../../shared/sync/protocol';
import type { SyncTableName } from '../../shared/sync/tables';
import type { Caller } from '../auth/authorize';

export type ServerDecidedRefusal = { reason: RejectReason; message: string };

type Row = Record<string, unknown>;

type TableRule = {
  refuse?: (fields: Row, current: Row | undefined) => ServerDecidedRefusal | null;
  /** Sets the actor fields from the caller; returns the fields whose value it replaced. */
  stamp?: (caller: Caller, fields: Row, current: Row | undefined) => string[];
};

/** Sets `fields[field]` to `value`; reports the field when the client's value was different. */
function put(fields: Row, field: string, value: unknown): string[] {
  const replaced = field in fields && fields[field] !== value;
  fields[field] = value;
  return replaced ? [field] : [];
}

/** `idField`/`nameField` are the caller whenever the change names someone (null stays null). */
function stampActor(idField: string, nameField: string) {
  return (caller: Caller, fields: Row): string[] => {
    if (!(idField in fields) && !(nameField in fields)) return [];
    if (idField in fields && fields[idField] === null) return [];
    return [...put(fields, idField, caller.id), ...put(fields, nameField, caller.name)];
  };
}

const RULES: Partial<Record<SyncTableName, TableRule>> = {
  customers: {
    refuse(fields, current) {
      const stored = current?.deleted === true;
      if ('deleted' in fields && fields.deleted !== stored) {
        return {
          reason: 'read_only_field',
          message: 'deleted: cards are deleted and restored by a manager (delete-customer).',
        };
      }
      return null;
    },
  },
  timeline: {
    refuse(fields, current) {
      if (isServerTimelineKind(fields.kind) || isServerTimelineKind(current?.kind)) {
        return {
          reason: 'forbidden',
          message: `kind: ${String(current?.kind ?? fields.kind)} entries are written by the server.`,
        };
      }
      return null;
    },
    stamp(caller, fields, current) {
      // An entry says who did it when it was written: a new one is the caller's, and an existing
      // one keeps its author.
      const actorId = current ? current.actorId : caller.id;
      const actorName = current ? current.actorName : caller.name;
      const replaced: string[] = [];
      if (!current || 'actorId' in fields) replaced.push(...put(fields, 'actorId', actorId));
      if (!current || 'actorName' in fields) replaced.push(...put(fields, 'actorName', actorName));
      return replaced;
    },
  },
  deliveryItems: { stamp: stampActor('doneBy', 'doneByName') },
  surveys: { stamp: stampActor('surveyedBy', 'surveyedByName') },
  conflicts: {
    stamp: (caller, fields) =>
      'resolvedBy' in fields && fields.resolvedBy !== null
        ? put(fields, 'resolvedBy', caller.id)
        : [],
  },
};

/**
 * A card a manager deleted (not merged: those changes go to the survivor) takes no changes, and
 * neither do its rows: they would reach laptops that no longer hold the card. The refused change
 * stays in the writer's list of rejected changes, to re-apply once the card is restored.
 */
export function deletedCustomerRefusal(customer: Row | undefined): ServerDecidedRefusal | null {
  if (customer?.deleted !== true) return null;
  return {
    reason: 'unknown_customer',
    message: 'The customer was deleted by a manager; it can be restored within 30 days.',
  };
}

/** Why a client may not push this change, or null. */
export function serverDecidedRefusal(
  table: SyncTableName,
  fields: Row,
  current: Row | undefined,
): ServerDecidedRefusal | null {
  return RULES[table]?.refuse?.(fields, current) ?? null;
}

/** Puts the caller into the change's actor fields; returns those whose value was replaced. */
export function stampServerDecided(
  caller: Caller,
  table: SyncTableName,
  fields: Row,
  current: Row | undefined,
): string[] {
  return RULES[table]?.stamp?.(caller, fields, current) ?? [];
}
