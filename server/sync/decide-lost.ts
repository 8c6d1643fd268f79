// POST /v1/commands/decide-lost: a manager decides a consultant's lost request (申请战败).
// Approve: the customer becomes 'lost'. Send back: it returns to the status it had before the
// request. The changed fields are stamped with a fresh server HLC (every client takes them), a
// timeline entry tells the story with the manager's note, and everyone who sees the customer is
// poked. Only a customer whose request is still open can be decided (409 otherwise), so two
// managers deciding at once cannot both win.

import type { CustomerStatus } from '../../shared/domain/customer-status';
import type { DecideLostResponse } from '../../shared/sync/protocol';
import type { Caller } from '../auth/authorize';
import type { Database } from '../db/database';
import { getRecord, lockDealership, saveRecord } from '../db/records';
import { conflict, notFound } from '../http/errors';
import { collectChanges } from './change-notice';
import { loadServerClock } from './server-clock';
import { writeServerTimelineEntry } from './server-timeline';

export type DecideLost = {
  customerId: string;
  decision: 'approve' | 'send_back';
  note: string;
};

export async function decideLost(
  db: Database,
  caller: Caller,
  request: DecideLost,
): Promise<DecideLostResponse> {
  return db.transaction(async (tx) => {
    await lockDealership(tx, caller.dealershipId);
    const customer = await getRecord(tx, caller.dealershipId, 'customers', request.customerId);
    if (!customer || customer.data.deleted === true || customer.ownerId === null) {
      throw notFound('customer_not_found', 'No such customer in your dealership.');
    }
    if (customer.data.status !== 'lost_requested') {
      throw conflict(
        'lost_already_decided',
        'This lost request has already been decided or withdrawn.',
      );
    }
    const before = customer.data.statusBeforeLost;
    const status: CustomerStatus =
      request.decision === 'approve'
        ? 'lost'
        : typeof before === 'string' && before !== 'lost' && before !== 'lost_requested'
          ? (before as CustomerStatus)
          : 'following';

    const clock = await loadServerClock(tx, caller.dealershipId);
    const hlc = clock.tick();
    const now = new Date().toISOString();
    const changed: Record<string, unknown> = { status, updatedAt: now };
    if (request.decision === 'send_back') changed.statusBeforeLost = null;
    const clocks = { ...customer.clocks };
    for (const field of Object.keys(changed)) clocks[field] = hlc;
    await saveRecord(tx, {
      dealershipId: caller.dealershipId,
      table: 'customers',
      id: customer.id,
      ownerId: customer.ownerId,
      customerId: customer.customerId,
      data: { ...customer.data, ...changed },
      clocks,
    });
    await writeServerTimelineEntry(tx, {
      caller,
      customerId: customer.id,
      ownerId: customer.ownerId,
      kind: request.decision === 'approve' ? 'lost_approved' : 'lost_sent_back',
      changes: [{ field: 'status', from: 'lost_requested', to: status }],
      text: request.note,
      hlc,
      now,
    });
    await clock.save();
    const changes = collectChanges(caller.dealershipId);
    changes.touchOwner(customer.ownerId);
    await changes.notify(tx);
    return { status };
  });
}
