// One row per consultant: the counts of each bucket (click one to list those follow-ups below)
// and the completion rate over the chosen dates.

import { Button, Card, Table, Tooltip, Typography } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { ConsultantSummary, TeamBoardBucket } from '../../../db/team-board-queries';

const COUNT_COLUMNS = [
  'due_today',
  'past_due',
  'escalated',
  'upcoming',
  'no_plan',
] as const satisfies readonly TeamBoardBucket[];

/** Counts worth a manager's attention are red when not zero. */
const ALARMING: ReadonlySet<TeamBoardBucket> = new Set(['past_due', 'escalated', 'no_plan']);

function rateType(rate: number): 'success' | 'warning' | 'danger' {
  if (rate >= 0.8) return 'success';
  if (rate >= 0.5) return 'warning';
  return 'danger';
}

export function BoardSummary({
  summary,
  bucket,
  onPickCount,
}: {
  summary: ConsultantSummary[] | undefined;
  bucket: TeamBoardBucket | null;
  onPickCount: (ownerId: string, bucket: TeamBoardBucket) => void;
}) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('teamBoard.summary.title')}>
      <Table<ConsultantSummary>
        data-testid="team-summary"
        size="middle"
        rowKey="ownerId"
        loading={summary === undefined}
        dataSource={summary ?? []}
        pagination={false}
        columns={[
          {
            title: t('teamBoard.summary.consultant'),
            key: 'consultant',
            render: (_, row) => <Typography.Text strong>{row.ownerName}</Typography.Text>,
          },
          ...COUNT_COLUMNS.map((column) => ({
            title: t(`teamBoard.summary.${column}`),
            key: column,
            align: 'center' as const,
            width: 110,
            render: (_: unknown, row: ConsultantSummary) => {
              const count = row.counts[column];
              return (
                <Tooltip
                  title={t('teamBoard.summary.countTitle', {
                    owner: row.ownerName,
                    bucket: t(`teamBoard.summary.${column}`),
                  })}
                >
                  <Button
                    type={bucket === column ? 'primary' : 'link'}
                    size="small"
                    danger={count > 0 && ALARMING.has(column)}
                    data-testid={`count-${column}`}
                    onClick={() => onPickCount(row.ownerId, column)}
                    style={{ minWidth: 40, fontWeight: count > 0 ? 600 : 400 }}
                  >
                    {count}
                  </Button>
                </Tooltip>
              );
            },
          })),
          {
            title: (
              <Tooltip title={t('teamBoard.summary.completionHint')}>
                <span>
                  {t('teamBoard.summary.completionRate')}{' '}
                  <QuestionCircleOutlined style={{ color: '#999' }} />
                </span>
              </Tooltip>
            ),
            key: 'completion',
            align: 'center',
            width: 110,
            render: (_, row) =>
              row.completionRate === null ? (
                <Typography.Text type="secondary">{t('teamBoard.summary.noRate')}</Typography.Text>
              ) : (
                <Typography.Text type={rateType(row.completionRate)} data-testid="completion-rate">
                  {Math.round(row.completionRate * 100)}%
                </Typography.Text>
              ),
          },
        ]}
      />
    </Card>
  );
}
