// A client id names one laptop's session with the sync server: the node of its HLC clocks and,
// with the outbox seq, the id of each change it pushes (docs/sync-protocol.md). The server binds
// it to one user, so another user on the same laptop needs a new one. 16 lowercase hex characters
// from the platform's secure random source (Web Crypto, in browsers and in Node alike): within
// the protocol's `[0-9a-z]{1,32}`, and never the server's own node name.

export function newClientId(): string {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(8)), (byte) =>
    byte.toString(16).padStart(2, '0'),
  ).join('');
}
