import { describe, expect, it } from 'vitest';
import { complaintDueDates, complaintOverdue } from './complaint';

const local = (day: string, time = '10:00') => new Date(`${day}T${time}:00`);

describe('complaint deadlines', () => {
  it('gives 3 working days to first contact and 5 to a result', () => {
    // Thursday 26 Nov 2026.
    const due = complaintDueDates(local('2026-11-26', '14:00'));
    expect(due.firstContactDueAt).toEqual(local('2026-12-01', '14:00'));
    expect(due.resultDueAt).toEqual(local('2026-12-03', '14:00'));
  });

  it('flags the missed deadline of an open complaint', () => {
    const due = complaintDueDates(local('2026-11-26', '14:00'));
    const open = {
      firstContactDueAt: due.firstContactDueAt.toISOString(),
      resultDueAt: due.resultDueAt.toISOString(),
      firstContactAt: null,
      resolvedAt: null,
    };
    expect(complaintOverdue(open, local('2026-12-01', '13:59'))).toBeNull();
    expect(complaintOverdue(open, local('2026-12-01', '14:01'))).toBe('first_contact');
    const contacted = { ...open, firstContactAt: local('2026-11-27').toISOString() };
    expect(complaintOverdue(contacted, local('2026-12-02'))).toBeNull();
    expect(complaintOverdue(contacted, local('2026-12-04'))).toBe('result');
    expect(complaintOverdue(open, local('2026-12-04'))).toBe('result');
    const resolved = { ...contacted, resolvedAt: local('2026-12-04').toISOString() };
    expect(complaintOverdue(resolved, local('2026-12-10'))).toBeNull();
  });
});
