// Telling a database's refusal of one statement (a value it cannot store, a constraint) from the
// database going away. The first is the data's fault and concerns one change; the second concerns
// the whole request, which must fail so the client sends it again later.

/** The SQLSTATE of an error from pg or PGlite (both set `code`), or null for any other error. */
export function sqlState(error: unknown): string | null {
  if (!(error instanceof Error) || !('code' in error)) return null;
  const { code } = error;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/**
 * Connection lost, server shutting down or statement cancelled (class 08, 57), resources exhausted (53), or a
 * transaction the server rolled back (40: serialization failure, deadlock): none says anything
 * about the data, and retrying the request later may well succeed.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  if (error instanceof Error && /Connection terminated/i.test(error.message)) return true;
  const state = sqlState(error);
  if (state === null) return false;
  return /^(08|57|53|40)/.test(state);
}

/** A database's refusal of a statement because of the data in it: the change alone is at fault. */
export function isDataError(error: unknown): boolean {
  return sqlState(error) !== null && !isTransientDatabaseError(error);
}
