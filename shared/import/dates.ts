// Date cells as offices type them: "2026/11/3", "2026-11-03", "2026年11月3日", "2026.11.3", with
// a time ("2026/11/3 14:30"), Excel serial numbers (46329 = 2026-11-03) and .xlsx date cells.
// Parsed strictly with dayjs: "2026/13/3" is refused, never rolled over into next January.

import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import type { Cell } from './grid';

dayjs.extend(customParseFormat);

/** A wall-clock date and time, as written in the file (no zone: the sheet has none). */
export type WallTime = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
};

/** After the separators are unified: year-month-day, optionally hour:minute[:second]. */
const DATE_TIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?: (\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?$/;
/** Excel's day 0 (its 1900 leap-year bug folded in): serial 1 = 1900-01-01 for dates after March 1900. */
const EXCEL_EPOCH_UTC = Date.UTC(1899, 11, 30);
/** Serials from 1950 to 2100: a bare number outside this is not a date. */
const SERIAL_RANGE = { min: 18_264, max: 73_051 };

function fromUtcParts(at: Date): WallTime {
  return {
    year: at.getUTCFullYear(),
    month: at.getUTCMonth() + 1,
    day: at.getUTCDate(),
    hour: at.getUTCHours(),
    minute: at.getUTCMinutes(),
    second: at.getUTCSeconds(),
  };
}

function fromSerial(serial: number): WallTime | null {
  if (serial < SERIAL_RANGE.min || serial > SERIAL_RANGE.max) return null;
  // Rounded to the second: Excel stores 14:30 as 0.604166666…
  const millis = Math.round((serial * 86_400_000) / 1000) * 1000;
  return fromUtcParts(new Date(EXCEL_EPOCH_UTC + millis));
}

function fromText(raw: string): WallTime | null {
  const text = raw
    .normalize('NFKC')
    .trim()
    .replace(/[年月/.]/g, '-')
    .replace(/日/g, ' ')
    .replace(/[时時]/g, ':')
    .replace(/[分秒]/g, '')
    .replace(/T/, ' ')
    .replace(/\s+/g, ' ')
    .replace(/:$/, '')
    .trim();
  if (/^\d+(\.\d+)?$/.test(text)) return fromSerial(Number(text));
  const parts = DATE_TIME.exec(text);
  if (!parts) return null;
  const [, year = '', month = '', day = '', hour = '0', minute = '0', second = '0'] = parts;
  const padded = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')} ${hour.padStart(2, '0')}:${minute.padStart(2, '0')}:${second.padStart(2, '0')}`;
  // Strict: "2026-02-30" is no date (a lenient parse would make it 2 March).
  const parsed = dayjs(padded, 'YYYY-MM-DD HH:mm:ss', true);
  if (!parsed.isValid()) return null;
  return {
    year: parsed.year(),
    month: parsed.month() + 1,
    day: parsed.date(),
    hour: parsed.hour(),
    minute: parsed.minute(),
    second: parsed.second(),
  };
}

/**
 * The wall time a cell holds; null for an empty cell; 'invalid' for what is no date. .xlsx date
 * cells come from ExcelJS as Dates whose UTC fields are the sheet's wall time.
 */
export function parseDateCell(cell: Cell | undefined): WallTime | null | 'invalid' {
  if (cell === null || cell === undefined) return null;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? 'invalid' : fromUtcParts(cell);
  if (typeof cell === 'number') return fromSerial(cell) ?? 'invalid';
  if (typeof cell === 'boolean') return 'invalid';
  if (cell.trim() === '') return null;
  return fromText(cell) ?? 'invalid';
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** "YYYY-MM-DD". */
export function wallDay(time: WallTime): string {
  return `${pad(time.year, 4)}-${pad(time.month)}-${pad(time.day)}`;
}

/** The wall time read on this computer's clock, as an ISO instant (how the app stores times). */
export function wallTimeToInstant(time: WallTime): string {
  return new Date(
    time.year,
    time.month - 1,
    time.day,
    time.hour,
    time.minute,
    time.second,
  ).toISOString();
}
