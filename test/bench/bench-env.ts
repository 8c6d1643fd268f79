// What every benchmark script shares: sizes from the environment and timestamped progress lines.

export function positiveIntFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.replace(/[_,]/g, ''));
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}

export const benchStarted = Date.now();

/** A progress line with the seconds since the bench started. */
export function log(message: string): void {
  const seconds = ((Date.now() - benchStarted) / 1000).toFixed(1).padStart(6);
  console.log(`[${seconds}s] ${message}`);
}
