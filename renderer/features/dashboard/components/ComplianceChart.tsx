// 跟进及时率: per consultant, the follow-ups due in the range done on time, done late and still
// open past their due day, stacked, with the compliance rate at the bar's end. Follow-ups not due
// yet are only in the tooltip: they cannot be judged.

import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, XAxis, YAxis, type YAxisTickContentProps } from 'recharts';
import type { ConsultantCompliance } from '../dashboard-metrics';
import { AXIS_TICK, COLORS, formatCount, formatPercent } from './chart-style';
import { ChartLegend, ChartTooltip } from './chart-parts';
import { TooltipBox } from './TooltipBox';

type ComplianceRow = {
  name: string;
  onTime: number;
  late: number;
  overdue: number;
  pending: number;
  rateLabel: string;
};

const SEGMENTS = [
  { key: 'onTime', color: COLORS.good },
  { key: 'late', color: COLORS.late },
  { key: 'overdue', color: COLORS.bad },
] as const;

export function ComplianceChart({ consultants }: { consultants: readonly ConsultantCompliance[] }) {
  const { t, i18n } = useTranslation();
  const rows: ComplianceRow[] = consultants.map((row) => ({
    name: row.name,
    ...row.counts,
    rateLabel: formatPercent(row.compliance, i18n.language, 0),
  }));
  return (
    <BarChart
      responsive
      layout="vertical"
      data={rows}
      // As tall as its neighbour in the grid for a few consultants; one row more per consultant.
      style={{ width: '100%', height: Math.max(300, 70 + rows.length * 44) }}
      margin={{ top: 0, right: 8, bottom: 0, left: 8 }}
      barCategoryGap="28%"
    >
      <CartesianGrid horizontal={false} stroke={COLORS.grid} />
      <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} />
      <YAxis type="category" dataKey="name" width={84} tick={AXIS_TICK} tickLine={false} />
      <YAxis
        yAxisId="rate"
        orientation="right"
        type="category"
        dataKey="rateLabel"
        width={52}
        axisLine={false}
        tickLine={false}
        tick={(props: YAxisTickContentProps) => (
          <text
            x={Number(props.x) + 4}
            y={Number(props.y)}
            dy={4}
            fontSize={13}
            fontWeight={600}
            fill={COLORS.axis}
            data-testid={`compliance-rate-${rows[props.index]?.name ?? ''}`}
          >
            {String(props.payload.value)}
          </text>
        )}
      />
      <ChartTooltip
        rows={rows}
        labelOf={(row) => row.name}
        render={(row) => (
          <TooltipBox
            title={`${row.name} · ${t('dashboard.compliance.rate')} ${row.rateLabel}`}
            lines={[
              ...SEGMENTS.map((segment) => ({
                color: segment.color,
                label: t(`dashboard.compliance.${segment.key}`),
                value: formatCount(row[segment.key], i18n.language),
              })),
              {
                color: COLORS.grid,
                label: t('dashboard.compliance.pending'),
                value: formatCount(row.pending, i18n.language),
              },
            ]}
          />
        )}
      />
      <ChartLegend />
      {SEGMENTS.map((segment) => (
        <Bar
          key={segment.key}
          dataKey={segment.key}
          name={t(`dashboard.compliance.${segment.key}`)}
          stackId="followUps"
          fill={segment.color}
          isAnimationActive={false}
          maxBarSize={26}
        />
      ))}
    </BarChart>
  );
}
