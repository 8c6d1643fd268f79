import { describe, expect, it } from 'vitest';
import { LoginRequiredError, ProtocolOutdatedError } from './errors';
import { openLiveUpdates, type LiveUpdatesOptions } from './live-updates';
import type { Scheduler } from './scheduler';

/** A scheduler whose timers run only when the test says so. */
function manualScheduler() {
  const timers = new Map<number, { callback: () => void; ms: number }>();
  let next = 0;
  const scheduler: Scheduler = {
    setTimeout(callback, ms) {
      next += 1;
      timers.set(next, { callback, ms });
      return next;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    setInterval: () => 0,
    clearInterval: () => undefined,
  };
  return {
    scheduler,
    delays: () => [...timers.values()].map((timer) => timer.ms),
    runAll() {
      const due = [...timers.entries()];
      timers.clear();
      for (const [, timer] of due) timer.callback();
    },
  };
}

/** Event streams the test writes into, one per connection. */
function streamServer() {
  const connections: ReadableStreamDefaultController<Uint8Array>[] = [];
  let failure: Error | null = null;
  return {
    connections,
    failNextWith(error: Error) {
      failure = error;
    },
    openStream: async (_path: string, _token: string, signal: AbortSignal) => {
      if (failure) {
        const error = failure;
        failure = null;
        throw error;
      }
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          connections.push(controller);
          signal.addEventListener('abort', () =>
            controller.error(new DOMException('aborted', 'AbortError')),
          );
        },
      });
      return new Response(body);
    },
    send(text: string, connection = connections.length - 1) {
      connections[connection]?.enqueue(new TextEncoder().encode(text));
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

function harness(overrides: Partial<LiveUpdatesOptions> = {}) {
  const clock = manualScheduler();
  const server = streamServer();
  const events = { pokes: 0, fatal: [] as Error[], talking: true };
  const updates = openLiveUpdates({
    auth: { authorized: (request) => request('token') },
    transport: { openStream: server.openStream },
    scheduler: clock.scheduler,
    isOnline: () => true,
    canTalk: () => events.talking,
    onPoke: () => {
      events.pokes += 1;
    },
    onFatal: (error) => events.fatal.push(error),
    ...overrides,
  });
  return { clock, server, events, updates };
}

describe('live updates', () => {
  it('pokes on every readable poke, and on a poke whose data cannot be read', async () => {
    const h = harness();
    await settle();
    h.server.send('event: poke\ndata: {"reason":"connected"}\n\n');
    h.server.send(': keep-alive\n\nevent: other\ndata: {}\n\n');
    h.server.send('event: poke\ndata: not json\n\n');
    h.server.send('event: poke\ndata: {"reason":"something else"}\n\n');
    h.server.send('event: poke\ndata: {"reason":"changes"}\n\n');
    await settle();
    expect(h.events.pokes).toBe(3);
    h.updates.close();
  });

  it('reconnects with a doubling back-off while the stream keeps failing, reset by a poke', async () => {
    const h = harness();
    await settle();
    h.server.connections[0]?.close();
    await settle();
    expect(h.clock.delays()).toEqual([1_000]);
    h.server.failNextWith(new TypeError('fetch failed'));
    h.clock.runAll();
    await settle();
    expect(h.clock.delays()).toEqual([2_000]);
    h.clock.runAll();
    await settle();
    expect(h.server.connections).toHaveLength(2);
    h.server.send('event: poke\ndata: {"reason":"connected"}\n\n');
    h.server.connections[1]?.close();
    await settle();
    expect(h.clock.delays()).toEqual([1_000]);
    h.updates.close();
  });

  it('stops for good on an outdated protocol or a login needed, and tells the engine', async () => {
    for (const error of [new ProtocolOutdatedError(null), new LoginRequiredError()]) {
      const clock = manualScheduler();
      const server = streamServer();
      server.failNextWith(error);
      const fatal: Error[] = [];
      openLiveUpdates({
        auth: { authorized: (request) => request('token') },
        transport: { openStream: server.openStream },
        scheduler: clock.scheduler,
        isOnline: () => true,
        canTalk: () => true,
        onPoke: () => undefined,
        onFatal: (failure) => fatal.push(failure),
      });
      await settle();
      expect(fatal).toEqual([error]);
      expect(clock.delays()).toEqual([]);
    }
  });

  it('closing ends the stream and the back-off; no reconnect follows', async () => {
    const h = harness();
    await settle();
    h.server.connections[0]?.close();
    await settle();
    expect(h.clock.delays()).toEqual([1_000]);
    h.updates.close();
    await settle();
    expect(h.clock.delays()).toEqual([]);
    expect(h.server.connections).toHaveLength(1);
  });
});
