// Pieces every dashboard chart uses the same way: the legend (series in the order they are drawn,
// in readable text rather than each series' own, sometimes pale, colour), the tooltip (the hovered
// category's own row, not Recharts' untyped payload) and category ticks that wrap onto a second
// line instead of running into their neighbours ("Event / auto show").

import type { ReactNode } from 'react';
import { Legend, Text, Tooltip, type XAxisTickContentProps } from 'recharts';
import { COLORS } from './chart-style';

export function ChartLegend() {
  return (
    <Legend
      verticalAlign="top"
      height={30}
      iconSize={10}
      itemSorter={null}
      wrapperStyle={{ fontSize: 12 }}
      formatter={(value) => <span style={{ color: COLORS.axis }}>{value}</span>}
    />
  );
}

/** For XAxis `tick`: the category name, wrapped at word breaks to the given width. */
export function wrappedTick(width: number) {
  function WrappedTick(props: XAxisTickContentProps) {
    return (
      <Text
        x={Number(props.x)}
        y={Number(props.y) + 4}
        width={width}
        maxLines={2}
        textAnchor="middle"
        verticalAnchor="start"
        fontSize={12}
        fill={COLORS.axis}
      >
        {String(props.payload.value)}
      </Text>
    );
  }
  return WrappedTick;
}

/** The hovered category's row, found by its label, drawn by the chart (a TooltipBox). */
export function ChartTooltip<Row>({
  rows,
  labelOf,
  render,
}: {
  rows: readonly Row[];
  labelOf: (row: Row) => string;
  render: (row: Row) => ReactNode;
}) {
  return (
    <Tooltip
      cursor={{ fill: 'rgba(31,95,191,0.06)' }}
      content={({ label }) => {
        const row = rows.find((candidate) => labelOf(candidate) === label);
        return row ? render(row) : null;
      }}
    />
  );
}
