// Reads of complaints: one customer's, and every open one with its customer (the follow-up views).
// Complaints are few next to customers and follow-ups, so the open ones are found by a scan.

import type { Complaint } from '../../shared/domain/complaint';
import { isComplaintOpen } from '../../shared/domain/complaint';
import type { Customer } from '../../shared/domain/customer';
import type { AppDB } from './AppDB';

export type ComplaintRow = { complaint: Complaint; customer: Customer };

/** A customer's complaints: open ones first, then the newest. */
export async function customerComplaints(db: AppDB, customerId: string): Promise<Complaint[]> {
  const complaints = await db.complaints.where('customerId').equals(customerId).toArray();
  return complaints
    .filter((complaint) => !complaint.deleted)
    .sort(
      (a, b) =>
        Number(b.resolvedAt === null) - Number(a.resolvedAt === null) ||
        b.receivedAt.localeCompare(a.receivedAt),
    );
}

/** Every open complaint this laptop holds (sync scopes it: a consultant's own, a manager's team). */
export async function listOpenComplaints(db: AppDB): Promise<ComplaintRow[]> {
  const open = await db.complaints.filter(isComplaintOpen).toArray();
  const customers = await db.customers.bulkGet(open.map((complaint) => complaint.customerId));
  return open.flatMap((complaint, index) => {
    const customer = customers[index];
    return customer && !customer.deleted ? [{ complaint, customer }] : [];
  });
}

/** One complaint (undefined when there is none). */
export function readComplaint(db: AppDB, complaintId: string): Promise<Complaint | undefined> {
  return db.complaints.get(complaintId);
}
