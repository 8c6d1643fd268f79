// A complaint's state at a glance: resolved, waiting for the first contact, in progress — and in
// red, which deadline it has missed.

import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { complaintOverdue, type Complaint } from '../../../../shared/domain/complaint';

export function ComplaintStateTag({
  complaint,
  now,
}: {
  complaint: Pick<Complaint, 'firstContactAt' | 'firstContactDueAt' | 'resultDueAt' | 'resolvedAt'>;
  now: Date;
}) {
  const { t } = useTranslation();
  if (complaint.resolvedAt !== null) {
    return (
      <Tag color="green" data-testid="complaint-state">
        {t('complaints.state.resolved')}
      </Tag>
    );
  }
  const overdue = complaintOverdue(complaint, now);
  if (overdue) {
    return (
      <Tag color="red" data-testid="complaint-overdue">
        {t(`complaints.overdue.${overdue}`)}
      </Tag>
    );
  }
  return (
    <Tag
      color={complaint.firstContactAt === null ? 'orange' : 'blue'}
      data-testid="complaint-state"
    >
      {t(
        complaint.firstContactAt === null
          ? 'complaints.state.awaiting_contact'
          : 'complaints.state.in_progress',
      )}
    </Tag>
  );
}

export function CategoryTag({ category }: { category: Complaint['category'] }) {
  const { t } = useTranslation();
  return <Tag>{t(`complaints.categories.${category}`)}</Tag>;
}
