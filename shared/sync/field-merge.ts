// Last-writer-wins per field, by HLC. The same pure function runs on the client and (later) on
// the server, so both sides converge on the same row whatever order changes arrive in.
// A change that arrives older than what a field already holds is never dropped silently: its value
// is returned so the caller can record a conflict and show both values.

import { sameFieldValue } from './field-value';
import { compareHlc } from './hlc';

export type FieldChangeSet = {
  fields: Record<string, unknown>;
  hlc: string;
};

export type MergeableRow = Record<string, unknown> & { clocks: Record<string, string> };

export type LosingValue = {
  field: string;
  /** The value that stays. */
  kept: unknown;
  keptHlc: string;
  /** The value that lost (it was written concurrently and is older by HLC). */
  lost: unknown;
  lostHlc: string;
};

export type MergeResult<Row extends MergeableRow> = {
  row: Row;
  appliedFields: string[];
  losing: LosingValue[];
};

/** Applies a change set to a row (or to nothing, for a new row) field by field. */
export function mergeFields<Row extends MergeableRow>(
  current: Row | undefined,
  change: FieldChangeSet,
): MergeResult<Row> {
  const row = { ...(current ?? {}), clocks: { ...(current?.clocks ?? {}) } } as Row;
  const appliedFields: string[] = [];
  const losing: LosingValue[] = [];
  for (const [field, value] of Object.entries(change.fields)) {
    if (field === 'clocks') continue;
    const existingHlc = row.clocks[field];
    if (existingHlc === undefined || compareHlc(change.hlc, existingHlc) > 0) {
      (row as Record<string, unknown>)[field] = value;
      row.clocks[field] = change.hlc;
      appliedFields.push(field);
    } else if (compareHlc(change.hlc, existingHlc) < 0 && !sameFieldValue(row[field], value)) {
      losing.push({
        field,
        kept: row[field],
        keptHlc: existingHlc,
        lost: value,
        lostHlc: change.hlc,
      });
    }
  }
  return { row, appliedFields, losing };
}
