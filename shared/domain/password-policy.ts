// What a password must be, for every place one is set (the users routes, `server:init`, the
// admin's user form): long enough, and not one of the passwords attackers try first. The list is
// the ranked common-password dictionary of @zxcvbn-ts/language-common (about 49,000 entries from
// real leaks), a maintained, widely used package, so the rule improves with its updates.

import { dictionary } from '@zxcvbn-ts/language-common';
import { z } from 'zod';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

export type PasswordProblem = 'too_short' | 'too_long' | 'one_character' | 'common';

// Only entries of the minimum length or more can ever match: keep just those.
const COMMON_PASSWORDS = new Set(
  dictionary['passwords-common'].filter((entry) => entry.length >= PASSWORD_MIN_LENGTH),
);

/** The first rule a password breaks, or null. Length counts characters, not UTF-16 units. */
export function passwordProblem(password: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'too_long';
  if (new Set(password).size === 1) return 'one_character';
  if (COMMON_PASSWORDS.has(password.trim().toLowerCase())) return 'common';
  return null;
}

export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, string> = {
  too_short: `password: at least ${PASSWORD_MIN_LENGTH} characters`,
  too_long: `password: at most ${PASSWORD_MAX_LENGTH} characters`,
  one_character: 'password: not one character repeated',
  common: 'password: this is one of the most common passwords; choose another',
};

/**
 * The zod schema of a password being set, with a message per problem: English on the wire
 * (protocol.ts), i18n keys in the admin's user form — one rule for both.
 */
export function newPasswordSchema(messages: Record<PasswordProblem, string>) {
  return z
    .string()
    .superRefine((password, context) => {
      const problem = passwordProblem(password);
      if (problem) context.addIssue({ code: 'custom', message: messages[problem] });
    })
    .describe(
      `${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters, not one character repeated, not a common password`,
    );
}
