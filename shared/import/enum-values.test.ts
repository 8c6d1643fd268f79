import { describe, expect, it } from 'vitest';
import { proposeEnumMapping, proposeEnumValue } from './enum-values';

describe('enumeration values', () => {
  it('maps the words offices use', () => {
    expect(
      proposeEnumMapping('source', ['车展', '展会', '车展现场', '到店', '汽车之家', '地推']),
    ).toEqual({
      车展: 'event',
      展会: 'event',
      车展现场: 'event',
      到店: 'walk_in',
      汽车之家: 'online',
      地推: null,
    });
    expect(proposeEnumMapping('gender', ['先生', '女士', '男', '女', '保密'])).toEqual({
      先生: 'male',
      女士: 'female',
      男: 'male',
      女: 'female',
      保密: null,
    });
    expect(proposeEnumValue('intentLevel', 'H级')).toBe('H');
    expect(proposeEnumValue('payment', '分期')).toBe('loan');
  });

  it('finds a known word inside a longer value', () => {
    expect(proposeEnumValue('source', '广州车展现场')).toBe('event');
  });
});
