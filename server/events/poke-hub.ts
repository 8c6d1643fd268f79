// The open SSE streams of this instance, and the LISTEN that feeds them. A commit on any instance
// NOTIFYs the dealership and the owners whose rows changed (sync/change-notice.ts); each instance
// pokes only its own streams whose user can see such a row. A poke carries no data: the client
// pulls, and the pull decides what the user gets.

import type { Role } from '../../shared/sync/tables';
import { seesWholeDealership } from '../auth/authorize';
import type { Database } from '../db/database';
import { CHANGES_CHANNEL, parseChangeNotice, type ChangeNotice } from '../sync/change-notice';

export type PokeReason = 'changes' | 'connected';

export type PokeStream = {
  userId: string;
  sessionId: string;
  dealershipId: string;
  role: Role;
  poke(reason: PokeReason): void;
  /** Ends the stream (server shutting down). */
  end(): void;
};

export type PokeHub = {
  /** Registers a stream; returns its removal. */
  add(stream: PokeStream): () => void;
  /** Pokes the streams a committed change concerns. */
  dispatch(notice: ChangeNotice | null): void;
  /**
   * Ends the streams of an ended session (logout) or of every session of a user (new password,
   * deactivation) on this instance; other instances notice at their next keep-alive.
   */
  endSessions(ended: { sessionId: string } | { userId: string }): void;
  listen(db: Database): Promise<void>;
  /** Stops listening and ends every stream. */
  close(): Promise<void>;
  readonly size: number;
};

export function createPokeHub(onBadNotice: (payload: string) => void = () => {}): PokeHub {
  const streams = new Set<PokeStream>();
  let unlisten: (() => Promise<void>) | null = null;

  const concerns = (stream: PokeStream, notice: ChangeNotice) =>
    stream.dealershipId === notice.dealershipId &&
    (notice.all === true ||
      seesWholeDealership(stream.role) ||
      notice.ownerIds.includes(stream.userId));

  const hub: PokeHub = {
    add(stream) {
      streams.add(stream);
      return () => {
        streams.delete(stream);
      };
    },
    dispatch(notice) {
      for (const stream of streams) {
        // null: the LISTEN connection was lost for a while; anyone may have missed a change.
        if (notice === null || concerns(stream, notice)) stream.poke('changes');
      }
    },
    endSessions(ended) {
      for (const stream of [...streams]) {
        const match =
          'sessionId' in ended
            ? stream.sessionId === ended.sessionId
            : stream.userId === ended.userId;
        if (match) stream.end();
      }
    },
    async listen(db) {
      unlisten = await db.listen(CHANGES_CHANNEL, (payload) => {
        if (payload === null) return hub.dispatch(null);
        const notice = parseChangeNotice(payload);
        if (notice) hub.dispatch(notice);
        else onBadNotice(payload);
      });
    },
    async close() {
      for (const stream of [...streams]) stream.end();
      streams.clear();
      const stop = unlisten;
      unlisten = null;
      if (stop) await stop();
    },
    get size() {
      return streams.size;
    },
  };
  return hub;
}
