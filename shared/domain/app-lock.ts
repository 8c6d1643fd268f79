// The app lock's rules, pure so the settings form, the lock screen and the server agree: how long
// the app may stay idle, how long a laptop may go without reaching its server, and which PINs are
// refused because anyone at an auto show would guess them.

import { z } from 'zod';
import { messageWithParams } from './validation-message';

/** Idle minutes before the app locks (dealership setting). */
export const DEFAULT_LOCK_AFTER_MINUTES = 10;
export const MIN_LOCK_AFTER_MINUTES = 1;
/** Four hours: longer and an unattended laptop at a fair stays open all afternoon. */
export const MAX_LOCK_AFTER_MINUTES = 240;

/** Days without reaching the server before the password must be checked online again. */
export const DEFAULT_OFFLINE_LOCK_DAYS = 30;
export const MIN_OFFLINE_LOCK_DAYS = 1;
export const MAX_OFFLINE_LOCK_DAYS = 365;

export const MIN_PIN_LENGTH = 6;
/** Long enough for anyone's memory; short enough that a paste of something else is refused. */
export const MAX_PIN_LENGTH = 12;

/** Why a PIN is refused, as i18n keys (validation messages are keys: validation-message.ts). */
export type PinProblem =
  | 'lock.pin.required'
  | 'lock.pin.digitsOnly'
  | 'lock.pin.tooShort'
  | 'lock.pin.tooLong'
  | 'lock.pin.allSame'
  | 'lock.pin.sequence';

/** Each digit one more (or one less) than the one before, e.g. 123456, 987654, 890123. */
function isSequence(pin: string): boolean {
  const steps = new Set<number>();
  for (let index = 1; index < pin.length; index += 1) {
    steps.add((Number(pin[index]) - Number(pin[index - 1]) + 10) % 10);
  }
  return steps.size === 1 && (steps.has(1) || steps.has(9));
}

/** The first reason this PIN may not be used, or null when it may. */
export function pinProblem(pin: string): PinProblem | null {
  if (pin === '') return 'lock.pin.required';
  if (!/^\d+$/.test(pin)) return 'lock.pin.digitsOnly';
  if (pin.length < MIN_PIN_LENGTH) return 'lock.pin.tooShort';
  if (pin.length > MAX_PIN_LENGTH) return 'lock.pin.tooLong';
  if (/^(\d)\1*$/.test(pin)) return 'lock.pin.allSame';
  if (isSequence(pin)) return 'lock.pin.sequence';
  return null;
}

/** The i18n message of a PIN problem, with the numbers it needs. */
export function pinProblemMessage(problem: PinProblem): string {
  if (problem === 'lock.pin.tooShort') return messageWithParams(problem, { min: MIN_PIN_LENGTH });
  if (problem === 'lock.pin.tooLong') return messageWithParams(problem, { max: MAX_PIN_LENGTH });
  return problem;
}

const DAY_MS = 86_400_000;

/**
 * Whether a laptop whose last successful sync was at `lastSync` has been away from its server
 * too long at `now`. A laptop that never synced has nothing of the server's to protect yet (a
 * first login syncs at once), so it is not locked for that.
 */
export function isOfflineTooLong(
  lastSync: string | null,
  now: Date,
  offlineLockDays: number,
): boolean {
  if (lastSync === null) return false;
  const at = Date.parse(lastSync);
  if (Number.isNaN(at)) return false;
  return now.getTime() - at > offlineLockDays * DAY_MS;
}

/** Setting or changing the PIN: entered twice, and one no bystander would guess. */
export const newPinSchema = z
  .object({ pin: z.string(), repeat: z.string() })
  .superRefine((value, ctx) => {
    const problem = pinProblem(value.pin);
    if (problem !== null) {
      ctx.addIssue({ code: 'custom', path: ['pin'], message: pinProblemMessage(problem) });
    } else if (value.repeat !== value.pin) {
      ctx.addIssue({ code: 'custom', path: ['repeat'], message: 'lock.pin.mismatch' });
    }
  });

export type NewPinValues = z.infer<typeof newPinSchema>;
