import { describe, expect, it } from 'vitest';
import { importReason } from '../../../shared/import/reasons';
import { choiceOfLine, isChoosableDuplicate } from './duplicate-choice';

const customer = { name: '王伟', phones: ['13800138000'] };

describe('the duplicate choice of a preview line', () => {
  it('is offered for a line matching one card the importer may change', () => {
    const existing = importReason('existingCard', { name: '王伟' });
    expect(
      isChoosableDuplicate({
        line: 3,
        action: 'duplicate',
        reason: existing,
        duplicateOf: 'c1',
        customer,
      }),
    ).toBe(true);
    const fill = importReason('fillExisting', { name: '王伟' });
    expect(
      isChoosableDuplicate({
        line: 3,
        action: 'update',
        reason: fill,
        duplicateOf: 'c1',
        customer,
      }),
    ).toBe(true);
  });

  it('is not offered for a repeated line, another consultant’s card or several cards', () => {
    const sameLine = importReason('sameAsLine', { line: 2 });
    expect(
      isChoosableDuplicate({
        line: 3,
        action: 'duplicate',
        reason: sameLine,
        duplicateOf: 2,
        customer,
      }),
    ).toBe(false);
    for (const key of ['otherConsultantsCard', 'severalCards'] as const) {
      expect(
        isChoosableDuplicate({
          line: 3,
          action: 'duplicate',
          reason: importReason(key),
          duplicateOf: 'c1',
          customer,
        }),
      ).toBe(false);
    }
    expect(isChoosableDuplicate({ line: 3, action: 'create', customer })).toBe(false);
  });

  it('is the line’s own choice, else the one for all', () => {
    const policy = { default: { mode: 'fill' as const }, byLine: { 7: { mode: 'skip' as const } } };
    expect(choiceOfLine(policy, 7)).toBe('skip');
    expect(choiceOfLine(policy, 8)).toBe('fill');
  });
});
