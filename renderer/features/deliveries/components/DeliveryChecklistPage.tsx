// 交车检查表: run the delivery with the customer. The vehicle and the progress stay at the top of
// the screen; sections and items follow the template version the delivery started with; the
// customer signs at the foot; completing is refused — with the missing items named and linked —
// until every required item is settled and the confirmation is signed.

import {
  Affix,
  Breadcrumb,
  Card,
  Descriptions,
  Empty,
  Progress,
  Space,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  checklistProgress,
  completionBlockers,
  type Delivery,
} from '../../../../shared/domain/delivery';
import { db } from '../../../db/db';
import { readCustomer } from '../../../db/customer-queries';
import { groupBySection, sectionTitle } from '../../../documents/checklist-labels';
import { useDeliveryChecklist } from '../hooks/useDeliveries';
import { ChecklistItemRow } from './ChecklistItemRow';
import { CompletionPanel } from './CompletionPanel';
import { DeliveryStateTag } from './DeliveryStateTag';
import { SignatureSection } from './SignatureSection';

export function DeliveryChecklistPage() {
  const { customerId = '', deliveryId = '' } = useParams();
  const { t } = useTranslation();
  const customer = useLiveQuery(() => readCustomer(db, customerId), [customerId]);
  const checklist = useDeliveryChecklist(deliveryId);
  const [attempted, setAttempted] = useState(false);
  if (customer === undefined || checklist === undefined) return <Spin />;
  const { delivery, items } = checklist;
  if (!customer || !delivery || delivery.customerId !== customerId) {
    return (
      <Card>
        <Empty description={t('checklist.notFound')}>
          <Link to={customer ? `/customers/${customer.id}` : '/customers'}>
            {t('common.backToList')}
          </Link>
        </Empty>
      </Card>
    );
  }
  const progress = checklistProgress(items);
  // Once the user has tried to complete, what still blocks it is shown and follows every tick.
  const blockers =
    attempted && delivery.state === 'scheduled' ? completionBlockers(delivery, items) : [];
  const highlighted = new Set(
    blockers.flatMap((blocker) =>
      blocker.kind === 'required_open' ? blocker.items.map((item) => item.id) : [],
    ),
  );
  const percent = progress.total === 0 ? 0 : Math.round((progress.settled / progress.total) * 100);
  const readOnly = delivery.state !== 'scheduled';

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 1100 }}>
      <Breadcrumb
        items={[
          { title: <Link to="/customers">{t('nav.customers')}</Link> },
          { title: <Link to={`/customers/${customer.id}`}>{customer.name}</Link> },
          { title: t('checklist.title') },
        ]}
      />
      <Affix offsetTop={0}>
        <Card
          size="small"
          data-testid="checklist-header"
          style={{ boxShadow: '0 2px 8px rgba(0,0,0,0.06)' }}
        >
          <Space style={{ width: '100%', justifyContent: 'space-between' }} align="center" wrap>
            <Space orientation="vertical" size={2}>
              <Space>
                <Typography.Title level={4} style={{ margin: 0 }}>
                  {t('checklist.titleFor', { name: customer.name })}
                </Typography.Title>
                <DeliveryStateTag state={delivery.state} />
                <Tag>{t('checklist.templateVersion', { version: delivery.templateVersion })}</Tag>
              </Space>
              <VehicleLine delivery={delivery} />
            </Space>
            <div style={{ minWidth: 280 }}>
              <Progress
                percent={percent}
                status={readOnly ? 'success' : 'active'}
                data-testid="checklist-progress"
              />
              <Typography.Text
                type={progress.requiredOpen > 0 ? 'danger' : 'success'}
                data-testid="progress-text"
              >
                {t('checklist.progress', {
                  settled: progress.settled,
                  total: progress.total,
                  requiredOpen: progress.requiredOpen,
                })}
              </Typography.Text>
            </div>
          </Space>
        </Card>
      </Affix>
      {groupBySection(items).map((section) => (
        <Card
          key={section.key}
          size="small"
          title={sectionTitle(t, section)}
          extra={
            <Typography.Text type="secondary">
              {section.items.filter((item) => item.state !== 'open').length} /{' '}
              {section.items.length}
            </Typography.Text>
          }
          styles={{ body: { padding: 0 } }}
          data-testid="checklist-section"
        >
          {section.items.map((item) => (
            <ChecklistItemRow
              key={item.id}
              item={item}
              readOnly={readOnly}
              highlighted={highlighted.has(item.id)}
            />
          ))}
        </Card>
      ))}
      <SignatureSection delivery={delivery} customerName={customer.name} />
      <CompletionPanel
        customer={customer}
        delivery={delivery}
        items={items}
        blockers={blockers}
        onAttempt={() => setAttempted(true)}
      />
    </Space>
  );
}

function VehicleLine({ delivery }: { delivery: Delivery }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 3, xl: 5 }}
      items={[
        {
          key: 'vin',
          label: t('deliveries.vehicle.vin'),
          children: <code data-testid="delivery-vin">{delivery.vin}</code>,
        },
        {
          key: 'engine',
          label: t('deliveries.vehicle.engineNumber'),
          children: delivery.engineNumber,
        },
        {
          key: 'model',
          label: t('deliveries.vehicle.model'),
          children: [delivery.brand, delivery.model, delivery.colour].filter(Boolean).join(' '),
        },
        { key: 'plate', label: t('deliveries.vehicle.plate'), children: delivery.plate || '—' },
        {
          key: 'when',
          label: t('deliveries.scheduledAt'),
          children: dayjs(delivery.scheduledAt).format('YYYY-MM-DD HH:mm'),
        },
      ]}
    />
  );
}
