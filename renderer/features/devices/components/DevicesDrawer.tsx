// 用户管理 → 设备: a user's laptops as the server knows them (what each said it is, first and last
// contact, state, who asked for a wipe), with 吊销 (remote sign-out) and 擦除 (remote wipe), each
// behind a confirmation that says what will happen.

import { App, Button, Drawer, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Device, DeviceState, TeamMember } from '../../../../shared/sync/protocol';
import { requireEngine } from '../../../sync/sync-runtime';
import { errorText } from '../../../ui/error-text';

dayjs.extend(relativeTime);

const STATE_COLORS: Record<DeviceState, string> = {
  active: 'green',
  revoked: 'default',
  wipe_pending: 'orange',
  wiped: 'red',
};

const exact = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

export function DevicesDrawer({ user, onClose }: { user: TeamMember; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [devices, setDevices] = useState<Device[] | undefined>(undefined);
  const [busy, setBusy] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setDevices(await requireEngine().listDevices(user.id));
    } catch (error) {
      setDevices([]);
      message.error(t('devices.loadFailed', { message: errorText(t, error) }));
    }
  }, [message, t, user.id]);

  useEffect(() => {
    void load();
  }, [load]);

  const handleAction = async (device: Device, action: 'revoke' | 'wipe') => {
    setBusy(device.clientId);
    try {
      const engine = requireEngine();
      setDevices(
        action === 'revoke'
          ? await engine.revokeDevice(user.id, device.clientId)
          : await engine.wipeDevice(user.id, device.clientId),
      );
      message.success(t(action === 'revoke' ? 'devices.revoked' : 'devices.wiped'));
    } catch (error) {
      message.error(t('devices.failed', { message: errorText(t, error) }));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Drawer
      open
      width={860}
      title={t('devices.title', { name: user.name })}
      onClose={onClose}
      data-testid="devices-drawer"
    >
      <Typography.Paragraph type="secondary">{t('devices.intro')}</Typography.Paragraph>
      <Table<Device>
        size="small"
        rowKey="clientId"
        pagination={false}
        loading={devices === undefined}
        dataSource={devices ?? []}
        locale={{ emptyText: t('devices.empty', { name: user.name }) }}
        columns={[
          {
            title: t('devices.label'),
            dataIndex: 'label',
            render: (label: string | null, device) => (
              <Tooltip title={device.clientId}>
                <Typography.Text ellipsis style={{ maxWidth: 260 }}>
                  {label ?? t('devices.unknownLabel')}
                </Typography.Text>
              </Tooltip>
            ),
          },
          {
            title: t('devices.firstSeen'),
            dataIndex: 'firstSeenAt',
            render: (at: string) => exact(at),
          },
          {
            title: t('devices.lastSeen'),
            dataIndex: 'lastSeenAt',
            render: (at: string) => (
              <Tooltip title={exact(at)}>
                <span>
                  {dayjs(at).fromNow()}
                  <br />
                  <Typography.Text type="secondary">{exact(at)}</Typography.Text>
                </span>
              </Tooltip>
            ),
          },
          {
            title: t('devices.state'),
            dataIndex: 'state',
            render: (state: DeviceState, device) => (
              <Space direction="vertical" size={0}>
                <Tag color={STATE_COLORS[state]} data-testid="device-state" data-state={state}>
                  {t(`devices.states.${state}`)}
                </Tag>
                {device.wipeMode ? (
                  <Typography.Text type="secondary">
                    {t(`devices.modes.${device.wipeMode}`)}
                  </Typography.Text>
                ) : null}
                {device.wipeRequestedAt ? (
                  <Typography.Text type="secondary">
                    {t('devices.requestedBy', {
                      by: device.wipeRequestedBy ?? '—',
                      at: exact(device.wipeRequestedAt),
                    })}
                  </Typography.Text>
                ) : null}
                {device.wipedAt ? (
                  <Typography.Text type="secondary">
                    {t('devices.wipedAt', { at: exact(device.wipedAt) })}
                  </Typography.Text>
                ) : null}
              </Space>
            ),
          },
          {
            title: t('devices.actions'),
            key: 'actions',
            render: (_value, device) => {
              const marked = device.state === 'wipe_pending' || device.state === 'wiped';
              return (
                <Space size="small">
                  <Popconfirm
                    title={t('devices.revokeTitle')}
                    description={<div style={{ maxWidth: 320 }}>{t('devices.revokeConfirm')}</div>}
                    okText={t('devices.revokeOk')}
                    cancelText={t('common.cancel')}
                    onConfirm={() => handleAction(device, 'revoke')}
                    disabled={marked || device.state === 'revoked'}
                  >
                    <Button
                      size="small"
                      disabled={marked || device.state === 'revoked'}
                      loading={busy === device.clientId}
                      data-testid="device-revoke"
                    >
                      {t('devices.revoke')}
                    </Button>
                  </Popconfirm>
                  <Popconfirm
                    title={t('devices.wipeTitle')}
                    description={<div style={{ maxWidth: 320 }}>{t('devices.wipeConfirm')}</div>}
                    okText={t('devices.wipeOk')}
                    okButtonProps={{ danger: true }}
                    cancelText={t('common.cancel')}
                    onConfirm={() => handleAction(device, 'wipe')}
                    disabled={device.state === 'wiped' || device.wipeMode === 'discard'}
                  >
                    <Button
                      size="small"
                      danger
                      disabled={device.state === 'wiped' || device.wipeMode === 'discard'}
                      loading={busy === device.clientId}
                      data-testid="device-wipe"
                    >
                      {t('devices.wipe')}
                    </Button>
                  </Popconfirm>
                </Space>
              );
            },
          },
        ]}
      />
    </Drawer>
  );
}
