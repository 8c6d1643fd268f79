// The open complaints of the follow-up views, in the order they need doing: missed deadlines
// first (a missed result before a missed first contact), then by the next deadline.

import { complaintOverdue, type ComplaintOverdue } from '../../../shared/domain/complaint';
import type { Complaint } from '../../../shared/domain/complaint';
import type { ComplaintRow } from '../../db/complaint-queries';

export type WithDeadlines<Row> = Row & {
  overdue: ComplaintOverdue;
  /** The deadline that comes next: first contact until the customer is reached, then the result. */
  nextDueAt: string;
};

export type OpenComplaintRow = WithDeadlines<ComplaintRow>;

const OVERDUE_RANK: Record<Exclude<ComplaintOverdue, null>, number> = {
  result: 0,
  first_contact: 1,
};

export function nextComplaintDeadline(
  complaint: Pick<Complaint, 'firstContactAt' | 'firstContactDueAt' | 'resultDueAt'>,
): { kind: 'first_contact' | 'result'; dueAt: string } {
  return complaint.firstContactAt === null
    ? { kind: 'first_contact', dueAt: complaint.firstContactDueAt }
    : { kind: 'result', dueAt: complaint.resultDueAt };
}

export function openComplaintRows<Row extends { complaint: Complaint }>(
  rows: readonly Row[],
  now: Date,
): WithDeadlines<Row>[] {
  return rows
    .map((row) => ({
      ...row,
      overdue: complaintOverdue(row.complaint, now),
      nextDueAt: nextComplaintDeadline(row.complaint).dueAt,
    }))
    .sort((a, b) => {
      const rank = (row: WithDeadlines<Row>) => (row.overdue ? OVERDUE_RANK[row.overdue] : 2);
      return rank(a) - rank(b) || a.nextDueAt.localeCompare(b.nextDueAt);
    });
}

export function countOverdue(rows: readonly { overdue: ComplaintOverdue }[]): number {
  return rows.filter((row) => row.overdue !== null).length;
}
