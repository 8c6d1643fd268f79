// Field names and values of synced rows as the user reads them, reusing the labels of the card
// form and the timeline (field.*, followUps.*), for the conflicts screen.

import { useTranslation } from 'react-i18next';
import { useDisplayValue } from '../../../ui/useDisplayValue';

/** Labels that differ by table (a follow-up's purpose is not the car's purpose). */
const TABLE_LABELS: Record<string, Record<string, string>> = {
  followUps: {
    purpose: 'followUps.purpose',
    result: 'followUps.result',
    dueAt: 'followUps.dueAt',
    channel: 'followUps.channel',
    outcome: 'followUps.outcome',
    state: 'sync.conflicts.fields.state',
  },
  settings: {
    cadence: 'sync.conflicts.fields.cadence',
    intentThresholds: 'sync.conflicts.fields.intentThresholds',
  },
};

export function useFieldLabel(): (table: string, field: string) => string {
  const { t } = useTranslation();
  return (table, field) => {
    const specific = TABLE_LABELS[table]?.[field];
    if (specific) return t(specific);
    return t(`field.${field}`, {
      defaultValue: t(`sync.conflicts.fields.${field}`, { defaultValue: field }),
    });
  };
}

export function useValueText(): (field: string, value: unknown) => string {
  const { t } = useTranslation();
  const display = useDisplayValue();
  const text = (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return t('timeline.emptyValue');
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (typeof value === 'number') return String(value);
    if (typeof value === 'string') return display(field, value) || value;
    if (Array.isArray(value)) {
      return value.length === 0
        ? t('timeline.emptyValue')
        : value.map((item) => text(field, item)).join('、');
    }
    if (typeof value === 'object') {
      return Object.entries(value)
        .map(([key, item]) => `${key}: ${text(key, item)}`)
        .join('，');
    }
    return String(value);
  };
  return text;
}
