// Dealership settings (cadence, intent thresholds, escalation threshold): one synced row with
// defaults until edited, and defaults for the fields an older row predates.

import { MAX_ESCALATION_HOURS, MIN_ESCALATION_HOURS } from '../../shared/domain/escalation';
import {
  DEALERSHIP_SETTINGS_ID,
  DEFAULT_DEALERSHIP_SETTINGS,
  settingsWithDefaults,
  type DealershipSettingsFields,
} from '../../shared/domain/settings';
import type { AppDB } from './AppDB';
import { inWriteTransaction, writeRow, type WriteContext } from './write-path';

export async function readDealershipSettings(db: AppDB): Promise<DealershipSettingsFields> {
  const row = await db.settings.get(DEALERSHIP_SETTINGS_ID);
  if (!row) return structuredClone(DEFAULT_DEALERSHIP_SETTINGS);
  return settingsWithDefaults(row);
}

/** Saves the given groups of settings (each settings form saves its own); the others stay. */
export async function saveDealershipSettings(
  ctx: WriteContext,
  settings: Partial<DealershipSettingsFields>,
): Promise<void> {
  await inWriteTransaction(ctx, ['settings'], async () => {
    // A first save writes every group (the row must be whole); later ones only what changed.
    const current = await readDealershipSettings(ctx.db);
    await writeRow(ctx, 'settings', DEALERSHIP_SETTINGS_ID, { ...current, ...settings });
  });
}

/**
 * Before the escalation threshold was a dealership setting, the team board kept it as a local
 * preference of the manager's laptop. Once, that value becomes the dealership's — if this user
 * may write settings and the dealership has not set one — and the preference goes either way.
 * Runs when the team board opens (the only screen that used it); until the settings row has
 * arrived by sync it waits for the next time.
 */
export async function migrateLocalEscalationHours(
  ctx: WriteContext,
  mayWriteSettings: boolean,
): Promise<void> {
  const { db } = ctx;
  const preference = await db.preferences.get('escalationHours');
  if (preference?.key !== 'escalationHours') return;
  const row = await db.settings.get(DEALERSHIP_SETTINGS_ID);
  if (mayWriteSettings && !row) return;
  await inWriteTransaction(ctx, ['settings'], async () => {
    const hours = Math.round(preference.hours);
    const current = await db.settings.get(DEALERSHIP_SETTINGS_ID);
    if (
      mayWriteSettings &&
      current &&
      current.escalationHours === undefined &&
      hours !== DEFAULT_DEALERSHIP_SETTINGS.escalationHours &&
      hours >= MIN_ESCALATION_HOURS &&
      hours <= MAX_ESCALATION_HOURS
    ) {
      await writeRow(ctx, 'settings', DEALERSHIP_SETTINGS_ID, { escalationHours: hours });
    }
  });
  await db.preferences.delete('escalationHours');
}
