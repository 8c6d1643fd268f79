// Renders stored values (enum codes, booleans, ISO dates) the way the user reads them.

import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { formatPhone } from '../../shared/domain/phone';

const ENUM_FIELDS: Record<string, string> = {
  status: 'enum.status',
  source: 'enum.source',
  payment: 'enum.payment',
  purpose: 'enum.purpose',
  followUpPurpose: 'followUps.systemPurposes',
  qualificationGrade: 'enum.grade',
  intentLevel: 'enum.intent',
  channel: 'followUps.channels',
  outcome: 'followUps.outcomes',
  gender: 'card.genders',
  complaintCategory: 'complaints.categories',
  repurchaseIntent: 'survey.intents',
  referralIntent: 'survey.intents',
  kind: 'card.kinds',
  orderKind: 'deliveries.orderKinds',
  deliveryState: 'deliveries.states',
};

const BOOLEAN_FIELDS = new Set(['hasConfidence', 'hasNeed', 'hasPurchasingPower']);
const INSTANT_FIELDS = new Set([
  'dueAt',
  'scheduledAt',
  'receivedAt',
  'firstContactDueAt',
  'resultDueAt',
]);

export function useDisplayValue(): (field: string, value: string) => string {
  const { t } = useTranslation();
  return (field, value) => {
    if (value === '') return '';
    if (BOOLEAN_FIELDS.has(field)) return value === 'true' ? t('common.yes') : t('common.no');
    if (INSTANT_FIELDS.has(field)) return dayjs(value).format('YYYY-MM-DD HH:mm');
    // Stored as "13800138000, 13900139000" (the change text of a list): shown as typed elsewhere.
    if (field === 'phones') return value.split(', ').map(formatPhone).join('、');
    const prefix = ENUM_FIELDS[field];
    if (prefix) return t(`${prefix}.${value}`, { defaultValue: value });
    return value;
  };
}
