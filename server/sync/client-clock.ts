// Bounds on the clock a client may claim for its changes (docs/sync-protocol.md, "Clock bounds").
//
// The server judges offline changes by their HLC (a change made before a reassignment is applied,
// one made after is refused), and the HLC is the client's word. Two facts keep that word honest:
// - a client's outbox is pushed in seq order and its clock only moves forward, so a change whose
//   clock is older than one the server already took from the same client is impossible (the floor);
// - a client that reports, at a contact, the newest server HLC it has folded in and its highest
//   outbox seq then cannot have made a change with a larger seq before that server HLC (the
//   contact). So a change "made before the reassignment" is only believed if the client could
//   have made it before it last heard from the server.
// A client from before the report gets the floor alone. The report is the client's too: one that
// leaves it out or under-reports only falls back to the floor, never gains more.

import { parseHlc } from '../../shared/sync/hlc';
import type { Queryable } from '../db/database';
import { invalidRequest } from '../http/errors';
import { SERVER_NODE } from './server-clock';

const badRequest = (path: string, message: string) => invalidRequest([{ path, message }]);

export type ClockReport = { seenHlc?: string | undefined; outboxSeq?: number | undefined };

type ClientClockRow = {
  hlc_floor: string | null;
  handed_hlc: string | null;
  contact_hlc: string | null;
  contact_seq: string | null;
};

export type ClientClockBounds = {
  /** Why the change's clock cannot be true, or null when it is consistent. */
  refusal(seq: number, hlc: string): string | null;
  /** Raises the floor to a clock taken from the client. */
  accept(hlc: string): void;
  /** Writes floor and contact back, with the server HLC this answer hands out (before commit). */
  save(handedHlc: string): Promise<void>;
};

/** Reads the client's bounds and takes in its report (refused with 400 if it cannot be true). */
export async function loadClientClock(
  tx: Queryable,
  clientId: string,
  report: ClockReport,
): Promise<ClientClockBounds> {
  const [row] = await tx.query<ClientClockRow>(
    `SELECT hlc_floor, handed_hlc, contact_hlc, contact_seq::text FROM clients
     WHERE client_id = $1`,
    [clientId],
  );
  let floor = row?.hlc_floor ?? null;
  let contact =
    row?.contact_hlc && row.contact_seq !== null
      ? { hlc: row.contact_hlc, seq: Number(row.contact_seq) }
      : null;
  const reported = checkedReport(report, row?.handed_hlc ?? null);
  if (reported && (contact === null || reported.hlc > contact.hlc)) contact = reported;
  else if (reported && contact && reported.hlc === contact.hlc && reported.seq < contact.seq) {
    // The same contact reported again with a smaller outbox (it was pushed since): still true.
    contact = reported;
  }
  return {
    refusal(seq, hlc) {
      if (floor !== null && hlc < floor) {
        return `hlc: the clock went backwards (this client already sent ${floor}).`;
      }
      if (contact && seq > contact.seq && hlc < contact.hlc) {
        return `hlc: made after this client had heard from the server at ${contact.hlc}, yet dated before it.`;
      }
      return null;
    },
    accept(hlc) {
      if (floor === null || hlc > floor) floor = hlc;
    },
    async save(handedHlc) {
      await recordContact(tx, clientId, { floor, contact, handedHlc });
    },
  };
}

/** A pull: the report is taken in and the server HLC handed out is remembered. */
export async function recordPullContact(
  tx: Queryable,
  clientId: string,
  report: ClockReport,
  handedHlc: string,
): Promise<void> {
  const bounds = await loadClientClock(tx, clientId, report);
  await bounds.save(handedHlc);
}

function checkedReport(
  report: ClockReport,
  handed: string | null,
): { hlc: string; seq: number } | null {
  if (report.seenHlc === undefined || report.outboxSeq === undefined) return null;
  let node: string;
  try {
    node = parseHlc(report.seenHlc).node;
  } catch {
    throw badRequest('seenHlc', 'seenHlc: not a valid HLC timestamp');
  }
  if (node !== SERVER_NODE) throw badRequest('seenHlc', 'seenHlc: not a server HLC');
  // Handed out before the server kept track (an older server): nothing to check it against.
  if (handed === null) return null;
  if (report.seenHlc > handed) {
    throw badRequest('seenHlc', 'seenHlc: newer than any the server has handed to this client');
  }
  return { hlc: report.seenHlc, seq: report.outboxSeq };
}

/**
 * Every column only ever moves forward, in SQL: a pull (which does not hold the dealership lock)
 * racing a push of the same client can never lower the floor or bring back an older contact.
 */
async function recordContact(
  tx: Queryable,
  clientId: string,
  state: {
    floor: string | null;
    contact: { hlc: string; seq: number } | null;
    handedHlc: string;
  },
): Promise<void> {
  // HLCs compare as plain strings (byte order), hence the "C" collation.
  const newerContact = `$3::text IS NOT NULL AND (contact_hlc IS NULL
    OR contact_hlc COLLATE "C" < $3::text COLLATE "C"
    OR (contact_hlc = $3::text AND contact_seq > $4::bigint))`;
  await tx.query(
    `UPDATE clients SET
       hlc_floor = CASE WHEN $2::text IS NOT NULL
         AND (hlc_floor IS NULL OR hlc_floor COLLATE "C" < $2::text COLLATE "C")
         THEN $2::text ELSE hlc_floor END,
       contact_seq = CASE WHEN ${newerContact} THEN $4::bigint ELSE contact_seq END,
       contact_hlc = CASE WHEN ${newerContact} THEN $3::text ELSE contact_hlc END,
       handed_hlc = CASE WHEN handed_hlc IS NULL OR handed_hlc COLLATE "C" < $5::text COLLATE "C"
         THEN $5::text ELSE handed_hlc END,
       last_seen_at = now()
     WHERE client_id = $1`,
    [
      clientId,
      state.floor,
      state.contact?.hlc ?? null,
      state.contact?.seq ?? null,
      state.handedHlc,
    ],
  );
}
