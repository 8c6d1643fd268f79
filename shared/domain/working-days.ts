// Working days for complaint deadlines (3 working days to first contact, 5 to a result). Monday to
// Friday in the showroom's local time; China's statutory holidays and their swapped weekend
// workdays are not modelled (they change every year by State Council notice).

import dayjs from 'dayjs';

function isWorkingDay(day: dayjs.Dayjs): boolean {
  const weekday = day.day();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The moment `days` working days after `from`, at the same local time of day. A complaint received
 * on a Saturday counts from the next Monday, so its first working day is Monday itself.
 */
export function addWorkingDays(from: Date, days: number): Date {
  let day = dayjs(from);
  while (!isWorkingDay(day)) day = day.add(1, 'day').startOf('day');
  let left = days;
  while (left > 0) {
    day = day.add(1, 'day');
    if (isWorkingDay(day)) left -= 1;
  }
  return day.toDate();
}
