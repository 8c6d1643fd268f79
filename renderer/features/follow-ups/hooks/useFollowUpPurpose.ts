import { useTranslation } from 'react-i18next';

/** Follow-ups the app plans itself carry a purpose code; consultants' own purposes are text. */
export function useFollowUpPurpose(): (purpose: string) => string {
  const { t } = useTranslation();
  return (purpose) => t(`followUps.systemPurposes.${purpose}`, { defaultValue: purpose });
}
