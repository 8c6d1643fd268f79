// The server's hybrid logical clock (node "server"), one per dealership, kept in server_clock.
// It is read at the start of a writing transaction (under the dealership lock, so no other writer
// of that dealership can interleave), advanced by every stamp and every received client clock,
// and written back before commit: it never runs backwards, across restarts and across instances.

import {
  createHlc,
  formatHlc,
  parseHlc,
  receiveHlc,
  tickHlc,
  type HlcState,
} from '../../shared/sync/hlc';
import type { Queryable } from '../db/database';

import { SERVER_NODE } from '../../shared/sync/protocol';

export { SERVER_NODE };

export type ServerClock = {
  /** A new server timestamp, newer than anything seen so far. */
  tick(): string;
  /** Folds a client's timestamp in; throws ClockDriftError when it is too far ahead. */
  receive(remote: string): void;
  /** Writes the clock back; call before the transaction commits. */
  save(): Promise<void>;
};

export async function loadServerClock(
  tx: Queryable,
  dealershipId: string,
  now: () => number = Date.now,
): Promise<ServerClock> {
  const [row] = await tx.query<{ hlc: string }>(
    'SELECT hlc FROM server_clock WHERE dealership_id = $1',
    [dealershipId],
  );
  let state: HlcState = row ? parseHlc(row.hlc) : createHlc(SERVER_NODE);
  let dirty = false;
  return {
    tick() {
      state = tickHlc(state, now());
      dirty = true;
      return formatHlc(state);
    },
    receive(remote) {
      state = receiveHlc(state, remote, now());
      dirty = true;
    },
    async save() {
      if (!dirty) return;
      await tx.query(
        `INSERT INTO server_clock (dealership_id, hlc) VALUES ($1, $2)
         ON CONFLICT (dealership_id) DO UPDATE SET hlc = EXCLUDED.hlc`,
        [dealershipId, formatHlc(state)],
      );
      dirty = false;
    },
  };
}
