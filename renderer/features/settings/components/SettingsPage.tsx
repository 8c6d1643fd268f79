// Settings: language, the sync server (and, for admins, the users), my name, the dealership's
// name, address and phone (for the documents customers get), its follow-up cadence, intent
// thresholds and escalation threshold, and the sample showroom.

import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Space,
  Spin,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../../state/store';
import { useWriteContext } from '../../../state/useWriteContext';
import { db } from '../../../db/db';
import { ensureProfile, renameProfile } from '../../../db/profile-repo';
import { saveLanguagePreference } from '../../../db/preferences-repo';
import { saveDealershipSettings } from '../../../db/settings-repo';
import { useDealershipSettings } from '../../../db/useDealershipSettings';
import { changeLanguage, LANGUAGES, type Language } from '../../../i18n/i18n';
import { FormField } from '../../../ui/FormField';
import { ChecklistTemplateCard, PostDeliveryCadenceCard } from '../../deliveries';
import { ExportLogCard } from '../../exports';
import { ImportRecordsCard } from '../../import';
import { LoadSampleDataButton } from '../../sample-data';
import { SyncServerCard, UsersAdminCard } from '../../sync';
import { useLockVault } from '../../lock';
import { DeviceSecurityCard } from './DeviceSecurityCard';
import { INTENT_LEVELS } from '../../../../shared/domain/intent';
import { canManageTeam } from '../../../../shared/sync/protocol';
import {
  dealershipIdentitySchema,
  dealershipSettingsSchema,
  profileSchema,
  type DealershipIdentityValues,
  type DealershipSettingsValues,
} from '../../../../shared/domain/schemas';

const LANGUAGE_NAMES: Record<Language, string> = { 'zh-CN': '简体中文', en: 'English' };

export function SettingsPage() {
  const { t, i18n } = useTranslation();
  const settings = useDealershipSettings();
  const [sampleCount, setSampleCount] = useState(500);
  const user = useAppStore((state) => state.sync.user);
  const profile = useAppStore((state) => state.profile);
  // Logged in, the dealership's settings are the server's: only managers and admins change them.
  const settingsReadOnly = user !== null && !canManageTeam(user.role);
  const vault = useLockVault();

  const switchLanguage = async (language: Language) => {
    await saveLanguagePreference(db, language);
    await changeLanguage(language);
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 900 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('settings.title')}
      </Typography.Title>
      <Card size="small" title={t('settings.language')}>
        <Radio.Group
          aria-label={t('settings.language')}
          value={i18n.language}
          onChange={(event) => void switchLanguage(event.target.value as Language)}
          options={LANGUAGES.map((value) => ({ value, label: LANGUAGE_NAMES[value] }))}
          optionType="button"
        />
      </Card>
      <SyncServerCard />
      <DeviceSecurityCard vault={vault} />
      {user?.role === 'admin' ? <UsersAdminCard me={user} /> : null}
      {user?.role === 'admin' ? <ExportLogCard /> : null}
      <ProfileCard key={`${profile?.userId}:${profile?.displayName}`} fromServer={user !== null} />
      {settings ? (
        <DealershipIdentityCard
          key={`identity:${JSON.stringify(settings.dealership)}`}
          initial={settings.dealership}
          readOnly={settingsReadOnly}
        />
      ) : null}
      {settings ? (
        <DealershipSettingsCard
          key={JSON.stringify([
            settings.cadence,
            settings.intentThresholds,
            settings.escalationHours,
            settings.lockAfterMinutes,
            settings.offlineLockDays,
          ])}
          initial={settings}
          readOnly={settingsReadOnly}
        />
      ) : (
        <Spin />
      )}
      {settings ? (
        <PostDeliveryCadenceCard
          key={`post-delivery:${JSON.stringify(settings.postDeliveryCadence)}`}
          initial={settings.postDeliveryCadence}
          readOnly={settingsReadOnly}
        />
      ) : null}
      <ChecklistTemplateCard readOnly={settingsReadOnly} />
      <ImportRecordsCard />
      <Card size="small" title={t('settings.sampleData')}>
        <Typography.Paragraph type="secondary">
          {user !== null ? t('sync.sampleDisabled') : t('settings.sampleDataHint')}
        </Typography.Paragraph>
        <Space>
          <span>{t('settings.sampleCount')}</span>
          <InputNumber
            aria-label={t('settings.sampleCount')}
            min={10}
            max={100_000}
            step={100}
            value={sampleCount}
            onChange={(value) => setSampleCount(value ?? 500)}
          />
          <LoadSampleDataButton count={sampleCount} />
        </Space>
      </Card>
      <Card size="small" title={t('settings.about')}>
        <Typography.Text type="secondary">{t('settings.aboutText')}</Typography.Text>
      </Card>
    </Space>
  );
}

function ProfileCard({ fromServer }: { fromServer: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const profile = useAppStore((state) => state.profile);
  const setProfile = useAppStore((state) => state.setProfile);
  const { control, handleSubmit } = useForm<{ displayName: string }>({
    resolver: zodResolver(profileSchema),
    defaultValues: { displayName: profile?.displayName ?? '' },
  });
  const submit = handleSubmit(async ({ displayName }) => {
    await renameProfile(db, displayName);
    setProfile(await ensureProfile(db));
    message.success(t('common.saved'));
  });
  return (
    <Card size="small" title={t('settings.profile')}>
      <form onSubmit={submit} noValidate>
        <Form layout="inline" component={false}>
          <Space align="start">
            <FormField
              control={control}
              name="displayName"
              help={fromServer ? t('sync.profileFromServer') : t('settings.profileHint')}
              render={(field) => (
                <Input
                  {...field}
                  aria-label={t('settings.profile')}
                  style={{ width: 240 }}
                  disabled={fromServer}
                />
              )}
            />
            <Button htmlType="submit" disabled={fromServer}>
              {t('common.save')}
            </Button>
          </Space>
        </Form>
      </form>
    </Card>
  );
}

/** The dealership's name, address and phone, printed on the delivery confirmation. */
function DealershipIdentityCard({
  initial,
  readOnly,
}: {
  initial: DealershipIdentityValues;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const ctx = useWriteContext();
  const { control, handleSubmit, formState } = useForm<DealershipIdentityValues>({
    resolver: zodResolver(dealershipIdentitySchema),
    defaultValues: initial,
    mode: 'onChange',
  });
  const submit = handleSubmit(
    async (dealership) => {
      await saveDealershipSettings(ctx, { dealership });
      message.success(t('common.saved'));
    },
    () => void message.warning(t('card.fixErrors')),
  );
  const textField = (name: keyof DealershipIdentityValues, span: number) => (
    <Col span={span}>
      <FormField
        // The sync server's form has an "address" field too: ids must not collide.
        idPrefix="dealership"
        control={control}
        name={name}
        label={t(`settings.dealership.${name}`)}
        render={(field) => <Input {...field} disabled={readOnly} />}
      />
    </Col>
  );
  return (
    <Card size="small" title={t('settings.dealership.title')}>
      <Typography.Paragraph type="secondary">{t('settings.dealership.hint')}</Typography.Paragraph>
      <form onSubmit={submit} noValidate aria-label={t('settings.dealership.title')}>
        <Form layout="vertical" component={false}>
          <Row gutter={16}>
            {textField('name', 10)}
            {textField('phone', 8)}
          </Row>
          <Row gutter={16}>{textField('address', 18)}</Row>
          {readOnly ? null : (
            <Button type="primary" htmlType="submit" loading={formState.isSubmitting}>
              {t('common.save')}
            </Button>
          )}
        </Form>
      </form>
    </Card>
  );
}

type NumberSettingName =
  | `cadence.${keyof DealershipSettingsValues['cadence']}`
  | `intentThresholds.${keyof DealershipSettingsValues['intentThresholds']}`
  | 'escalationHours'
  | 'lockAfterMinutes'
  | 'offlineLockDays';

function DealershipSettingsCard({
  initial,
  readOnly,
}: {
  initial: DealershipSettingsValues;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const ctx = useWriteContext();
  const { control, handleSubmit, formState } = useForm<DealershipSettingsValues>({
    resolver: zodResolver(dealershipSettingsSchema),
    defaultValues: initial,
  });
  const submit = handleSubmit(
    async (values) => {
      await saveDealershipSettings(ctx, values);
      message.success(t('common.saved'));
    },
    () => void message.warning(t('card.fixErrors')),
  );
  const numberField = (name: NumberSettingName, label: string) => (
    <FormField
      control={control}
      name={name}
      label={label}
      render={(field) => (
        <InputNumber
          id={field.id}
          value={field.value}
          onBlur={field.onBlur}
          onChange={(value) => field.onChange(value ?? NaN)}
          style={{ width: '100%' }}
          disabled={readOnly}
        />
      )}
    />
  );
  return (
    <Card size="small" title={t('settings.cadence')}>
      <Typography.Paragraph type="secondary">{t('settings.cadenceHint')}</Typography.Paragraph>
      {readOnly ? (
        <Alert
          type="info"
          showIcon
          title={t('sync.cadenceReadOnly')}
          style={{ marginBottom: 12 }}
          data-testid="cadence-read-only"
        />
      ) : null}
      <form onSubmit={submit} noValidate aria-label={t('settings.cadence')}>
        <Form layout="vertical" component={false}>
          <Row gutter={16}>
            <Col span={8}>
              {numberField('cadence.firstContactHours', t('settings.firstContactHours'))}
            </Col>
            {INTENT_LEVELS.map((level) => (
              <Col span={4} key={level}>
                {numberField(`cadence.${level}`, t('settings.levelDays', { level }))}
              </Col>
            ))}
            <Col span={8}>{numberField('cadence.O', t('settings.orderedDays'))}</Col>
          </Row>
          <Typography.Text strong>{t('settings.thresholds')}</Typography.Text>
          <Row gutter={16} style={{ marginTop: 8 }}>
            {(['H', 'A', 'B'] as const).map((level) => (
              <Col span={6} key={level}>
                {numberField(`intentThresholds.${level}`, t('settings.thresholdLevel', { level }))}
              </Col>
            ))}
          </Row>
          <Typography.Text strong>{t('escalationSetting.title')}</Typography.Text>
          <Row gutter={16} style={{ marginTop: 8 }}>
            <Col span={8}>{numberField('escalationHours', t('escalationSetting.label'))}</Col>
            <Col span={16}>
              <Typography.Paragraph type="secondary" style={{ marginTop: 30 }}>
                {t('escalationSetting.hint')}
              </Typography.Paragraph>
            </Col>
          </Row>
          <Typography.Text strong>{t('lock.settings.title')}</Typography.Text>
          <Row gutter={16} style={{ marginTop: 8 }}>
            <Col span={8}>
              {numberField('lockAfterMinutes', t('lock.settings.lockAfterMinutes'))}
            </Col>
            <Col span={8}>{numberField('offlineLockDays', t('lock.settings.offlineLockDays'))}</Col>
            <Col span={8}>
              <Typography.Paragraph type="secondary" style={{ marginTop: 30 }}>
                {t('lock.settings.hint')}
              </Typography.Paragraph>
            </Col>
          </Row>
          {readOnly ? null : (
            <Button type="primary" htmlType="submit" loading={formState.isSubmitting}>
              {t('settings.saveSettings')}
            </Button>
          )}
        </Form>
      </form>
    </Card>
  );
}
