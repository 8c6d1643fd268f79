// 转移客户: a manager hands a consultant's customers to another consultant, or spreads them
// round-robin across several, e.g. when a consultant leaves. The plan is previewed before it is
// sent; the server's reassign command does the work (each laptop receives or loses the rows by
// sync), in chunks with a progress bar. A departed (deactivated) consultant is marked red until
// none of their customers remain.

import {
  Alert,
  App,
  Button,
  Card,
  Input,
  Progress,
  Radio,
  Select,
  Space,
  Table,
  Typography,
} from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Customer } from '../../../shared/domain/customer';
import { planRoundRobin, planToOne, type ReassignPlan } from '../../../shared/domain/reassign';
import type { TeamMember } from '../../../shared/sync/protocol';
import { countOwnedCustomers, ownedCustomers } from '../../db/customer-queries';
import { useListProjection } from '../../db/projection/useListProjection';
import { localDay } from '../../../shared/domain/dates';
import { DEFAULT_INTENT_THRESHOLDS } from '../../../shared/domain/intent';
import { db } from '../../db/db';
import { useTeam } from '../../db/useTeam';
import { NetworkError } from '../../sync/errors';
import { GradeTag, IntentTag, StatusTag } from '../../ui/CustomerBadges';
import { ManagerPage } from '../../ui/ManagerPage';
import { requireEngine } from '../../sync/sync-runtime';
import { DepartedTag } from '../../ui/DepartedTag';
import { isDeparted } from '../../ui/departed';
import { useCurrentIntent } from '../../ui/useCurrentIntent';
import { errorText } from '../../ui/error-text';

type Mode = 'one' | 'round_robin';

type Owner = TeamMember & { customers: number };

export function ReassignPage() {
  const { t } = useTranslation();
  return (
    <ManagerPage
      title={t('reassign.title')}
      intro={t('reassign.intro')}
      maxWidth={1100}
      managersOnly={{ testId: 'reassign-managers-only', title: t('reassign.managersOnly') }}
    >
      {() => <Reassign />}
    </ManagerPage>
  );
}

function Reassign() {
  const { t } = useTranslation();
  const intentOf = useCurrentIntent();
  const { message, modal } = App.useApp();
  const team = useTeam();
  const counts = useLiveQuery(
    () =>
      team
        ? countOwnedCustomers(
            db,
            team.map((member) => member.id),
          )
        : undefined,
    [team],
  );
  const owners = useMemo(
    (): Owner[] | undefined =>
      team && counts
        ? team
            .map((member) => ({ ...member, customers: counts.get(member.id) ?? 0 }))
            .sort(
              (a, b) => Number(isDeparted(b)) - Number(isDeparted(a)) || b.customers - a.customers,
            )
        : undefined,
    [team, counts],
  );
  const [fromId, setFromId] = useState<string | null>(null);
  // Nothing is chosen until the manager ticks customers or asks for all of them: a manager who
  // means to move a few must never hand over a whole book by default.
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [mode, setMode] = useState<Mode>('one');
  const [targets, setTargets] = useState<string[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);

  const customers = useLiveQuery(async () => (fromId ? ownedCustomers(db, fromId) : []), [fromId]);
  // A book runs to hundreds of customers: the manager finds the few to move as in the customer
  // list (name, pinyin initials, the start or the last digits of a phone), from the projection.
  const [search, setSearch] = useState('');
  const lists = useListProjection();
  const shown = useMemo(() => {
    if (!customers || !fromId || search.trim() === '') return customers ?? [];
    if (!lists) return [];
    const matching = new Set(
      lists.projection.customerIds(
        { search, ownerIds: [fromId] },
        'name',
        localDay(new Date()),
        DEFAULT_INTENT_THRESHOLDS,
      ),
    );
    return customers.filter((customer) => matching.has(customer.id));
  }, [customers, fromId, search, lists]);
  const chosen = useMemo(
    () => (customers ?? []).filter((customer) => selected.has(customer.id)),
    [customers, selected],
  );
  const candidates = (owners ?? []).filter(
    (member) => !isDeparted(member) && member.role === 'consultant' && member.id !== fromId,
  );
  const plan: ReassignPlan | null = useMemo(() => {
    if (chosen.length === 0 || targets.length === 0) return null;
    const ids = chosen.map((customer) => customer.id);
    return mode === 'one' ? planToOne(ids, targets[0]!) : planRoundRobin(ids, targets);
  }, [chosen, targets, mode]);

  if (owners === undefined) return null;
  const nameOf = (id: string) => owners.find((member) => member.id === id)?.name ?? id;
  const from = owners.find((member) => member.id === fromId);

  const run = async (toSend: ReassignPlan) => {
    const total = [...toSend.values()].reduce((sum, ids) => sum + ids.length, 0);
    setProgress({ done: 0, total });
    try {
      const result = await requireEngine().reassignCustomers(toSend, (done) =>
        setProgress({ done, total }),
      );
      message.success(t('reassign.done', { count: result.reassigned }));
      if (result.skipped.length > 0) {
        message.warning(t('reassign.skipped', { count: result.skipped.length }));
      }
      setSelected(new Set());
      setTargets([]);
    } catch (error) {
      message.error(
        error instanceof NetworkError
          ? t('reassign.offline')
          : t('reassign.failed', {
              message: errorText(t, error),
            }),
      );
    } finally {
      setProgress(null);
    }
  };

  const confirm = (toSend: ReassignPlan) => {
    modal.confirm({
      title: t('reassign.confirmTitle', { count: chosen.length, from: from?.name ?? '' }),
      content: (
        <>
          <Typography.Paragraph>
            {t('reassign.confirmOfTotal', {
              from: from?.name ?? '',
              total: customers?.length ?? 0,
              count: chosen.length,
            })}
          </Typography.Paragraph>
          <ul data-testid="reassign-confirm-plan">
            {[...toSend].map(([owner, ids]) => (
              <li key={owner}>{t('reassign.share', { name: nameOf(owner), count: ids.length })}</li>
            ))}
          </ul>
        </>
      ),
      okText: t('reassign.confirm'),
      cancelText: t('common.cancel'),
      onOk: () => run(toSend),
    });
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={t('reassign.fromTitle')} size="small">
        <Select
          data-testid="reassign-from"
          aria-label={t('reassign.fromTitle')}
          style={{ width: 360 }}
          placeholder={t('reassign.fromPlaceholder')}
          value={fromId}
          onChange={(id: string) => {
            setFromId(id);
            setSearch('');
            setSelected(new Set());
            setTargets([]);
          }}
          options={owners
            .filter((member) => member.customers > 0 || isDeparted(member))
            .map((member) => ({
              value: member.id,
              label: (
                <Space>
                  {member.name}
                  <Typography.Text type="secondary">
                    {t('reassign.customerCount', { count: member.customers })}
                  </Typography.Text>
                  {isDeparted(member) ? <DepartedTag /> : null}
                </Space>
              ),
            }))}
        />
        {from && isDeparted(from) && from.customers > 0 ? (
          <Alert
            style={{ marginTop: 12 }}
            type="error"
            showIcon
            data-testid="reassign-departed"
            title={t('reassign.departedWarning', { name: from.name, count: from.customers })}
            action={
              <Button
                danger
                data-testid="reassign-all-departed"
                onClick={() => setSelected(new Set((customers ?? []).map((c) => c.id)))}
              >
                {t('reassign.moveAllDeparted', { name: from.name, count: customers?.length ?? 0 })}
              </Button>
            }
          />
        ) : null}
        {fromId && (customers?.length ?? 0) > 0 ? (
          <Space style={{ marginTop: 12, display: 'flex' }} wrap>
            <Typography.Text data-testid="reassign-selection">
              {t('reassign.selection', {
                chosen: chosen.length,
                total: customers?.length ?? 0,
              })}
            </Typography.Text>
            <Button
              size="small"
              data-testid="reassign-select-all"
              onClick={() => setSelected(new Set((customers ?? []).map((c) => c.id)))}
            >
              {t('reassign.selectAll', { count: customers?.length ?? 0 })}
            </Button>
            <Button
              size="small"
              disabled={chosen.length === 0}
              onClick={() => setSelected(new Set())}
            >
              {t('reassign.selectNone')}
            </Button>
          </Space>
        ) : null}
        {fromId && (customers?.length ?? 0) > 0 ? (
          <Input.Search
            data-testid="reassign-search"
            aria-label={t('reassign.search')}
            placeholder={t('reassign.search')}
            allowClear
            style={{ marginTop: 12, maxWidth: 360 }}
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        ) : null}
        {fromId ? (
          <Table<Customer>
            style={{ marginTop: 12 }}
            size="small"
            rowKey="id"
            data-testid="reassign-customers"
            dataSource={shown}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            locale={{
              emptyText: search.trim() ? t('reassign.noMatch') : t('reassign.noCustomers'),
            }}
            rowSelection={{
              selectedRowKeys: chosen.map((customer) => customer.id),
              preserveSelectedRowKeys: true,
              onChange: (keys) => setSelected(new Set(keys.map(String))),
            }}
            columns={[
              {
                title: t('reassign.customer'),
                dataIndex: 'name',
                render: (name: string, customer) => (
                  <Link to={`/customers/${customer.id}`}>{name}</Link>
                ),
              },
              {
                title: t('reassign.status'),
                dataIndex: 'status',
                render: (_, customer) => <StatusTag status={customer.status} />,
              },
              {
                title: t('reassign.grade'),
                dataIndex: 'qualificationGrade',
                render: (_, customer) => <GradeTag grade={customer.qualificationGrade} />,
              },
              {
                title: t('reassign.intent'),
                dataIndex: 'intentLevel',
                render: (_, customer) => <IntentTag level={intentOf(customer)} />,
              },
            ]}
          />
        ) : null}
      </Card>

      <Card title={t('reassign.toTitle')} size="small">
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          <Radio.Group
            value={mode}
            onChange={(event) => {
              setMode(event.target.value as Mode);
              setTargets([]);
            }}
            options={[
              { value: 'one', label: t('reassign.modeOne') },
              { value: 'round_robin', label: t('reassign.modeRoundRobin') },
            ]}
          />
          <Select
            data-testid="reassign-to"
            aria-label={t('reassign.toTitle')}
            mode={mode === 'round_robin' ? 'multiple' : undefined}
            style={{ width: 480 }}
            placeholder={t('reassign.toPlaceholder')}
            value={mode === 'one' ? (targets[0] ?? null) : targets}
            onChange={(value: string | string[]) =>
              setTargets(Array.isArray(value) ? value : [value])
            }
            options={candidates.map((member) => ({
              value: member.id,
              label: `${member.name} · ${t('reassign.customerCount', { count: member.customers })}`,
            }))}
            notFoundContent={t('reassign.noCandidates')}
          />
          {plan ? (
            <Typography.Text data-testid="reassign-preview">
              {[...plan]
                .map(([owner, ids]) =>
                  t('reassign.share', { name: nameOf(owner), count: ids.length }),
                )
                .join('；')}
            </Typography.Text>
          ) : null}
          {progress ? (
            <Progress
              data-testid="reassign-progress"
              percent={Math.round((progress.done / Math.max(progress.total, 1)) * 100)}
            />
          ) : null}
          <Button
            type="primary"
            data-testid="reassign-submit"
            disabled={plan === null || progress !== null}
            onClick={() => plan && confirm(plan)}
          >
            {t('reassign.submit', { count: chosen.length })}
          </Button>
        </Space>
      </Card>
    </Space>
  );
}
