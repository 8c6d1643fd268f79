// 投诉: a customer's complaint, its handling steps (listen, calm, empathize, act) and resolution.
// First contact is due within 3 working days of receipt and a result within 5.

import type { SyncedRow } from './synced-row';
import { addWorkingDays } from './working-days';

export type ComplaintCategory =
  'product_quality' | 'repair_quality' | 'service' | 'price' | 'other';
export const COMPLAINT_CATEGORIES = [
  'product_quality',
  'repair_quality',
  'service',
  'price',
  'other',
] as const satisfies readonly ComplaintCategory[];

export type HandlingStep = 'listen' | 'calm' | 'empathize' | 'act';
export const HANDLING_STEPS = [
  'listen',
  'calm',
  'empathize',
  'act',
] as const satisfies readonly HandlingStep[];

export const FIRST_CONTACT_WORKING_DAYS = 3;
export const RESULT_WORKING_DAYS = 5;

export type Complaint = SyncedRow & {
  customerId: string;
  category: ComplaintCategory;
  description: string;
  receivedAt: string;
  firstContactDueAt: string;
  resultDueAt: string;
  /** When the customer was first called back; null until then. */
  firstContactAt: string | null;
  /** One text per handling step (each its own field, so two people's notes never collide). */
  stepListen: string;
  stepCalm: string;
  stepEmpathize: string;
  stepAct: string;
  resolution: string;
  resolvedAt: string | null;
};

export function complaintDueDates(receivedAt: Date): {
  firstContactDueAt: Date;
  resultDueAt: Date;
} {
  return {
    firstContactDueAt: addWorkingDays(receivedAt, FIRST_CONTACT_WORKING_DAYS),
    resultDueAt: addWorkingDays(receivedAt, RESULT_WORKING_DAYS),
  };
}

export type ComplaintOverdue = 'first_contact' | 'result' | null;

/** Which deadline an open complaint has missed (the result's wins once both are missed). */
export function complaintOverdue(
  complaint: Pick<Complaint, 'firstContactAt' | 'firstContactDueAt' | 'resultDueAt' | 'resolvedAt'>,
  now: Date,
): ComplaintOverdue {
  if (complaint.resolvedAt !== null) return null;
  if (now.getTime() > Date.parse(complaint.resultDueAt)) return 'result';
  if (complaint.firstContactAt === null && now.getTime() > Date.parse(complaint.firstContactDueAt))
    return 'first_contact';
  return null;
}

export function isComplaintOpen(complaint: Pick<Complaint, 'resolvedAt' | 'deleted'>): boolean {
  return complaint.resolvedAt === null && !complaint.deleted;
}
