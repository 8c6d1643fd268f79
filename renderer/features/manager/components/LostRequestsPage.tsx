// 战败审批 (/lost-requests): the consultants' open lost requests for a manager to approve or send
// back, each with the customer's history one click away. The list is a live query of the local
// copy, so requests arrive and decided ones leave as sync brings the changes.

import { Button, Card, Empty, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StatusTag } from '../../../ui/CustomerBadges';
import { useLostRequests } from '../hooks/useLostRequests';
import { ManagerPage } from '../../../ui/ManagerPage';
import type { LostDecision, LostRequest } from '../lost-requests';
import { DecideLostModal } from './DecideLostModal';
import { LostRequestHistoryDrawer } from './LostRequestHistoryDrawer';

export function LostRequestsPage() {
  const { t } = useTranslation();
  return (
    <ManagerPage
      title={t('manager.lost.title')}
      maxWidth={1200}
      managersOnly={{
        testId: 'lost-requests-managers-only',
        title: t('manager.lost.onlyManagersTitle'),
        localText: t('manager.lost.onlyManagersLocal'),
        roleText: t('manager.lost.onlyManagersRole'),
      }}
    >
      {() => <LostRequestList />}
    </ManagerPage>
  );
}

type Decision = { request: LostRequest; decision: LostDecision };

function LostRequestList() {
  const { t } = useTranslation();
  const requests = useLostRequests();
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const [deciding, setDeciding] = useState<Decision | null>(null);
  // The drawer follows the live row: it closes by itself once the request is decided.
  const historyRequest = requests?.find((request) => request.customer.id === historyOf) ?? null;

  const handleDecide = (request: LostRequest, decision: LostDecision) =>
    setDeciding({ request, decision });

  return (
    <Card size="small">
      <Typography.Paragraph type="secondary">{t('manager.lost.intro')}</Typography.Paragraph>
      <Table<LostRequest>
        size="middle"
        rowKey={(request) => request.customer.id}
        loading={requests === undefined}
        dataSource={requests ?? []}
        pagination={false}
        locale={{
          emptyText: (
            <Empty description={t('manager.lost.empty')} data-testid="lost-requests-empty" />
          ),
        }}
        columns={[
          {
            title: t('manager.lost.customer'),
            key: 'customer',
            render: (_, { customer }) => (
              <Link to={`/customers/${customer.id}`}>{customer.name}</Link>
            ),
          },
          {
            // Where the customer goes back to if the request is sent back.
            title: t('manager.lost.statusBefore'),
            key: 'statusBefore',
            render: (_, { customer }) => (
              <StatusTag status={customer.statusBeforeLost ?? 'following'} />
            ),
          },
          {
            title: t('manager.lost.owner'),
            key: 'owner',
            render: (_, request) => request.ownerName || t('common.unknown'),
          },
          {
            title: t('manager.lost.requestedAt'),
            key: 'requestedAt',
            render: (_, { customer }) =>
              customer.lostRequestedAt
                ? dayjs(customer.lostRequestedAt).format('YYYY-MM-DD HH:mm')
                : '—',
          },
          {
            title: t('manager.lost.reason'),
            key: 'reason',
            render: (_, { customer }) => (
              <Typography.Paragraph style={{ margin: 0, maxWidth: 320 }}>
                {customer.lostReason}
              </Typography.Paragraph>
            ),
          },
          {
            title: t('manager.lost.competitor'),
            key: 'competitor',
            render: (_, { customer }) => customer.lostCompetitor || '—',
          },
          {
            title: t('manager.lost.actions'),
            key: 'actions',
            render: (_, request) => (
              <Space wrap>
                <Button size="small" onClick={() => setHistoryOf(request.customer.id)}>
                  {t('manager.lost.history')}
                </Button>
                <Button size="small" onClick={() => handleDecide(request, 'send_back')}>
                  {t('manager.lost.sendBack')}
                </Button>
                <Button
                  size="small"
                  danger
                  type="primary"
                  onClick={() => handleDecide(request, 'approve')}
                >
                  {t('manager.lost.approve')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <LostRequestHistoryDrawer
        request={historyRequest}
        onDecide={handleDecide}
        onClose={() => setHistoryOf(null)}
      />
      {deciding ? (
        <DecideLostModal
          key={`${deciding.request.customer.id}:${deciding.decision}`}
          request={deciding.request}
          decision={deciding.decision}
          onClose={() => setDeciding(null)}
        />
      ) : null}
    </Card>
  );
}
