// The engine's one queue: push, pull, login, logout and every request to the server run one at a
// time, in the order asked. Asking again for something already waiting (not yet started) gets
// the waiting one's promise instead of a second run: a burst of triggers makes one sync.

export type OperationQueue = {
  /** Queues `run` after everything before it; a waiting operation of the same key is shared. */
  enqueue<T>(key: string, run: () => Promise<T>): Promise<T>;
  /** Resolves once everything queued so far has finished (failed or not). */
  whenIdle(): Promise<void>;
};

export function createOperationQueue(): OperationQueue {
  let tail: Promise<unknown> = Promise.resolve();
  let waiting: { key: string; promise: Promise<unknown> } | null = null;

  function enqueue<T>(key: string, run: () => Promise<T>): Promise<T> {
    if (waiting && waiting.key === key) return waiting.promise as Promise<T>;
    const entry: { key: string; promise: Promise<unknown> } = { key, promise: Promise.resolve() };
    const promise = tail.then(() => {
      if (waiting === entry) waiting = null;
      return run();
    });
    entry.promise = promise;
    waiting = entry;
    tail = promise.catch(() => undefined);
    return promise;
  }

  return { enqueue, whenIdle: () => tail.then(() => undefined) };
}
