import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeVin, vinCheckDigit, vinProblem } from './vin';

describe('VIN', () => {
  it('accepts VINs whose ninth character is the check digit', () => {
    // The textbook example (check digit X) and a Chinese-market VIN (LFV = FAW-Volkswagen).
    expect(vinProblem('1M8GDM9AXKP042788')).toBeNull();
    expect(vinProblem('LFV2A21K6G3041234')).toBe('check_digit');
    expect(vinCheckDigit('LFV2A21K6G3041234')).toBe('4');
    expect(vinProblem('LFV2A21K4G3041234')).toBeNull();
  });

  it('normalizes case, spaces and dashes before checking', () => {
    expect(normalizeVin(' lfv2a21k4g-304 1234 ')).toBe('LFV2A21K4G3041234');
    expect(vinProblem(' lfv2a21k4g-304 1234 ')).toBeNull();
  });

  it('names what is wrong', () => {
    expect(vinProblem('')).toBe('empty');
    expect(vinProblem('LFV2A21K9G304123')).toBe('length');
    expect(vinProblem('LFV2A21K4G30412345')).toBe('length');
    // I, O and Q are never used (they read as 1 and 0).
    expect(vinProblem('LFV2A21K9G30I1234')).toBe('characters');
    expect(vinProblem('1M8GDM9A1KP042788')).toBe('check_digit');
  });

  it('catches any single mistyped character that changes its value', () => {
    const chars = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ';
    const vinArb = fc
      .array(fc.constantFrom(...chars), { minLength: 17, maxLength: 17 })
      .map((list) => {
        const draft = list.join('');
        return draft.slice(0, 8) + (vinCheckDigit(draft) ?? '0') + draft.slice(9);
      });
    fc.assert(
      fc.property(
        vinArb,
        fc.integer({ min: 0, max: 16 }),
        fc.constantFrom(...chars),
        (vin, at, char) => {
          fc.pre(at !== 8);
          const typo = vin.slice(0, at) + char + vin.slice(at + 1);
          const sameValue = vinCheckDigit(typo) === vin[8];
          expect(vinProblem(vin)).toBeNull();
          expect(vinProblem(typo) === null).toBe(sameValue);
          if (typo[at] !== vin[at] && /\d/.test(char) && /\d/.test(vin[at] ?? '')) {
            expect(vinProblem(typo)).toBe('check_digit');
          }
        },
      ),
    );
  });
});
