import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ClockDriftError,
  MAX_DRIFT_MS,
  compareHlc,
  createHlc,
  formatHlc,
  parseHlc,
  receiveHlc,
  tickHlc,
  type HlcState,
} from './hlc';

const T = 1_773_000_000_000; // 2026-03-08T20:00:00Z
const MAX_COUNTER = 36 ** 5 - 1;

const nodeArb = fc.stringMatching(/^[0-9a-z]{1,32}$/);
const stateArb = fc.record({
  millis: fc.integer({ min: 0, max: 10 ** 15 - 1 }),
  counter: fc.integer({ min: 0, max: MAX_COUNTER }),
  node: nodeArb,
});

describe('createHlc', () => {
  it('starts at the given millis with counter 0', () => {
    expect(createHlc('abc123')).toEqual({ millis: 0, counter: 0, node: 'abc123' });
    expect(createHlc('n1', T)).toEqual({ millis: T, counter: 0, node: 'n1' });
  });

  it('accepts node ids of 1 to 32 lowercase letters and digits', () => {
    expect(() => createHlc('a')).not.toThrow();
    expect(() => createHlc('0123456789abcdef0123456789abcdef')).not.toThrow();
  });

  it.each(['', 'ABC', 'a:b', 'a-b', 'a b', 'ü', '0123456789abcdef0123456789abcdef0'])(
    'rejects the node id %j',
    (node) => {
      expect(() => createHlc(node)).toThrow(/Invalid HLC node id/);
    },
  );
});

describe('formatHlc / parseHlc', () => {
  it('formats fixed-width millis and base-36 counter', () => {
    expect(formatHlc({ millis: T, counter: 0, node: 'n1' })).toBe('001773000000000:00000:n1');
    expect(formatHlc({ millis: 5, counter: 35, node: 'abc' })).toBe('000000000000005:0000z:abc');
    expect(formatHlc({ millis: 5, counter: 36, node: 'abc' })).toBe('000000000000005:00010:abc');
  });

  it('parses what it formats (property)', () => {
    fc.assert(
      fc.property(stateArb, (state) => {
        expect(parseHlc(formatHlc(state))).toEqual(state);
      }),
      { seed: 7, numRuns: 1000 },
    );
  });

  it.each([
    'garbage',
    '',
    '1773000000000:00000:n1', // millis too short
    '001773000000000:0000:n1', // counter too short
    '001773000000000:00000', // no node
    '001773000000000:00000:', // empty node
    '0017730000000x0:00000:n1', // millis not digits
    '001773000000000:-0001:n1', // negative counter
    '001773000000000:0000!:n1', // counter not base 36
    '001773000000000:00000:N1', // node not lowercase
    '001773000000000:00000:n1:extra', // extra part
  ])('rejects the malformed timestamp %j', (timestamp) => {
    expect(() => parseHlc(timestamp)).toThrow(/Invalid HLC timestamp/);
  });
});

describe('string order equals time order', () => {
  function tupleOrder(a: HlcState, b: HlcState): number {
    if (a.millis !== b.millis) return Math.sign(a.millis - b.millis);
    if (a.counter !== b.counter) return Math.sign(a.counter - b.counter);
    return a.node < b.node ? -1 : a.node > b.node ? 1 : 0;
  }

  it('compareHlc of the strings orders like (millis, counter, node) (property)', () => {
    fc.assert(
      fc.property(stateArb, stateArb, (a, b) => {
        expect(compareHlc(formatHlc(a), formatHlc(b))).toBe(tupleOrder(a, b));
      }),
      { seed: 11, numRuns: 2000 },
    );
  });

  it('orders across digit-count changes of millis and counter', () => {
    const earlier = formatHlc({ millis: 999, counter: 0, node: 'z' });
    const later = formatHlc({ millis: 1000, counter: 0, node: 'a' });
    expect(compareHlc(earlier, later)).toBe(-1);
    const c9 = formatHlc({ millis: T, counter: 9, node: 'a' });
    const c10 = formatHlc({ millis: T, counter: 10, node: 'a' }); // "a" in base 36
    const c36 = formatHlc({ millis: T, counter: 36, node: 'a' }); // "10" in base 36
    expect([c36, c10, c9].sort()).toEqual([c9, c10, c36]);
    expect(compareHlc(c10, c10)).toBe(0);
    expect(compareHlc(c36, c9)).toBe(1);
  });

  it('breaks ties between nodes, so two clients never produce equal timestamps', () => {
    const a = formatHlc({ millis: T, counter: 3, node: 'alpha' });
    const b = formatHlc({ millis: T, counter: 3, node: 'beta' });
    expect(a).not.toBe(b);
    expect(compareHlc(a, b)).toBe(-1);
    expect(compareHlc(b, a)).toBe(1);
  });
});

describe('tickHlc', () => {
  it('takes the wall clock when it has moved on, resetting the counter', () => {
    const state = { millis: T, counter: 5, node: 'n1' };
    expect(tickHlc(state, T + 1)).toEqual({ millis: T + 1, counter: 0, node: 'n1' });
  });

  it('bumps the counter for a second event in the same millisecond', () => {
    const first = tickHlc(createHlc('n1'), T);
    const second = tickHlc(first, T);
    const third = tickHlc(second, T);
    expect([first.counter, second.counter, third.counter]).toEqual([0, 1, 2]);
    expect(third.millis).toBe(T);
  });

  it('keeps moving forward when the wall clock goes backwards', () => {
    const state = tickHlc(createHlc('n1'), T);
    const afterJumpBack = tickHlc(state, T - 60_000);
    expect(afterJumpBack).toEqual({ millis: T, counter: 1, node: 'n1' });
    expect(compareHlc(formatHlc(afterJumpBack), formatHlc(state))).toBe(1);
  });

  it('does not modify the state it is given', () => {
    const state = { millis: T, counter: 0, node: 'n1' };
    tickHlc(state, T);
    tickHlc(state, T + 5);
    expect(state).toEqual({ millis: T, counter: 0, node: 'n1' });
  });

  it('throws on counter overflow rather than wrapping around', () => {
    expect(() => tickHlc({ millis: T, counter: MAX_COUNTER, node: 'n1' }, T)).toThrow(/overflow/);
    expect(tickHlc({ millis: T, counter: MAX_COUNTER - 1, node: 'n1' }, T).counter).toBe(
      MAX_COUNTER,
    );
  });

  it('is strictly monotonic for any sequence of wall-clock readings (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -5000, max: 5000 }), { minLength: 1, maxLength: 200 }),
        (jumps) => {
          let state = createHlc('n1');
          let now = T;
          let previous = '';
          let maxNow = 0;
          for (const jump of jumps) {
            now += jump;
            maxNow = Math.max(maxNow, now);
            state = tickHlc(state, now);
            const stamp = formatHlc(state);
            expect(compareHlc(stamp, previous)).toBe(1);
            // Never behind the latest wall clock seen, never ahead of it.
            expect(state.millis).toBe(maxNow);
            previous = stamp;
          }
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});

describe('receiveHlc', () => {
  const local = { millis: T, counter: 2, node: 'local' };

  it('moves ahead of a remote timestamp that is ahead of us (within the drift limit)', () => {
    const remote = formatHlc({ millis: T + 1000, counter: 7, node: 'remote' });
    const next = receiveHlc(local, remote, T + 10);
    expect(next).toEqual({ millis: T + 1000, counter: 8, node: 'local' });
    expect(compareHlc(formatHlc(next), remote)).toBe(1);
  });

  it('bumps our own counter when we are ahead of both the remote and the wall clock', () => {
    const remote = formatHlc({ millis: T - 1000, counter: 50, node: 'remote' });
    expect(receiveHlc(local, remote, T - 500)).toEqual({ millis: T, counter: 3, node: 'local' });
  });

  it('takes the larger counter + 1 when local and remote share the millisecond', () => {
    expect(receiveHlc(local, formatHlc({ millis: T, counter: 9, node: 'remote' }), T)).toEqual({
      millis: T,
      counter: 10,
      node: 'local',
    });
    expect(receiveHlc(local, formatHlc({ millis: T, counter: 0, node: 'remote' }), T)).toEqual({
      millis: T,
      counter: 3,
      node: 'local',
    });
  });

  it('takes the wall clock with counter 0 when it is ahead of both', () => {
    const remote = formatHlc({ millis: T + 5, counter: 9, node: 'remote' });
    expect(receiveHlc(local, remote, T + 10)).toEqual({
      millis: T + 10,
      counter: 0,
      node: 'local',
    });
  });

  it('makes the next local write newer than everything received', () => {
    const remote = formatHlc({ millis: T + 60_000, counter: 4, node: 'zzz' });
    const received = receiveHlc(local, remote, T);
    const write = tickHlc(received, T + 1); // our wall clock is still a minute behind
    expect(compareHlc(formatHlc(write), remote)).toBe(1);
  });

  it('accepts a remote clock exactly MAX_DRIFT_MS ahead, refuses one millisecond more', () => {
    const atLimit = formatHlc({ millis: T + MAX_DRIFT_MS, counter: 0, node: 'remote' });
    expect(receiveHlc(local, atLimit, T).millis).toBe(T + MAX_DRIFT_MS);
    const beyond = formatHlc({ millis: T + MAX_DRIFT_MS + 1, counter: 0, node: 'remote' });
    let error: unknown;
    try {
      receiveHlc(local, beyond, T);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ClockDriftError);
    expect(error).toMatchObject({
      name: 'ClockDriftError',
      remoteMillis: T + MAX_DRIFT_MS + 1,
      localMillis: T,
    });
  });

  it('measures drift against the wall clock, not against our (possibly advanced) state', () => {
    const advanced = { millis: T + MAX_DRIFT_MS, counter: 0, node: 'local' };
    const remote = formatHlc({ millis: T + MAX_DRIFT_MS + 10, counter: 0, node: 'remote' });
    expect(() => receiveHlc(advanced, remote, T)).toThrow(ClockDriftError);
  });

  it('refuses a malformed remote timestamp instead of corrupting the clock', () => {
    expect(() => receiveHlc(local, '00000000000NaN0:00000:remote', T)).toThrow(
      /Invalid HLC timestamp/,
    );
    expect(() => receiveHlc(local, 'nonsense', T)).toThrow(/Invalid HLC timestamp/);
  });

  it('is always strictly ahead of both our previous state and the remote (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100_000, max: 100_000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: -100_000, max: MAX_DRIFT_MS }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: -100_000, max: 100_000 }),
        (localOffset, localCounter, remoteOffset, remoteCounter, nowOffset) => {
          const state = { millis: T + localOffset, counter: localCounter, node: 'local' };
          const now = T + nowOffset;
          const remote = formatHlc({
            millis: now + remoteOffset,
            counter: remoteCounter,
            node: 'remote',
          });
          const next = receiveHlc(state, remote, now);
          expect(next.node).toBe('local');
          expect(compareHlc(formatHlc(next), formatHlc(state))).toBe(1);
          expect(
            next.millis > now + remoteOffset ||
              (next.millis === now + remoteOffset && next.counter > remoteCounter),
          ).toBe(true);
          expect(next.millis).toBeGreaterThanOrEqual(now);
        },
      ),
      { seed: 99, numRuns: 1000 },
    );
  });
});
