// 完成交车: refused until it may — the missing required items are listed and highlighted, with a
// link to each — then the customer becomes an owner and the post-delivery follow-ups are planned.
// A completed delivery shows those follow-ups and saves the printable confirmation.

import { CheckCircleOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, List, Result, Space, Tag, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Customer } from '../../../../shared/domain/customer';
import {
  completionBlockers,
  type CompletionBlocker,
  type Delivery,
  type DeliveryItem,
} from '../../../../shared/domain/delivery';
import { useWriteContext } from '../../../state/useWriteContext';
import { db } from '../../../db/db';
import { completeDelivery, DeliveryBlockedError } from '../../../db/deliveries-repo';
import { postDeliveryFollowUps } from '../../../db/delivery-queries';
import { useReportError } from '../../../ui/useReportError';
import { itemLabel } from '../../../documents/checklist-labels';
import { useFollowUpPurpose } from '../../follow-ups';
import { useSaveConfirmation } from '../hooks/useSaveConfirmation';

type CompletionPanelProps = {
  customer: Customer;
  delivery: Delivery;
  items: DeliveryItem[];
  /** What still stops completion, live; empty until the user first tries to complete. */
  blockers: CompletionBlocker[];
  /** The user tried to complete: from now on the blockers are shown (and follow the checklist). */
  onAttempt: () => void;
};

export function CompletionPanel({
  customer,
  delivery,
  items,
  blockers,
  onAttempt,
}: CompletionPanelProps) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const reportError = useReportError();
  const ctx = useWriteContext();
  const saveConfirmation = useSaveConfirmation();

  if (delivery.state === 'completed') {
    return (
      <Card size="small">
        <Result
          status="success"
          icon={<CheckCircleOutlined />}
          title={t('deliveries.completedTitle', { name: customer.name })}
          subTitle={t('deliveries.completedSubtitle', {
            at: delivery.completedAt ? dayjs(delivery.completedAt).format('YYYY-MM-DD HH:mm') : '',
          })}
          extra={
            <Button
              type="primary"
              icon={<FilePdfOutlined />}
              loading={saveConfirmation.saving}
              onClick={() => void saveConfirmation.save(customer, delivery, items)}
            >
              {t('deliveries.saveConfirmation')}
            </Button>
          }
        />
        <PostDeliveryFollowUps customerId={customer.id} deliveryId={delivery.id} />
      </Card>
    );
  }
  if (delivery.state === 'cancelled') return null;

  const handleComplete = () => {
    onAttempt();
    if (completionBlockers(delivery, items).length > 0) {
      message.warning(t('deliveries.blocked'));
      return;
    }
    modal.confirm({
      title: t('deliveries.completeConfirmTitle', { name: customer.name }),
      content: t('deliveries.completeConfirmBody'),
      okText: t('deliveries.complete'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await completeDelivery(ctx, delivery.id);
          message.success(t('deliveries.completedToast'));
        } catch (error) {
          // Blocked meanwhile (e.g. an item re-opened by sync): the live list shows why.
          if (!(error instanceof DeliveryBlockedError)) reportError(error);
        }
      },
    });
  };

  return (
    <Card size="small" data-testid="completion-panel">
      <Space orientation="vertical" style={{ width: '100%' }}>
        {blockers.length > 0 ? <BlockerList blockers={blockers} /> : null}
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Text type="secondary">{t('deliveries.completeHint')}</Typography.Text>
          <Button type="primary" size="large" onClick={handleComplete}>
            {t('deliveries.complete')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}

function BlockerList({ blockers }: { blockers: CompletionBlocker[] }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="error"
      showIcon
      data-testid="completion-blockers"
      title={t('deliveries.blockedTitle')}
      description={
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {blockers.flatMap((blocker) => {
            switch (blocker.kind) {
              case 'required_open':
                return blocker.items.map((item) => (
                  <li key={item.id} data-testid="missing-item">
                    <a
                      href={`#item-${item.id}`}
                      onClick={(event) => scrollTo(event, `item-${item.id}`)}
                    >
                      {itemLabel(t, item)}
                    </a>
                  </li>
                ));
              case 'not_signed':
                return [
                  <li key="signature" data-testid="missing-signature">
                    <a href="#signature" onClick={(event) => scrollTo(event, 'signature')}>
                      {t('deliveries.missingSignature')}
                    </a>
                  </li>,
                ];
              case 'not_scheduled':
                return [<li key="state">{t(`deliveries.states.${blocker.state}`)}</li>];
            }
          })}
        </ul>
      }
    />
  );
}

/** In-page jumps without touching the hash router's URL. */
function scrollTo(event: React.MouseEvent, elementId: string) {
  event.preventDefault();
  document.getElementById(elementId)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
}

function PostDeliveryFollowUps({
  customerId,
  deliveryId,
}: {
  customerId: string;
  deliveryId: string;
}) {
  const { t } = useTranslation();
  const purposeText = useFollowUpPurpose();
  const followUps = useLiveQuery(
    () => postDeliveryFollowUps(db, customerId, deliveryId),
    [customerId, deliveryId],
  );
  if (!followUps || followUps.length === 0) return null;
  return (
    <List
      header={<Typography.Text strong>{t('deliveries.postDeliveryPlanned')}</Typography.Text>}
      size="small"
      data-testid="post-delivery-follow-ups"
      dataSource={followUps}
      renderItem={(followUp) => (
        <List.Item data-testid="post-delivery-follow-up" data-kind={followUp.kind}>
          <Space>
            <Typography.Text style={{ width: 140, display: 'inline-block' }} data-testid="due">
              {dayjs(followUp.dueAt).format('YYYY-MM-DD HH:mm')}
            </Typography.Text>
            <Tag>{t(`followUps.channels.${followUp.channel}`)}</Tag>
            <Typography.Text>{purposeText(followUp.purpose)}</Typography.Text>
            {followUp.state !== 'planned' ? (
              <Tag color="green">
                {t(`followUps.states.${followUp.state}`, { defaultValue: followUp.state })}
              </Tag>
            ) : null}
          </Space>
        </List.Item>
      )}
    />
  );
}
