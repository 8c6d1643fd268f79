// Hybrid logical clock (Kulkarni et al.): wall-clock milliseconds plus a counter plus the node id.
// Timestamps are fixed-width strings so that plain string comparison orders them; the node id
// breaks ties so that two clients never produce equal timestamps.

export type HlcState = { millis: number; counter: number; node: string };

const MILLIS_WIDTH = 15;
const COUNTER_WIDTH = 5;
const MAX_COUNTER = 36 ** COUNTER_WIDTH - 1;
/** A remote clock this far ahead of ours is refused: a client with a wrong date must not win every merge. */
export const MAX_DRIFT_MS = 5 * 60 * 1000;

export class ClockDriftError extends Error {
  constructor(
    readonly remoteMillis: number,
    readonly localMillis: number,
  ) {
    super(
      `Remote clock is ${remoteMillis - localMillis} ms ahead of ours (limit ${MAX_DRIFT_MS} ms)`,
    );
    this.name = 'ClockDriftError';
  }
}

export function createHlc(node: string, millis = 0): HlcState {
  if (!/^[0-9a-z]{1,32}$/.test(node)) throw new Error(`Invalid HLC node id: ${node}`);
  return { millis, counter: 0, node };
}

export function formatHlc(state: HlcState): string {
  return `${state.millis.toString().padStart(MILLIS_WIDTH, '0')}:${state.counter
    .toString(36)
    .padStart(COUNTER_WIDTH, '0')}:${state.node}`;
}

// Exactly what formatHlc produces: anything else (e.g. non-digit millis, which would parse to NaN and
// poison the local clock in receiveHlc for good) is refused.
const HLC_TIMESTAMP = new RegExp(
  `^(\\d{${MILLIS_WIDTH}}):([0-9a-z]{${COUNTER_WIDTH}}):([0-9a-z]{1,32})$`,
);

export function parseHlc(timestamp: string): HlcState {
  const match = HLC_TIMESTAMP.exec(timestamp);
  if (!match) throw new Error(`Invalid HLC timestamp: ${timestamp}`);
  const [, millis = '', counter = '', node = ''] = match;
  return { millis: Number(millis), counter: parseInt(counter, 36), node };
}

/** A local event (a write): returns the new state; format it to get the event's timestamp. */
export function tickHlc(state: HlcState, now: number): HlcState {
  if (now > state.millis) return { millis: now, counter: 0, node: state.node };
  return bumpCounter(state.millis, state.counter, state.node);
}

/** Merging a timestamp received from elsewhere keeps our clock ahead of everything we have seen. */
export function receiveHlc(state: HlcState, remoteTimestamp: string, now: number): HlcState {
  const remote = parseHlc(remoteTimestamp);
  if (remote.millis - now > MAX_DRIFT_MS) throw new ClockDriftError(remote.millis, now);
  const millis = Math.max(state.millis, remote.millis, now);
  if (millis === state.millis && millis === remote.millis) {
    return bumpCounter(millis, Math.max(state.counter, remote.counter), state.node);
  }
  if (millis === state.millis) return bumpCounter(millis, state.counter, state.node);
  if (millis === remote.millis) return bumpCounter(millis, remote.counter, state.node);
  return { millis, counter: 0, node: state.node };
}

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function bumpCounter(millis: number, counter: number, node: string): HlcState {
  if (counter >= MAX_COUNTER) throw new Error('HLC counter overflow');
  return { millis, counter: counter + 1, node };
}
