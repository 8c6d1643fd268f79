import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from './error-text';

/** Tells the user, in their language, that a save failed and why; what they typed stays. */
export function useReportError(): (error: unknown) => void {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (error) => {
    message.error(t('common.saveFailed', { message: errorText(t, error) }));
  };
}
