import { describe, expect, it } from 'vitest';
import { addWorkingDays } from './working-days';

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
});
