// Pieces every dashboard chart uses the same way: the legend (series in the order they are drawn,
// in readable text rather than each series' own, sometimes pale, colour) and category ticks that
// wrap onto a second line instead of running into their neighbours ("Event / auto show").

import { Legend, Text, type XAxisTickContentProps } from 'recharts';
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
