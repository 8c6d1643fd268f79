// Working days for complaint deadlines (3 working days to first contact, 5 to a result), in the
// showroom's local time. China's statutory holidays and the weekend days worked in exchange (调休)
// come from the `chinese-days` package's calendar, which follows the State Council's yearly
// notice; a year it does not hold yet counts Monday to Friday, and the complaint form says so.

import calendar from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import dayjs from 'dayjs';

const HOLIDAYS: ReadonlySet<string> = new Set(Object.keys(calendar.holidays));
const SWAPPED_WORKDAYS: ReadonlySet<string> = new Set(Object.keys(calendar.workdays));

const LAST_CALENDAR_YEAR = Math.max(...[...HOLIDAYS].map((day) => Number(day.slice(0, 4))));

/** The last year whose holidays and swapped workdays the calendar holds. */
export function holidayCalendarLastYear(): number {
  return LAST_CALENDAR_YEAR;
}

/** Whether a local calendar day ("YYYY-MM-DD") is a working day in mainland China. */
export function isWorkingDay(day: string): boolean {
  if (SWAPPED_WORKDAYS.has(day)) return true;
  if (HOLIDAYS.has(day)) return false;
  const weekday = dayjs(day).day();
  return weekday !== 0 && weekday !== 6;
}

function isWorkingMoment(moment: dayjs.Dayjs): boolean {
  return isWorkingDay(moment.format('YYYY-MM-DD'));
}

/**
 * The moment `days` working days after `from`, at the same local time of day. A complaint received
 * on a Saturday or a holiday counts from the next working day, which is its day 0.
 */
export function addWorkingDays(from: Date, days: number): Date {
  let day = dayjs(from);
  while (!isWorkingMoment(day)) day = day.add(1, 'day').startOf('day');
  let left = days;
  while (left > 0) {
    day = day.add(1, 'day');
    if (isWorkingMoment(day)) left -= 1;
  }
  return day.toDate();
}
