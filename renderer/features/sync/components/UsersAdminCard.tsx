// Settings → users (admins only, when logged in): the dealership's team from the server, add a
// user, change a role, deactivate/reactivate, reset a password. The server is the authority;
// its refusal (e.g. "still owns customers") is shown as it says it.

import { zodResolver } from '@hookform/resolvers/zod';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { useTeam } from '../../../db/useTeam';
import { FormField } from '../../../ui/FormField';
import { newPasswordSchema, PASSWORD_MAX_LENGTH } from '../../../../shared/domain/password-policy';
import type { SessionUser, TeamMember } from '../../../../shared/sync/protocol';
import { ROLES, type Role } from '../../../../shared/sync/tables';
import { messageWithParams } from '../../../../shared/domain/validation-message';
import { requireEngine } from '../../../sync/sync-runtime';
import { enumOptions } from '../../../ui/enum-options';
import { errorText } from '../../../ui/error-text';
import { DevicesDrawer } from '../../devices';

// The server's rule (shared/domain/password-policy.ts), with the form's messages, checked as the
// admin types.
const passwordField = newPasswordSchema({
  too_short: 'sync.users.passwordTooShort',
  too_long: messageWithParams('validation.tooLong', { max: PASSWORD_MAX_LENGTH }),
  one_character: 'sync.users.passwordOneCharacter',
  common: 'sync.users.passwordCommon',
});

const newUserSchema = z.object({
  login: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._@-]{2,64}$/, { message: 'sync.users.loginInvalid' }),
  name: z
    .string()
    .trim()
    .min(1, { message: 'sync.users.nameRequired' })
    .max(64, { message: messageWithParams('validation.tooLong', { max: 64 }) }),
  role: z.enum(ROLES),
  password: passwordField,
});
type NewUserValues = z.infer<typeof newUserSchema>;

const resetSchema = z.object({ password: passwordField });
type ResetValues = z.infer<typeof resetSchema>;

export function UsersAdminCard({ me }: { me: SessionUser }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const unsorted = useTeam();
  // By name in code-unit order, as Dexie's sortBy('name') listed them before.
  const team = useMemo(
    () =>
      unsorted && [...unsorted].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    [unsorted],
  );
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<TeamMember | null>(null);
  const [devicesOf, setDevicesOf] = useState<TeamMember | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    requireEngine()
      .listUsers()
      .catch((error: unknown) =>
        message.error(
          t('sync.users.loadFailed', {
            message: errorText(t, error),
          }),
        ),
      );
  }, [message, t]);

  const handleUpdate = async (
    user: TeamMember,
    patch: { role?: Role; active?: boolean; password?: string },
  ) => {
    setBusy(user.id);
    try {
      await requireEngine().updateUser(user.id, patch);
      message.success(t('sync.users.updated'));
      return true;
    } catch (error) {
      message.error(t('sync.users.failed', { message: errorText(t, error) }));
      return false;
    } finally {
      setBusy(null);
    }
  };

  const roleOptions = enumOptions(t, 'sync.roles', ROLES);

  return (
    <Card
      size="small"
      title={t('sync.users.title')}
      data-testid="users-admin"
      extra={
        <Button onClick={() => setAdding(true)} data-testid="users-add">
          {t('sync.users.add')}
        </Button>
      }
    >
      <Table<TeamMember>
        size="small"
        rowKey="id"
        pagination={false}
        loading={team === undefined}
        dataSource={team ?? []}
        columns={[
          {
            title: t('sync.users.name'),
            dataIndex: 'name',
            render: (name: string, user) =>
              user.id === me.id ? `${name} ${t('sync.users.you')}` : name,
          },
          { title: t('sync.users.login'), dataIndex: 'login' },
          {
            title: t('sync.users.role'),
            dataIndex: 'role',
            render: (role: Role, user) => (
              <Select<Role>
                size="small"
                value={role}
                options={roleOptions}
                disabled={user.id === me.id || busy === user.id}
                onChange={(next) => void handleUpdate(user, { role: next })}
                aria-label={`${t('sync.users.role')} ${user.login}`}
                style={{ width: 130 }}
              />
            ),
          },
          {
            title: t('sync.users.active'),
            dataIndex: 'active',
            render: (active: boolean) =>
              active ? (
                <Tag color="green">{t('sync.users.activeYes')}</Tag>
              ) : (
                <Tag>{t('sync.users.activeNo')}</Tag>
              ),
          },
          {
            title: t('sync.users.actions'),
            key: 'actions',
            render: (_value, user) => (
              <Space size="small">
                {user.id === me.id ? null : (
                  <Button
                    size="small"
                    loading={busy === user.id}
                    onClick={() => void handleUpdate(user, { active: !user.active })}
                  >
                    {user.active ? t('sync.users.deactivate') : t('sync.users.reactivate')}
                  </Button>
                )}
                <Button size="small" onClick={() => setResetting(user)}>
                  {t('sync.users.resetPassword')}
                </Button>
                <Button
                  size="small"
                  onClick={() => setDevicesOf(user)}
                  data-testid={`user-devices-${user.login}`}
                >
                  {t('devices.open')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {adding ? <AddUserModal onClose={() => setAdding(false)} /> : null}
      {devicesOf ? <DevicesDrawer user={devicesOf} onClose={() => setDevicesOf(null)} /> : null}
      {resetting ? (
        <ResetPasswordModal
          user={resetting}
          onClose={() => setResetting(null)}
          onSubmit={(password) => handleUpdate(resetting, { password })}
        />
      ) : null}
    </Card>
  );
}

function AddUserModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { control, handleSubmit, formState } = useForm<NewUserValues>({
    resolver: zodResolver(newUserSchema),
    mode: 'onChange',
    defaultValues: { login: '', name: '', role: 'consultant', password: '' },
  });

  const handleCreate = handleSubmit(async (values) => {
    try {
      await requireEngine().createUser(values);
      message.success(t('sync.users.created', { name: values.name }));
      onClose();
    } catch (error) {
      message.error(t('sync.users.failed', { message: errorText(t, error) }));
    }
  });

  return (
    <Modal
      open
      destroyOnHidden
      title={t('sync.users.addTitle')}
      okText={t('sync.users.create')}
      cancelText={t('common.cancel')}
      confirmLoading={formState.isSubmitting}
      onOk={() => void handleCreate()}
      onCancel={onClose}
    >
      <form onSubmit={handleCreate} noValidate>
        <Form layout="vertical" component={false}>
          <FormField
            control={control}
            name="login"
            label={t('sync.users.login')}
            render={(field) => <Input {...field} autoComplete="off" />}
          />
          <FormField
            control={control}
            name="name"
            label={t('sync.users.name')}
            render={(field) => <Input {...field} />}
          />
          <FormField
            control={control}
            name="role"
            label={t('sync.users.role')}
            render={(field) => (
              <Select<Role>
                id={field.id}
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                options={enumOptions(t, 'sync.roles', ROLES)}
              />
            )}
          />
          <FormField
            control={control}
            name="password"
            label={t('sync.users.password')}
            help={t('sync.users.passwordHint')}
            render={(field) => <Input.Password {...field} autoComplete="new-password" />}
          />
          <button type="submit" hidden />
        </Form>
      </form>
    </Modal>
  );
}

function ResetPasswordModal({
  user,
  onClose,
  onSubmit,
}: {
  user: TeamMember;
  onClose: () => void;
  onSubmit: (password: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const { control, handleSubmit, formState } = useForm<ResetValues>({
    resolver: zodResolver(resetSchema),
    mode: 'onChange',
    defaultValues: { password: '' },
  });
  const handleReset = handleSubmit(async ({ password }) => {
    if (await onSubmit(password)) onClose();
  });
  return (
    <Modal
      open
      destroyOnHidden
      title={t('sync.users.resetTitle', { name: user.name })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={formState.isSubmitting}
      onOk={() => void handleReset()}
      onCancel={onClose}
    >
      <form onSubmit={handleReset} noValidate>
        <Form layout="vertical" component={false}>
          <FormField
            control={control}
            name="password"
            label={t('sync.users.newPassword')}
            help={t('sync.users.passwordHint')}
            render={(field) => <Input.Password {...field} autoComplete="new-password" />}
          />
          <button type="submit" hidden />
        </Form>
      </form>
    </Modal>
  );
}
