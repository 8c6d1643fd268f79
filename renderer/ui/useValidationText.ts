// Translates a zod issue's message (an i18n key, possibly with parameters: see
// shared/domain/validation-message.ts) into the reader's language. Every form says its
// validation messages through this one function.

import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { parseMessage } from '../../shared/domain/validation-message';

export function useValidationText(): (message: string | undefined) => string {
  const { t } = useTranslation();
  return useCallback(
    (message) => {
      const { key, params } = parseMessage(message ?? 'validation.required');
      return t(key, params);
    },
    [t],
  );
}
