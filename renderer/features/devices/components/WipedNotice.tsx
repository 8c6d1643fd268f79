// The full screen a laptop shows after its data was destroyed: why (an admin's wipe, a
// deactivation…), when, and what to do. It reads nothing from the (deleted) database.

import { Button, Result, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { WipeReason } from '../../../vault/vault-types';

export function WipedNotice({
  reason,
  at,
  lostChanges,
  onContinue,
}: {
  reason: WipeReason;
  /** ISO instant of the wipe. */
  at: string;
  /** Changes deleted that the server never took; unknown for a notice from an older version. */
  lostChanges?: number;
  onContinue: () => void;
}) {
  const { t } = useTranslation();
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
      }}
      data-testid="wiped-notice"
      data-reason={reason}
    >
      <Result
        status="warning"
        title={t('devices.notice.title')}
        subTitle={
          <>
            <Typography.Paragraph data-testid="wiped-notice-reason">
              {t(`devices.notice.${reason}`)}
            </Typography.Paragraph>
            {lostChanges === undefined || reason === 'logout' ? null : (
              <Typography.Paragraph strong data-testid="wiped-notice-lost">
                {lostChanges === 0
                  ? t('wipeLoss.none')
                  : t('wipeLoss.some', { count: lostChanges })}
              </Typography.Paragraph>
            )}
            <Typography.Paragraph type="secondary">
              {t('devices.notice.at', { at: dayjs(at).format('YYYY-MM-DD HH:mm') })}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary">
              {t('devices.notice.whatNow')}
            </Typography.Paragraph>
          </>
        }
        extra={
          <Button type="primary" onClick={onContinue} data-testid="wiped-notice-continue">
            {t('devices.notice.continue')}
          </Button>
        }
      />
    </div>
  );
}
