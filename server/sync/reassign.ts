// POST /v1/commands/reassign-customers: a manager hands customers to another consultant.
// The customer and every row hanging off it get the new owner (stamped with a server HLC, so all
// clients take it) and new seqs (so the new owner pulls them); the old owner gets a `remove` for
// each row in the same ordered stream; a `reassigned` timeline entry tells the story on the card;
// and the reassignment's HLC is recorded, so the old owner's offline changes can later be judged
// as made before it (applied) or after it (refused and kept as conflicts) — see push.ts.

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
import { writeServerTimelineEntry } from './server-timeline';

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
      throw notFound('user_not_found', 'No such user in your dealership.');
    }
    if (!target.active)
      throw conflict(
        'owner_deactivated',
        `${target.name} is deactivated and cannot own customers.`,
      );

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
      if (
        !customer ||
        customer.ownerId === null ||
        customer.ownerId === target.id ||
        // A merged card lives on in its survivor; it is not handed over on its own.
        customer.data.deleted === true
      ) {
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
      const fromName = previous?.name ?? '';
      await writeServerTimelineEntry(tx, {
        caller,
        customerId,
        ownerId: target.id,
        kind: 'reassigned',
        changes: [{ field: 'ownerId', from: fromName, to: target.name }],
        text: '',
        note: { code: 'reassigned', params: { from: fromName, to: target.name } },
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
