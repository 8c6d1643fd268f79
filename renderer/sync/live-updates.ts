// The live update stream (GET /v1/events): the server pokes when something in the user's scope
// changed, and the engine pulls. The stream is only a hint: a lost poke costs a sync on the
// timer, so every failure here ends in a reconnect with back-off, except the three no reconnect
// can mend (an outdated protocol, a login needed, a wipe), which go to the engine.

import { pokeSchema } from '../../shared/sync/protocol';
import type { Auth } from './auth';
import {
  DeviceWipedError,
  LoginRequiredError,
  NetworkError,
  ProtocolOutdatedError,
} from './errors';
import { readServerSentEvents } from './event-stream';
import { sleep, type Scheduler } from './scheduler';
import type { Transport } from './transport';

const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 60_000;

export type LiveUpdatesOptions = {
  auth: Pick<Auth, 'authorized'>;
  transport: Pick<Transport, 'openStream'>;
  scheduler: Scheduler;
  isOnline: () => boolean;
  /** Whether the engine may still talk to the server; false ends the stream for good. */
  canTalk: () => boolean;
  /** Something in the user's scope changed (or the stream has just connected): sync. */
  onPoke: () => void;
  /** A failure no reconnect can mend; the stream has stopped. */
  onFatal: (error: ProtocolOutdatedError | LoginRequiredError | DeviceWipedError) => void;
};

export type LiveUpdates = {
  /** Stops the stream and any reconnect waiting in its back-off. */
  close(): void;
};

/** Opens the stream and keeps it open (reconnecting with back-off) until closed. */
export function openLiveUpdates(options: LiveUpdatesOptions): LiveUpdates {
  const { auth, transport, scheduler } = options;
  const controller = new AbortController();
  const { signal } = controller;

  const run = async () => {
    let failures = 0;
    while (!signal.aborted && options.canTalk()) {
      if (options.isOnline()) {
        try {
          const response = await auth.authorized((token) =>
            transport.openStream('/v1/events', token, signal),
          );
          if (!response.body) throw new NetworkError('event stream without a body');
          await readServerSentEvents(response.body, (event) => {
            if (event.event !== 'poke') return;
            let data: unknown = null;
            try {
              data = JSON.parse(event.data);
            } catch {
              // a poke we cannot read is still a poke
            }
            if (data === null || pokeSchema.safeParse(data).success) {
              failures = 0;
              options.onPoke();
            }
          });
        } catch (error) {
          if (signal.aborted) return;
          if (
            error instanceof ProtocolOutdatedError ||
            error instanceof LoginRequiredError ||
            error instanceof DeviceWipedError
          ) {
            options.onFatal(error);
            return;
          }
        }
      }
      if (signal.aborted) return;
      failures += 1;
      await sleep(scheduler, Math.min(RETRY_MIN_MS * 2 ** (failures - 1), RETRY_MAX_MS), signal);
    }
  };
  void run();

  return { close: () => controller.abort() };
}
