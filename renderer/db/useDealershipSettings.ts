// The dealership's settings (cadence, intent thresholds, escalation, post-delivery care), read
// live with their defaults filled in: one definition for every screen that applies them.

import { useLiveQuery } from 'dexie-react-hooks';
import type { DealershipSettingsFields } from '../../shared/domain/settings';
import { db } from './db';
import { readDealershipSettings } from './settings-repo';

/** undefined while loading (callers that cannot wait use DEFAULT_DEALERSHIP_SETTINGS). */
export function useDealershipSettings(): DealershipSettingsFields | undefined {
  return useLiveQuery(() => readDealershipSettings(db), []);
}
