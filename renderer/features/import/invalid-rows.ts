// The invalid lines of a plan as a sheet of their own, to send back to whoever filled in the
// file: the file's columns as they were, the line number to find it, and why it was refused.

import type { ImportPlan } from '../../../shared/import/plan';
import type { SheetTable } from '../../documents/table-xlsx';

export type InvalidRowsLabels = { title: string; line: string; reason: string };

export function invalidRowsTable(
  plan: Pick<ImportPlan, 'headers' | 'rows'>,
  cells: Readonly<Record<number, readonly string[]>>,
  renderReason: (reason: string) => string,
  labels: InvalidRowsLabels,
): SheetTable {
  const rows = plan.rows
    .filter((row) => row.action === 'invalid')
    .map((row) => [
      String(row.line),
      ...plan.headers.map((_, column) => cells[row.line]?.[column] ?? ''),
      row.reason === undefined ? '' : renderReason(row.reason),
    ]);
  return {
    title: labels.title,
    headers: [labels.line, ...plan.headers, labels.reason],
    rows,
  };
}
