// The card's 投诉 tab: log a complaint, and each complaint with its deadlines, first contact,
// handling steps and resolution; open ones first. Also the header flag for open/overdue ones.

import { Button, Card, Descriptions, Empty, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useLiveQuery } from 'dexie-react-hooks';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { db } from '../../../db/db';
import { customerComplaints } from '../../../db/complaint-queries';
import { useNow } from '../../../ui/useNow';
import {
  HANDLING_STEPS,
  complaintOverdue,
  isComplaintOpen,
  type Complaint,
  type HandlingStep,
} from '../../../../shared/domain/complaint';
import type { Customer } from '../../../../shared/domain/customer';
import { ComplaintFormModal } from './ComplaintFormModal';
import { ComplaintHandlingModal } from './ComplaintHandlingModal';
import { CategoryTag, ComplaintStateTag } from './ComplaintTags';
import { PanelBoundary } from '../../../ui/PanelBoundary';

const TIME = 'YYYY-MM-DD HH:mm';

const STEP_TEXT: Record<HandlingStep, (complaint: Complaint) => string> = {
  listen: (complaint) => complaint.stepListen,
  calm: (complaint) => complaint.stepCalm,
  empathize: (complaint) => complaint.stepEmpathize,
  act: (complaint) => complaint.stepAct,
};

export function CustomerComplaints({ customer }: { customer: Customer }) {
  const { t } = useTranslation();
  const now = new Date(useNow());
  const [logging, setLogging] = useState(false);
  const [handling, setHandling] = useState<string | null>(null);
  const complaints = useLiveQuery(() => customerComplaints(db, customer.id), [customer.id]);
  if (complaints === undefined) return null;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Text type="secondary">{t('complaints.rule')}</Typography.Text>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setLogging(true)}>
            {t('complaints.log')}
          </Button>
        </Space>
      </Card>
      {complaints.length === 0 ? (
        <Card>
          <Empty description={t('complaints.empty')} />
        </Card>
      ) : (
        // One unreadable complaint leaves the others (and the card) on screen.
        complaints.map((complaint) => (
          <PanelBoundary key={complaint.id} panel={t('complaints.tab')} resetKeys={[complaint]}>
            <ComplaintCard
              complaint={complaint}
              now={now}
              onHandle={() => setHandling(complaint.id)}
            />
          </PanelBoundary>
        ))
      )}
      {logging ? (
        <ComplaintFormModal customer={customer} onClose={() => setLogging(false)} />
      ) : null}
      {handling ? (
        <ComplaintHandlingModal
          complaintId={handling}
          customerName={customer.name}
          now={now}
          onClose={() => setHandling(null)}
        />
      ) : null}
    </Space>
  );
}

function ComplaintCard({
  complaint,
  now,
  onHandle,
}: {
  complaint: Complaint;
  now: Date;
  onHandle: () => void;
}) {
  const { t } = useTranslation();
  const open = isComplaintOpen(complaint);
  const overdue = complaintOverdue(complaint, now);
  const steps = HANDLING_STEPS.filter((step) => STEP_TEXT[step](complaint) !== '');
  return (
    <Card
      size="small"
      data-testid="complaint-card"
      title={
        <Space size={4} wrap>
          <CategoryTag category={complaint.category} />
          <ComplaintStateTag complaint={complaint} now={now} />
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {t('complaints.receivedOn', { time: dayjs(complaint.receivedAt).format(TIME) })}
          </Typography.Text>
        </Space>
      }
      extra={
        open ? (
          <Button type="primary" size="small" onClick={onHandle}>
            {t('complaints.handle')}
          </Button>
        ) : null
      }
    >
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
        {complaint.description}
      </Typography.Paragraph>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'firstContact',
            label: t('complaints.firstContactDue'),
            children: (
              <Deadline
                dueAt={complaint.firstContactDueAt}
                doneAt={complaint.firstContactAt}
                missed={overdue === 'first_contact'}
              />
            ),
          },
          {
            key: 'result',
            label: t('complaints.resultDue'),
            children: (
              <Deadline
                dueAt={complaint.resultDueAt}
                doneAt={complaint.resolvedAt}
                missed={overdue === 'result'}
              />
            ),
          },
          ...steps.map((step) => ({
            key: step,
            label: t(`complaints.steps.${step}`),
            span: 'filled' as const,
            children: STEP_TEXT[step](complaint),
          })),
          ...(complaint.resolvedAt !== null
            ? [
                {
                  key: 'resolution',
                  label: t('complaints.resolution'),
                  span: 'filled' as const,
                  children: (
                    <Typography.Text data-testid="complaint-resolution">
                      {complaint.resolution}
                    </Typography.Text>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

/** A deadline, and either when it was met or (in red) that it was missed. */
function Deadline({
  dueAt,
  doneAt,
  missed,
}: {
  dueAt: string;
  doneAt: string | null;
  missed: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Space size={6} wrap>
      <Typography.Text type={missed ? 'danger' : undefined}>
        {dayjs(dueAt).format(TIME)}
      </Typography.Text>
      {doneAt !== null ? (
        <Typography.Text type="success">
          {t('complaints.doneAt', { time: dayjs(doneAt).format(TIME) })}
        </Typography.Text>
      ) : missed ? (
        <Typography.Text type="danger">{t('complaints.missed')}</Typography.Text>
      ) : null}
    </Space>
  );
}

/** For the card's header: a red tag when a complaint is overdue, else how many are open. */
export function ComplaintFlag({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const now = new Date(useNow());
  const open = useLiveQuery(
    async () => (await customerComplaints(db, customerId)).filter(isComplaintOpen),
    [customerId],
  );
  if (!open || open.length === 0) return null;
  const overdue = open.filter((complaint) => complaintOverdue(complaint, now) !== null);
  return overdue.length > 0 ? (
    <Tag color="red" data-testid="complaint-flag">
      {t('complaints.flagOverdue', { count: overdue.length })}
    </Tag>
  ) : (
    <Tag color="orange" data-testid="complaint-flag">
      {t('complaints.flagOpen', { count: open.length })}
    </Tag>
  );
}
