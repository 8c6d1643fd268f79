import { describe, expect, it } from 'vitest';
import { parseDateCell, wallDay, wallTimeToInstant } from './dates';

const day = (cell: Parameters<typeof parseDateCell>[0]) => {
  const time = parseDateCell(cell);
  return time === null || time === 'invalid' ? time : wallDay(time);
};

describe('parseDateCell', () => {
  it.each([
    ['2026/11/3', '2026-11-03'],
    ['2026-11-03', '2026-11-03'],
    ['2026年11月3日', '2026-11-03'],
    ['2026.11.3', '2026-11-03'],
    ['2026/11/3 14:30', '2026-11-03'],
    ['２０２６年１１月３日', '2026-11-03'],
    ['46329', '2026-11-03'],
  ])('reads %s', (text, expected) => {
    expect(day(text)).toBe(expected);
  });

  it('reads the time with the date', () => {
    expect(parseDateCell('2026-11-03 14:30')).toEqual({
      year: 2026,
      month: 11,
      day: 3,
      hour: 14,
      minute: 30,
      second: 0,
    });
    expect(parseDateCell('2026年11月3日 9时5分')).toMatchObject({ hour: 9, minute: 5 });
  });

  it('reads Excel serial numbers, with the time in the fraction', () => {
    expect(parseDateCell(46329.604166666664)).toMatchObject({
      year: 2026,
      month: 11,
      day: 3,
      hour: 14,
      minute: 30,
    });
  });

  it('reads an .xlsx date cell by its wall time (ExcelJS gives it as UTC fields)', () => {
    expect(day(new Date(Date.UTC(2026, 10, 3, 23, 30)))).toBe('2026-11-03');
  });

  it('refuses what is no date, strictly', () => {
    expect(parseDateCell('2026/13/3')).toBe('invalid');
    expect(parseDateCell('2026-02-30')).toBe('invalid');
    expect(parseDateCell('下周')).toBe('invalid');
    expect(parseDateCell(12)).toBe('invalid');
    expect(parseDateCell('  ')).toBeNull();
    expect(parseDateCell(null)).toBeNull();
  });

  it('turns a wall time into an instant on this computer’s clock', () => {
    const instant = wallTimeToInstant({
      year: 2026,
      month: 11,
      day: 3,
      hour: 14,
      minute: 30,
      second: 0,
    });
    expect(new Date(instant).getHours()).toBe(14);
    expect(new Date(instant).getDate()).toBe(3);
  });
});
