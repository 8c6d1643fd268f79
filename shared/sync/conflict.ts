// A value that lost a concurrent write. The server creates these rows when two writers changed the
// same field without seeing each other's change; they sync to everyone who can see the customer, so
// both values stay visible until someone re-applies the loser or dismisses it: a concurrent edit
// never silently erases what someone typed.

import type { SyncedRow } from '../domain/synced-row';

export type ConflictResolution = 'reapplied' | 'dismissed';

export type SyncConflict = SyncedRow & {
  /** The customer the row belongs to; null for dealership rows (settings). */
  customerId: string | null;
  /** Where the field lives. */
  rowTable: string;
  rowId: string;
  field: string;
  keptValue: unknown;
  keptHlc: string;
  keptBy: string | null;
  keptByName: string;
  lostValue: unknown;
  lostHlc: string;
  lostBy: string | null;
  lostByName: string;
  detectedAt: string;
  resolution: ConflictResolution | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
};
