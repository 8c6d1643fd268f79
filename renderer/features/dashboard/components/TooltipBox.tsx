// The dashboard's chart tooltip: a title and coloured lines, written by each chart from its own
// rows (looked up by the hovered category), not from Recharts' untyped payload.

import { Flex, Typography } from 'antd';
import type { ReactNode } from 'react';

export type TooltipLine = { color?: string; label: string; value: ReactNode };

export function TooltipBox({
  title,
  lines,
  note,
}: {
  title: string;
  lines: readonly TooltipLine[];
  note?: string;
}) {
  return (
    <div
      style={{
        background: '#fff',
        border: '1px solid #e5e7eb',
        borderRadius: 6,
        boxShadow: '0 4px 12px rgba(0,0,0,0.08)',
        padding: '8px 12px',
        minWidth: 160,
        maxWidth: 300,
      }}
    >
      <Typography.Text strong>{title}</Typography.Text>
      {lines.map((line) => (
        <Flex key={line.label} justify="space-between" gap={16} style={{ fontSize: 12 }}>
          <span>
            {line.color && (
              <span
                style={{
                  display: 'inline-block',
                  width: 8,
                  height: 8,
                  borderRadius: 2,
                  background: line.color,
                  marginRight: 6,
                }}
              />
            )}
            {line.label}
          </span>
          <span style={{ fontVariantNumeric: 'tabular-nums' }}>{line.value}</span>
        </Flex>
      ))}
      {note && (
        <div style={{ marginTop: 4 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {note}
          </Typography.Text>
        </div>
      )}
    </div>
  );
}
