// Dealership settings: one synced row, edited by managers (for now: by the consultant locally).

import { DEFAULT_CADENCE, type FollowUpCadence } from './cadence';
import { DEFAULT_INTENT_THRESHOLDS, type IntentThresholds } from './intent';
import type { SyncedRow } from './synced-row';

export const DEALERSHIP_SETTINGS_ID = 'dealership';

export type DealershipSettingsFields = {
  cadence: FollowUpCadence;
  intentThresholds: IntentThresholds;
};

export type DealershipSettings = SyncedRow & DealershipSettingsFields;

export const DEFAULT_DEALERSHIP_SETTINGS: DealershipSettingsFields = {
  cadence: DEFAULT_CADENCE,
  intentThresholds: DEFAULT_INTENT_THRESHOLDS,
};
