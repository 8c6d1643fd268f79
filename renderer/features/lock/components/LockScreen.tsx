// The locked app: who it belongs to, why it is locked, and the ways to open it (PIN, password,
// Touch ID). It shows nothing of the customers: the shell is not mounted behind it.

import { LockOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import {
  DEFAULT_OFFLINE_LOCK_DAYS,
  MIN_PIN_LENGTH,
  pinProblemMessage,
} from '../../../../shared/domain/app-lock';
import { useValidationText } from '../../../ui/useValidationText';
import type { UnlockMethods, Vault, VaultState } from '../../../vault/vault-types';
import {
  initialMode,
  pinEntryProblem,
  standingNotice,
  submitBiometric,
  submitPassword,
  submitPin,
  type LockNotice,
  type OnlineUnlock,
  type UnlockMode,
  type UnlockOutcome,
} from '../lock-flow';

type LockedState = Extract<VaultState, { kind: 'locked' }>;

export type LockScreenProps = {
  vault: Vault;
  state: LockedState;
  displayName: string | null;
  offlineLockDays?: number;
  unlockOnline: OnlineUnlock;
  /** Changes waiting to be pushed (for the message after ten wrong PINs). */
  countPendingChanges: () => Promise<number>;
};

const NO_METHODS: UnlockMethods = { password: true, pin: false, biometric: false };

export function LockScreen({
  vault,
  state,
  displayName,
  offlineLockDays = DEFAULT_OFFLINE_LOCK_DAYS,
  unlockOnline,
  countPendingChanges,
}: LockScreenProps) {
  const { t } = useTranslation();
  const errorText = useValidationText();
  const [methods, setMethods] = useState<UnlockMethods | null>(null);
  const [chosenMode, setChosenMode] = useState<UnlockMode | null>(null);
  const [notice, setNotice] = useState<LockNotice | null>(null);
  const [entry, setEntry] = useState('');
  const [entryError, setEntryError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    void vault
      .methods()
      .catch(() => NO_METHODS)
      .then((offered) => {
        if (live) setMethods(offered);
      });
    void countPendingChanges()
      .catch(() => 0)
      .then((pending) => {
        if (live) setNotice((current) => current ?? standingNotice(state, pending));
      });
    return () => {
      live = false;
    };
    // Once per lock: a wrong attempt changes the state but must not reset what the screen says.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [vault]);

  const passwordOnly = state.requires !== 'any';
  const mode: UnlockMode = passwordOnly
    ? 'password'
    : (chosenMode ?? (methods === null ? 'pin' : initialMode(state, methods)));
  const canSwitch = !passwordOnly && methods !== null && methods.pin && methods.password;
  const offersBiometric = !passwordOnly && methods?.biometric === true;

  const apply = (outcome: UnlockOutcome): void => {
    setNotice(outcome.notice);
    if (outcome.mode !== undefined) setChosenMode(outcome.mode);
    setEntry('');
  };

  const handleSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (busy) return;
    if (mode === 'pin') {
      const problem = pinEntryProblem(entry);
      if (problem !== null) {
        setEntryError(problem === 'lock.pin.tooShort' ? pinProblemMessage(problem) : problem);
        return;
      }
    } else if (entry === '') {
      setEntryError('lock.passwordNeeded');
      return;
    }
    setEntryError(null);
    setBusy(true);
    try {
      apply(
        mode === 'pin'
          ? await submitPin(vault, entry)
          : await submitPassword(vault, entry, state.requires, unlockOnline),
      );
    } finally {
      setBusy(false);
    }
  };

  const handleBiometric = async (): Promise<void> => {
    setBusy(true);
    try {
      apply(await submitBiometric(vault));
    } finally {
      setBusy(false);
    }
  };

  const switchMode = (): void => {
    setChosenMode(mode === 'pin' ? 'password' : 'pin');
    setEntry('');
    setEntryError(null);
    setNotice(null);
  };

  const fieldLabel = mode === 'pin' ? t('lock.pinLabel') : t('lock.passwordLabel');

  return (
    <main
      data-testid="lock-screen"
      style={{
        // Over the whole window, page margins included.
        position: 'fixed',
        inset: 0,
        overflow: 'auto',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(160deg, #1f5fbf 0%, #123a75 100%)',
        padding: 24,
      }}
    >
      <Card style={{ width: 420, boxShadow: '0 12px 40px rgba(0,0,0,0.25)' }}>
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Space align="center" size={12}>
            <LockOutlined style={{ fontSize: 28, color: '#1f5fbf' }} />
            <div>
              <Typography.Text type="secondary">{t('app.name')}</Typography.Text>
              <Typography.Title level={3} style={{ margin: 0 }}>
                {t('lock.title')}
              </Typography.Title>
            </div>
          </Space>
          {displayName ? (
            <Typography.Text strong data-testid="lock-user">
              {t('lock.greeting', { name: displayName })}
            </Typography.Text>
          ) : null}
          <Typography.Paragraph style={{ margin: 0 }} data-testid="lock-reason">
            {state.reason === 'unprotected_login'
              ? t('lockUpgrade.reason')
              : t(`lock.reasons.${state.reason}`, { days: offlineLockDays })}
          </Typography.Paragraph>
          {state.reason === 'unprotected_login' ? (
            <Typography.Paragraph type="secondary" style={{ margin: 0 }} data-testid="lock-hint">
              {t('lockUpgrade.hint')}
            </Typography.Paragraph>
          ) : null}
          {notice ? (
            <Alert
              type={notice.kind === 'wrong_pin' ? 'warning' : 'error'}
              showIcon
              title={noticeText(notice, t)}
              data-testid="lock-notice"
              role="alert"
            />
          ) : null}
          <form
            onSubmit={(event) => void handleSubmit(event)}
            noValidate
            aria-label={t('lock.title')}
          >
            <Form layout="vertical" component={false}>
              <Form.Item
                label={fieldLabel}
                htmlFor="lock-entry"
                validateStatus={entryError ? 'error' : undefined}
                help={entryError ? errorText(entryError) : undefined}
              >
                {mode === 'pin' ? (
                  <Input.Password
                    id="lock-entry"
                    key="pin"
                    autoFocus
                    autoComplete="off"
                    inputMode="numeric"
                    placeholder={t('lock.pinPlaceholder')}
                    minLength={MIN_PIN_LENGTH}
                    value={entry}
                    // Digits only: anything else typed is dropped as it comes.
                    onChange={(event) => setEntry(event.target.value.replace(/\D/g, ''))}
                  />
                ) : (
                  <Input.Password
                    id="lock-entry"
                    key="password"
                    autoFocus
                    autoComplete="current-password"
                    value={entry}
                    onChange={(event) => setEntry(event.target.value)}
                  />
                )}
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy}>
                {t('lock.unlock')}
              </Button>
            </Form>
          </form>
          {canSwitch || offersBiometric ? (
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              {canSwitch ? (
                <Button type="link" onClick={switchMode} style={{ padding: 0 }}>
                  {mode === 'pin' ? t('lock.usePassword') : t('lock.usePin')}
                </Button>
              ) : (
                <span />
              )}
              {offersBiometric ? (
                <Button onClick={() => void handleBiometric()} disabled={busy}>
                  {t('lock.useBiometric')}
                </Button>
              ) : null}
            </Space>
          ) : null}
        </Space>
      </Card>
    </main>
  );
}

function noticeText(notice: LockNotice, t: TFunction): string {
  switch (notice.kind) {
    case 'wrong_pin':
      return t('lock.notices.wrongPin', { count: notice.attemptsLeft });
    case 'wrong_password':
      return t('lock.notices.wrongPassword');
    case 'password_required':
      return t('lock.notices.passwordRequired');
    case 'wipe_pending':
      return t('lock.notices.wipePending', { count: notice.pendingChanges });
    case 'biometric_failed':
      return t('lock.notices.biometricFailed');
    case 'biometric_unavailable':
      return t('lock.notices.biometricUnavailable');
    case 'no_network':
      return t('lock.notices.noNetwork');
    case 'wrong_locally':
      return t('lock.notices.wrongLocally');
    case 'error':
      return t('lock.notices.error', { message: notice.message });
  }
}
