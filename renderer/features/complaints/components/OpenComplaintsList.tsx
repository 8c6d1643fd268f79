// The 投诉 view of the follow-up page: every open complaint this laptop holds — a consultant's own
// customers', a manager's whole team's (sync decides which) — with both deadlines, the missed one
// in red, and the way to handle it right from here.

import { Alert, Button, Card, Empty, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTeam } from '../../../db/useTeam';
import { useManagerSession } from '../../../state/useManagerSession';
import { formatPhone } from '../../../../shared/domain/phone';
import { countOverdue, type OpenComplaintRow } from '../complaint-rows';
import { ComplaintHandlingModal } from './ComplaintHandlingModal';
import { CategoryTag, ComplaintStateTag } from './ComplaintTags';
import { PanelBoundary } from '../../../ui/PanelBoundary';

const TIME = 'MM-DD HH:mm';

type OpenComplaintsListProps = { rows: OpenComplaintRow[] | undefined; now: Date };

export function OpenComplaintsList(props: OpenComplaintsListProps) {
  const { t } = useTranslation();
  return (
    <PanelBoundary panel={t('panelError.panels.openComplaints')} resetKeys={[props.rows]}>
      <OpenComplaintsTable {...props} />
    </PanelBoundary>
  );
}

function OpenComplaintsTable({ rows, now }: OpenComplaintsListProps) {
  const { t } = useTranslation();
  const isManager = useManagerSession().kind === 'manager';
  const team = useTeam();
  const [handling, setHandling] = useState<OpenComplaintRow | null>(null);
  if (rows === undefined) return null;
  if (rows.length === 0) {
    return (
      <Card>
        <Empty description={t('complaints.list.empty')} />
      </Card>
    );
  }
  const names = new Map((team ?? []).map((member) => [member.id, member.name]));
  const overdue = countOverdue(rows);

  return (
    <Card size="small">
      <Alert
        type={overdue > 0 ? 'error' : 'info'}
        showIcon
        style={{ marginBottom: 8 }}
        data-testid="complaints-summary"
        title={
          overdue > 0
            ? t('complaints.list.summaryOverdue', { count: rows.length, overdue })
            : t('complaints.list.summary', { count: rows.length })
        }
      />
      <Table<OpenComplaintRow>
        data-testid="complaints-table"
        rowKey={(row) => row.complaint.id}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1000 }}
        size="middle"
        columns={[
          {
            title: t('complaints.list.state'),
            key: 'state',
            width: 130,
            render: (_, row) => <ComplaintStateTag complaint={row.complaint} now={now} />,
          },
          {
            title: t('followUps.customer'),
            key: 'customer',
            width: 160,
            render: (_, row) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/customers/${row.customer.id}`}>{row.customer.name}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatPhone(row.customer.phones[0] ?? '')}
                </Typography.Text>
              </Space>
            ),
          },
          ...(isManager
            ? [
                {
                  title: t('complaints.list.owner'),
                  key: 'owner',
                  width: 100,
                  render: (_: unknown, row: OpenComplaintRow) =>
                    names.get(row.customer.ownerId) ?? t('common.unknown'),
                },
              ]
            : []),
          {
            title: t('complaints.category'),
            key: 'category',
            // "Product quality" in English: a narrower column pushed the tag into the next one.
            width: 130,
            render: (_, row) => <CategoryTag category={row.complaint.category} />,
          },
          {
            title: t('complaints.description'),
            key: 'description',
            ellipsis: true,
            render: (_, row) => row.complaint.description,
          },
          {
            title: t('complaints.receivedAt'),
            key: 'receivedAt',
            width: 110,
            render: (_, row) => dayjs(row.complaint.receivedAt).format(TIME),
          },
          {
            title: t('complaints.firstContactDue'),
            key: 'firstContactDue',
            width: 130,
            render: (_, row) =>
              row.complaint.firstContactAt !== null ? (
                <Typography.Text type="success">
                  {t('complaints.list.contacted', {
                    time: dayjs(row.complaint.firstContactAt).format(TIME),
                  })}
                </Typography.Text>
              ) : (
                <Typography.Text
                  type={row.overdue === 'first_contact' ? 'danger' : undefined}
                  strong={row.overdue === 'first_contact'}
                  data-testid="complaint-first-contact-due"
                >
                  {dayjs(row.complaint.firstContactDueAt).format(TIME)}
                </Typography.Text>
              ),
          },
          {
            title: t('complaints.resultDue'),
            key: 'resultDue',
            width: 120,
            render: (_, row) => (
              <Typography.Text
                type={row.overdue === 'result' ? 'danger' : undefined}
                strong={row.overdue === 'result'}
                data-testid="complaint-result-due"
              >
                {dayjs(row.complaint.resultDueAt).format(TIME)}
              </Typography.Text>
            ),
          },
          {
            title: '',
            key: 'actions',
            width: 90,
            render: (_, row) => (
              <Button type="primary" size="small" onClick={() => setHandling(row)}>
                {t('complaints.handle')}
              </Button>
            ),
          },
        ]}
      />
      {handling ? (
        <ComplaintHandlingModal
          complaintId={handling.complaint.id}
          customerName={handling.customer.name}
          now={now}
          onClose={() => setHandling(null)}
        />
      ) : null}
    </Card>
  );
}
