import { describe, expect, it } from 'vitest';
import { QUALIFICATION_GRADES, qualificationGrade, type QualificationGrade } from './qualification';

// The grading rule: A = confidence + need + power; B = need + power; C = confidence + power;
// anything without purchasing power is not qualified yet (N).
const TABLE: [confidence: boolean, need: boolean, power: boolean, grade: QualificationGrade][] = [
  [true, true, true, 'A'],
  [false, true, true, 'B'],
  [true, false, true, 'C'],
  [false, false, true, 'N'], // purchasing power alone
  [true, true, false, 'N'], // confidence + need, no power
  [false, true, false, 'N'],
  [true, false, false, 'N'],
  [false, false, false, 'N'],
];

describe('qualificationGrade', () => {
  it('the table covers all 8 combinations of the three facts exactly once', () => {
    const keys = new Set(TABLE.map(([c, n, p]) => `${c}${n}${p}`));
    expect(keys.size).toBe(8);
  });

  it.each(TABLE)(
    'confidence=%s need=%s power=%s → %s',
    (hasConfidence, hasNeed, hasPurchasingPower, grade) => {
      expect(qualificationGrade({ hasConfidence, hasNeed, hasPurchasingPower })).toBe(grade);
    },
  );

  it('never grades a customer without purchasing power above N', () => {
    for (const hasConfidence of [true, false]) {
      for (const hasNeed of [true, false]) {
        expect(qualificationGrade({ hasConfidence, hasNeed, hasPurchasingPower: false })).toBe('N');
      }
    }
  });

  it('every grade the function returns is a listed grade, and every listed grade is reachable', () => {
    const produced = new Set(
      TABLE.map(([hasConfidence, hasNeed, hasPurchasingPower]) =>
        qualificationGrade({ hasConfidence, hasNeed, hasPurchasingPower }),
      ),
    );
    expect([...produced].sort()).toEqual([...QUALIFICATION_GRADES].sort());
  });
});
