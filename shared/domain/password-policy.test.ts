import { describe, expect, it } from 'vitest';
import { createUserRequestSchema, updateUserRequestSchema } from '../sync/protocol';
import { PASSWORD_MIN_LENGTH, passwordProblem } from './password-policy';

describe('password policy', () => {
  it('refuses short, one-character and common passwords', () => {
    expect(passwordProblem('password')).toBe('too_short');
    expect(passwordProblem('12345678')).toBe('too_short');
    expect(passwordProblem('        ')).toBe('too_short');
    expect(passwordProblem(' '.repeat(PASSWORD_MIN_LENGTH))).toBe('one_character');
    expect(passwordProblem('aaaaaaaaaaaa')).toBe('one_character');
    for (const common of [
      '1234567890',
      'qwertyuiop',
      'password123',
      'Password123',
      '1qaz2wsx3edc',
    ]) {
      expect(passwordProblem(common)).toBe('common');
    }
    expect(passwordProblem('x'.repeat(257))).toBe('too_long');
  });

  it('accepts a long, uncommon password, counting characters rather than UTF-16 units', () => {
    expect(passwordProblem('correct horse battery')).toBeNull();
    expect(passwordProblem('销售顾问的新密码2026')).toBeNull();
    // Five emoji are ten UTF-16 units but five characters.
    expect(passwordProblem('🚗🚗🚙🚕🚓')).toBe('too_short');
  });

  it('is the rule of the users requests, with a message naming it', () => {
    const create = createUserRequestSchema.safeParse({
      login: 'new.hire',
      name: 'New Hire',
      role: 'consultant',
      password: 'qwertyuiop',
    });
    expect(create.success).toBe(false);
    expect(create.error?.issues[0]?.message).toMatch(/most common passwords/);
    const update = updateUserRequestSchema.safeParse({ password: '12345678' });
    expect(update.error?.issues[0]?.message).toBe('password: at least 10 characters');
  });
});
