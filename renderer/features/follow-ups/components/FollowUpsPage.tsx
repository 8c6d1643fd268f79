// The consultant's follow-up views: due today, past due, upcoming, and active customers with no
// plan at all. Counts are always exact; each list can be worked from right here.

import { Alert, Button, Card, Empty, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { db } from '../../../db/db';
import {
  UPCOMING_DAYS,
  VIEW_ROW_LIMIT,
  followUpOverview,
  listFollowUpView,
  listNoPlanCustomers,
  type FollowUpRow,
  type FollowUpView,
} from '../../../db/follow-up-queries';
import { useDealershipSettings } from '../../../db/useDealershipSettings';
import { suggestedPlanAt } from '../../../../shared/domain/cadence';
import type { Customer } from '../../../../shared/domain/customer';
import { formatPhone } from '../../../../shared/domain/phone';
import { DEFAULT_DEALERSHIP_SETTINGS } from '../../../../shared/domain/settings';
import { countOverdue, OpenComplaintsList, useOpenComplaints } from '../../complaints';
import { GradeTag, IntentTag, StatusTag } from '../../../ui/CustomerBadges';
import { useFollowUpPurpose } from '../hooks/useFollowUpPurpose';
import { CompleteFollowUpModal } from './CompleteFollowUpModal';
import { PlanFollowUpModal } from './PlanFollowUpModal';
import { useCurrentIntent } from '../../../ui/useCurrentIntent';

const VIEWS = [
  'due_today',
  'past_due',
  'upcoming',
  'no_plan',
] as const satisfies readonly FollowUpView[];

/** The follow-up views plus open complaints, whose deadlines are worked from the same page. */
type PageView = FollowUpView | 'complaints';

/** "Now" for the views, refreshed every minute so a follow-up moves to past due on its own. */
function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function FollowUpsPage() {
  const { t } = useTranslation();
  const now = useMinuteClock();
  const [view, setView] = useState<PageView>('due_today');
  const overview = useLiveQuery(() => followUpOverview(db, now), [now]);
  const counts = overview?.counts;
  const complaints = useOpenComplaints(now);

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('followUps.title')}
      </Typography.Title>
      <Segmented<PageView>
        value={view}
        onChange={setView}
        options={[
          ...VIEWS.map((value) => ({
            value,
            label: (
              <span data-testid={`view-${value}`}>
                {t(`followUps.views.${value}`)}
                {value === 'upcoming'
                  ? ` (${t('followUps.upcomingHint', { days: UPCOMING_DAYS })})`
                  : ''}{' '}
                <Tag
                  color={value === 'past_due' || value === 'no_plan' ? 'red' : 'blue'}
                  style={{ marginInlineEnd: 0 }}
                >
                  {counts?.[value] ?? '…'}
                </Tag>
              </span>
            ),
          })),
          {
            value: 'complaints' as const,
            label: (
              <span data-testid="view-complaints">
                {t('complaints.list.view')}{' '}
                <Tag
                  color={complaints && countOverdue(complaints) > 0 ? 'red' : 'blue'}
                  style={{ marginInlineEnd: 0 }}
                >
                  {complaints?.length ?? '…'}
                </Tag>
              </span>
            ),
          },
        ]}
      />
      {view === 'complaints' ? (
        <OpenComplaintsList rows={complaints} now={now} />
      ) : view === 'no_plan' ? (
        overview ? (
          <NoPlanList ids={overview.noPlanIds} />
        ) : null
      ) : (
        <FollowUpList view={view} now={now} total={counts?.[view]} />
      )}
    </Space>
  );
}

function FollowUpList({
  view,
  now,
  total,
}: {
  view: Exclude<FollowUpView, 'no_plan'>;
  now: Date;
  total: number | undefined;
}) {
  const { t } = useTranslation();
  const intentOf = useCurrentIntent();
  const purposeText = useFollowUpPurpose();
  const [completing, setCompleting] = useState<FollowUpRow | null>(null);
  const rows = useLiveQuery(() => listFollowUpView(db, view, now), [view, now]);
  if (rows === undefined) return null;
  if (rows.length === 0) {
    return (
      <Card>
        <Empty description={t(`followUps.empty.${view}`)} />
      </Card>
    );
  }
  return (
    <Card size="small">
      {total !== undefined && total > VIEW_ROW_LIMIT ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 8 }}
          title={t('common.showingFirst', { shown: VIEW_ROW_LIMIT, total })}
        />
      ) : null}
      <Table<FollowUpRow>
        data-testid="follow-up-table"
        rowKey={(row) => row.followUp.id}
        dataSource={rows}
        pagination={false}
        virtual
        scroll={{ y: 560, x: 900 }}
        size="middle"
        columns={[
          {
            title: t('followUps.dueAt'),
            key: 'dueAt',
            width: 150,
            render: (_, row) => (
              <Typography.Text type={view === 'past_due' ? 'danger' : undefined}>
                {dayjs(row.followUp.dueAt).format(view === 'due_today' ? 'HH:mm' : 'MM-DD HH:mm')}
              </Typography.Text>
            ),
          },
          {
            title: t('followUps.customer'),
            key: 'customer',
            width: 200,
            render: (_, row) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/customers/${row.customer.id}`}>{row.customer.name}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatPhone(row.customer.phones[0] ?? '')}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('customers.column.status'),
            key: 'status',
            width: 220,
            render: (_, row) => (
              <Space size={2}>
                <StatusTag status={row.customer.status} />
                <GradeTag grade={row.customer.qualificationGrade} />
                <IntentTag level={intentOf(row.customer)} />
              </Space>
            ),
          },
          {
            title: t('followUps.channel'),
            key: 'channel',
            width: 90,
            render: (_, row) => t(`followUps.channels.${row.followUp.channel}`),
          },
          {
            title: t('followUps.purpose'),
            key: 'purpose',
            render: (_, row) => purposeText(row.followUp.purpose),
          },
          {
            title: '',
            key: 'actions',
            width: 100,
            render: (_, row) => (
              <Button type="primary" size="small" onClick={() => setCompleting(row)}>
                {t('followUps.complete')}
              </Button>
            ),
          },
        ]}
      />
      {completing ? (
        <CompleteFollowUpModal
          followUp={completing.followUp}
          customer={completing.customer}
          onClose={() => setCompleting(null)}
        />
      ) : null}
    </Card>
  );
}

function NoPlanList({ ids }: { ids: string[] }) {
  const { t } = useTranslation();
  const intentOf = useCurrentIntent();
  const [planning, setPlanning] = useState<Customer | null>(null);
  const customers = useLiveQuery(() => listNoPlanCustomers(db, ids), [ids]);
  const settings = useDealershipSettings() ?? DEFAULT_DEALERSHIP_SETTINGS;
  if (customers === undefined) return null;
  if (customers.length === 0) {
    return (
      <Card>
        <Empty description={t('followUps.empty.no_plan')} />
      </Card>
    );
  }
  return (
    <Card size="small">
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 8 }}
        title={t('followUps.noPlanHint')}
      />
      <Table<Customer>
        data-testid="no-plan-table"
        rowKey="id"
        dataSource={customers}
        pagination={false}
        virtual
        scroll={{ y: 560, x: 800 }}
        columns={[
          {
            title: t('customers.column.name'),
            key: 'name',
            render: (_, customer) => <Link to={`/customers/${customer.id}`}>{customer.name}</Link>,
          },
          {
            title: t('customers.column.phone'),
            key: 'phone',
            render: (_, customer) => formatPhone(customer.phones[0] ?? ''),
          },
          {
            title: t('customers.column.status'),
            key: 'status',
            render: (_, customer) => (
              <Space size={2}>
                <StatusTag status={customer.status} />
                <IntentTag level={intentOf(customer)} />
              </Space>
            ),
          },
          {
            title: '',
            key: 'actions',
            width: 120,
            render: (_, customer) => (
              <Button type="primary" size="small" onClick={() => setPlanning(customer)}>
                {t('followUps.plan')}
              </Button>
            ),
          },
        ]}
      />
      {planning ? (
        <PlanFollowUpModal
          open
          customerId={planning.id}
          customerName={planning.name}
          proposedAt={suggestedPlanAt(planning, new Date(), settings.cadence)}
          onClose={() => setPlanning(null)}
        />
      ) : null}
    </Card>
  );
}
