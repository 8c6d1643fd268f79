// Dealership settings: one synced row, edited by managers (for now: by the consultant locally).

import { DEFAULT_CADENCE, type FollowUpCadence } from './cadence';
import { DEFAULT_INTENT_THRESHOLDS, type IntentThresholds } from './intent';
import { DEFAULT_POST_DELIVERY_CADENCE, type PostDeliveryCadence } from './post-delivery';
import type { SyncedRow } from './synced-row';

export const DEALERSHIP_SETTINGS_ID = 'dealership';

export type DealershipSettingsFields = {
  cadence: FollowUpCadence;
  intentThresholds: IntentThresholds;
  postDeliveryCadence: PostDeliveryCadence;
};

/** Fields added after the first release: a row saved before them lacks them (readers fill defaults). */
type LaterSettingsFields = 'postDeliveryCadence';

export type DealershipSettings = SyncedRow &
  Omit<DealershipSettingsFields, LaterSettingsFields> &
  Partial<Pick<DealershipSettingsFields, LaterSettingsFields>>;

export const DEFAULT_DEALERSHIP_SETTINGS: DealershipSettingsFields = {
  cadence: DEFAULT_CADENCE,
  intentThresholds: DEFAULT_INTENT_THRESHOLDS,
  postDeliveryCadence: DEFAULT_POST_DELIVERY_CADENCE,
};
