// The escalation threshold of the team board, kept as a local preference of this laptop (like the
// language). A dealership-wide setting (synced, in DealershipSettings) is for later; until then
// each manager's laptop keeps its own.

import { DEFAULT_ESCALATION_HOURS, MAX_ESCALATION_HOURS } from '../../../shared/domain/escalation';
import type { AppDB } from '../../db/AppDB';

export async function readEscalationHours(db: AppDB): Promise<number> {
  const row = await db.preferences.get('escalationHours');
  return row?.key === 'escalationHours' ? row.hours : DEFAULT_ESCALATION_HOURS;
}

/** Local-only, like the other preferences: no outbox, nothing to sync. */
export async function saveEscalationHours(db: AppDB, hours: number): Promise<void> {
  const clamped = Math.min(MAX_ESCALATION_HOURS, Math.max(0, Math.round(hours)));
  await db.preferences.put({ key: 'escalationHours', hours: clamped });
}
