// The timers the sync engine and its poke stream use: the globals in the app, fakes in tests, so
// back-off and debounce are tested without waiting.

export type Scheduler = {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
};

export const globalScheduler: Scheduler = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  setInterval: (callback, ms) => globalThis.setInterval(callback, ms),
  clearInterval: (handle) => globalThis.clearInterval(handle as ReturnType<typeof setInterval>),
};

/** Resolves after `ms`, or at once when `signal` aborts (never rejects). */
export function sleep(scheduler: Scheduler, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const handle = scheduler.setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      scheduler.clearTimeout(handle);
      resolve();
    });
  });
}
