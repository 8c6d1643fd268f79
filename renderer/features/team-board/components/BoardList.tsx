// The board's list: exactly the rows of teamBoardRows (what the export will export), virtualized
// (a showroom can have tens of thousands in range), escalated rows in red, each linking to its card.

import { Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatPhone } from '../../../../shared/domain/phone';
import { CustomerStateTags } from '../../../ui/CustomerBadges';
import { useFollowUpPurpose } from '../../follow-ups';
import type { TeamBoardBucket, TeamBoardRow } from '../../../db/team-board-queries';

const ESCALATED_BACKGROUND = '#fff1f0';

export function BoardList({
  rows,
  bucket,
  ownerNames,
  onClearBucket,
  actions,
}: {
  rows: TeamBoardRow[] | undefined;
  bucket: TeamBoardBucket | null;
  ownerNames: string[] | undefined;
  onClearBucket: () => void;
  /** Shown at the list's top right (the export button). */
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  const purposeText = useFollowUpPurpose();
  const escalatedCount = rows?.filter((row) => row.escalated).length ?? 0;
  const bucketName = bucket ? t(`teamBoard.summary.${bucket}`) : t('teamBoard.list.all');
  const owners = ownerNames && ownerNames.length > 0 ? ownerNames.join('、') : null;

  return (
    <Card
      size="small"
      data-testid="team-board-list"
      title={
        <Space size={8} wrap>
          <span>{t('teamBoard.list.title')}</span>
          <Tag color="blue" data-testid="list-scope">
            {owners
              ? t('teamBoard.list.showing', { owner: owners, bucket: bucketName })
              : t('teamBoard.list.showingBucket', { bucket: bucketName })}
          </Tag>
          <Typography.Text type="secondary" data-testid="list-count">
            {t('teamBoard.list.count', { count: rows?.length ?? 0 })}
          </Typography.Text>
          {escalatedCount > 0 ? (
            <Tag color="red" data-testid="escalated-count">
              {t('teamBoard.list.escalatedCount', { count: escalatedCount })}
            </Tag>
          ) : null}
        </Space>
      }
      extra={
        <Space size={8}>
          {bucket ? (
            <Button size="small" onClick={onClearBucket}>
              {t('teamBoard.list.clear')}
            </Button>
          ) : null}
          {actions}
        </Space>
      }
    >
      <Table<TeamBoardRow>
        data-testid="team-board-table"
        size="middle"
        rowKey={(row) => row.followUpId ?? row.customerId}
        loading={rows === undefined}
        dataSource={rows ?? []}
        pagination={false}
        virtual
        scroll={{ y: 520, x: 1100 }}
        onRow={(row) => ({
          'data-escalated': row.escalated ? 'true' : undefined,
          style: row.escalated ? { background: ESCALATED_BACKGROUND } : undefined,
        })}
        locale={{
          emptyText: (
            <Empty
              data-testid="team-board-empty"
              description={
                bucket === 'no_plan' ? t('teamBoard.empty.noPlanRows') : t('teamBoard.empty.noRows')
              }
            />
          ),
        }}
        columns={[
          {
            title: t('teamBoard.list.dueAt'),
            key: 'dueAt',
            width: 150,
            render: (_, row) =>
              row.dueAt === null ? (
                <Tag color="red">{t('teamBoard.list.noPlan')}</Tag>
              ) : (
                <Space size={4} wrap>
                  <Typography.Text type={row.bucket === 'past_due' ? 'danger' : undefined}>
                    {dayjs(row.dueAt).format('MM-DD HH:mm')}
                  </Typography.Text>
                  {row.escalated ? (
                    <Tag color="red" data-testid="escalated-tag" style={{ marginInlineEnd: 0 }}>
                      {t('teamBoard.list.escalated')}
                    </Tag>
                  ) : null}
                </Space>
              ),
          },
          {
            title: t('teamBoard.list.customer'),
            key: 'customer',
            width: 180,
            render: (_, row) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/customers/${row.customerId}`}>{row.customerName}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatPhone(row.phone)}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('teamBoard.list.owner'),
            key: 'owner',
            width: 110,
            render: (_, row) => row.ownerName,
          },
          {
            title: t('teamBoard.list.status'),
            key: 'status',
            width: 260,
            render: (_, row) => (
              <CustomerStateTags status={row.status} grade={row.grade} intent={row.intent} />
            ),
          },
          {
            title: t('teamBoard.filters.source'),
            key: 'source',
            width: 110,
            render: (_, row) => t(`enum.source.${row.source}`),
          },
          {
            title: t('teamBoard.list.channel'),
            key: 'channel',
            width: 90,
            render: (_, row) => (row.channel ? t(`followUps.channels.${row.channel}`) : ''),
          },
          {
            title: t('teamBoard.list.purpose'),
            key: 'purpose',
            render: (_, row) => purposeText(row.purpose),
          },
        ]}
      />
    </Card>
  );
}
