// Phone cells as offices type them: "+86 138 0013 8000", "138-0013-8000", "8613800138000",
// full-width digits (１３８…), two numbers in one cell ("138… / 139…"), and numbers Excel turned
// into "1.38001E+10" when the sheet went through CSV — the digits are gone, so such a cell is
// refused with that reason, never guessed. The rules themselves are the app's (shared/domain/phone).

import { normalizePhone, phoneProblem } from '../domain/phone';
import type { Cell } from './grid';

export type PhoneCellProblem = {
  /** i18n key under importPlan.reason. */
  reason: 'phoneScientific' | 'phoneNotDigits' | 'phoneWrongLength' | 'phoneInvalid';
  value: string;
};

export type PhoneCell = { phones: string[]; problem: PhoneCellProblem | null };

const SCIENTIFIC = /^[+-]?\d+(\.\d+)?e[+-]?\d+$/i;
/** Between two numbers in one cell. */
const SEPARATORS = /[/／,，;；、|｜\n]+|或|\bor\b/;

function problemOf(part: string): PhoneCellProblem | null {
  if (SCIENTIFIC.test(part)) return { reason: 'phoneScientific', value: part };
  const problem = phoneProblem(part);
  if (problem === null || problem === 'empty') return null;
  if (problem === 'not_digits') return { reason: 'phoneNotDigits', value: part };
  if (problem === 'invalid_mobile') return { reason: 'phoneWrongLength', value: part };
  return { reason: 'phoneInvalid', value: part };
}

/** The normalized numbers of one cell, or the first problem found in it. */
export function parsePhoneCell(cell: Cell | undefined): PhoneCell {
  if (cell === null || cell === undefined) return { phones: [], problem: null };
  if (typeof cell === 'number') {
    // An .xlsx number cell still holds every digit (Excel only displays it as 1.38E+10).
    return parsePhoneCell(String(cell));
  }
  if (typeof cell !== 'string') {
    return { phones: [], problem: { reason: 'phoneNotDigits', value: String(cell) } };
  }
  const phones: string[] = [];
  for (const raw of cell.normalize('NFKC').split(SEPARATORS)) {
    const part = raw.trim();
    if (part === '') continue;
    const problem = problemOf(part);
    if (problem === null) {
      phones.push(normalizePhone(part));
      continue;
    }
    // "13800138000 13900139000": two numbers with only a space between them.
    const pieces = part.split(/\s+/);
    if (pieces.length > 1 && pieces.every((piece) => problemOf(piece) === null)) {
      phones.push(...pieces.map(normalizePhone));
      continue;
    }
    return { phones: [], problem };
  }
  return { phones: [...new Set(phones)], problem: null };
}
