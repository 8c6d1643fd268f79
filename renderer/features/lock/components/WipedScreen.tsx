// After the local data was destroyed: why, when, and a way to start over (a fresh page on an
// empty database). Nothing else is shown.

import { Button, Result, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { VaultState } from '../../../vault/vault-types';

type WipedState = Extract<VaultState, { kind: 'wiped' }>;

export function WipedScreen({ state }: { state: WipedState }) {
  const { t } = useTranslation();
  return (
    <main data-testid="wiped-screen" style={{ minHeight: '100vh', paddingTop: 80 }}>
      <Result
        status="warning"
        title={t('lock.wiped.title')}
        subTitle={
          <>
            <Typography.Paragraph>{t(`lock.wiped.reasons.${state.reason}`)}</Typography.Paragraph>
            <Typography.Paragraph type="secondary">
              {t('lock.wiped.at', { at: dayjs(state.at).format('YYYY-MM-DD HH:mm') })}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary">{t('lock.wiped.hint')}</Typography.Paragraph>
          </>
        }
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            {t('lock.wiped.restart')}
          </Button>
        }
      />
    </main>
  );
}
