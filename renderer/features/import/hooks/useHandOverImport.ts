// After a manager's import: push the new cards, then hand those planned for consultants to them
// with the server's reassign command (see owner-handover.ts for why).

import { useCallback } from 'react';
import type { ImportPlan } from '../../../../shared/import/plan';
import { db } from '../../../db/db';
import { inspectUndo } from '../../../db/import-repo';
import { requireEngine } from '../../../sync/sync-runtime';
import { handoverPlan, type CreatedCard } from '../owner-handover';

export type HandOver = (
  batchId: string,
  plan: ImportPlan,
  importerId: string,
) => Promise<{ handedOver: number; skipped: number }>;

export function useHandOverImport(): HandOver {
  return useCallback(async (batchId, plan, importerId) => {
    // The batch's created cards, whether or not a push has reached the server yet.
    const check = await inspectUndo(db, batchId);
    const ids = [...check.withdrawable, ...check.keptOnServer];
    const cards = (await db.customers.bulkGet(ids)).filter(
      (card): card is NonNullable<typeof card> => card !== undefined,
    );
    const handover = handoverPlan(plan, cards satisfies CreatedCard[], importerId);
    if (handover.size === 0) return { handedOver: 0, skipped: 0 };
    const engine = requireEngine();
    // The reassign command needs the cards on the server.
    await engine.syncNow();
    const result = await engine.reassignCustomers(handover);
    return { handedOver: result.reassigned, skipped: result.skipped.length };
  }, []);
}
