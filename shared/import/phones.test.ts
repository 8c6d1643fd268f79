import { describe, expect, it } from 'vitest';
import { parsePhoneCell } from './phones';

describe('parsePhoneCell', () => {
  it.each([
    ['+86 138 0013 8000', ['13800138000']],
    ['138-0013-8000', ['13800138000']],
    ['8613800138000', ['13800138000']],
    ['１３８００１３８０００', ['13800138000']],
    ['＋８６ １３８ ００１３ ８０００', ['13800138000']],
    ['138 0013 8000 / 139 0013 9000', ['13800138000', '13900139000']],
    ['13800138000，13900139000', ['13800138000', '13900139000']],
    ['13800138000 13900139000', ['13800138000', '13900139000']],
    ['13800138000 / 13800138000', ['13800138000']],
    ['020-8888 6666', ['02088886666']],
    ['', []],
  ])('reads %s', (cell, phones) => {
    expect(parsePhoneCell(cell)).toEqual({ phones, problem: null });
  });

  it('takes the full number an .xlsx number cell still holds', () => {
    expect(parsePhoneCell(13800138000)).toEqual({ phones: ['13800138000'], problem: null });
  });

  it('refuses a number Excel turned into scientific notation (its digits are gone)', () => {
    expect(parsePhoneCell('1.38001E+10')).toEqual({
      phones: [],
      problem: { reason: 'phoneScientific', value: '1.38001E+10' },
    });
  });

  it('says which number has the wrong length', () => {
    expect(parsePhoneCell('1380013800').problem).toEqual({
      reason: 'phoneWrongLength',
      value: '1380013800',
    });
    expect(parsePhoneCell('13800138000 / 1390013900').problem).toEqual({
      reason: 'phoneWrongLength',
      value: '1390013900',
    });
    expect(parsePhoneCell('打电话问').problem?.reason).toBe('phoneNotDigits');
    expect(parsePhoneCell('12345').problem?.reason).toBe('phoneWrongLength');
    expect(parsePhoneCell('0123').problem?.reason).toBe('phoneInvalid');
  });
});
