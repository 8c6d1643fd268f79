// 投诉: the complaints received in the range, per category or per consultant, stacked as overdue
// (red), in progress and resolved. Which complaints are open now, whenever they came in, is said
// under the chart by the page (it does not depend on the range).

import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, XAxis, YAxis } from 'recharts';
import type { ComplaintCounts, ComplaintRow } from '../dashboard-metrics';
import { AXIS_TICK, COLORS, formatCount } from './chart-style';
import { ChartLegend, ChartTooltip, wrappedTick } from './chart-parts';
import { TooltipBox } from './TooltipBox';

export type ComplaintGrouping = 'byCategory' | 'byConsultant';

const SEGMENTS = [
  { key: 'overdue', color: COLORS.bad },
  { key: 'open', color: '#69b1ff' },
  { key: 'resolved', color: COLORS.good },
] as const satisfies readonly { key: keyof ComplaintCounts; color: string }[];

type ChartRow = ComplaintCounts & { label: string; total: number };

export function ComplaintsChart({
  rows: complaintRows,
  grouping,
}: {
  rows: readonly ComplaintRow<string>[];
  grouping: ComplaintGrouping;
}) {
  const { t, i18n } = useTranslation();
  const rows: ChartRow[] = complaintRows.map((row) => {
    const name =
      grouping === 'byCategory' ? t(`dashboard.complaints.categories.${row.key}`) : row.name;
    const total = row.open + row.overdue + row.resolved;
    // The total goes into the axis label: a label on the stack's top segment would vanish
    // whenever that segment is zero.
    return {
      label: `${name} (${total})`,
      open: row.open,
      overdue: row.overdue,
      resolved: row.resolved,
      total,
    };
  });
  return (
    <BarChart
      responsive
      data={rows}
      style={{ width: '100%', height: 300 }}
      margin={{ top: 16, right: 8, bottom: 0, left: 0 }}
    >
      <CartesianGrid vertical={false} stroke={COLORS.grid} />
      <XAxis dataKey="label" interval={0} tick={wrappedTick(84)} tickLine={false} height={40} />
      <YAxis allowDecimals={false} tick={AXIS_TICK} width={32} />
      <ChartTooltip
        rows={rows}
        labelOf={(row) => row.label}
        render={(row) => (
          <TooltipBox
            title={row.label}
            lines={SEGMENTS.map((segment) => ({
              color: segment.color,
              label: t(`dashboard.complaints.${segment.key}`),
              value: formatCount(row[segment.key], i18n.language),
            }))}
          />
        )}
      />
      <ChartLegend />
      {SEGMENTS.map((segment) => (
        <Bar
          key={segment.key}
          dataKey={segment.key}
          name={t(`dashboard.complaints.${segment.key}`)}
          stackId="complaints"
          fill={segment.color}
          isAnimationActive={false}
          maxBarSize={40}
        />
      ))}
    </BarChart>
  );
}
