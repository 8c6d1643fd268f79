// When the login expired (the refresh token was refused), ask for the password again, with the
// login prefilled. Nothing local is touched: the outbox waits and is pushed after the login.
// "Later" hides the prompt until the next time the login is found missing. On the settings page
// the sync card shows the same login form, so the prompt stays closed there.

import { Button, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { useAppStore } from '../../../state/store';
import { usePendingChangeCount } from '../hooks/usePendingChangeCount';
import { LoginForm } from './LoginForm';

export function ReloginPrompt() {
  const { t } = useTranslation();
  const status = useAppStore((state) => state.sync);
  const pending = usePendingChangeCount() ?? 0;
  const [dismissed, setDismissed] = useState(false);
  // Each new expiry asks again (state adjusted during render, React's pattern for this).
  const [previousState, setPreviousState] = useState(status.state);
  if (previousState !== status.state) {
    setPreviousState(status.state);
    if (status.state === 'login_required') setDismissed(false);
  }
  const onSettings = useLocation().pathname === '/settings';
  const open =
    status.state === 'login_required' && status.user !== null && !dismissed && !onSettings;

  return (
    <Modal
      open={open}
      destroyOnHidden
      title={t('sync.relogin.title')}
      footer={null}
      onCancel={() => setDismissed(true)}
    >
      <div data-testid="relogin-prompt">
        <Typography.Paragraph>
          {pending > 0
            ? t('sync.relogin.text', { count: pending })
            : t('sync.relogin.textNothingPending')}
        </Typography.Paragraph>
        <LoginForm defaultLogin={status.user?.login ?? ''} />
        <Button style={{ marginTop: 12 }} onClick={() => setDismissed(true)}>
          {t('sync.relogin.later')}
        </Button>
      </div>
    </Modal>
  );
}
