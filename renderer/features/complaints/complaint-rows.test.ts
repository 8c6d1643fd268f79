import { describe, expect, it } from 'vitest';
import { complaintDueDates, type Complaint } from '../../../shared/domain/complaint';
import { countOverdue, nextComplaintDeadline, openComplaintRows } from './complaint-rows';

const local = (day: string, time = '10:00') => new Date(`${day}T${time}:00`);
const customer = { id: 'c1', name: '王伟' };

function complaint(id: string, receivedAt: Date, firstContactAt: Date | null = null): Complaint {
  const due = complaintDueDates(receivedAt);
  return {
    id,
    dealershipId: 'd',
    ownerId: 'o',
    createdAt: receivedAt.toISOString(),
    updatedAt: receivedAt.toISOString(),
    deleted: false,
    clocks: {},
    customerId: customer.id,
    category: 'service',
    description: '',
    receivedAt: receivedAt.toISOString(),
    firstContactDueAt: due.firstContactDueAt.toISOString(),
    resultDueAt: due.resultDueAt.toISOString(),
    firstContactAt: firstContactAt?.toISOString() ?? null,
    stepListen: '',
    stepCalm: '',
    stepEmpathize: '',
    stepAct: '',
    resolution: '',
    resolvedAt: null,
  };
}

describe('openComplaintRows', () => {
  it('puts missed results first, then missed first contacts, then the nearest deadline', () => {
    const now = local('2026-03-12');
    // Received Mon 2 Mar: result due Mon 9 Mar, missed.
    const lateResult = complaint('late-result', local('2026-03-02'), local('2026-03-03'));
    // Received Mon 9 Mar, never contacted: first contact due Thu 12 Mar 09:00, missed.
    const lateContact = complaint('late-contact', local('2026-03-09', '09:00'));
    // Received Wed 11 Mar: first contact due Mon 16 Mar.
    const fresh = complaint('fresh', local('2026-03-11'));
    // Received Tue 10 Mar, contacted: result due Tue 17 Mar.
    const contacted = complaint('contacted', local('2026-03-10'), local('2026-03-10', '16:00'));

    const rows = openComplaintRows(
      [fresh, contacted, lateContact, lateResult].map((item) => ({ complaint: item, customer })),
      now,
    );
    expect(rows.map((row) => [row.complaint.id, row.overdue])).toEqual([
      ['late-result', 'result'],
      ['late-contact', 'first_contact'],
      ['fresh', null],
      ['contacted', null],
    ]);
    expect(rows[2]?.nextDueAt).toBe(fresh.firstContactDueAt);
    expect(rows[3]?.nextDueAt).toBe(contacted.resultDueAt);
    expect(countOverdue(rows)).toBe(2);
  });

  it('names the next deadline: first contact until reached, then the result', () => {
    const open = complaint('x', local('2026-03-02'));
    expect(nextComplaintDeadline(open)).toEqual({
      kind: 'first_contact',
      dueAt: open.firstContactDueAt,
    });
    const reached = { ...open, firstContactAt: local('2026-03-03').toISOString() };
    expect(nextComplaintDeadline(reached)).toEqual({ kind: 'result', dueAt: open.resultDueAt });
  });
});
