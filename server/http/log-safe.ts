// What a failed request writes to the log. The whole error would carry customer data: a database
// error's message quotes the value it refused ("invalid input syntax for type uuid: "138…""), its
// `detail` the failing row, and PGlite's errors the query's parameters. The log keeps what finds
// the bug — the error's type, SQLSTATE, constraint, table, column and stack frames — and no value.

const SAFE_DATABASE_FIELDS = ['code', 'severity', 'constraint', 'table', 'column', 'routine'];

/** A database error: it has a five-character SQLSTATE code. */
function isDatabaseError(error: Error): boolean {
  return 'code' in error && typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code);
}

export type LoggableError = {
  type: string;
  message?: string;
  stack?: string;
  [field: string]: unknown;
};

export function loggableError(error: unknown): LoggableError {
  if (!(error instanceof Error)) return { type: typeof error };
  // The first line of a stack repeats the message; the frames are enough.
  const frames = error.stack?.split('\n').filter((line) => line.trimStart().startsWith('at '));
  const stack = frames?.join('\n');
  if (!isDatabaseError(error)) {
    // Our own errors' messages are written by us; still, keep them short.
    return { type: error.name, message: error.message.slice(0, 200), stack };
  }
  const fields: Record<string, unknown> = {};
  for (const name of SAFE_DATABASE_FIELDS) {
    const value: unknown = Reflect.get(error, name);
    if (typeof value === 'string' && value !== '') fields[name] = value;
  }
  return { type: error.name, ...fields, stack };
}
