// POST /v1/commands/reassign-customers: a manager hands customers to another consultant.
// The customer and every row hanging off it get the new owner (stamped with a server HLC, so all
// clients take it) and new seqs (so the new owner pulls them); the old owner gets a `remove` for
// each row in the same ordered stream; a `reassigned` timeline entry tells the story on the card;
// and the reassignment's HLC is recorded, so the old owner's offline changes can later be judged
// as made before it (applied) or after it (refused and kept as conflicts) — see push.ts.

import { v7 as uuidv7 } from 'uuid';
import type { TimelineEntry } from '../../shared/domain/timeline';
import type { ReassignCustomersRequest } from '../../shared/sync/protocol';
import { seesWholeDealership, type Caller } from '../auth/authorize';
import type { Database, Queryable } from '../db/database';
import {
  getCustomerChildren,
  getRecord,
  insertRemoval,
  lockDealership,
  saveRecord,
  type RecordRow,
} from '../db/records';
import { findUserById, type UserRow } from '../db/users';
import { conflict, notFound } from '../http/errors';
import { collectChanges } from './change-notice';
import { loadServerClock } from './server-clock';

export type ReassignResult = { reassigned: number; skipped: string[] };

export async function reassignCustomers(
  db: Database,
  caller: Caller,
  request: ReassignCustomersRequest,
): Promise<ReassignResult> {
  return db.transaction(async (tx) => {
    await lockDealership(tx, caller.dealershipId);
    const target = await findUserById(tx, request.toUserId);
    if (!target || target.dealershipId !== caller.dealershipId) {
      throw notFound('No such user in your dealership.');
    }
    if (!target.active) throw conflict(`${target.name} is deactivated and cannot own customers.`);

    const clock = await loadServerClock(tx, caller.dealershipId);
    const changes = collectChanges(caller.dealershipId);
    const users = new Map<string, UserRow | undefined>([[target.id, target]]);
    const userById = async (id: string) => {
      if (!users.has(id)) users.set(id, await findUserById(tx, id));
      return users.get(id);
    };

    let reassigned = 0;
    const skipped: string[] = [];
    for (const customerId of new Set(request.customerIds)) {
      const customer = await getRecord(tx, caller.dealershipId, 'customers', customerId);
      if (!customer || customer.ownerId === null || customer.ownerId === target.id) {
        skipped.push(customerId);
        continue;
      }
      const previous = await userById(customer.ownerId);
      const hlc = clock.tick();
      const now = new Date().toISOString();
      await moveRow(tx, caller.dealershipId, customer, target.id, hlc, { updatedAt: now });
      const children = await getCustomerChildren(tx, caller.dealershipId, customerId);
      for (const child of children)
        await moveRow(tx, caller.dealershipId, child, target.id, hlc, {});

      // A manager who owned the customer still sees it: only a consultant loses the rows.
      if (!previous || !seesWholeDealership(previous.role)) {
        for (const row of [customer, ...children]) {
          await insertRemoval(tx, {
            dealershipId: caller.dealershipId,
            userId: customer.ownerId,
            table: row.table,
            rowId: row.id,
          });
        }
      }
      await tx.query(
        `INSERT INTO reassignments (dealership_id, customer_id, from_user, to_user, hlc)
         VALUES ($1, $2, $3, $4, $5)`,
        [caller.dealershipId, customerId, customer.ownerId, target.id, hlc],
      );
      await writeTimelineEntry(tx, {
        caller,
        customerId,
        ownerId: target.id,
        fromName: previous?.name ?? '',
        toName: target.name,
        hlc,
        now,
      });
      changes.touchOwner(customer.ownerId);
      changes.touchOwner(target.id);
      reassigned += 1;
    }
    await clock.save();
    await changes.notify(tx);
    return { reassigned, skipped };
  });
}

async function moveRow(
  tx: Queryable,
  dealershipId: string,
  row: RecordRow,
  ownerId: string,
  hlc: string,
  extra: Record<string, unknown>,
): Promise<void> {
  const data = { ...row.data, ...extra, ownerId };
  const clocks: Record<string, string> = { ...row.clocks, ownerId: hlc };
  for (const field of Object.keys(extra)) clocks[field] = hlc;
  await saveRecord(tx, {
    dealershipId,
    table: row.table,
    id: row.id,
    ownerId,
    customerId: row.customerId,
    data,
    clocks,
  });
}

async function writeTimelineEntry(
  tx: Queryable,
  entry: {
    caller: Caller;
    customerId: string;
    ownerId: string;
    fromName: string;
    toName: string;
    hlc: string;
    now: string;
  },
): Promise<void> {
  const id = uuidv7();
  const data: Omit<TimelineEntry, 'clocks'> = {
    id,
    dealershipId: entry.caller.dealershipId,
    ownerId: entry.ownerId,
    createdAt: entry.now,
    updatedAt: entry.now,
    deleted: false,
    customerId: entry.customerId,
    kind: 'reassigned',
    at: entry.now,
    actorId: entry.caller.id,
    actorName: entry.caller.name,
    changes: [{ field: 'ownerId', from: entry.fromName, to: entry.toName }],
    text: `从 ${entry.fromName} 转给 ${entry.toName}`,
  };
  await saveRecord(tx, {
    dealershipId: entry.caller.dealershipId,
    table: 'timeline',
    id,
    ownerId: entry.ownerId,
    customerId: entry.customerId,
    data,
    clocks: Object.fromEntries(Object.keys(data).map((field) => [field, entry.hlc])),
  });
}
