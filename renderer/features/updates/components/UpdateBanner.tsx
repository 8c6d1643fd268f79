// A small note in the sidebar while a new version downloads, when it is ready (restart now, or
// it installs on quit), and when an update failed (the running version keeps working).

import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { desktop } from '../../../desktop/desktop';
import { useAppUpdate } from '../hooks/useAppUpdate';

export function UpdateBanner() {
  const { t } = useTranslation();
  const status = useAppUpdate();

  const handleRestart = () => {
    desktop
      .installUpdate()
      .catch((error: unknown) => console.error('[updates] could not restart', error));
  };

  const style = { margin: '0 12px 12px', fontSize: 12 };
  if (status.state === 'downloading') {
    return (
      <Alert
        style={style}
        type="info"
        data-testid="app-update"
        data-state={status.state}
        title={t('appUpdate.downloading', { version: status.version, percent: status.percent })}
      />
    );
  }
  if (status.state === 'ready') {
    return (
      <Alert
        style={style}
        type="success"
        data-testid="app-update"
        data-state={status.state}
        title={t('appUpdate.ready', { version: status.version })}
        description={
          <>
            <div style={{ marginBottom: 8 }}>{t('appUpdate.readyHint')}</div>
            <Button size="small" type="primary" onClick={handleRestart}>
              {t('appUpdate.restart')}
            </Button>
          </>
        }
      />
    );
  }
  if (status.state === 'error') {
    return (
      <Alert
        style={style}
        type="warning"
        closable
        data-testid="app-update"
        data-state={status.state}
        title={t('appUpdate.failed', { message: status.message })}
      />
    );
  }
  return null;
}
