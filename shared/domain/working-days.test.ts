import { describe, expect, it } from 'vitest';
import { addWorkingDays, holidayCalendarLastYear, isWorkingDay } from './working-days';

// Local times (the tests run in the machine's zone; dayjs works in local time too).
const at = (day: string, time = '10:00') => new Date(`${day}T${time}:00`);

describe('working days', () => {
  it('skips weekends', () => {
    // 2026-11-24 is a Tuesday.
    expect(addWorkingDays(at('2026-11-24'), 3)).toEqual(at('2026-11-27'));
    expect(addWorkingDays(at('2026-11-24'), 5)).toEqual(at('2026-12-01'));
    // Friday + 1 working day = Monday, same time of day.
    expect(addWorkingDays(at('2026-11-27', '16:30'), 1)).toEqual(at('2026-11-30', '16:30'));
  });

  it('counts a weekend complaint from Monday', () => {
    // Saturday 28 Nov: Monday is day 0, so 3 working days end on Thursday.
    expect(addWorkingDays(at('2026-11-28', '15:00'), 3)).toEqual(at('2026-12-03', '00:00'));
  });

  it('zero days is the moment itself on a working day', () => {
    expect(addWorkingDays(at('2026-11-24'), 0)).toEqual(at('2026-11-24'));
  });

  it('skips the statutory holidays and works the weekend days swapped for them (调休)', () => {
    // National Day 2026: 1–7 October off, Saturday 10 October worked in exchange.
    expect(isWorkingDay('2026-10-01')).toBe(false);
    expect(isWorkingDay('2026-10-10')).toBe(true);
    expect(isWorkingDay('2026-09-20')).toBe(true); // a Sunday, worked
    expect(isWorkingDay('2026-10-08')).toBe(true);
    // Received Wednesday 30 September: Thursday 8, Friday 9, Saturday 10 October.
    expect(addWorkingDays(at('2026-09-30'), 3)).toEqual(at('2026-10-10'));
    // Spring Festival 2026: 15–23 February off, Saturday 14 and 28 February worked.
    expect(addWorkingDays(at('2026-02-13'), 1)).toEqual(at('2026-02-14'));
    expect(addWorkingDays(at('2026-02-14'), 1)).toEqual(at('2026-02-24'));
    // A complaint received on the first day of a holiday counts from the first working day.
    expect(addWorkingDays(at('2026-05-01', '11:00'), 1)).toEqual(at('2026-05-07', '00:00'));
  });

  it('falls back to Monday to Friday after the last year the calendar holds', () => {
    const next = holidayCalendarLastYear() + 1;
    // 1 January is a statutory holiday every year, but not one the calendar knows yet.
    const newYear = `${next}-01-01`;
    const weekday = new Date(`${newYear}T12:00:00`).getDay();
    expect(isWorkingDay(newYear)).toBe(weekday !== 0 && weekday !== 6);
    expect(holidayCalendarLastYear()).toBeGreaterThanOrEqual(2026);
  });
});
