// Columns every synced row carries: the scope (dealership, owner), timestamps, the soft delete and
// the per-field clocks the field merge needs.

export type SyncedRow = {
  /** UUIDv7, made on the client. */
  id: string;
  dealershipId: string;
  /** For customer-scoped rows: the owning consultant of the customer. */
  ownerId: string;
  createdAt: string;
  updatedAt: string;
  deleted: boolean;
  /** Per-field hybrid logical clock of the last write, for last-writer-wins merging. */
  clocks: Record<string, string>;
};
