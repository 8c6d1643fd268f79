// The card's 订单与交车 tab: the customer's orders and deliveries, with the next step offered —
// record an order while in follow-up, schedule the handover once ordered, open the checklist.

import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  List,
  Progress,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Customer } from '../../../../shared/domain/customer';
import { isActiveStatus } from '../../../../shared/domain/customer-status';
import type { Delivery } from '../../../../shared/domain/delivery';
import { useCustomerDeliveries, useCustomerOrders } from '../hooks/useDeliveries';
import { DeliveryStateTag } from './DeliveryStateTag';
import { OrderModal } from './OrderModal';
import { ScheduleDeliveryModal } from './ScheduleDeliveryModal';
import { ChangePlanModal, type PlanChange } from './ChangePlanModals';
import { useDeliveryProgress } from '../hooks/useDeliveryProgress';

export function CustomerDeliveries({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const orders = useCustomerOrders(customer.id);
  const deliveries = useCustomerDeliveries(customer.id);
  const [orderOpen, setOrderOpen] = useState(false);
  const [scheduleOpen, setScheduleOpen] = useState(false);
  const [planChange, setPlanChange] = useState<PlanChange | null>(null);
  if (orders === undefined || deliveries === undefined) return null;

  const activeOrder = orders.find((order) => order.state === 'active');
  const openDelivery = deliveries.find((delivery) => delivery.state === 'scheduled');
  const canOrder = isActiveStatus(customer.status);
  const canSchedule = customer.status === 'ordered' && !openDelivery;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('deliveries.orders')}
        extra={
          canOrder ? (
            <Button
              onClick={() => setOrderOpen(true)}
              type={customer.status === 'ordered' ? 'default' : 'primary'}
            >
              {t('deliveries.recordOrder')}
            </Button>
          ) : null
        }
      >
        {orders.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={canOrder ? t('deliveries.noOrdersHint') : t('deliveries.noOrders')}
          />
        ) : (
          <List
            data-testid="orders"
            dataSource={orders}
            renderItem={(order) => (
              <List.Item>
                <Space wrap>
                  <Tag color={order.kind === 'contract' ? 'blue' : 'gold'}>
                    {t(`deliveries.orderKinds.${order.kind}`)}
                  </Tag>
                  <Typography.Text strong>
                    {[order.brand, order.model, order.trim, order.colour].filter(Boolean).join(' ')}
                  </Typography.Text>
                  <Typography.Text>
                    {t('deliveries.amountShown', { amount: order.amount.toLocaleString() })}
                  </Typography.Text>
                  {order.depositAmount !== null ? (
                    <Typography.Text type="secondary">
                      {t('deliveries.depositShown', {
                        amount: order.depositAmount.toLocaleString(),
                      })}
                    </Typography.Text>
                  ) : null}
                  <Typography.Text type="secondary">{order.orderedOn}</Typography.Text>
                  {order.state === 'cancelled' ? (
                    <Tag data-testid="order-cancelled">
                      {t('deliveries.change.cancelledTag', { reason: order.cancelReason ?? '' })}
                    </Tag>
                  ) : null}
                </Space>
                {order.state === 'active' ? (
                  <Button
                    size="small"
                    danger
                    onClick={() =>
                      setPlanChange({
                        kind: 'cancelOrder',
                        order,
                        cancelsHandover: deliveries.some(
                          (delivery) =>
                            delivery.state === 'scheduled' && delivery.orderId === order.id,
                        ),
                      })
                    }
                  >
                    {t('deliveries.change.cancelOrder')}
                  </Button>
                ) : null}
              </List.Item>
            )}
          />
        )}
      </Card>
      <Card
        size="small"
        title={t('deliveries.deliveries')}
        extra={
          canSchedule ? (
            <Button type="primary" onClick={() => setScheduleOpen(true)}>
              {t('deliveries.schedule')}
            </Button>
          ) : null
        }
      >
        {customer.status !== 'ordered' &&
        customer.status !== 'delivered' &&
        deliveries.length === 0 ? (
          <Alert type="info" showIcon title={t('deliveries.orderFirst')} />
        ) : deliveries.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={t('deliveries.noDeliveriesHint')}
          />
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {deliveries.map((delivery) => (
              <DeliverySummary
                key={delivery.id}
                customerId={customer.id}
                delivery={delivery}
                onChange={setPlanChange}
              />
            ))}
          </Space>
        )}
      </Card>
      <OrderModal customer={customer} open={orderOpen} onClose={() => setOrderOpen(false)} />
      <ScheduleDeliveryModal
        // The form starts from the active order: a new order (recorded while this tab is open)
        // must start a new form, not keep the defaults of the first render.
        key={activeOrder?.id ?? 'no-order'}
        customer={customer}
        order={activeOrder}
        open={scheduleOpen}
        onClose={() => setScheduleOpen(false)}
      />
      <ChangePlanModal change={planChange} onClose={() => setPlanChange(null)} />
    </Space>
  );
}

function DeliverySummary({
  customerId,
  delivery,
  onChange,
}: {
  customerId: string;
  delivery: Delivery;
  onChange: (change: PlanChange) => void;
}) {
  const { t } = useTranslation();
  const progress = useDeliveryProgress(delivery.id);
  return (
    <Card size="small" type="inner" data-testid="delivery-summary">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Descriptions
          size="small"
          column={3}
          items={[
            {
              key: 'vin',
              label: t('deliveries.vehicle.vin'),
              children: <code>{delivery.vin}</code>,
            },
            {
              key: 'vehicle',
              label: t('deliveries.vehicle.model'),
              children: [delivery.brand, delivery.model, delivery.colour].filter(Boolean).join(' '),
            },
            {
              key: 'when',
              label:
                delivery.state === 'completed'
                  ? t('deliveries.completedAt')
                  : t('deliveries.scheduledAt'),
              children: dayjs(delivery.completedAt ?? delivery.scheduledAt).format(
                'YYYY-MM-DD HH:mm',
              ),
            },
          ]}
        />
        <Space>
          <DeliveryStateTag state={delivery.state} />
          {delivery.state === 'cancelled' && delivery.cancelReason ? (
            <Typography.Text type="secondary" data-testid="delivery-cancel-reason">
              {delivery.cancelReason}
            </Typography.Text>
          ) : null}
          {delivery.state === 'scheduled' ? (
            <>
              <Button onClick={() => onChange({ kind: 'reschedule', delivery })}>
                {t('deliveries.change.reschedule')}
              </Button>
              <Button danger onClick={() => onChange({ kind: 'cancelDelivery', delivery })}>
                {t('deliveries.change.cancelDelivery')}
              </Button>
            </>
          ) : null}
          {progress ? (
            <Progress
              type="circle"
              size={40}
              percent={
                progress.total === 0 ? 0 : Math.round((progress.settled / progress.total) * 100)
              }
            />
          ) : null}
          <Link to={`/customers/${customerId}/deliveries/${delivery.id}`}>
            <Button type={delivery.state === 'scheduled' ? 'primary' : 'default'}>
              {delivery.state === 'scheduled'
                ? t('deliveries.runChecklist')
                : t('deliveries.openChecklist')}
            </Button>
          </Link>
        </Space>
      </Space>
    </Card>
  );
}
