// One customer card: header with grade / intent / status, then the profile form, the card's
// follow-ups and its timeline. /customers/new shows an empty form.

import { Alert, App, Breadcrumb, Button, Card, Empty, Space, Spin, Tabs, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useWriteContext } from '../../../state/useWriteContext';
import { db } from '../../../db/db';
import {
  EMPTY_CUSTOMER_FORM,
  createCustomer,
  customerToFormValues,
  updateCustomer,
} from '../../../db/customers-repo';
import { useDealershipSettings } from '../../../db/useDealershipSettings';
import { readCustomer } from '../../../db/customer-queries';
import { countPlannedFollowUps } from '../../../db/follow-up-queries';
import { STALE_AFTER_DAYS, type Customer } from '../../../../shared/domain/customer';
import { isActiveStatus } from '../../../../shared/domain/customer-status';
import type { IntentThresholds } from '../../../../shared/domain/intent';
import type { CustomerFormValues } from '../../../../shared/domain/schemas';
import { CustomerFollowUps } from '../../follow-ups';
import { CustomerDeliveries } from '../../deliveries';
import { ComplaintFlag, CustomerComplaints } from '../../complaints';
import { CustomerSurveys } from '../../satisfaction';
import { Timeline } from '../../timeline';
import { GradeTag, IntentTag, StatusTag } from '../../../ui/CustomerBadges';
import { DraftedCustomerForm } from './DraftedCustomerForm';
import { LostRequestModal } from './LostRequestModal';
import { DeleteCustomerModal } from '../../manager';
import { useManagerSession } from '../../../state/useManagerSession';
import { useReportError } from '../../../ui/useReportError';
import { useCurrentIntent } from '../../../ui/useCurrentIntent';

export function CustomerCardPage() {
  const { customerId } = useParams();
  const { t } = useTranslation();
  const settings = useDealershipSettings();
  const customer = useLiveQuery(
    () => (customerId ? readCustomer(db, customerId) : null),
    [customerId],
  );
  if (settings === undefined || customer === undefined) return <Spin />;
  if (!customerId) return <NewCustomer thresholds={settings.intentThresholds} />;
  if (customer === null || customer.deleted) {
    return (
      <Card>
        <Empty description={t('card.notFound')}>
          <Link to="/customers">{t('common.backToList')}</Link>
        </Empty>
      </Card>
    );
  }
  return <ExistingCustomer customer={customer} thresholds={settings.intentThresholds} />;
}

function NewCustomer({ thresholds }: { thresholds: IntentThresholds }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const reportError = useReportError();
  const navigate = useNavigate();
  const ctx = useWriteContext();
  const save = async (values: CustomerFormValues): Promise<boolean> => {
    try {
      const created = await createCustomer(ctx, values);
      message.success(t('card.created'));
      navigate(`/customers/${created.id}`, { replace: true });
      return true;
    } catch (error) {
      reportError(error);
      return false;
    }
  };
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 1100 }}>
      <Breadcrumb
        items={[
          { title: <Link to="/customers">{t('nav.customers')}</Link> },
          { title: t('card.newTitle') },
        ]}
      />
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('card.newTitle')}
      </Typography.Title>
      <DraftedCustomerForm
        initialValues={EMPTY_CUSTOMER_FORM}
        thresholds={thresholds}
        submitLabel={t('card.saveCard')}
        onSubmit={save}
        onInvalid={() => void message.warning(t('card.fixErrors'))}
      />
    </Space>
  );
}

function ExistingCustomer({
  customer,
  thresholds,
}: {
  customer: Customer;
  thresholds: IntentThresholds;
}) {
  const { t } = useTranslation();
  const intentOf = useCurrentIntent();
  const { message } = App.useApp();
  const reportError = useReportError();
  const ctx = useWriteContext();
  const [lostOpen, setLostOpen] = useState(false);
  const [deleteOpen, setDeleteOpen] = useState(false);
  const navigate = useNavigate();
  // Deleting is a manager's command (a consultant requests lost instead).
  const isManager = useManagerSession().kind === 'manager';
  const hasPlan = useLiveQuery(() => countPlannedFollowUps(db, customer.id), [customer.id]);
  const stale = dayjs().diff(dayjs(customer.confirmedAt), 'day') > STALE_AFTER_DAYS;
  const save = async (
    values: CustomerFormValues,
    baseline: CustomerFormValues,
  ): Promise<boolean> => {
    try {
      await updateCustomer(ctx, customer.id, values, baseline);
      message.success(t('card.saved'));
      return true;
    } catch (error) {
      reportError(error);
      return false;
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 1100 }}>
      <Breadcrumb
        items={[
          { title: <Link to="/customers">{t('nav.customers')}</Link> },
          { title: customer.name },
        ]}
      />
      <Card size="small">
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Space size={12} wrap>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="card-name">
              {customer.name}
            </Typography.Title>
            <StatusTag status={customer.status} />
            <GradeTag grade={customer.qualificationGrade} />
            <IntentTag level={intentOf(customer)} />
            <ComplaintFlag customerId={customer.id} />
            {customer.tags.map((tag) => (
              <Typography.Text key={tag} type="secondary">
                #{tag}
              </Typography.Text>
            ))}
          </Space>
          <Space>
            {isActiveStatus(customer.status) ? (
              <Button danger onClick={() => setLostOpen(true)}>
                {t('card.requestLost')}
              </Button>
            ) : null}
            {isManager ? (
              <Button
                danger
                type="text"
                onClick={() => setDeleteOpen(true)}
                data-testid="delete-customer"
              >
                {t('manager.deleted.delete')}
              </Button>
            ) : null}
          </Space>
        </Space>
        {customer.status === 'lost_requested' ? (
          <Alert
            style={{ marginTop: 12 }}
            type="info"
            showIcon
            title={t('card.lostRequested')}
            description={t('card.lostReasonShown', { reason: customer.lostReason })}
          />
        ) : null}
        {customer.status === 'lost' ? (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            title={t('card.lostApproved')}
            description={
              <>
                <div>{t('card.lostReasonShown', { reason: customer.lostReason })}</div>
                {customer.lostCompetitor ? (
                  <div>
                    {t('card.lostCompetitorShown', { competitor: customer.lostCompetitor })}
                  </div>
                ) : null}
              </>
            }
            data-testid="lost-approved"
          />
        ) : null}
        {isActiveStatus(customer.status) && hasPlan === 0 ? (
          <Alert
            style={{ marginTop: 12 }}
            type="error"
            showIcon
            title={t('followUps.noPlanWarning')}
            data-testid="no-plan-warning"
          />
        ) : null}
        {stale ? (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            title={t('card.staleWarning', { days: STALE_AFTER_DAYS })}
          />
        ) : null}
      </Card>
      <Tabs
        defaultActiveKey="profile"
        items={[
          {
            key: 'profile',
            label: t('card.tabs.profile'),
            children: (
              <DraftedCustomerForm
                key={customer.id}
                customerId={customer.id}
                storedStatus={customer.status}
                initialValues={customerToFormValues(customer)}
                thresholds={thresholds}
                submitLabel={t('card.saveCard')}
                onSubmit={save}
                onInvalid={() => void message.warning(t('card.fixErrors'))}
              />
            ),
          },
          {
            key: 'followUps',
            label: t('card.tabs.followUps'),
            children: <CustomerFollowUps customer={customer} />,
          },
          {
            key: 'delivery',
            label: t('card.tabs.delivery'),
            children: <CustomerDeliveries customer={customer} />,
          },
          {
            key: 'timeline',
            label: t('card.tabs.timeline'),
            children: <Timeline customerId={customer.id} />,
          },
          {
            key: 'survey',
            label: t('survey.tab'),
            children: <CustomerSurveys customer={customer} />,
          },
          {
            key: 'complaints',
            label: t('complaints.tab'),
            children: <CustomerComplaints customer={customer} />,
          },
        ]}
      />
      <LostRequestModal
        customerId={customer.id}
        open={lostOpen}
        onClose={() => setLostOpen(false)}
      />
      {deleteOpen ? (
        <DeleteCustomerModal
          customer={customer}
          onClose={() => setDeleteOpen(false)}
          onDeleted={() => navigate('/customers', { replace: true })}
        />
      ) : null}
    </Space>
  );
}
