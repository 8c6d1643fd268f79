// Which preview lines offer the duplicate choice, and what is chosen for one. Only a line that
// matches exactly one existing card the importer may change can fill or overwrite it: a line
// repeating an earlier line of the file, another consultant's customer, or a phone on several
// cards is always skipped (the plan says why).

import type { DuplicatePolicy } from '../../../shared/import/duplicates';
import type { PlannedRow } from '../../../shared/import/plan';
import { parseMessage } from '../../../shared/domain/validation-message';

export type ChoiceMode = 'skip' | 'fill' | 'overwrite';

const CHOOSABLE = new Set([
  'importPlan.reason.existingCard',
  'importPlan.reason.fillExisting',
  'importPlan.reason.overwriteExisting',
]);

export function isChoosableDuplicate(row: PlannedRow): boolean {
  if (row.action !== 'duplicate' && row.action !== 'update') return false;
  if (typeof row.duplicateOf !== 'string' || row.reason === undefined) return false;
  return CHOOSABLE.has(parseMessage(row.reason).key);
}

export function choiceOfLine(policy: DuplicatePolicy, line: number): ChoiceMode {
  return (policy.byLine?.[line] ?? policy.default).mode;
}
