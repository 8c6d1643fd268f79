// What a committed write tells the other server instances: which dealership changed and whose
// scope it touched. Sent with pg_notify inside the writing transaction, so PostgreSQL delivers it
// only if (and when) the transaction commits; every instance LISTENs and pokes its SSE clients.

import { z } from 'zod';
import type { Queryable } from '../db/database';

export const CHANGES_CHANNEL = 'dealerdesk_changes';

const changeNoticeSchema = z.object({
  dealershipId: z.string(),
  /** Owners whose rows changed; managers and admins of the dealership are always poked. */
  ownerIds: z.array(z.string()),
  /** A dealership-scoped row (settings) or the team changed: poke everyone in the dealership. */
  all: z.boolean().optional(),
});
export type ChangeNotice = z.infer<typeof changeNoticeSchema>;

// NOTIFY payloads are limited to 8000 bytes; a long owner list becomes "everyone".
const MAX_PAYLOAD = 7000;

/** Collects what one transaction touched, then notifies once. */
export type ChangeCollector = {
  touchOwner(ownerId: string | null): void;
  touchAll(): void;
  readonly empty: boolean;
  notify(tx: Queryable): Promise<void>;
};

export function collectChanges(dealershipId: string): ChangeCollector {
  const ownerIds = new Set<string>();
  let all = false;
  let touched = false;
  return {
    touchOwner(ownerId) {
      touched = true;
      if (ownerId === null) all = true;
      else ownerIds.add(ownerId);
    },
    touchAll() {
      touched = true;
      all = true;
    },
    get empty() {
      return !touched;
    },
    async notify(tx) {
      if (!touched) return;
      await notifyChanges(tx, { dealershipId, ownerIds: [...ownerIds], all });
    },
  };
}

export async function notifyChanges(tx: Queryable, notice: ChangeNotice): Promise<void> {
  let payload = JSON.stringify(notice);
  if (payload.length > MAX_PAYLOAD) {
    payload = JSON.stringify({ dealershipId: notice.dealershipId, ownerIds: [], all: true });
  }
  await tx.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, payload]);
}

export function parseChangeNotice(payload: string): ChangeNotice | null {
  try {
    const parsed = changeNoticeSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
