// Colours and number formats the dashboard's charts share. Colours carry meaning across charts
// (green = done / resolved, amber = late, red = overdue / lost) and come from antd's palette so
// the charts sit with the rest of the UI.

export const COLORS = {
  primary: '#1f5fbf',
  primaryLight: '#b7d0f2',
  good: '#52c41a',
  late: '#faad14',
  bad: '#f5222d',
  badLight: '#ffa39e',
  accent: '#fa8c16',
  neutral: '#8c98a8',
  grid: '#eef0f3',
  axis: '#595959',
  /** N, then the in-follow-up levels from hot (H) to cold (C), and no level yet. */
  new: '#8c98a8',
  intent: { H: '#0b3f91', A: '#1f5fbf', B: '#4e8fe0', C: '#91bdf2', none: '#cfe0f7' },
  ordered: '#fa8c16',
  delivered: '#389e0d',
} as const;

/** Axis and label text: the antd body size, so Chinese labels stay readable. */
export const AXIS_TICK = { fontSize: 12, fill: COLORS.axis } as const;

export function formatPercent(value: number | null, language: string, digits = 1): string {
  if (value === null) return '—';
  return new Intl.NumberFormat(language, {
    style: 'percent',
    maximumFractionDigits: digits,
  }).format(value);
}

export function formatDecimal(value: number | null, digits = 2): string {
  return value === null ? '—' : value.toFixed(digits);
}

export function formatCount(value: number, language: string): string {
  return new Intl.NumberFormat(language).format(value);
}
