// The plan as the documented JSON contract (README "Import"): what `npm run import:check --
// FILE --json` prints, for scripts and for checking a file before importing it.

import { columnLetter } from './grid';
import type { TextEncodingName } from './decode';
import type { ImportedCustomer } from './imported-customer';
import type { ImportPlan, PlanAction } from './plan';

export type PlanReportRow = {
  line: number;
  action: PlanAction;
  reason?: string;
  duplicateOf?: number | string;
  customer?: ImportedCustomer;
};

export type PlanReport = {
  /** The CSV's encoding; null for .xlsx. */
  encoding: TextEncodingName | null;
  /** The worksheet; null for CSV. */
  sheet: string | null;
  headerRow: number;
  /** Header text → field; null: into the notes as "表头：值"; "ignore": left out. */
  mapping: Record<string, string | null>;
  rows: PlanReportRow[];
};

/** `{header: target}`; an empty or repeated header is named by its column letter ("电话 (D)"). */
export function mappingByHeader(
  plan: Pick<ImportPlan, 'headers' | 'mapping'>,
): Record<string, string | null> {
  const mapping: Record<string, string | null> = {};
  plan.headers.forEach((header, column) => {
    const target = plan.mapping[column] ?? null;
    if (header === '' && target === null) return;
    const name =
      header === '' || header in mapping ? `${header || '?'} (${columnLetter(column)})` : header;
    mapping[name] = target;
  });
  return mapping;
}

/** `renderReason` turns a reason's i18n message into words (or leaves it as the key). */
export function planReport(
  plan: ImportPlan,
  encoding: TextEncodingName | null,
  renderReason: (reason: string) => string,
): PlanReport {
  return {
    encoding,
    sheet: plan.sheet,
    headerRow: plan.headerRow,
    mapping: mappingByHeader(plan),
    rows: plan.rows.map((row) => {
      const report: PlanReportRow = { line: row.line, action: row.action };
      if (row.reason !== undefined) report.reason = renderReason(row.reason);
      if (row.duplicateOf !== undefined) report.duplicateOf = row.duplicateOf;
      if (row.customer !== undefined) report.customer = row.customer;
      return report;
    }),
  };
}
