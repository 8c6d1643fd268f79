// The intent level a screen shows: the level of today, from the card's expected purchase date and
// the dealership's thresholds (shared/domain/intent.ts), so it rises as the date approaches
// without anyone editing the card, and turns over at midnight on an open screen.

import { useCallback } from 'react';
import { localDay } from '../../shared/domain/dates';
import {
  currentIntentLevel,
  DEFAULT_INTENT_THRESHOLDS,
  type IntentLevel,
  type IntentSubject,
} from '../../shared/domain/intent';
import { useDealershipSettings } from '../db/useDealershipSettings';
import { useNow } from './useNow';

/** A function giving a card's level today; one hook per screen, called for each row. */
export function useCurrentIntent(): (card: IntentSubject) => IntentLevel | null {
  const thresholds = useDealershipSettings()?.intentThresholds ?? DEFAULT_INTENT_THRESHOLDS;
  const today = localDay(new Date(useNow(60_000)));
  return useCallback(
    (card: IntentSubject) => currentIntentLevel(card, today, thresholds),
    [today, thresholds],
  );
}
