// The dashboard's body: the date range (kept in the address, so a jump to a customer list and back
// keeps it), the headline figures, how each chart counts, and the charts. Everything shown comes
// from dashboardMetrics; this file only lays it out and handles clicks.

import { ReloadOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Collapse,
  DatePicker,
  Flex,
  Row,
  Segmented,
  Statistic,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { CustomerSource } from '../../../../shared/domain/customer';
import type { CustomerStatus } from '../../../../shared/domain/customer-status';
import { useAppStore } from '../../../state/store';
import type { DashboardMetrics, FunnelStage } from '../dashboard-metrics';
import { dayParam, daysFromParams, presetDays, RANGE_PRESETS, rangeOfDays } from '../date-range';
import { useDashboardMetrics } from '../hooks/useDashboardMetrics';
import { ChartCard } from './ChartCard';
import { COLORS, formatCount, formatDecimal, formatPercent } from './chart-style';
import { ComplaintsChart, type ComplaintGrouping } from './ComplaintsChart';
import { ComplianceChart } from './ComplianceChart';
import { FunnelChart } from './FunnelChart';
import { IndicatorChart, SatisfactionChart } from './SatisfactionChart';
import { SourceChart } from './SourceChart';
import { PanelBoundary } from '../../../ui/PanelBoundary';

/** What the customer list is filtered to when a funnel bar is clicked. */
const STAGE_STATUSES: Record<FunnelStage, CustomerStatus[]> = {
  N: ['new'],
  following: ['following'],
  O: ['ordered'],
  D: ['delivered'],
  F: ['lost', 'lost_requested'],
};

export function Dashboard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [first, last] = daysFromParams(params.get('from'), params.get('to'), new Date());
  const fromDay = dayParam(first);
  const toDay = dayParam(last);
  const range = useMemo(() => rangeOfDays(dayjs(fromDay), dayjs(toDay)), [fromDay, toDay]);
  const count = useDashboardMetrics(range);
  const resetCustomerFilter = useAppStore((state) => state.resetCustomerFilter);
  const setCustomerFilter = useAppStore((state) => state.setCustomerFilter);

  const handleOpenCustomers = (patch: {
    statuses?: CustomerStatus[];
    sources?: CustomerSource[];
  }) => {
    resetCustomerFilter();
    setCustomerFilter(patch);
    navigate('/customers');
  };

  const today = dayjs();
  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <Flex wrap gap={16} align="center" justify="space-between">
          <Flex gap={8} align="center" data-testid="dashboard-range">
            <Typography.Text type="secondary">{t('dashboard.range.label')}</Typography.Text>
            <DatePicker.RangePicker
              allowClear={false}
              value={[first, last]}
              presets={RANGE_PRESETS.map((preset) => ({
                label: t(`dashboard.range.${preset}`),
                value: presetDays(preset, today),
              }))}
              onChange={(days) => {
                if (days?.[0] && days[1])
                  setParams({ from: dayParam(days[0]), to: dayParam(days[1]) }, { replace: true });
              }}
            />
          </Flex>
          <CountStatus count={count} />
        </Flex>
      </Card>

      <Collapse
        size="small"
        items={[
          {
            key: 'help',
            label: t('dashboard.help.title'),
            children: (
              <Flex vertical gap={6} data-testid="dashboard-help">
                {(['funnel', 'compliance', 'satisfaction', 'complaints'] as const).map((key) => (
                  <Typography.Text key={key} style={{ fontSize: 13 }}>
                    {t(`dashboard.help.${key}`)}
                  </Typography.Text>
                ))}
              </Flex>
            ),
          },
        ]}
      />

      <PanelBoundary panel={t('panelError.panels.headline')} resetKeys={[count.metrics]}>
        <Headline metrics={count.metrics} />
      </PanelBoundary>

      <DashboardCharts
        metrics={count.metrics}
        onOpenStage={(stage) => handleOpenCustomers({ statuses: STAGE_STATUSES[stage] })}
        onOpenSource={(source) => handleOpenCustomers({ sources: [source] })}
      />
    </Flex>
  );
}

function CountStatus({ count }: { count: ReturnType<typeof useDashboardMetrics> }) {
  const { t, i18n } = useTranslation();
  const text = count.error
    ? t('dashboard.status.failed', { message: count.error })
    : count.counting
      ? count.progress && count.progress.total > 0
        ? t('dashboard.status.progress', {
            read: formatCount(count.progress.read, i18n.language),
            total: formatCount(count.progress.total, i18n.language),
          })
        : t('dashboard.status.loading')
      : count.computedAt
        ? t('dashboard.status.computedAt', { time: dayjs(count.computedAt).format('HH:mm') })
        : '';
  return (
    <Flex gap={8} align="center">
      <Typography.Text
        type={count.error ? 'danger' : 'secondary'}
        style={{ fontSize: 12 }}
        data-testid="dashboard-status"
      >
        {text}
      </Typography.Text>
      <Button
        size="small"
        icon={<ReloadOutlined />}
        loading={count.counting}
        onClick={count.recount}
      >
        {t('dashboard.status.refresh')}
      </Button>
    </Flex>
  );
}

/** The five figures a manager reads first. */
function Headline({ metrics }: { metrics: DashboardMetrics | null }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const judged = metrics
    ? metrics.compliance.total.onTime +
      metrics.compliance.total.late +
      metrics.compliance.total.overdue
    : 0;
  const items = metrics
    ? [
        {
          key: 'newCustomers',
          title: t('dashboard.kpi.newCustomers'),
          value: formatCount(metrics.funnel.total, language),
          hint: t('dashboard.kpi.newCustomersHint'),
          color: undefined,
        },
        {
          key: 'conversion',
          title: t('dashboard.kpi.conversion'),
          value: formatPercent(metrics.funnel.conversion, language),
          hint: t('dashboard.kpi.conversionHint', { converted: metrics.funnel.converted }),
          color: undefined,
        },
        {
          key: 'compliance',
          title: t('dashboard.kpi.compliance'),
          value: formatPercent(metrics.compliance.compliance, language),
          hint: t('dashboard.kpi.complianceHint', { judged }),
          color: rateColor(metrics.compliance.compliance),
        },
        {
          key: 'satisfaction',
          title: t('dashboard.kpi.satisfaction'),
          value: formatDecimal(metrics.satisfaction.overall.satisfaction),
          hint:
            metrics.satisfaction.overall.count === 0
              ? t('dashboard.kpi.noSurveys')
              : t('dashboard.kpi.satisfactionHint', {
                  count: metrics.satisfaction.overall.count,
                  average: formatDecimal(metrics.satisfaction.overall.indicatorAverage, 1),
                }),
          color: undefined,
        },
        {
          key: 'openComplaints',
          title: t('dashboard.kpi.openComplaints'),
          value: formatCount(metrics.complaints.openNow.open, language),
          hint: t('dashboard.kpi.openComplaintsHint', {
            overdue:
              metrics.complaints.openNow.firstContactOverdue +
              metrics.complaints.openNow.resultOverdue,
          }),
          color:
            metrics.complaints.openNow.firstContactOverdue +
              metrics.complaints.openNow.resultOverdue >
            0
              ? COLORS.bad
              : undefined,
        },
      ]
    : [];
  return (
    <Row gutter={[16, 16]}>
      {(metrics ? items : placeholders()).map((item) => (
        <Col key={item.key} flex="1 1 180px">
          <Card size="small" data-testid={`kpi-${item.key}`} loading={!metrics}>
            <Statistic
              title={item.title}
              value={item.value}
              styles={{ content: { color: item.color, fontWeight: 600 } }}
            />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {item.hint}
            </Typography.Text>
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function placeholders() {
  return ['a', 'b', 'c', 'd', 'e'].map((key) => ({
    key,
    title: '',
    value: '',
    hint: '',
    color: undefined,
  }));
}

function rateColor(rate: number | null): string | undefined {
  if (rate === null) return undefined;
  if (rate >= 0.9) return COLORS.delivered;
  if (rate >= 0.7) return COLORS.ordered;
  return COLORS.bad;
}

function DashboardCharts({
  metrics,
  onOpenStage,
  onOpenSource,
}: {
  metrics: DashboardMetrics | null;
  onOpenStage: (stage: FunnelStage) => void;
  onOpenSource: (source: CustomerSource) => void;
}) {
  const { t } = useTranslation();
  const [grouping, setGrouping] = useState<ComplaintGrouping>('byCategory');
  const loading = metrics === null;
  const complianceTotal = metrics
    ? Object.values(metrics.compliance.total).reduce((sum, value) => sum + value, 0)
    : 0;
  const received = metrics
    ? metrics.complaints.received.open +
      metrics.complaints.received.overdue +
      metrics.complaints.received.resolved
    : 0;
  const surveyed = metrics ? metrics.satisfaction.overall.count : 0;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <ChartCard
          testId="chart-funnel"
          title={t('dashboard.funnel.title')}
          subtitle={t('dashboard.funnel.subtitle')}
          loading={loading}
          empty={metrics?.funnel.total === 0 ? t('dashboard.funnel.empty') : null}
        >
          {metrics && <FunnelChart funnel={metrics.funnel} onOpenStage={onOpenStage} />}
        </ChartCard>
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard
          testId="chart-sources"
          title={t('dashboard.sources.title')}
          subtitle={t('dashboard.sources.subtitle')}
          loading={loading}
          empty={metrics?.sources.length === 0 ? t('dashboard.sources.empty') : null}
        >
          {metrics && <SourceChart sources={metrics.sources} onOpenSource={onOpenSource} />}
        </ChartCard>
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard
          testId="chart-compliance"
          title={t('dashboard.compliance.title')}
          subtitle={t('dashboard.compliance.subtitle')}
          loading={loading}
          empty={complianceTotal === 0 ? t('dashboard.compliance.empty') : null}
        >
          {metrics && <ComplianceChart consultants={metrics.compliance.consultants} />}
        </ChartCard>
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard
          testId="chart-satisfaction"
          title={t('dashboard.satisfaction.title')}
          subtitle={t('dashboard.satisfaction.subtitle')}
          loading={loading}
          empty={surveyed === 0 ? t('dashboard.satisfaction.empty') : null}
        >
          {metrics && <SatisfactionChart consultants={metrics.satisfaction.consultants} />}
        </ChartCard>
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard
          testId="chart-complaints"
          title={t('dashboard.complaints.title')}
          subtitle={t('dashboard.complaints.subtitle')}
          loading={loading}
          empty={received === 0 ? t('dashboard.complaints.empty') : null}
          extra={
            <Segmented<ComplaintGrouping>
              size="small"
              value={grouping}
              onChange={setGrouping}
              options={[
                { value: 'byCategory', label: t('dashboard.complaints.byCategory') },
                { value: 'byConsultant', label: t('dashboard.complaints.byConsultant') },
              ]}
            />
          }
          footer={
            metrics && (
              <Typography.Text
                type={
                  metrics.complaints.openNow.firstContactOverdue +
                    metrics.complaints.openNow.resultOverdue >
                  0
                    ? 'danger'
                    : 'secondary'
                }
                style={{ fontSize: 12, display: 'block', marginTop: 8 }}
                data-testid="complaints-open-now"
              >
                {t('dashboard.complaints.openNow', {
                  open: metrics.complaints.openNow.open,
                  firstContact: metrics.complaints.openNow.firstContactOverdue,
                  result: metrics.complaints.openNow.resultOverdue,
                })}
              </Typography.Text>
            )
          }
        >
          {metrics && (
            <ComplaintsChart
              grouping={grouping}
              rows={
                grouping === 'byCategory'
                  ? metrics.complaints.byCategory
                  : metrics.complaints.byConsultant
              }
            />
          )}
        </ChartCard>
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard
          testId="chart-indicators"
          title={t('dashboard.indicators.title')}
          subtitle={t('dashboard.indicators.subtitle')}
          loading={loading}
          empty={surveyed === 0 ? t('dashboard.satisfaction.empty') : null}
        >
          {metrics && <IndicatorChart overall={metrics.satisfaction.overall} />}
        </ChartCard>
      </Col>
    </Row>
  );
}
