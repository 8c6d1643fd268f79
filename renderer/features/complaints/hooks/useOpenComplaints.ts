import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../../db/db';
import { listOpenComplaints } from '../../../db/complaint-queries';
import { openComplaintRows, type OpenComplaintRow } from '../complaint-rows';

/** Every open complaint on this laptop, overdue ones first as of `now`; undefined while loading. */
export function useOpenComplaints(now: Date): OpenComplaintRow[] | undefined {
  const rows = useLiveQuery(() => listOpenComplaints(db), []);
  return rows === undefined ? undefined : openComplaintRows(rows, now);
}
