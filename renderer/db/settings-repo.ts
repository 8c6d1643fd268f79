// Dealership settings (cadence, intent thresholds): one synced row with defaults until edited.

import {
  DEALERSHIP_SETTINGS_ID,
  DEFAULT_DEALERSHIP_SETTINGS,
  type DealershipSettingsFields,
} from '../../shared/domain/settings';
import type { AppDB } from './AppDB';
import { inWriteTransaction, writeRow, type WriteContext } from './write-path';

export async function readDealershipSettings(db: AppDB): Promise<DealershipSettingsFields> {
  const row = await db.settings.get(DEALERSHIP_SETTINGS_ID);
  if (!row) return structuredClone(DEFAULT_DEALERSHIP_SETTINGS);
  return {
    cadence: row.cadence,
    intentThresholds: row.intentThresholds,
    postDeliveryCadence: row.postDeliveryCadence ?? DEFAULT_DEALERSHIP_SETTINGS.postDeliveryCadence,
  };
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
