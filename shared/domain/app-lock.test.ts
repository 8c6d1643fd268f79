import { describe, expect, it } from 'vitest';
import { SYNC_FIELD_SCHEMAS } from '../sync/tables';
import { isOfflineTooLong, newPinSchema, pinProblem, pinProblemMessage } from './app-lock';

describe('pinProblem', () => {
  it.each([
    ['', 'lock.pin.required'],
    ['12a456', 'lock.pin.digitsOnly'],
    ['１２３４５６', 'lock.pin.digitsOnly'],
    ['24 68 02', 'lock.pin.digitsOnly'],
    ['24680', 'lock.pin.tooShort'],
    ['2468024680246', 'lock.pin.tooLong'],
    ['000000', 'lock.pin.allSame'],
    ['77777777', 'lock.pin.allSame'],
    ['123456', 'lock.pin.sequence'],
    ['654321', 'lock.pin.sequence'],
    ['890123', 'lock.pin.sequence'],
    ['3456789012', 'lock.pin.sequence'],
  ])('refuses %j (%s)', (pin, problem) => {
    expect(pinProblem(pin)).toBe(problem);
  });

  it.each(['246802', '135790', '123459', '20261207', '112233'])('accepts %j', (pin) => {
    expect(pinProblem(pin)).toBeNull();
  });

  it('says the length it wants', () => {
    expect(pinProblemMessage('lock.pin.tooShort')).toBe('lock.pin.tooShort?min=6');
    expect(pinProblemMessage('lock.pin.tooLong')).toBe('lock.pin.tooLong?max=12');
    expect(pinProblemMessage('lock.pin.sequence')).toBe('lock.pin.sequence');
  });
});

describe('isOfflineTooLong', () => {
  const now = new Date('2026-12-07T12:00:00.000Z');

  it('locks strictly past the number of days', () => {
    expect(isOfflineTooLong('2026-11-07T12:00:00.000Z', now, 30)).toBe(false);
    expect(isOfflineTooLong('2026-11-07T11:59:59.000Z', now, 30)).toBe(true);
    expect(isOfflineTooLong('2026-12-06T11:00:00.000Z', now, 1)).toBe(true);
    expect(isOfflineTooLong('2026-12-06T13:00:00.000Z', now, 1)).toBe(false);
  });

  it('never locks a laptop that has not synced yet, or on a broken date', () => {
    expect(isOfflineTooLong(null, now, 1)).toBe(false);
    expect(isOfflineTooLong('yesterday', now, 1)).toBe(false);
  });
});

describe('the lock settings as the server checks a pushed change', () => {
  const settings = SYNC_FIELD_SCHEMAS.settings;

  it('accepts times in range and rows that predate them', () => {
    expect(settings.safeParse({ lockAfterMinutes: 1, offlineLockDays: 365 }).success).toBe(true);
    expect(settings.safeParse({ escalationHours: 24 }).success).toBe(true);
  });

  it('refuses times out of range or not whole', () => {
    for (const change of [
      { lockAfterMinutes: 0 },
      { lockAfterMinutes: 241 },
      { lockAfterMinutes: 1.5 },
      { offlineLockDays: 0 },
      { offlineLockDays: 366 },
      { offlineLockDays: '30' },
    ]) {
      expect(settings.safeParse(change).success, JSON.stringify(change)).toBe(false);
    }
  });
});

describe('newPinSchema', () => {
  const issues = (pin: string, repeat: string) => {
    const result = newPinSchema.safeParse({ pin, repeat });
    return result.success
      ? []
      : result.error.issues.map((issue) => [issue.path.join('.'), issue.message]);
  };

  it('accepts a good PIN entered twice alike', () => {
    expect(issues('246802', '246802')).toEqual([]);
  });

  it('says what is wrong with the PIN first, then the repeat', () => {
    expect(issues('123', '123')).toEqual([['pin', 'lock.pin.tooShort?min=6']]);
    expect(issues('111111', '111111')).toEqual([['pin', 'lock.pin.allSame']]);
    expect(issues('123456', '123456')).toEqual([['pin', 'lock.pin.sequence']]);
    expect(issues('246802', '246803')).toEqual([['repeat', 'lock.pin.mismatch']]);
  });
});
