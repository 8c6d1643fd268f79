// Turning a losing value into a `conflicts` row (shared/sync/conflict.ts) that syncs to everyone
// who sees the customer. Authors are found from the HLC: its node is the writer's client id, which
// login bound to a user; the server's own stamps (node "server") have no author.

import { v7 as uuidv7 } from 'uuid';
import { parseHlc } from '../../shared/sync/hlc';
import type { SyncConflict } from '../../shared/sync/conflict';
import type { Queryable } from '../db/database';
import { saveRecord, type RecordWrite } from '../db/records';
import { findUserOfClient } from '../db/users';
import type { ChangeCollector } from './change-notice';
import { SERVER_NODE, type ServerClock } from './server-clock';

/**
 * Fields whose losing values are not worth a conflict: updatedAt and confirmedAt change with every
 * save of a card, qualificationGrade follows from the three facts (which keep their own
 * conflicts, and the server recomputes the grade after every merge), and the rest are row
 * identity or decided by the server.
 */
export const FIELDS_WITHOUT_CONFLICTS: ReadonlySet<string> = new Set([
  'updatedAt',
  'createdAt',
  'confirmedAt',
  'qualificationGrade',
  'id',
  'dealershipId',
  'ownerId',
]);

type Author = { id: string; name: string } | null;

export type AuthorLookup = (hlc: string) => Promise<Author>;

/** Resolves HLC authors, remembering each client id for the rest of the transaction. */
export function createAuthorLookup(tx: Queryable): AuthorLookup {
  const byNode = new Map<string, Author>();
  return async (hlc) => {
    let node: string;
    try {
      node = parseHlc(hlc).node;
    } catch {
      return null;
    }
    if (node === SERVER_NODE) return null;
    if (!byNode.has(node)) byNode.set(node, await findUserOfClient(tx, node));
    return byNode.get(node) ?? null;
  };
}

export type ConflictInput = {
  dealershipId: string;
  /** The scope of the conflict row: the customer's (null customer: a dealership row's). */
  customerId: string | null;
  ownerColumn: string | null;
  ownerId: string;
  rowTable: string;
  rowId: string;
  field: string;
  kept: { value: unknown; hlc: string };
  lost: { value: unknown; hlc: string };
};

export type ConflictWriter = {
  tx: Queryable;
  clock: ServerClock;
  authors: AuthorLookup;
  changes: ChangeCollector;
};

/**
 * The conflicts row for a losing value, with a fresh id and one fresh server clock for all its
 * fields. Building is apart from writing so a batch can write its conflicts with its other rows.
 */
export async function buildConflictRow(
  writer: Pick<ConflictWriter, 'clock' | 'authors'>,
  input: ConflictInput,
): Promise<RecordWrite> {
  const [keptBy, lostBy] = [
    await writer.authors(input.kept.hlc),
    await writer.authors(input.lost.hlc),
  ];
  const now = new Date().toISOString();
  const id = uuidv7();
  const data: Omit<SyncConflict, 'clocks'> = {
    id,
    dealershipId: input.dealershipId,
    ownerId: input.ownerId,
    createdAt: now,
    updatedAt: now,
    deleted: false,
    customerId: input.customerId,
    rowTable: input.rowTable,
    rowId: input.rowId,
    field: input.field,
    keptValue: input.kept.value ?? null,
    keptHlc: input.kept.hlc,
    keptBy: keptBy?.id ?? null,
    keptByName: keptBy?.name ?? '',
    lostValue: input.lost.value ?? null,
    lostHlc: input.lost.hlc,
    lostBy: lostBy?.id ?? null,
    lostByName: lostBy?.name ?? '',
    detectedAt: now,
    resolution: null,
    resolvedAt: null,
    resolvedBy: null,
  };
  const hlc = writer.clock.tick();
  const clocks = Object.fromEntries(Object.keys(data).map((field) => [field, hlc]));
  return {
    dealershipId: input.dealershipId,
    table: 'conflicts',
    id,
    ownerId: input.ownerColumn,
    customerId: input.customerId,
    data,
    clocks,
  };
}

export async function recordConflict(writer: ConflictWriter, input: ConflictInput): Promise<void> {
  await saveRecord(writer.tx, await buildConflictRow(writer, input));
  writer.changes.touchOwner(input.ownerColumn);
}
