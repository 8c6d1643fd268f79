// The course's A/B/C qualification grade: three yes/no facts about the customer.
// Computed, never typed, so it can never disagree with the facts on the card.

export type QualificationFacts = {
  /** 信心: confidence in us and in the car. */
  hasConfidence: boolean;
  /** 需求: a real need. */
  hasNeed: boolean;
  /** 购买力: purchasing power. */
  hasPurchasingPower: boolean;
};

export type QualificationGrade = 'A' | 'B' | 'C' | 'N';

export const QUALIFICATION_GRADES = [
  'A',
  'B',
  'C',
  'N',
] as const satisfies readonly QualificationGrade[];

export function qualificationGrade(facts: QualificationFacts): QualificationGrade {
  // Without purchasing power nobody is qualified yet, whatever else is true.
  if (!facts.hasPurchasingPower) return 'N';
  if (facts.hasConfidence && facts.hasNeed) return 'A';
  if (facts.hasNeed) return 'B';
  if (facts.hasConfidence) return 'C';
  return 'N';
}
