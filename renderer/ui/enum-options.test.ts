import { describe, expect, it } from 'vitest';
import { enumOptions } from './enum-options';

const LABELS: Record<string, string> = {
  'card.genders.male': '男',
  'card.genders.female': '女',
  'enum.grade.A': 'A 级',
};
const t = (key: string) => LABELS[key] ?? `missing:${key}`;

describe('enumOptions', () => {
  it('labels each value by its key under the prefix, in the given order', () => {
    expect(enumOptions(t, 'card.genders', ['female', 'male'] as const)).toEqual([
      { value: 'female', label: '女' },
      { value: 'male', label: '男' },
    ]);
  });

  it('keeps values that contain no dot as whole keys, and an empty list empty', () => {
    expect(enumOptions(t, 'enum.grade', ['A'])).toEqual([{ value: 'A', label: 'A 级' }]);
    expect(enumOptions(t, 'enum.grade', [])).toEqual([]);
  });
});
