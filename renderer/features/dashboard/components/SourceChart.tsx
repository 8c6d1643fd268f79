// 来源转化: per source, the customers it brought in the range and how many of them ordered or
// took delivery (bars, left axis), and the conversion rate (line, right axis, labelled).

import { useTranslation } from 'react-i18next';
import { Bar, CartesianGrid, ComposedChart, LabelList, Line, XAxis, YAxis } from 'recharts';
import type { CustomerSource } from '../../../../shared/domain/customer';
import type { SourceConversion } from '../dashboard-metrics';
import { AXIS_TICK, COLORS, formatCount, formatPercent } from './chart-style';
import { ChartLegend, ChartTooltip, wrappedTick } from './chart-parts';
import { TooltipBox } from './TooltipBox';

type SourceRow = SourceConversion & { label: string; rateLabel: string };

export function SourceChart({
  sources,
  onOpenSource,
}: {
  sources: readonly SourceConversion[];
  onOpenSource: (source: CustomerSource) => void;
}) {
  const { t, i18n } = useTranslation();
  const rows: SourceRow[] = sources.map((row) => ({
    ...row,
    label: t(`enum.source.${row.source}`),
    rateLabel: formatPercent(row.rate, i18n.language, 0),
  }));
  const maxRate = Math.max(0.1, ...rows.map((row) => row.rate));
  const handleClick = (_entry: unknown, index: number) => {
    const row = rows[index];
    if (row) onOpenSource(row.source);
  };

  return (
    <ComposedChart
      responsive
      data={rows}
      style={{ width: '100%', height: 300 }}
      margin={{ top: 20, right: 8, bottom: 0, left: 0 }}
      barGap={2}
      cursor="pointer"
    >
      <CartesianGrid vertical={false} stroke={COLORS.grid} />
      <XAxis dataKey="label" interval={0} tick={wrappedTick(72)} tickLine={false} height={40} />
      <YAxis yAxisId="count" allowDecimals={false} tick={AXIS_TICK} width={40} />
      <YAxis
        yAxisId="rate"
        orientation="right"
        domain={[0, Math.min(1, Math.ceil(maxRate * 12) / 10)]}
        tickFormatter={(value: number) => formatPercent(value, i18n.language, 0)}
        tick={AXIS_TICK}
        width={48}
      />
      <ChartTooltip
        rows={rows}
        labelOf={(row) => row.label}
        render={(row) => (
          <TooltipBox
            title={row.label}
            lines={[
              {
                color: COLORS.primaryLight,
                label: t('dashboard.sources.customers'),
                value: formatCount(row.customers, i18n.language),
              },
              {
                color: COLORS.primary,
                label: t('dashboard.sources.converted'),
                value: formatCount(row.converted, i18n.language),
              },
              {
                color: COLORS.accent,
                label: t('dashboard.sources.rate'),
                value: formatPercent(row.rate, i18n.language),
              },
            ]}
            note={t('dashboard.sources.openList')}
          />
        )}
      />
      <ChartLegend />
      <Bar
        yAxisId="count"
        dataKey="customers"
        name={t('dashboard.sources.customers')}
        fill={COLORS.primaryLight}
        isAnimationActive={false}
        onClick={handleClick}
        maxBarSize={28}
      />
      <Bar
        yAxisId="count"
        dataKey="converted"
        name={t('dashboard.sources.converted')}
        fill={COLORS.primary}
        isAnimationActive={false}
        onClick={handleClick}
        maxBarSize={28}
      />
      <Line
        yAxisId="rate"
        dataKey="rate"
        name={t('dashboard.sources.rate')}
        stroke={COLORS.accent}
        strokeWidth={2}
        dot={{ r: 3, fill: COLORS.accent }}
        isAnimationActive={false}
      >
        <LabelList
          dataKey="rateLabel"
          position="top"
          offset={8}
          style={{ fontSize: 11, fill: COLORS.accent, fontWeight: 600 }}
        />
      </Line>
    </ComposedChart>
  );
}
