// Dealership settings: one synced row, edited by managers and admins (in local mode, by whoever
// uses the laptop), read by everyone. Fields are only ever added: a row written before a field
// existed lacks it, and readers fall back to its default (settingsWithDefaults).

import { DEFAULT_LOCK_AFTER_MINUTES, DEFAULT_OFFLINE_LOCK_DAYS } from './app-lock';
import { DEFAULT_CADENCE, type FollowUpCadence } from './cadence';
import { DEFAULT_ESCALATION_HOURS } from './escalation';
import { DEFAULT_INTENT_THRESHOLDS, type IntentThresholds } from './intent';
import { DEFAULT_POST_DELIVERY_CADENCE, type PostDeliveryCadence } from './post-delivery';
import type { SyncedRow } from './synced-row';

export const DEALERSHIP_SETTINGS_ID = 'dealership';

/** Who the dealership is, as printed on the documents given to customers (empty until set). */
export type DealershipIdentity = { name: string; address: string; phone: string };

export const EMPTY_DEALERSHIP_IDENTITY: DealershipIdentity = { name: '', address: '', phone: '' };

export type DealershipSettingsFields = {
  cadence: FollowUpCadence;
  intentThresholds: IntentThresholds;
  postDeliveryCadence: PostDeliveryCadence;
  /** The team board escalates a planned follow-up past due by more than this (hours, 1–720). */
  escalationHours: number;
  dealership: DealershipIdentity;
  /** The app locks after this many idle minutes (1–240). */
  lockAfterMinutes: number;
  /** A laptop that has not reached its server for this many days needs the password online (1–365). */
  offlineLockDays: number;
};

/** Fields added after the first version: a row saved before them lacks them (readers fill defaults). */
type LaterSettingsFields =
  'postDeliveryCadence' | 'escalationHours' | 'dealership' | 'lockAfterMinutes' | 'offlineLockDays';

/** The stored row: fields added after the first version may be missing from older rows. */
export type DealershipSettings = SyncedRow &
  Omit<DealershipSettingsFields, LaterSettingsFields> &
  Partial<Pick<DealershipSettingsFields, LaterSettingsFields>>;

export const DEFAULT_DEALERSHIP_SETTINGS: DealershipSettingsFields = {
  cadence: DEFAULT_CADENCE,
  intentThresholds: DEFAULT_INTENT_THRESHOLDS,
  postDeliveryCadence: DEFAULT_POST_DELIVERY_CADENCE,
  escalationHours: DEFAULT_ESCALATION_HOURS,
  dealership: EMPTY_DEALERSHIP_IDENTITY,
  lockAfterMinutes: DEFAULT_LOCK_AFTER_MINUTES,
  offlineLockDays: DEFAULT_OFFLINE_LOCK_DAYS,
};

/** The settings a stored row stands for, with defaults for fields it predates. */
export function settingsWithDefaults(
  row: Pick<
    DealershipSettings,
    | 'cadence'
    | 'intentThresholds'
    | 'escalationHours'
    | 'postDeliveryCadence'
    | 'dealership'
    | 'lockAfterMinutes'
    | 'offlineLockDays'
  >,
): DealershipSettingsFields {
  return {
    cadence: row.cadence,
    intentThresholds: row.intentThresholds,
    // Spread over the defaults: a cadence saved before the warranty and insurance terms lacks them.
    postDeliveryCadence: {
      ...DEFAULT_DEALERSHIP_SETTINGS.postDeliveryCadence,
      ...row.postDeliveryCadence,
    },
    escalationHours: row.escalationHours ?? DEFAULT_DEALERSHIP_SETTINGS.escalationHours,
    dealership: row.dealership ?? DEFAULT_DEALERSHIP_SETTINGS.dealership,
    lockAfterMinutes: row.lockAfterMinutes ?? DEFAULT_DEALERSHIP_SETTINGS.lockAfterMinutes,
    offlineLockDays: row.offlineLockDays ?? DEFAULT_DEALERSHIP_SETTINGS.offlineLockDays,
  };
}
