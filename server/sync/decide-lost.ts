// POST /v1/commands/decide-lost: a manager decides a consultant's lost request (申请战败).
// Approve: the customer becomes 'lost'. Send back: it returns to the status it had before the
// request. The changed fields are stamped with a fresh server HLC (every client takes them), a
// timeline entry tells the story with the manager's note, and everyone who sees the customer is
// poked. Only a customer whose request is still open can be decided (409 otherwise), so two
// managers deciding at once cannot both win. A customer sent back is active again and must not be
// left without a plan: when it has no open follow-up, the next one is planned by the cadence with
// the purpose of its stage (as a code, shown in each reader's language).

import { v7 as uuidv7 } from 'uuid';
import {
  DEFAULT_CADENCE,
  proposeNextFollowUpAt,
  type FollowUpCadence,
} from '../../shared/domain/cadence';
import type { CustomerStatus } from '../../shared/domain/customer-status';
import type { FollowUp } from '../../shared/domain/follow-up';
import type { IntentLevel } from '../../shared/domain/intent';
import { proposeFollowUpPurpose } from '../../shared/domain/next-follow-up';
import { DEALERSHIP_SETTINGS_ID } from '../../shared/domain/settings';
import type { DecideLostResponse } from '../../shared/sync/protocol';
import type { Caller } from '../auth/authorize';
import type { Database, Queryable } from '../db/database';
import {
  getCustomerChildren,
  getRecord,
  lockDealership,
  saveRecord,
  type RecordRow,
} from '../db/records';
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
    if (request.decision === 'send_back') {
      await planNextIfNone(tx, caller, customer, status, { hlc: clock.tick(), now });
    }
    await clock.save();
    const changes = collectChanges(caller.dealershipId);
    changes.touchOwner(customer.ownerId);
    await changes.notify(tx);
    return { status };
  });
}

function isCadence(value: unknown): value is FollowUpCadence {
  if (typeof value !== 'object' || value === null) return false;
  return (['firstContactHours', 'H', 'A', 'B', 'C', 'O'] as const).every(
    (key) => key in value && typeof (value as Record<string, unknown>)[key] === 'number',
  );
}

async function planNextIfNone(
  tx: Queryable,
  caller: Caller,
  customer: RecordRow,
  status: CustomerStatus,
  at: { hlc: string; now: string },
): Promise<void> {
  const ownerId = customer.ownerId;
  if (ownerId === null) return;
  const children = await getCustomerChildren(tx, caller.dealershipId, customer.id);
  const hasPlan = children.some(
    (row) => row.table === 'followUps' && row.data.state === 'planned' && row.data.deleted !== true,
  );
  if (hasPlan) return;
  const settings = await getRecord(tx, caller.dealershipId, 'settings', DEALERSHIP_SETTINGS_ID);
  const cadence = isCadence(settings?.data.cadence) ? settings.data.cadence : DEFAULT_CADENCE;
  const level = customer.data.intentLevel;
  const subject = {
    status,
    intentLevel: (['H', 'A', 'B', 'C'] as const).find((known) => known === level) ?? null,
  } satisfies { status: CustomerStatus; intentLevel: IntentLevel | null };
  const dueAt = proposeNextFollowUpAt(subject, new Date(at.now), cadence);
  const purpose = proposeFollowUpPurpose(subject);
  if (!dueAt || !purpose) return;
  const id = uuidv7();
  const data: Omit<FollowUp, 'clocks'> = {
    id,
    dealershipId: caller.dealershipId,
    ownerId,
    createdAt: at.now,
    updatedAt: at.now,
    deleted: false,
    customerId: customer.id,
    dueAt: dueAt.toISOString(),
    channel: 'phone',
    purpose,
    state: 'planned',
    completedAt: null,
    outcome: null,
    result: '',
    kind: 'sales',
  };
  await saveRecord(tx, {
    dealershipId: caller.dealershipId,
    table: 'followUps',
    id,
    ownerId,
    customerId: customer.id,
    data,
    clocks: Object.fromEntries(Object.keys(data).map((field) => [field, at.hlc])),
  });
  await writeServerTimelineEntry(tx, {
    caller,
    customerId: customer.id,
    ownerId,
    kind: 'follow_up_planned',
    changes: [{ field: 'dueAt', from: '', to: data.dueAt }],
    text: purpose,
    hlc: at.hlc,
    now: at.now,
  });
}
