// The follow-ups of one card: what is planned (complete / cancel) and the history.

import { Button, Card, Empty, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useLiveQuery } from 'dexie-react-hooks';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useWriteContext } from '../../../state/useWriteContext';
import { db } from '../../../db/db';
import { cancelFollowUp } from '../../../db/follow-ups-repo';
import { useDealershipSettings } from '../../../db/useDealershipSettings';
import { customerFollowUps } from '../../../db/follow-up-queries';
import { suggestedPlanAt } from '../../../../shared/domain/cadence';
import type { Customer } from '../../../../shared/domain/customer';
import { isActiveStatus } from '../../../../shared/domain/customer-status';
import type { FollowUp } from '../../../../shared/domain/follow-up';
import { DEFAULT_DEALERSHIP_SETTINGS } from '../../../../shared/domain/settings';
import { useFollowUpPurpose } from '../hooks/useFollowUpPurpose';
import { CompleteFollowUpModal } from './CompleteFollowUpModal';
import { PlanFollowUpModal } from './PlanFollowUpModal';
import { useReportError } from '../../../ui/useReportError';

export function CustomerFollowUps({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const reportError = useReportError();
  const ctx = useWriteContext();
  const purposeText = useFollowUpPurpose();
  const [planning, setPlanning] = useState(false);
  const [completing, setCompleting] = useState<FollowUp | null>(null);
  const settings = useDealershipSettings() ?? DEFAULT_DEALERSHIP_SETTINGS;
  const followUps = useLiveQuery(() => customerFollowUps(db, customer.id), [customer.id]);
  if (followUps === undefined) return null;
  const planned = followUps
    .filter((item) => item.state === 'planned')
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const history = followUps
    .filter((item) => item.state !== 'planned')
    .sort((a, b) => (b.completedAt ?? b.updatedAt).localeCompare(a.completedAt ?? a.updatedAt));
  const cancel = async (id: string) => {
    try {
      await cancelFollowUp(ctx, id);
    } catch (error) {
      reportError(error);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('followUps.views.upcoming')}
        extra={
          isActiveStatus(customer.status) ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setPlanning(true)}>
              {t('followUps.plan')}
            </Button>
          ) : null
        }
      >
        {planned.length === 0 ? (
          <Empty description={t('followUps.noPlanWarning')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <List
            data-testid="planned-follow-ups"
            dataSource={planned}
            renderItem={(item) => (
              <List.Item
                actions={[
                  <Button
                    key="complete"
                    type="primary"
                    size="small"
                    onClick={() => setCompleting(item)}
                  >
                    {t('followUps.complete')}
                  </Button>,
                  <Popconfirm
                    key="cancel"
                    title={t('followUps.cancelConfirm')}
                    onConfirm={() => void cancel(item.id)}
                    okText={t('common.confirm')}
                    cancelText={t('common.cancel')}
                  >
                    <Button size="small">{t('followUps.cancelPlan')}</Button>
                  </Popconfirm>,
                ]}
              >
                <Space>
                  <span data-testid="planned-due">
                    {dayjs(item.dueAt).format('YYYY-MM-DD HH:mm')}
                  </span>
                  {dayjs(item.dueAt).isBefore(dayjs()) ? (
                    <Tag color="red">{t('followUps.overdue')}</Tag>
                  ) : null}
                  <Tag>{t(`followUps.channels.${item.channel}`)}</Tag>
                  <Typography.Text>{purposeText(item.purpose)}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        )}
      </Card>
      <Card size="small" title={t('followUps.history')}>
        {history.length === 0 ? (
          <Empty description={t('followUps.noneYet')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <List
            dataSource={history}
            renderItem={(item) => (
              <List.Item>
                <List.Item.Meta
                  title={
                    <Space wrap>
                      <span>
                        {dayjs(item.completedAt ?? item.updatedAt).format('YYYY-MM-DD HH:mm')}
                      </span>
                      <Tag>{t(`followUps.channels.${item.channel}`)}</Tag>
                      <Tag color={item.state === 'done' ? 'green' : 'default'}>
                        {t(`followUps.states.${item.state}`)}
                      </Tag>
                      {item.outcome ? (
                        <Tag color="blue">{t(`followUps.outcomes.${item.outcome}`)}</Tag>
                      ) : null}
                    </Space>
                  }
                  description={item.result || purposeText(item.purpose)}
                />
              </List.Item>
            )}
          />
        )}
      </Card>
      {planning ? (
        <PlanFollowUpModal
          open
          customerId={customer.id}
          customerName={customer.name}
          proposedAt={suggestedPlanAt(customer, new Date(), settings.cadence)}
          onClose={() => setPlanning(false)}
        />
      ) : null}
      {completing ? (
        <CompleteFollowUpModal
          followUp={completing}
          customer={customer}
          onClose={() => setCompleting(null)}
        />
      ) : null}
    </Space>
  );
}
