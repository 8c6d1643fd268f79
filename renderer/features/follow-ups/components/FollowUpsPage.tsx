// The consultant's follow-up views: due today, past due, upcoming, and active customers with no
// plan at all. Counts are always exact; each list can be searched and filtered, scrolls through
// every row (virtualized: only the rows on screen are read), and is worked from right here.

import { Alert, Button, Card, Empty, Input, Segmented, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { db } from '../../../db/db';
import { customersById } from '../../../db/customer-queries';
import {
  UPCOMING_DAYS,
  followUpRowsById,
  type FollowUpRow,
  type FollowUpView,
} from '../../../db/follow-up-queries';
import { useDealershipSettings } from '../../../db/useDealershipSettings';
import { useTeam } from '../../../db/useTeam';
import { useManagerSession } from '../../../state/useManagerSession';
import { suggestedPlanAt } from '../../../../shared/domain/cadence';
import type { Customer } from '../../../../shared/domain/customer';
import { FOLLOW_UP_CHANNELS } from '../../../../shared/domain/follow-up';
import { INTENT_LEVELS } from '../../../../shared/domain/intent';
import { formatPhone } from '../../../../shared/domain/phone';
import { QUALIFICATION_GRADES } from '../../../../shared/domain/qualification';
import { DEFAULT_DEALERSHIP_SETTINGS } from '../../../../shared/domain/settings';
import { countOverdue, OpenComplaintsList, useOpenComplaints } from '../../complaints';
import { CustomerStateTags } from '../../../ui/CustomerBadges';
import { enumOptions } from '../../../ui/enum-options';
import { MultiFilter } from '../../../ui/MultiFilter';
import { VirtualTable, type VirtualColumn } from '../../../ui/VirtualTable';
import {
  EMPTY_FOLLOW_UP_FILTER,
  isFollowUpFilterEmpty,
  type FollowUpFilter,
} from '../follow-up-filter';
import { useFollowUpIds, useFollowUpOverview, useNoPlanIds } from '../hooks/useFollowUpList';
import { ListsPreparing } from '../../../ui/ListsPreparing';
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

/** Two lines: the name over the phone, or tags wrapped onto a second line in a narrow window. */
const ROW_HEIGHT = 60;
const TABLE_HEIGHT = 'calc(100vh - 380px)';

const loadFollowUpRows = (ids: string[]) => followUpRowsById(db, ids);
const loadCustomers = (ids: string[]) => customersById(db, ids);

/** "Now" for the views, refreshed every minute so a follow-up moves to past due on its own. */
function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** Consultant names by id, for a manager's lists (undefined for a consultant: no column). */
function useConsultantNames(): Map<string, string> | undefined {
  const session = useManagerSession();
  const team = useTeam();
  return useMemo(
    () =>
      session.kind === 'manager'
        ? new Map((team ?? []).map((member) => [member.id, member.name]))
        : undefined,
    [session.kind, team],
  );
}

function ConsultantName({ names, ownerId }: { names: Map<string, string>; ownerId: string }) {
  const { t } = useTranslation();
  return <Typography.Text ellipsis>{names.get(ownerId) ?? t('common.unknown')}</Typography.Text>;
}

export function FollowUpsPage() {
  const { t } = useTranslation();
  const now = useMinuteClock();
  const [view, setView] = useState<PageView>('due_today');
  const overview = useFollowUpOverview(now);
  const counts = overview?.counts;
  const complaints = useOpenComplaints(now);
  const [filter, setFilter] = useState<FollowUpFilter>(EMPTY_FOLLOW_UP_FILTER);
  const [purposes, setPurposes] = useState<string[]>([]);
  const consultants = useConsultantNames();

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
      {view === 'complaints' ? null : (
        <FilterBar
          filter={filter}
          onChange={setFilter}
          consultants={consultants}
          purposes={view === 'no_plan' ? undefined : purposes}
        />
      )}
      {view === 'complaints' ? (
        <OpenComplaintsList rows={complaints} now={now} />
      ) : view === 'no_plan' ? (
        overview ? (
          <NoPlanList ids={overview.noPlanIds} filter={filter} consultants={consultants} />
        ) : (
          <ListsPreparing list="followUps" />
        )
      ) : (
        <FollowUpList
          view={view}
          now={now}
          filter={filter}
          consultants={consultants}
          onPurposes={setPurposes}
        />
      )}
    </Space>
  );
}

function FilterBar({
  filter,
  onChange,
  consultants,
  purposes,
}: {
  filter: FollowUpFilter;
  onChange: (filter: FollowUpFilter) => void;
  consultants: Map<string, string> | undefined;
  /** The purposes of the current view; undefined where purpose does not apply (no plan). */
  purposes: string[] | undefined;
}) {
  const { t } = useTranslation();
  const purposeText = useFollowUpPurpose();
  const [search, setSearch] = useState(filter.search);
  const set = (patch: Partial<FollowUpFilter>) => onChange({ ...filter, ...patch });

  // Typing stays instant; the query runs once the consultant pauses.
  useEffect(() => {
    const timer = setTimeout(() => {
      if (search !== filter.search) onChange({ ...filter, search });
    }, 150);
    return () => clearTimeout(timer);
  }, [search, filter, onChange]);

  return (
    <Card size="small">
      <Space wrap>
        <Input.Search
          allowClear
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          placeholder={t('customerSearch.placeholder')}
          aria-label={t('customers.searchPlaceholder')}
          style={{ width: 320 }}
        />
        {consultants ? (
          <MultiFilter
            label={t('followUps.consultant')}
            value={filter.ownerIds}
            onChange={(ownerIds) => set({ ownerIds })}
            options={[...consultants].map(([value, label]) => ({ value, label }))}
          />
        ) : null}
        <MultiFilter
          label={t('customers.column.grade')}
          value={filter.grades}
          onChange={(grades) => set({ grades })}
          options={enumOptions(t, 'enum.grade', QUALIFICATION_GRADES)}
        />
        <MultiFilter
          label={t('customers.column.intent')}
          value={filter.intentLevels}
          onChange={(intentLevels) => set({ intentLevels })}
          options={enumOptions(t, 'enum.intent', INTENT_LEVELS)}
        />
        {purposes ? (
          <>
            <MultiFilter
              label={t('followUps.channel')}
              value={filter.channels}
              onChange={(channels) => set({ channels })}
              options={enumOptions(t, 'followUps.channels', FOLLOW_UP_CHANNELS)}
            />
            <MultiFilter
              label={t('followUps.purpose')}
              value={filter.purposes}
              onChange={(next) => set({ purposes: next })}
              options={purposes.map((value) => ({ value, label: purposeText(value) }))}
            />
          </>
        ) : null}
        {isFollowUpFilterEmpty(filter) && search === '' ? null : (
          <Button
            onClick={() => {
              setSearch('');
              onChange(EMPTY_FOLLOW_UP_FILTER);
            }}
          >
            {t('customers.clearFilters')}
          </Button>
        )}
      </Space>
    </Card>
  );
}

function ListCount({ count }: { count: number }) {
  const { t } = useTranslation();
  return (
    <Typography.Text
      type="secondary"
      style={{ display: 'block', marginBottom: 8 }}
      data-testid="follow-up-count"
    >
      {t('followUps.count', { count })}
    </Typography.Text>
  );
}

function FollowUpList({
  view,
  now,
  filter,
  consultants,
  onPurposes,
}: {
  view: Exclude<FollowUpView, 'no_plan'>;
  now: Date;
  filter: FollowUpFilter;
  consultants: Map<string, string> | undefined;
  onPurposes: (purposes: string[]) => void;
}) {
  const { t } = useTranslation();
  const intentOf = useCurrentIntent();
  const purposeText = useFollowUpPurpose();
  const [completing, setCompleting] = useState<FollowUpRow | null>(null);
  const list = useFollowUpIds(view, now, filter);
  const purposes = list?.purposes;
  useEffect(() => {
    if (purposes) onPurposes(purposes);
  }, [purposes, onPurposes]);
  if (list === undefined) return <ListsPreparing list="followUps" />;
  if (list.ids.length === 0) {
    return (
      <Card>
        <Empty
          description={
            isFollowUpFilterEmpty(filter) ? t(`followUps.empty.${view}`) : t('customers.noMatch')
          }
        />
      </Card>
    );
  }
  const columns: VirtualColumn<FollowUpRow>[] = [
    {
      key: 'dueAt',
      title: t('followUps.dueAt'),
      width: '100px',
      render: (row) => (
        <Typography.Text type={view === 'past_due' ? 'danger' : undefined}>
          {dayjs(row.followUp.dueAt).format(view === 'due_today' ? 'HH:mm' : 'MM-DD HH:mm')}
        </Typography.Text>
      ),
    },
    {
      key: 'customer',
      title: t('followUps.customer'),
      width: 'minmax(120px, 1.2fr)',
      render: (row) => (
        <div style={{ display: 'flex', flexDirection: 'column', minWidth: 0 }}>
          <Typography.Text ellipsis>
            <Link to={`/customers/${row.customer.id}`}>{row.customer.name}</Link>
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatPhone(row.customer.phones[0] ?? '')}
          </Typography.Text>
        </div>
      ),
    },
    ...(consultants
      ? [
          {
            key: 'consultant',
            title: t('followUps.consultant'),
            width: 'minmax(80px, 0.8fr)',
            render: (row: FollowUpRow) => (
              <ConsultantName names={consultants} ownerId={row.customer.ownerId} />
            ),
          },
        ]
      : []),
    {
      key: 'status',
      title: t('customers.column.status'),
      width: 'minmax(150px, 1.5fr)',
      render: (row) => (
        <CustomerStateTags
          status={row.customer.status}
          grade={row.customer.qualificationGrade}
          intent={intentOf(row.customer)}
        />
      ),
    },
    {
      key: 'channel',
      title: t('followUps.channel'),
      width: 'minmax(60px, 0.6fr)',
      render: (row) => (
        <Typography.Text ellipsis>
          {t(`followUps.channels.${row.followUp.channel}`)}
        </Typography.Text>
      ),
    },
    {
      key: 'purpose',
      title: t('followUps.purpose'),
      width: 'minmax(100px, 1.6fr)',
      render: (row) => {
        const text = purposeText(row.followUp.purpose);
        return <Typography.Text ellipsis={{ tooltip: text }}>{text}</Typography.Text>;
      },
    },
    {
      key: 'actions',
      title: '',
      width: '90px',
      render: (row) => (
        <Button type="primary" size="small" onClick={() => setCompleting(row)}>
          {t('followUps.complete')}
        </Button>
      ),
    },
  ];
  return (
    <Card size="small">
      <ListCount count={list.ids.length} />
      <VirtualTable<FollowUpRow>
        label={t(`followUps.views.${view}`)}
        testId="follow-up-table"
        ids={list.ids}
        count={list.ids.length}
        columns={columns}
        loadRows={loadFollowUpRows}
        rowHeight={ROW_HEIGHT}
        height={TABLE_HEIGHT}
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

function NoPlanList({
  ids: allIds,
  filter,
  consultants,
}: {
  ids: string[];
  filter: FollowUpFilter;
  consultants: Map<string, string> | undefined;
}) {
  const { t } = useTranslation();
  const intentOf = useCurrentIntent();
  const [planning, setPlanning] = useState<Customer | null>(null);
  const ids = useNoPlanIds(allIds, filter);
  const settings = useDealershipSettings() ?? DEFAULT_DEALERSHIP_SETTINGS;
  if (ids === undefined) return <ListsPreparing list="followUps" />;
  if (ids.length === 0) {
    return (
      <Card>
        <Empty
          description={
            isFollowUpFilterEmpty(filter) ? t('followUps.empty.no_plan') : t('customers.noMatch')
          }
        />
      </Card>
    );
  }
  const columns: VirtualColumn<Customer>[] = [
    {
      key: 'name',
      title: t('customers.column.name'),
      width: 'minmax(100px, 1.2fr)',
      render: (customer) => (
        <Typography.Text ellipsis>
          <Link to={`/customers/${customer.id}`}>{customer.name}</Link>
        </Typography.Text>
      ),
    },
    {
      key: 'phone',
      title: t('customers.column.phone'),
      width: 'minmax(110px, 1fr)',
      render: (customer) => formatPhone(customer.phones[0] ?? ''),
    },
    ...(consultants
      ? [
          {
            key: 'consultant',
            title: t('followUps.consultant'),
            width: 'minmax(80px, 0.8fr)',
            render: (customer: Customer) => (
              <ConsultantName names={consultants} ownerId={customer.ownerId} />
            ),
          },
        ]
      : []),
    {
      key: 'status',
      title: t('customers.column.status'),
      width: 'minmax(150px, 1.5fr)',
      render: (customer) => (
        <CustomerStateTags status={customer.status} intent={intentOf(customer)} />
      ),
    },
    {
      key: 'actions',
      title: '',
      width: '110px',
      render: (customer) => (
        <Button type="primary" size="small" onClick={() => setPlanning(customer)}>
          {t('followUps.plan')}
        </Button>
      ),
    },
  ];
  return (
    <Card size="small">
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 8 }}
        title={t('followUps.noPlanHint')}
      />
      <ListCount count={ids.length} />
      <VirtualTable<Customer>
        label={t('followUps.views.no_plan')}
        testId="no-plan-table"
        ids={ids}
        count={ids.length}
        columns={columns}
        loadRows={loadCustomers}
        rowHeight={ROW_HEIGHT}
        height={TABLE_HEIGHT}
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
