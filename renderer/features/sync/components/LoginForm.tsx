// Log in to the sync server: used in Settings and in the "log in again" prompt. A failure is
// explained in plain words; when sample data blocks the first login, clearing it is offered here.

import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, App, Button, Form, Input, Space } from 'antd';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { FormField } from '../../../ui/FormField';
import { describeLoginError, type LoginFailure } from '../login-error';
import { clearLocalDataForLogin, loginToServer } from '../../../sync/sync-runtime';

const loginFormSchema = z.object({
  login: z.string().trim().min(1, { message: 'sync.server.loginRequired' }).max(64),
  password: z.string().min(1, { message: 'sync.server.passwordRequired' }).max(256),
});

type LoginFormValues = z.infer<typeof loginFormSchema>;

export function LoginForm({
  defaultLogin = '',
  onLoggedIn,
}: {
  defaultLogin?: string;
  onLoggedIn?: () => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [failure, setFailure] = useState<LoginFailure | null>(null);
  const { control, handleSubmit, formState, resetField } = useForm<LoginFormValues>({
    resolver: zodResolver(loginFormSchema),
    defaultValues: { login: defaultLogin, password: '' },
  });

  const handleLogin = handleSubmit(async ({ login, password }) => {
    setFailure(null);
    try {
      await loginToServer(login, password);
      resetField('password');
      onLoggedIn?.();
    } catch (error) {
      setFailure(describeLoginError(error, t));
    }
  });

  const handleClearLocal = () => {
    modal.confirm({
      title: t('sync.server.clearLocalTitle'),
      content: t('sync.server.clearLocalText'),
      okText: t('sync.server.clearLocal'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        await clearLocalDataForLogin();
        setFailure(null);
        message.success(t('sync.server.cleared'));
      },
    });
  };

  return (
    <form onSubmit={handleLogin} noValidate aria-label={t('sync.server.loginButton')}>
      <Form layout="vertical" component={false}>
        <Space align="start" wrap>
          <FormField
            control={control}
            name="login"
            label={t('sync.server.login')}
            render={(field) => (
              <Input
                {...field}
                aria-label={t('sync.server.login')}
                data-testid="sync-login-input"
                autoComplete="username"
                style={{ width: 200 }}
              />
            )}
          />
          <FormField
            control={control}
            name="password"
            label={t('sync.server.password')}
            render={(field) => (
              <Input.Password
                {...field}
                aria-label={t('sync.server.password')}
                data-testid="sync-password-input"
                autoComplete="current-password"
                style={{ width: 200 }}
              />
            )}
          />
        </Space>
        <div>
          <Button
            type="primary"
            htmlType="submit"
            loading={formState.isSubmitting}
            data-testid="sync-login-button"
          >
            {t('sync.server.loginButton')}
          </Button>
        </div>
        {failure ? (
          <Alert
            type="error"
            showIcon
            style={{ marginTop: 12 }}
            title={failure.text}
            data-testid="sync-login-error"
            action={
              failure.offerClear ? (
                <Button size="small" danger onClick={handleClearLocal}>
                  {t('sync.server.clearLocal')}
                </Button>
              ) : undefined
            }
          />
        ) : null}
      </Form>
    </form>
  );
}
