// 销售漏斗: the customers created in the range by where they stand now, in pipeline order. The
// in-follow-up bar is split by intent level (hot H darkest), the lost bar into approved and still
// waiting for the manager. Each count and its share of the new customers sits at the bar's end.

import { useTranslation } from 'react-i18next';
import { Bar, BarChart, CartesianGrid, XAxis, YAxis, type YAxisTickContentProps } from 'recharts';
import {
  FOLLOWING_SPLIT,
  FUNNEL_STAGES,
  type FunnelStage,
  type StatusFunnel,
} from '../dashboard-metrics';
import { AXIS_TICK, COLORS, formatCount, formatPercent } from './chart-style';
import { TooltipBox, type TooltipLine } from './TooltipBox';
import { ChartTooltip } from './chart-parts';

type FunnelRow = {
  stage: FunnelStage;
  label: string;
  total: number;
  summary: string;
  N: number;
  H: number;
  A: number;
  B: number;
  C: number;
  none: number;
  O: number;
  D: number;
  lostApproved: number;
  lostRequested: number;
};

export function FunnelChart({
  funnel,
  onOpenStage,
}: {
  funnel: StatusFunnel;
  onOpenStage: (stage: FunnelStage) => void;
}) {
  const { t, i18n } = useTranslation();
  const share = (count: number) =>
    formatPercent(funnel.total === 0 ? null : count / funnel.total, i18n.language);
  const rows: FunnelRow[] = FUNNEL_STAGES.map((stage) => {
    const only = (which: FunnelStage, value: number) => (stage === which ? value : 0);
    const total = funnel.stages[stage];
    return {
      stage,
      label: t(`dashboard.funnel.stages.${stage}`),
      total,
      summary: `${t('dashboard.funnel.count', { count: total })} · ${share(total)}`,
      N: only('N', funnel.stages.N),
      H: only('following', funnel.following.H),
      A: only('following', funnel.following.A),
      B: only('following', funnel.following.B),
      C: only('following', funnel.following.C),
      none: only('following', funnel.following.none),
      O: only('O', funnel.stages.O),
      D: only('D', funnel.stages.D),
      lostApproved: only('F', funnel.lost.approved),
      lostRequested: only('F', funnel.lost.requested),
    };
  });

  const bars: { key: keyof FunnelRow; color: string; name: string }[] = [
    { key: 'N', color: COLORS.new, name: t('dashboard.funnel.stages.N') },
    ...FOLLOWING_SPLIT.map((level) => ({
      key: level,
      color: COLORS.intent[level],
      name: t(`dashboard.funnel.intent.${level}`),
    })),
    { key: 'O', color: COLORS.ordered, name: t('dashboard.funnel.stages.O') },
    { key: 'D', color: COLORS.delivered, name: t('dashboard.funnel.stages.D') },
    { key: 'lostApproved', color: COLORS.bad, name: t('dashboard.funnel.lost.approved') },
    { key: 'lostRequested', color: COLORS.badLight, name: t('dashboard.funnel.lost.requested') },
  ];

  const tooltipLines = (row: FunnelRow): TooltipLine[] => {
    if (row.stage === 'following') {
      return FOLLOWING_SPLIT.filter((level) => row[level] > 0).map((level) => ({
        color: COLORS.intent[level],
        label: t(`dashboard.funnel.intent.${level}`),
        value: formatCount(row[level], i18n.language),
      }));
    }
    if (row.stage === 'F') {
      return [
        {
          color: COLORS.bad,
          label: t('dashboard.funnel.lost.approved'),
          value: formatCount(row.lostApproved, i18n.language),
        },
        {
          color: COLORS.badLight,
          label: t('dashboard.funnel.lost.requested'),
          value: formatCount(row.lostRequested, i18n.language),
        },
      ];
    }
    return [];
  };

  const handleClick = (_entry: unknown, index: number) => {
    const row = rows[index];
    if (row) onOpenStage(row.stage);
  };

  return (
    <BarChart
      responsive
      layout="vertical"
      data={rows}
      style={{ width: '100%', height: 260 }}
      margin={{ top: 8, right: 8, bottom: 8, left: 8 }}
      barCategoryGap="22%"
      cursor="pointer"
    >
      <CartesianGrid horizontal={false} stroke={COLORS.grid} />
      <XAxis type="number" allowDecimals={false} tick={AXIS_TICK} />
      <YAxis type="category" dataKey="label" width={118} tick={AXIS_TICK} tickLine={false} />
      {/* The counts at the bars' end, as a second category axis: it lines up with the bars. */}
      <YAxis
        yAxisId="summary"
        orientation="right"
        type="category"
        dataKey="summary"
        width={112}
        axisLine={false}
        tickLine={false}
        tick={(props: YAxisTickContentProps) => (
          <text
            x={Number(props.x) + 4}
            y={Number(props.y)}
            dy={4}
            fontSize={12}
            fill={COLORS.axis}
            data-testid={`funnel-count-${rows[props.index]?.stage ?? ''}`}
          >
            {String(props.payload.value)}
          </text>
        )}
      />
      <ChartTooltip
        rows={rows}
        labelOf={(row) => row.label}
        render={(row) => (
          <TooltipBox
            title={`${row.label}: ${row.summary}`}
            lines={tooltipLines(row)}
            note={t('dashboard.funnel.openList')}
          />
        )}
      />
      {bars.map((bar) => (
        <Bar
          key={bar.key}
          dataKey={bar.key}
          name={bar.name}
          stackId="stage"
          fill={bar.color}
          isAnimationActive={false}
          onClick={handleClick}
        />
      ))}
    </BarChart>
  );
}
