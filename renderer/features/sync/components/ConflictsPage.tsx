// /sync/conflicts: every unresolved conflict and every change the server refused, in plain words
// with both values, and what can be done: re-apply the value that lost (it becomes the newest
// write) or keep the current one; submit a refused change again or drop it.

import { App, Button, Card, Empty, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAppStore } from '../../../state/store';
import { useWriteContext } from '../../../state/useWriteContext';
import type { RejectionRow } from '../../../db/AppDB';
import {
  dismissConflict,
  dismissRejection,
  listRejections,
  reapplyConflict,
  reapplyRejection,
  RowMissingError,
  unresolvedConflicts,
  customerNamesFor,
  rejectionCustomerKey,
} from '../../../db/conflicts-repo';
import { db } from '../../../db/db';
import { useReportError } from '../../../ui/useReportError';
import type { SyncConflict } from '../../../../shared/sync/conflict';
import { useFieldLabel, useValueText } from '../hooks/useSyncValueText';

/** Bookkeeping fields of a refused change that say nothing to the user. */
const HIDDEN_FIELDS = new Set([
  'id',
  'clocks',
  'updatedAt',
  'createdAt',
  'dealershipId',
  'ownerId',
  'deleted',
  'customerId',
]);

const TIME_FORMAT = 'YYYY-MM-DD HH:mm';

export function ConflictsPage() {
  const { t } = useTranslation();
  const conflicts = useLiveQuery(() => unresolvedConflicts(db), []);
  const rejections = useLiveQuery(() => listRejections(db), []);
  const customerNames = useLiveQuery(
    () => customerNamesFor(db, conflicts ?? [], rejections ?? []),
    [conflicts, rejections],
  );

  if (conflicts === undefined || rejections === undefined) return null;
  const empty = conflicts.length === 0 && rejections.length === 0;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 900 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('sync.conflicts.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('sync.conflicts.intro')}
      </Typography.Paragraph>
      {empty ? (
        <Card data-testid="conflicts-empty">
          <Empty description={t('sync.conflicts.empty')} />
        </Card>
      ) : null}
      {conflicts.map((conflict) => (
        <ConflictCard
          key={conflict.id}
          conflict={conflict}
          customerName={customerNames?.get(conflict.customerId ?? '')}
        />
      ))}
      {rejections.map((rejection) => (
        <RejectionCard
          key={rejection.seq}
          rejection={rejection}
          customer={customerNames?.get(rejectionCustomerKey(rejection))}
        />
      ))}
    </Space>
  );
}

function CustomerLink({
  customer,
  settings,
}: {
  customer: { id: string; name: string } | undefined;
  settings: boolean;
}) {
  const { t } = useTranslation();
  if (settings) return <Typography.Text strong>{t('sync.conflicts.settings')}</Typography.Text>;
  if (!customer)
    return (
      <Typography.Text type="secondary">{t('sync.conflicts.customerMissing')}</Typography.Text>
    );
  return (
    <Link to={`/customers/${customer.id}`} data-testid="conflict-customer-link">
      {customer.name}
    </Link>
  );
}

function useActionErrors(): (error: unknown) => void {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  return (error) => {
    if (error instanceof RowMissingError) message.error(t('sync.conflicts.rowMissing'));
    else reportError(error);
  };
}

function ConflictCard({
  conflict,
  customerName,
}: {
  conflict: SyncConflict;
  customerName: { id: string; name: string } | undefined;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const ctx = useWriteContext();
  const me = useAppStore((state) => state.profile?.userId);
  const fieldLabel = useFieldLabel();
  const valueText = useValueText();

  const mine = conflict.lostBy !== null && conflict.lostBy === me;
  const name = (id: string | null, shown: string) =>
    id !== null && id === me ? t('sync.conflicts.you') : shown || t('sync.conflicts.colleague');
  const field = fieldLabel(conflict.rowTable, conflict.field);

  return (
    <Card
      size="small"
      data-testid="conflict-item"
      title={
        <Space>
          <CustomerLink customer={customerName} settings={conflict.rowTable === 'settings'} />
          <span>{t('sync.conflicts.conflictHeading', { field })}</span>
        </Space>
      }
      extra={
        <Typography.Text type="secondary">
          {t('sync.conflicts.detectedAt', { time: dayjs(conflict.detectedAt).format(TIME_FORMAT) })}
        </Typography.Text>
      }
    >
      <Typography.Paragraph>
        {t('sync.conflicts.conflictText', {
          lost: name(conflict.lostBy, conflict.lostByName),
          kept: name(conflict.keptBy, conflict.keptByName),
        })}
      </Typography.Paragraph>
      <Space align="start" size={32} wrap>
        <div data-testid="conflict-lost">
          <Typography.Text type="secondary">
            {mine
              ? t('sync.conflicts.yourValue')
              : t('sync.conflicts.theirValue', {
                  name: name(conflict.lostBy, conflict.lostByName),
                })}
          </Typography.Text>
          <div>
            <Tag color="orange">{valueText(conflict.field, conflict.lostValue)}</Tag>
          </div>
        </div>
        <div data-testid="conflict-kept">
          <Typography.Text type="secondary">{t('sync.conflicts.keptValue')}</Typography.Text>
          <div>
            <Tag color="green">{valueText(conflict.field, conflict.keptValue)}</Tag>
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('sync.conflicts.keptBy', {
              name: name(conflict.keptBy, conflict.keptByName),
              time: dayjs(conflict.detectedAt).format(TIME_FORMAT),
            })}
          </Typography.Text>
        </div>
      </Space>
      <IssueActions
        testIdPrefix="conflict"
        reapplyLabel={t('sync.conflicts.reapply')}
        dismissLabel={t('sync.conflicts.keepTheirs')}
        onReapply={async () => {
          await reapplyConflict(ctx, conflict.id);
          message.success(t('sync.conflicts.reapplied'));
        }}
        onDismiss={async () => {
          await dismissConflict(ctx, conflict.id);
          message.success(t('sync.conflicts.dismissed'));
        }}
      />
    </Card>
  );
}

function RejectionCard({
  rejection,
  customer,
}: {
  rejection: RejectionRow;
  customer: { id: string; name: string } | undefined;
}) {
  const { t } = useTranslation();
  const ctx = useWriteContext();
  const fieldLabel = useFieldLabel();
  const valueText = useValueText();
  const fields = Object.entries(rejection.fields).filter(([field]) => !HIDDEN_FIELDS.has(field));

  return (
    <Card
      size="small"
      data-testid="rejection-item"
      data-reason={rejection.reason}
      title={
        <Space>
          <CustomerLink customer={customer} settings={rejection.table === 'settings'} />
          <span>
            {t('sync.conflicts.rejectionHeading')} · {t(`sync.conflicts.tables.${rejection.table}`)}
          </span>
        </Space>
      }
      extra={
        <Typography.Text type="secondary">
          {t('sync.conflicts.rejectedAt', {
            time: dayjs(rejection.rejectedAt).format(TIME_FORMAT),
          })}
        </Typography.Text>
      }
    >
      <Typography.Paragraph data-testid="rejection-reason">
        {t(`sync.conflicts.reasons.${rejection.reason}`)}
      </Typography.Paragraph>
      {fields.length > 0 ? (
        <>
          <Typography.Text type="secondary">{t('sync.conflicts.rejectedFields')}</Typography.Text>
          <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
            {fields.map(([field, value]) => (
              <li key={field}>
                {fieldLabel(rejection.table, field)}：{valueText(field, value)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <IssueActions
        testIdPrefix="rejection"
        reapplyLabel={t('sync.conflicts.reapplyRejection')}
        dismissLabel={t('sync.conflicts.dismissRejection')}
        onReapply={() => reapplyRejection(ctx, rejection.seq)}
        onDismiss={() => dismissRejection(ctx.db, rejection.seq)}
      />
    </Card>
  );
}

/** "Re-apply mine" and "keep / forget it" for one conflict or refused change. */
function IssueActions({
  testIdPrefix,
  reapplyLabel,
  dismissLabel,
  onReapply,
  onDismiss,
}: {
  testIdPrefix: 'conflict' | 'rejection';
  reapplyLabel: string;
  dismissLabel: string;
  onReapply: () => Promise<void>;
  onDismiss: () => Promise<void>;
}) {
  const handleError = useActionErrors();
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      handleError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space style={{ marginTop: 12, display: 'flex' }}>
      <Button
        type="primary"
        loading={busy}
        onClick={() => void run(onReapply)}
        data-testid={`${testIdPrefix}-reapply`}
      >
        {reapplyLabel}
      </Button>
      <Button
        loading={busy}
        onClick={() => void run(onDismiss)}
        data-testid={`${testIdPrefix}-dismiss`}
      >
        {dismissLabel}
      </Button>
    </Space>
  );
}
