import { describe, expect, it } from 'vitest';
import { DEFAULT_ESCALATION_HOURS, MAX_ESCALATION_HOURS } from '../../../shared/domain/escalation';
import { openTestDb } from '../../db/test-support';
import { readEscalationHours, saveEscalationHours } from './escalation-preference';

describe('escalation threshold preference', () => {
  it('defaults to 48 hours, keeps what the manager sets, and stays within bounds', async () => {
    const { db } = await openTestDb();
    expect(await readEscalationHours(db)).toBe(DEFAULT_ESCALATION_HOURS);
    await saveEscalationHours(db, 72);
    expect(await readEscalationHours(db)).toBe(72);
    await saveEscalationHours(db, -5);
    expect(await readEscalationHours(db)).toBe(0);
    await saveEscalationHours(db, 1e9);
    expect(await readEscalationHours(db)).toBe(MAX_ESCALATION_HOURS);
    // Local only: nothing waits to sync.
    expect(await db.outbox.count()).toBe(0);
  });
});
