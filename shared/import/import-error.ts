// Why a file cannot be imported at all (as opposed to one line of it): an i18n key with
// parameters (shared/domain/validation-message.ts), so the screen and the CLI say it in the
// reader's language. Thrown before anything is written.

import { messageWithParams, type MessageParams } from '../domain/validation-message';

export type ImportErrorCode =
  | 'empty'
  | 'binary'
  | 'tooLarge'
  | 'tooManyRows'
  | 'xlsNotSupported'
  | 'unreadableWorkbook'
  | 'noSheets'
  | 'unknownSheet'
  | 'noHeader';

export class ImportError extends Error {
  readonly code: ImportErrorCode;
  readonly params: MessageParams;

  constructor(code: ImportErrorCode, params: MessageParams = {}) {
    // The message is the i18n key with its parameters: parseMessage() splits it again.
    super(
      Object.keys(params).length > 0
        ? messageWithParams(`importPlan.error.${code}`, params)
        : `importPlan.error.${code}`,
    );
    this.name = 'ImportError';
    this.code = code;
    this.params = params;
  }
}

/**
 * Limits, chosen so a showroom laptop's renderer never runs out of memory: a CSV is held as text
 * once decoded (200 MB of GBK is about 400 MB of UTF-16 in memory); ExcelJS holds a whole
 * workbook as objects, roughly 20× the zipped size, so an .xlsx gets a smaller limit. 100,000
 * data lines is the largest import the plan and the write side are measured with.
 */
export const IMPORT_LIMITS = {
  csvBytes: 200 * 1024 * 1024,
  xlsxBytes: 50 * 1024 * 1024,
  dataRows: 100_000,
} as const;
