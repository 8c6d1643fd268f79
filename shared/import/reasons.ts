// Why a line gets its action, as an i18n key under importPlan.reason with parameters
// (messageWithParams), so the screen and the CLI say it in the reader's language. A parameter
// named `field` is a field name and `problem` a nested validation message (validation.*): the
// renderer translates both before the sentence.

import { messageWithParams, parseMessage, type MessageParams } from '../domain/validation-message';

export type ImportReasonKey =
  | 'blank'
  | 'title'
  | 'header'
  | 'totals'
  | 'nameMissing'
  | 'phoneMissing'
  | 'phoneScientific'
  | 'phoneWrongLength'
  | 'phoneNotDigits'
  | 'phoneInvalid'
  | 'dateInvalid'
  | 'fieldInvalid'
  | 'sameAsLine'
  | 'existingCard'
  | 'otherConsultantsCard'
  | 'severalCards'
  | 'fillExisting'
  | 'overwriteExisting'
  | 'ownerMissing'
  | 'ownerUnknown';

export function importReason(key: ImportReasonKey, params: MessageParams = {}): string {
  return Object.keys(params).length > 0
    ? messageWithParams(`importPlan.reason.${key}`, params)
    : `importPlan.reason.${key}`;
}

/** i18next's t, or anything that renders a key with parameters. */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

/** A reason (or an ImportError's message) in the reader's language. */
export function renderImportMessage(message: string, t: Translate): string {
  const { key, params } = parseMessage(message);
  const rendered: Record<string, unknown> = { ...params };
  if (typeof params.field === 'string') rendered.field = t(`importPlan.field.${params.field}`);
  if (typeof params.problem === 'string') {
    const problem = parseMessage(params.problem);
    rendered.problem = t(problem.key, problem.params);
  }
  return t(key, rendered);
}
