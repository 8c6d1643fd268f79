// Settings → sync server: the address (with a connection test), the login, and once logged in
// who and where, the last sync, "sync now" and "log out" (warning about unsynced changes).
// Without an address the app stays in local mode, exactly as before.

import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  Space,
  Spin,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { useAppStore } from '../../../state/store';
import { db } from '../../../db/db';
import { readServerAddress, readSession } from '../../../db/session-repo';
import { countPendingChanges } from '../../../db/write-path';
import {
  checkServerHealth,
  isInsecureRemoteAddress,
  isValidServerAddress,
  normalizeServerAddress,
  type HealthResult,
} from '../../../sync/transport';
import type { ServerCertificate } from '../../../../shared/desktop/desktop-api';
import { FormField } from '../../../ui/FormField';
import type { SessionUser } from '../../../../shared/sync/protocol';
import {
  inspectServerCertificate,
  logoutFromServer,
  PlainHttpRefusedError,
  requireEngine,
  setServerAddress,
  trustServerCertificate,
} from '../../../sync/sync-runtime';
import { LoginForm } from './LoginForm';
import { errorText } from '../../../ui/error-text';

export function SyncServerCard() {
  const { t } = useTranslation();
  // undefined while loading; null when not set.
  const address = useLiveQuery(() => readServerAddress(db), [], undefined);
  const session = useLiveQuery(() => readSession(db), [], undefined);
  const loading = address === undefined || session === undefined;

  return (
    <Card size="small" title={t('sync.server.title')} data-testid="sync-server-card">
      {loading ? (
        <Spin />
      ) : session ? (
        <LoggedIn user={session} />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          {address === null ? (
            <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
              {t('sync.server.localMode')}
            </Typography.Paragraph>
          ) : null}
          <ServerAddressForm key={address ?? ''} current={address} />
          {address !== null ? (
            <>
              <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                {t('sync.server.firstLoginHint')}
              </Typography.Paragraph>
              <LoginForm />
            </>
          ) : null}
        </Space>
      )}
    </Card>
  );
}

const addressSchema = z.object({
  address: z
    .string()
    .trim()
    .refine(isValidServerAddress, { message: 'sync.server.addressInvalid' }),
  allowPlainHttp: z.boolean(),
});

/** Plain http to another machine: the form then asks for the admin's explicit choice. */
function needsPlainHttpChoice(address: string): boolean {
  return isValidServerAddress(address) && isInsecureRemoteAddress(normalizeServerAddress(address));
}

type AddressValues = z.infer<typeof addressSchema>;

function ServerAddressForm({ current }: { current: string | null }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [health, setHealth] = useState<HealthResult | null>(null);
  const [testing, setTesting] = useState(false);
  const { modal } = App.useApp();
  const { control, handleSubmit, formState, watch, setValue } = useForm<AddressValues>({
    resolver: zodResolver(addressSchema),
    defaultValues: { address: current ?? '', allowPlainHttp: false },
  });
  const plainHttpChoice = needsPlainHttpChoice(watch('address'));
  const allowPlainHttp = watch('allowPlainHttp');

  /** The fingerprint dialog: resolves true when the user trusts the certificate. */
  const confirmCertificate = (seen: Extract<ServerCertificate, { kind: 'certificate' }>) =>
    new Promise<boolean>((resolve) => {
      modal.confirm({
        title: t('sync.server.certificateTitle'),
        width: 560,
        content: (
          <Space orientation="vertical" data-testid="certificate-dialog">
            <span>{t('sync.server.certificateIntro')}</span>
            <Typography.Text type="secondary">
              {t('sync.server.certificateFingerprint')}
            </Typography.Text>
            <Typography.Text code copyable data-testid="certificate-fingerprint">
              {seen.fingerprint}
            </Typography.Text>
            {seen.source === 'reported' ? (
              <Typography.Text type="secondary">
                {t('sync.server.certificateReported')}
              </Typography.Text>
            ) : null}
          </Space>
        ),
        okText: t('sync.server.certificateTrust'),
        okButtonProps: { ...{ 'data-testid': 'certificate-trust' } },
        cancelText: t('common.cancel'),
        onOk: () => resolve(true),
        onCancel: () => resolve(false),
      });
    });

  const handleSave = handleSubmit(async ({ address, allowPlainHttp: plainHttpChosen }) => {
    try {
      const url = normalizeServerAddress(address);
      if (url.startsWith('https://')) {
        const seen = await inspectServerCertificate(url);
        if (seen.kind === 'unreachable') {
          message.error(t('sync.server.certificateUnreachable', { message: seen.message }));
          return;
        }
        if (seen.kind === 'certificate' && seen.pinned !== seen.fingerprint) {
          if (!(await confirmCertificate(seen))) return;
          await trustServerCertificate(url, seen.fingerprint);
        }
      }
      await setServerAddress(url, { allowPlainHttp: plainHttpChosen });
      message.success(t('common.saved'));
    } catch (error) {
      message.error(
        error instanceof PlainHttpRefusedError
          ? t('sync.server.plainHttpRefused')
          : errorText(t, error),
      );
    }
  });

  const handleTest = handleSubmit(async ({ address }) => {
    setTesting(true);
    setHealth(null);
    try {
      setHealth(await checkServerHealth(address, (input, init) => fetch(input, init)));
    } finally {
      setTesting(false);
    }
  });

  const handleRemove = async () => {
    await setServerAddress(null);
    message.success(t('common.saved'));
  };

  return (
    <form onSubmit={handleSave} noValidate aria-label={t('sync.server.address')}>
      <Form layout="vertical" component={false}>
        <FormField
          control={control}
          name="address"
          label={t('sync.server.address')}
          render={(field) => (
            <Input
              {...field}
              aria-label={t('sync.server.address')}
              data-testid="sync-server-address"
              placeholder={t('sync.server.addressPlaceholder')}
              style={{ maxWidth: 420 }}
            />
          )}
        />
        {plainHttpChoice ? (
          <Space orientation="vertical" style={{ marginBottom: 12 }}>
            <Alert type="warning" showIcon title={t('sync.server.plainHttpWarning')} />
            <Checkbox
              checked={allowPlainHttp}
              onChange={(event) => setValue('allowPlainHttp', event.target.checked)}
              data-testid="sync-allow-plain-http"
            >
              {t('sync.server.allowPlainHttp')}
            </Checkbox>
          </Space>
        ) : null}
        <Space wrap>
          <Button htmlType="submit" type="primary" loading={formState.isSubmitting}>
            {t('sync.server.saveAddress')}
          </Button>
          <Button
            onClick={() => void handleTest()}
            loading={testing}
            data-testid="sync-test-connection"
          >
            {t('sync.server.test')}
          </Button>
          {current !== null ? (
            <Button onClick={() => void handleRemove()}>{t('sync.server.removeAddress')}</Button>
          ) : null}
        </Space>
        {health ? <HealthAlert health={health} /> : null}
      </Form>
    </form>
  );
}

function HealthAlert({ health }: { health: HealthResult }) {
  const { t } = useTranslation();
  const text = health.ok
    ? t('sync.server.testOk', { protocol: health.protocol })
    : health.reason === 'unreachable'
      ? t('sync.server.testUnreachable')
      : health.reason === 'origin_refused'
        ? t('sync.server.testOriginRefused', { origin: window.location.origin })
        : health.reason === 'not_dealerdesk'
          ? t('sync.server.testNotDealerDesk')
          : health.reason === 'database_unavailable'
            ? t('sync.server.testDatabaseUnavailable')
            : t('sync.server.testMismatch', { detail: health.detail });
  return (
    <Alert
      style={{ marginTop: 12 }}
      type={health.ok ? 'success' : 'error'}
      showIcon
      title={text}
      data-testid="sync-test-result"
    />
  );
}

function LoggedIn({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const status = useAppStore((state) => state.sync);
  const [syncing, setSyncing] = useState(false);

  const handleSyncNow = async () => {
    setSyncing(true);
    try {
      await requireEngine().syncNow();
      message.success(t('sync.server.synced'));
    } catch {
      // The status (sidebar and below) says what went wrong.
    } finally {
      setSyncing(false);
    }
  };

  const handleLogout = async () => {
    const pending = await countPendingChanges(db);
    modal.confirm({
      title: t('sync.server.logoutTitle'),
      content: (
        <Space orientation="vertical">
          {pending > 0 ? (
            <Alert
              type="warning"
              showIcon
              title={t('sync.server.logoutPending', { count: pending })}
              data-testid="sync-logout-pending"
            />
          ) : null}
          <span>{t('sync.server.logoutText')}</span>
        </Space>
      ),
      okText: pending > 0 ? t('sync.server.logoutAnyway') : t('sync.server.logout'),
      // data-* attributes reach the DOM; spread because ButtonProps does not declare them.
      okButtonProps: { danger: true, ...{ 'data-testid': 'sync-logout-confirm' } },
      cancelText: t('common.cancel'),
      onOk: async () => {
        await logoutFromServer();
        message.success(t('sync.server.loggedOut'));
      },
    });
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {status.state === 'outdated' ? (
        <Alert type="error" showIcon title={t('sync.outdatedHint')} />
      ) : null}
      {status.state === 'error' && status.lastError ? (
        <Alert type="warning" showIcon title={status.lastError} />
      ) : null}
      <Descriptions size="small" column={1} data-testid="sync-session">
        <Descriptions.Item label={t('sync.server.user')}>
          {user.name} ({user.login})
        </Descriptions.Item>
        <Descriptions.Item label={t('sync.server.role')}>
          {t(`sync.roles.${user.role}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('sync.server.dealership')}>
          {user.dealershipName}
        </Descriptions.Item>
        <Descriptions.Item label={t('sync.server.serverAddress')}>
          {status.serverUrl}
        </Descriptions.Item>
        <Descriptions.Item label={t('sync.server.lastSync')}>
          {status.lastSyncAt
            ? dayjs(status.lastSyncAt).format('YYYY-MM-DD HH:mm:ss')
            : t('sync.neverSynced')}
        </Descriptions.Item>
      </Descriptions>
      {status.state === 'login_required' ? (
        <LoginForm defaultLogin={user.login} />
      ) : (
        <Space>
          <Button
            type="primary"
            onClick={() => void handleSyncNow()}
            loading={syncing || status.state === 'syncing'}
            disabled={status.state === 'outdated'}
            data-testid="sync-now-button"
          >
            {t('sync.server.syncNow')}
          </Button>
          <Button danger onClick={() => void handleLogout()} data-testid="sync-logout-button">
            {t('sync.server.logout')}
          </Button>
        </Space>
      )}
      {status.state === 'login_required' ? (
        <Button danger onClick={() => void handleLogout()} data-testid="sync-logout-button">
          {t('sync.server.logout')}
        </Button>
      ) : null}
      <Typography.Text type="secondary">{t('sync.server.addressLocked')}</Typography.Text>
    </Space>
  );
}
