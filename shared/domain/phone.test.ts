import { describe, expect, it } from 'vitest';
import { formatPhone, isValidPhone, normalizePhone, phoneProblem } from './phone';

describe('normalizePhone', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['+86-138-0013-8000', '13800138000'],
    ['008613800138000', '13800138000'],
    ['0086 138 0013 8000', '13800138000'],
    ['0086-13800138000', '13800138000'],
    ['8613800138000', '13800138000'],
    ['86 138 0013 8000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['  13800138000  ', '13800138000'],
    ['138\t0013\u00a08000', '13800138000'],
    ['(+86) 13800138000', '13800138000'],
    ['（+86）13800138000', '13800138000'],
    ['010-12345678', '01012345678'],
    ['(010) 1234-5678', '01012345678'],
    ['（010）12345678', '01012345678'],
    ['（0571）87654321', '057187654321'],
    ['0571.8765.4321', '057187654321'],
  ])('%j → %j', (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });

  it('only strips a bare 86 prefix when the result is 13 digits long (86 + an 11-digit mobile)', () => {
    // 12 digits starting with 86: not a prefixed mobile, left alone.
    expect(normalizePhone('861380013800')).toBe('861380013800');
    // 14 digits starting with 86: left alone as well.
    expect(normalizePhone('86138001380001')).toBe('86138001380001');
  });

  it('strips the country prefix only once', () => {
    expect(normalizePhone('+86 86 13800138000')).toBe('8613800138000');
  });

  it('keeps letters and other characters so that validation can reject them', () => {
    expect(normalizePhone('138-abcd-8000')).toBe('138abcd8000');
    expect(normalizePhone('ext 123')).toBe('ext123');
  });

  it('is idempotent on every normalized form', () => {
    for (const raw of [
      '+86 138 0013 8000',
      '0086-13800138000',
      '(010) 1234-5678',
      '8613800138000',
    ]) {
      const once = normalizePhone(raw);
      expect(normalizePhone(once)).toBe(once);
    }
  });

  it('returns an empty string for blank input', () => {
    expect(normalizePhone('')).toBe('');
    expect(normalizePhone('  - ( ) ')).toBe('');
  });
});

describe('phoneProblem', () => {
  it.each(['13', '14', '15', '16', '17', '18', '19'])('accepts %sx mobiles', (prefix) => {
    const phone = `${prefix}912345678`;
    expect(phone).toHaveLength(11);
    expect(phoneProblem(phone)).toBeNull();
    expect(phoneProblem(`+86 ${phone}`)).toBeNull();
    expect(isValidPhone(phone)).toBe(true);
  });

  it('accepts the smallest and largest valid mobile numbers', () => {
    expect(phoneProblem('13000000000')).toBeNull();
    expect(phoneProblem('19999999999')).toBeNull();
  });

  it.each([
    ['12345678901', '12x is not a mobile range'],
    ['11012345678', '11x is not a mobile range'],
    ['10012345678', '10x is not a mobile range'],
    ['1380013800', '10 digits'],
    ['138001380001', '12 digits'],
    ['1', 'a single digit'],
    ['+86 1380013800', 'prefixed, 10 digits'],
  ])('rejects %j as an invalid mobile (%s)', (raw) => {
    expect(phoneProblem(raw)).toBe('invalid_mobile');
    expect(isValidPhone(raw)).toBe(false);
  });

  it.each([
    ['010-12345678', '2-digit area code, 8-digit number'],
    ['010-1234567', '2-digit area code, 7-digit number'],
    ['021 6234 5678', 'Shanghai'],
    ['0571-87654321', '3-digit area code, 8-digit number'],
    ['0571-8765432', '3-digit area code, 7-digit number'],
    ['（0571）87654321', 'full-width brackets'],
    ['(0755) 8888-6666', 'ASCII brackets'],
  ])('accepts the landline %j (%s)', (raw) => {
    expect(phoneProblem(raw)).toBeNull();
  });

  it.each([
    ['010-123456', 'too short (9 digits)'],
    ['0571-876543210', 'too long (13 digits)'],
    ['0012345678', 'area code starting with 0'],
    ['23800138000', 'neither a mobile nor a landline'],
    ['99999999', 'a local 8-digit number without area code'],
  ])('rejects %j as an invalid number (%s)', (raw) => {
    expect(phoneProblem(raw)).toBe('invalid_number');
    expect(isValidPhone(raw)).toBe(false);
  });

  it.each(['138abcd8000', '1380013800O', 'call me', '138 0013 8000 ext 12', '+86 138 0013 8000#'])(
    'rejects %j as not digits',
    (raw) => {
      expect(phoneProblem(raw)).toBe('not_digits');
    },
  );

  it.each(['', '   ', ' - ', '（）', '+86', '0086'])('reports %j as empty', (raw) => {
    expect(phoneProblem(raw)).toBe('empty');
  });

  it('does not take a full-width digit as a digit', () => {
    expect(phoneProblem('１３８００１３８０００')).toBe('not_digits');
  });
});

describe('formatPhone', () => {
  it('groups a mobile as 3-4-4', () => {
    expect(formatPhone('13800138000')).toBe('138 0013 8000');
    expect(formatPhone('19912345678')).toBe('199 1234 5678');
  });

  it('shows landlines and anything that is not a normalized mobile as stored', () => {
    expect(formatPhone('01012345678')).toBe('01012345678');
    expect(formatPhone('057187654321')).toBe('057187654321');
    expect(formatPhone('12345678901')).toBe('12345678901');
    expect(formatPhone('1380013800')).toBe('1380013800');
    expect(formatPhone('+8613800138000')).toBe('+8613800138000');
    expect(formatPhone('')).toBe('');
  });

  it('round-trips: normalizing the formatted mobile gives the stored number back', () => {
    expect(normalizePhone(formatPhone('13800138000'))).toBe('13800138000');
  });
});
