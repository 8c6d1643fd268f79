// One chart's frame: title, what it counts, and an empty state that says why there is nothing
// and what would fill it, instead of an empty pair of axes.

import { Card, Empty, Flex, Skeleton, Typography } from 'antd';
import type { ReactNode } from 'react';
import { PanelBoundary } from '../../../ui/PanelBoundary';

export function ChartCard({
  title,
  subtitle,
  extra,
  testId,
  loading,
  empty,
  footer,
  children,
}: {
  title: string;
  subtitle: string;
  extra?: ReactNode;
  testId: string;
  /** No figures for this range yet. */
  loading: boolean;
  /** When set, the chart has nothing to draw: this text explains. */
  empty: string | null;
  footer?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card
      size="small"
      data-testid={testId}
      style={{ height: '100%' }}
      title={
        <Flex vertical style={{ padding: '8px 0' }}>
          <Typography.Text strong style={{ fontSize: 15 }}>
            {title}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
            {subtitle}
          </Typography.Text>
        </Flex>
      }
      extra={extra}
    >
      {loading ? (
        <Skeleton active paragraph={{ rows: 6 }} title={false} />
      ) : empty !== null ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          data-testid={`${testId}-empty`}
          description={<Typography.Text type="secondary">{empty}</Typography.Text>}
          style={{ padding: '32px 16px' }}
        />
      ) : (
        <PanelBoundary panel={title}>{children}</PanelBoundary>
      )}
      {!loading && footer ? <PanelBoundary panel={title}>{footer}</PanelBoundary> : null}
    </Card>
  );
}
