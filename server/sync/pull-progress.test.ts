import { describe, expect, it } from 'vitest';
import { createPullProgress } from './pull-progress';

const manager = { userId: 'u1', role: 'manager', dealershipId: 'd1' };

describe('pull progress', () => {
  it('hands the remembered figure to the next page once, for the same scope and cursor only', () => {
    const progress = createPullProgress();
    progress.remember(manager, '1000', 4000);
    expect(progress.remainingAfter({ ...manager, role: 'consultant' }, '1000')).toBeUndefined();
    expect(progress.remainingAfter({ ...manager, userId: 'u2' }, '1000')).toBeUndefined();
    expect(progress.remainingAfter(manager, '999')).toBeUndefined();
    expect(progress.remainingAfter(manager, '1000')).toBe(4000);
    expect(progress.remainingAfter(manager, '1000')).toBeUndefined();
  });

  it('forgets a pull that stalled longer than its time to live', () => {
    let clock = 0;
    const progress = createPullProgress({ ttlMs: 1000, now: () => clock });
    progress.remember(manager, '1', 10);
    progress.remember(manager, '2', 20);
    clock = 1000;
    expect(progress.remainingAfter(manager, '1')).toBe(10);
    clock = 1001;
    expect(progress.remainingAfter(manager, '2')).toBeUndefined();
  });

  it('stays bounded, dropping the oldest pulls first', () => {
    const progress = createPullProgress({ maxEntries: 3 });
    for (let cursor = 1; cursor <= 5; cursor += 1)
      progress.remember(manager, String(cursor), cursor);
    expect(progress.size).toBe(3);
    expect(progress.remainingAfter(manager, '1')).toBeUndefined();
    expect(progress.remainingAfter(manager, '2')).toBeUndefined();
    expect(progress.remainingAfter(manager, '5')).toBe(5);
  });
});
