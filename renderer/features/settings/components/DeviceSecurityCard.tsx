// 设置 → 本机安全: which ways open this laptop, the PIN (set, change, remove), and a warning when
// nothing protects it (nobody logged in and no PIN: the app then never locks).

import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, App, Button, Card, Form, Input, Popconfirm, Space, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { newPinSchema, type NewPinValues } from '../../../../shared/domain/app-lock';
import { useAppStore } from '../../../state/store';
import { FormField } from '../../../ui/FormField';
import { useReportError } from '../../../ui/useReportError';
import type { UnlockMethods, Vault } from '../../../vault/vault-types';

export function DeviceSecurityCard({ vault }: { vault: Vault }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  const loggedIn = useAppStore((state) => state.sync.user !== null);
  const [methods, setMethods] = useState<UnlockMethods | null>(null);
  const [editing, setEditing] = useState(false);

  const refresh = useCallback(() => {
    void vault.methods().then(setMethods, () => setMethods(null));
  }, [vault]);
  useEffect(refresh, [refresh]);

  const handleRemove = async (): Promise<void> => {
    try {
      await vault.removePin();
      message.success(t('lock.security.pinRemoved'));
      refresh();
    } catch (error) {
      reportError(error);
    }
  };

  const offered = methods
    ? (['password', 'pin', 'biometric'] as const).filter((method) => methods[method])
    : [];
  const unprotected = methods !== null && !loggedIn && !methods.pin;

  return (
    <Card size="small" title={t('lock.security.title')} data-testid="device-security">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('lock.security.hint')}</Typography.Text>
        {unprotected ? (
          <Alert
            type="warning"
            showIcon
            title={t('lock.security.unprotected')}
            data-testid="device-unprotected"
          />
        ) : null}
        <Space wrap>
          <Typography.Text>{t('lock.security.methods')}：</Typography.Text>
          {offered.length === 0 ? (
            <Typography.Text type="secondary">{t('lock.security.none')}</Typography.Text>
          ) : (
            offered.map((method) => (
              <Tag key={method} color="blue">
                {t(`lock.security.${method}`)}
              </Tag>
            ))
          )}
        </Space>
        {editing ? (
          <PinForm
            vault={vault}
            onDone={() => {
              setEditing(false);
              refresh();
            }}
          />
        ) : (
          <Space>
            <Button type={methods?.pin ? 'default' : 'primary'} onClick={() => setEditing(true)}>
              {methods?.pin ? t('lock.security.changePin') : t('lock.security.setPin')}
            </Button>
            {methods?.pin ? (
              <Popconfirm
                title={t('lock.security.removeConfirm')}
                onConfirm={() => handleRemove()}
                okText={t('lock.security.removePin')}
                cancelText={t('lock.security.cancel')}
              >
                <Button danger>{t('lock.security.removePin')}</Button>
              </Popconfirm>
            ) : null}
          </Space>
        )}
      </Space>
    </Card>
  );
}

function PinForm({ vault, onDone }: { vault: Vault; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  const { control, handleSubmit, formState } = useForm<NewPinValues>({
    resolver: zodResolver(newPinSchema),
    defaultValues: { pin: '', repeat: '' },
  });
  const submit = handleSubmit(async ({ pin }) => {
    try {
      await vault.setPin(pin);
      message.success(t('lock.security.pinSaved'));
      onDone();
    } catch (error) {
      reportError(error);
    }
  });
  const pinInput = (name: keyof NewPinValues, label: string) => (
    <FormField
      control={control}
      name={name}
      idPrefix="device-pin"
      label={label}
      render={(field) => (
        <Input.Password {...field} autoComplete="off" inputMode="numeric" style={{ width: 220 }} />
      )}
    />
  );
  return (
    <form onSubmit={submit} noValidate aria-label={t('lock.security.setPin')}>
      <Form layout="vertical" component={false}>
        <Space align="start" wrap>
          {pinInput('pin', t('lock.security.newPin'))}
          {pinInput('repeat', t('lock.security.repeatPin'))}
        </Space>
        <Space>
          <Button type="primary" htmlType="submit" loading={formState.isSubmitting}>
            {t('lock.security.savePin')}
          </Button>
          <Button onClick={onDone}>{t('lock.security.cancel')}</Button>
        </Space>
      </Form>
    </form>
  );
}
