// Dealership settings: one synced row, edited by managers and admins (in local mode, by whoever
// uses the laptop), read by everyone. Fields are only ever added: a row written before a field
// existed lacks it, and readers fall back to its default (settingsWithDefaults).

import { DEFAULT_CADENCE, type FollowUpCadence } from './cadence';
import { DEFAULT_ESCALATION_HOURS } from './escalation';
import { DEFAULT_INTENT_THRESHOLDS, type IntentThresholds } from './intent';
import { DEFAULT_POST_DELIVERY_CADENCE, type PostDeliveryCadence } from './post-delivery';
import type { SyncedRow } from './synced-row';

export const DEALERSHIP_SETTINGS_ID = 'dealership';

export type DealershipSettingsFields = {
  cadence: FollowUpCadence;
  intentThresholds: IntentThresholds;
  postDeliveryCadence: PostDeliveryCadence;
  /** The team board escalates a planned follow-up past due by more than this (hours, 1–720). */
  escalationHours: number;
};

/** Fields added after the first version: a row saved before them lacks them (readers fill defaults). */
type LaterSettingsFields = 'postDeliveryCadence' | 'escalationHours';

/** The stored row: fields added after the first version may be missing from older rows. */
export type DealershipSettings = SyncedRow &
  Omit<DealershipSettingsFields, LaterSettingsFields> &
  Partial<Pick<DealershipSettingsFields, LaterSettingsFields>>;

export const DEFAULT_DEALERSHIP_SETTINGS: DealershipSettingsFields = {
  cadence: DEFAULT_CADENCE,
  intentThresholds: DEFAULT_INTENT_THRESHOLDS,
  postDeliveryCadence: DEFAULT_POST_DELIVERY_CADENCE,
  escalationHours: DEFAULT_ESCALATION_HOURS,
};

/** The settings a stored row stands for, with defaults for fields it predates. */
export function settingsWithDefaults(
  row: Pick<
    DealershipSettings,
    'cadence' | 'intentThresholds' | 'escalationHours' | 'postDeliveryCadence'
  >,
): DealershipSettingsFields {
  return {
    cadence: row.cadence,
    intentThresholds: row.intentThresholds,
    postDeliveryCadence: row.postDeliveryCadence ?? DEFAULT_DEALERSHIP_SETTINGS.postDeliveryCadence,
    escalationHours: row.escalationHours ?? DEFAULT_DEALERSHIP_SETTINGS.escalationHours,
  };
}
