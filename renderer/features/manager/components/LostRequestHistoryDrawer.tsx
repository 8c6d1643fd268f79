// "Seeing the customer's history" before deciding: the request itself and the card's timeline
// (the same component as on the card), with the two decisions at hand.

import { Button, Descriptions, Drawer, Space } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StatusTag } from '../../../ui/CustomerBadges';
import { Timeline } from '../../timeline';
import type { LostDecision, LostRequest } from '../lost-requests';

export function LostRequestHistoryDrawer({
  request,
  onDecide,
  onClose,
}: {
  request: LostRequest | null;
  onDecide: (request: LostRequest, decision: LostDecision) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const customer = request?.customer;
  return (
    <Drawer
      open={request !== null}
      onClose={onClose}
      size={640}
      title={customer ? t('manager.lost.historyTitle', { name: customer.name }) : null}
      data-testid="lost-request-history"
      extra={
        request ? (
          <Space>
            <Button onClick={() => onDecide(request, 'send_back')}>
              {t('manager.lost.sendBack')}
            </Button>
            <Button danger type="primary" onClick={() => onDecide(request, 'approve')}>
              {t('manager.lost.approve')}
            </Button>
          </Space>
        ) : null
      }
    >
      {request && customer ? (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('manager.lost.customer')}>
              <Link to={`/customers/${customer.id}`}>{customer.name}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('manager.lost.owner')}>
              {request.ownerName || t('common.unknown')}
            </Descriptions.Item>
            <Descriptions.Item label={t('manager.lost.requestedAt')}>
              {customer.lostRequestedAt
                ? dayjs(customer.lostRequestedAt).format('YYYY-MM-DD HH:mm')
                : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('manager.lost.statusBefore')}>
              <StatusTag status={customer.statusBeforeLost ?? 'following'} />
            </Descriptions.Item>
            <Descriptions.Item label={t('manager.lost.reason')}>
              {customer.lostReason}
            </Descriptions.Item>
            <Descriptions.Item label={t('manager.lost.competitor')}>
              {customer.lostCompetitor || t('common.none')}
            </Descriptions.Item>
          </Descriptions>
          <Timeline customerId={customer.id} />
        </Space>
      ) : null}
    </Drawer>
  );
}
