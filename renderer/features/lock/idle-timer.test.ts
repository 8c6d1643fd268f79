import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIdleTimer } from './idle-timer';

const MINUTE = 60_000;

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createIdleTimer', () => {
  it('fires once after the idle time with no activity', () => {
    const onIdle = vi.fn();
    createIdleTimer(10 * MINUTE, onIdle);
    vi.advanceTimersByTime(10 * MINUTE - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60 * MINUTE);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('starts over with every activity', () => {
    const onIdle = vi.fn();
    const timer = createIdleTimer(10 * MINUTE, onIdle);
    vi.advanceTimersByTime(9 * MINUTE);
    timer.activity();
    vi.advanceTimersByTime(9 * MINUTE);
    expect(onIdle).not.toHaveBeenCalled();
    timer.activity();
    vi.advanceTimersByTime(10 * MINUTE - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('never fires once stopped', () => {
    const onIdle = vi.fn();
    const timer = createIdleTimer(MINUTE, onIdle);
    vi.advanceTimersByTime(30_000);
    timer.stop();
    vi.advanceTimersByTime(10 * MINUTE);
    expect(onIdle).not.toHaveBeenCalled();
  });

  it('counts time the computer slept (wall clock), not only timer ticks', () => {
    const onIdle = vi.fn();
    let clock = 0;
    createIdleTimer(10 * MINUTE, onIdle, () => clock);
    // The timer fires late (after sleep) but the wall clock says the time is up.
    clock = 10 * MINUTE;
    vi.advanceTimersByTime(10 * MINUTE);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });
});
