// Step 4: the import being written (progress, cancel), then what it did, with the way to the
// imported cards and to their first follow-ups.

import { Alert, Button, Progress, Result, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ImportBatchSummary, ImportProgress } from '../../../db/import-repo';

export type ApplyStepProps = {
  progress: ImportProgress | null;
  summary: ImportBatchSummary | null;
  failure: string | null;
  onCancel: () => void;
  onShowCustomers: (() => void) | null;
  onShowFollowUps: () => void;
  /** A manager's cards for consultants: being handed over, done (how many), or why not. */
  handover:
    | null
    | { state: 'running' }
    | { state: 'done'; count: number }
    | { state: 'failed'; message: string };
};

export function ApplyStep(props: ApplyStepProps) {
  const { t } = useTranslation();
  const { progress, summary } = props;
  if (props.failure) {
    return (
      <Alert
        type="error"
        showIcon
        title={t('importWizard.apply.failed', { message: props.failure })}
      />
    );
  }
  if (!summary) {
    const percent =
      progress && progress.total > 0 ? Math.floor((100 * progress.done) / progress.total) : 0;
    return (
      <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 640 }}>
        <Typography.Text data-testid="import-running">
          {t('importWizard.apply.running', {
            done: progress?.done ?? 0,
            total: progress?.total ?? 0,
          })}
        </Typography.Text>
        <Progress percent={percent} status="active" />
        <Button onClick={props.onCancel} data-testid="import-cancel">
          {t('importWizard.apply.cancel')}
        </Button>
      </Space>
    );
  }
  const counts = summary.counts;
  const { handover } = props;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {handover?.state === 'running' ? (
        <Alert
          type="info"
          showIcon
          icon={<Spin size="small" />}
          title={t('importWizard.apply.handingOver')}
        />
      ) : null}
      {handover?.state === 'done' ? (
        <Alert
          type="success"
          showIcon
          title={t('importWizard.apply.handedOver', { count: handover.count })}
          data-testid="import-handover"
        />
      ) : null}
      {handover?.state === 'failed' ? (
        <Alert
          type="warning"
          showIcon
          title={t('importWizard.apply.handoverFailed', { message: handover.message })}
          data-testid="import-handover"
        />
      ) : null}
      <Result
        status={summary.state === 'cancelled' ? 'warning' : 'success'}
        title={
          summary.state === 'cancelled'
            ? t('importWizard.apply.cancelled', { created: counts.created })
            : t('importWizard.apply.done')
        }
        subTitle={
          <span data-testid="import-summary">
            {t('importWizard.apply.counts', counts)}
            <br />
            {t('importWizard.apply.undoHint')}
          </span>
        }
        extra={[
          props.onShowCustomers ? (
            <Button key="customers" type="primary" onClick={props.onShowCustomers}>
              {t('importWizard.apply.showCustomers')}
            </Button>
          ) : null,
          <Button key="follow-ups" onClick={props.onShowFollowUps}>
            {t('importWizard.apply.showFollowUps')}
          </Button>,
        ]}
      />
    </Space>
  );
}
