// Applying one pushed change to the row the server holds: last-writer-wins per field by HLC (the
// same mergeFields the client's write path uses), plus the detection of *concurrent* losers.
// A field change is concurrent with the stored value when its writer had not seen that value: the
// clock the writer saw (`base`) differs from the stored clock. Then whichever side loses by HLC is
// returned as a conflict, so it can be kept and shown. A change made on top of what is stored
// (base equals the stored clock) just wins, with no conflict.

import { mergeFields, type MergeableRow } from './field-merge';
import { sameFieldValue } from './field-value';
import { compareHlc } from './hlc';

export type StoredRow = { data: Record<string, unknown>; clocks: Record<string, string> };

export type FieldConflict = {
  field: string;
  kept: { value: unknown; hlc: string };
  lost: { value: unknown; hlc: string };
};

export type AppliedMutation = StoredRow & {
  appliedFields: string[];
  conflicts: FieldConflict[];
};

export function applyMutation(
  current: StoredRow | undefined,
  change: { fields: Record<string, unknown>; hlc: string; base?: Record<string, string> },
): AppliedMutation {
  const before: MergeableRow | undefined = current
    ? { ...current.data, clocks: current.clocks }
    : undefined;
  const merged = mergeFields(before, { fields: change.fields, hlc: change.hlc });
  const conflicts: FieldConflict[] = merged.losing.map((losing) => ({
    field: losing.field,
    kept: { value: losing.kept, hlc: losing.keptHlc },
    lost: { value: losing.lost, hlc: losing.lostHlc },
  }));
  for (const field of merged.appliedFields) {
    const storedHlc = current?.clocks[field];
    if (storedHlc === undefined || storedHlc === change.base?.[field]) continue;
    const storedValue = current?.data[field];
    if (sameFieldValue(storedValue, change.fields[field])) continue;
    conflicts.push({
      field,
      kept: { value: change.fields[field], hlc: change.hlc },
      lost: { value: storedValue, hlc: storedHlc },
    });
  }
  const { clocks, ...data } = merged.row;
  return { data, clocks, appliedFields: merged.appliedFields, conflicts };
}

/**
 * The client's view of a row after a pull (or a push answer carrying the server's row): the
 * server's row, except fields with a local change still in the outbox that is newer (by HLC) than
 * the server's value of that field. Such a change will win on the server, so the laptop keeps
 * showing it until it is pushed. A waiting change that is older will lose there: the laptop takes
 * the winner now (the change is still pushed, and the server keeps it as a conflict). Converges to
 * the server's row as soon as the outbox is empty.
 *
 * `pending`: for each field with changes in the outbox, the clock of its newest one.
 */
export function rebaseOnServer<Row extends Record<string, unknown>>(
  server: StoredRow,
  local: (Row & { clocks: Record<string, string> }) | undefined,
  pending: ReadonlyMap<string, string>,
): Record<string, unknown> & { clocks: Record<string, string> } {
  const row: Record<string, unknown> & { clocks: Record<string, string> } = {
    ...server.data,
    clocks: { ...server.clocks },
  };
  if (!local) return row;
  for (const [field, pendingHlc] of pending) {
    if (!(field in local)) continue;
    const serverHlc = server.clocks[field];
    if (serverHlc !== undefined && compareHlc(pendingHlc, serverHlc) <= 0) continue;
    row[field] = local[field];
    const clock = local.clocks[field];
    if (clock !== undefined) row.clocks[field] = clock;
  }
  return row;
}
