// 满意度: per selling consultant, the average of the seven indicators (blue, 1–5, left axis) and
// satisfaction C = perceived ÷ expected (orange, right axis, with the line C = 1 where the customer
// got exactly what they expected). IndicatorChart shows the seven indicators over all surveys, so
// the weakest step of the sales process stands out.

import { useTranslation } from 'react-i18next';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  LabelList,
  ReferenceLine,
  XAxis,
  YAxis,
} from 'recharts';
import { SURVEY_INDICATORS, type SurveySummary } from '../../../../shared/domain/survey';
import type { ConsultantSatisfaction } from '../dashboard-metrics';
import { AXIS_TICK, COLORS, formatDecimal, formatPercent } from './chart-style';
import { ChartLegend, ChartTooltip, wrappedTick } from './chart-parts';
import { TooltipBox } from './TooltipBox';

type SatisfactionRow = {
  name: string;
  count: number;
  indicatorAverage: number | null;
  satisfaction: number | null;
  averageLabel: string;
  satisfactionLabel: string;
  summary: SurveySummary;
};

export function SatisfactionChart({
  consultants,
}: {
  consultants: readonly ConsultantSatisfaction[];
}) {
  const { t, i18n } = useTranslation();
  const rows: SatisfactionRow[] = consultants.map((row) => ({
    name: row.name,
    count: row.summary.count,
    indicatorAverage: row.summary.indicatorAverage,
    satisfaction: row.summary.satisfaction,
    averageLabel: formatDecimal(row.summary.indicatorAverage, 1),
    satisfactionLabel: formatDecimal(row.summary.satisfaction, 2),
    summary: row.summary,
  }));
  const maxRatio = Math.max(1.2, ...rows.map((row) => row.satisfaction ?? 0));

  return (
    <ComposedChart
      responsive
      data={rows}
      style={{ width: '100%', height: 300 }}
      margin={{ top: 20, right: 8, bottom: 0, left: 0 }}
    >
      <CartesianGrid vertical={false} stroke={COLORS.grid} />
      <XAxis dataKey="name" interval={0} tick={wrappedTick(80)} tickLine={false} height={40} />
      <YAxis
        yAxisId="score"
        domain={[0, 5]}
        ticks={[0, 1, 2, 3, 4, 5]}
        tick={AXIS_TICK}
        width={32}
      />
      <YAxis
        yAxisId="ratio"
        orientation="right"
        domain={[0, Math.ceil(maxRatio * 10) / 10]}
        tickFormatter={(value: number) => value.toFixed(1)}
        tick={AXIS_TICK}
        width={40}
      />
      <ReferenceLine
        yAxisId="ratio"
        y={1}
        stroke={COLORS.accent}
        strokeDasharray="4 4"
        label={{ value: 'C = 1', position: 'insideTopRight', fontSize: 11, fill: COLORS.accent }}
      />
      <ChartTooltip
        rows={rows}
        labelOf={(row) => row.name}
        render={(row) => (
          <TooltipBox
            title={`${row.name} · ${t('dashboard.satisfaction.surveys', { count: row.count })}`}
            lines={[
              {
                color: COLORS.primary,
                label: t('dashboard.satisfaction.indicatorAverage'),
                value: formatDecimal(row.indicatorAverage),
              },
              {
                color: COLORS.accent,
                label: t('dashboard.satisfaction.ratio'),
                value: formatDecimal(row.satisfaction),
              },
              ...SURVEY_INDICATORS.map((indicator) => ({
                label: t(`dashboard.satisfaction.indicators.${indicator}`),
                value: formatDecimal(row.summary.indicators[indicator]),
              })),
              {
                label: t('dashboard.satisfaction.repurchase'),
                value: formatPercent(row.summary.repurchaseYes, i18n.language, 0),
              },
              {
                label: t('dashboard.satisfaction.referral'),
                value: formatPercent(row.summary.referralYes, i18n.language, 0),
              },
            ]}
          />
        )}
      />
      <ChartLegend />
      <Bar
        yAxisId="score"
        dataKey="indicatorAverage"
        name={t('dashboard.satisfaction.indicatorAverage')}
        fill={COLORS.primary}
        isAnimationActive={false}
        maxBarSize={32}
      >
        <LabelList
          dataKey="averageLabel"
          position="top"
          style={{ fontSize: 12, fill: COLORS.primary, fontWeight: 600 }}
        />
      </Bar>
      {/* A bar beside the indicators' (not a point on it), so neither label hides the other. */}
      <Bar
        yAxisId="ratio"
        dataKey="satisfaction"
        name={t('dashboard.satisfaction.ratio')}
        fill={COLORS.accent}
        isAnimationActive={false}
        maxBarSize={32}
      >
        <LabelList
          dataKey="satisfactionLabel"
          position="top"
          style={{ fontSize: 12, fill: COLORS.accent, fontWeight: 600 }}
        />
      </Bar>
    </ComposedChart>
  );
}

/** The seven indicators over every survey in the range; the lowest in amber. */
export function IndicatorChart({ overall }: { overall: SurveySummary }) {
  const { t } = useTranslation();
  const scores = SURVEY_INDICATORS.map((indicator) => overall.indicators[indicator] ?? 0);
  const lowest = Math.min(...scores);
  // A `fill` on a data entry colours that bar (Recharts' replacement for the deprecated Cell).
  const rows = SURVEY_INDICATORS.map((indicator, index) => ({
    label: t(`dashboard.satisfaction.indicators.${indicator}`),
    score: scores[index] ?? 0,
    scoreLabel: formatDecimal(overall.indicators[indicator]),
    fill: scores[index] === lowest ? COLORS.late : COLORS.primary,
  }));
  return (
    <BarChart
      responsive
      layout="vertical"
      data={rows}
      style={{ width: '100%', height: 300 }}
      margin={{ top: 4, right: 40, bottom: 0, left: 8 }}
      barCategoryGap="26%"
    >
      <CartesianGrid horizontal={false} stroke={COLORS.grid} />
      <XAxis type="number" domain={[0, 5]} ticks={[0, 1, 2, 3, 4, 5]} tick={AXIS_TICK} />
      <YAxis type="category" dataKey="label" width={116} tick={AXIS_TICK} tickLine={false} />
      <Bar dataKey="score" isAnimationActive={false} maxBarSize={22}>
        <LabelList
          dataKey="scoreLabel"
          position="right"
          style={{ fontSize: 12, fill: COLORS.axis, fontWeight: 600 }}
        />
      </Bar>
    </BarChart>
  );
}
