import { describe, expect, it } from 'vitest';
import type { PlannedRow } from '../../../shared/import/plan';
import { handoverPlan } from './owner-handover';

const row = (
  line: number,
  phone: string,
  ownerId: string,
  action: PlannedRow['action'] = 'create',
): PlannedRow => ({
  line,
  action,
  ownerId,
  customer: { name: `客户${line}`, phones: [phone] },
});

describe('handing a manager’s imported cards to their consultants', () => {
  it('groups the created cards by the owner the plan gave them, leaving the importer’s own out', () => {
    const plan = {
      rows: [
        row(3, '13600000001', 'lina'),
        row(4, '13500000002', 'wanglei'),
        row(5, '13300000003', 'lina'),
        row(6, '13200000004', 'manager'),
        row(7, '13100000005', 'lina', 'duplicate'),
      ],
    };
    const cards = [
      { id: 'c1', phones: ['13600000001'] },
      { id: 'c2', phones: ['13500000002'] },
      { id: 'c3', phones: ['13300000003', '13900000009'] },
      { id: 'c4', phones: ['13200000004'] },
      { id: 'c5', phones: ['13100000005'] },
    ];
    expect(handoverPlan(plan, cards, 'manager')).toEqual(
      new Map([
        ['lina', ['c1', 'c3']],
        ['wanglei', ['c2']],
      ]),
    );
  });

  it('hands nothing over when every card is the importer’s', () => {
    expect(
      handoverPlan(
        { rows: [row(3, '13600000001', 'me')] },
        [{ id: 'c1', phones: ['13600000001'] }],
        'me',
      ).size,
    ).toBe(0);
  });
});
