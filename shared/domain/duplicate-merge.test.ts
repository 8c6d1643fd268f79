import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FILL_GROUPS,
  KEPT_FIELDS,
  lateChangeOntoSurvivor,
  mergeDuplicateCards,
  notesSeparator,
  phoneConnectedOrder,
} from './duplicate-merge';
import { sameFieldValue } from '../sync/field-value';

const survivor = {
  id: 's',
  ownerId: 'wang',
  name: '张三',
  kind: 'person',
  phones: ['13800138000'],
  tags: ['车展'],
  notes: '想要白色',
  wechatId: '',
  gender: 'unknown',
  city: '上海',
  district: '',
  brand: '',
  model: '',
  trim: '',
  colour: '',
  budgetMin: null,
  budgetMax: null,
  expectedPurchaseDate: null,
  intentLevel: null,
  status: 'following',
  hasNeed: true,
  referralsMade: 0,
  updatedAt: '2026-03-01T00:00:00.000Z',
} as const;

const merged = {
  id: 'm',
  ownerId: 'lina',
  name: '张叁',
  kind: 'person',
  phones: ['13800138000', '13900139000'],
  tags: ['车展', '老客户介绍'],
  notes: '周末有空',
  wechatId: 'zhangsan88',
  gender: 'male',
  city: '北京',
  district: '朝阳',
  brand: '比亚迪',
  model: '汉',
  trim: '',
  colour: '白',
  budgetMin: 20,
  budgetMax: 25,
  expectedPurchaseDate: '2026-04-01T00:00:00.000Z',
  intentLevel: 'A',
  status: 'new',
  hasNeed: false,
  referralsMade: 2,
  updatedAt: '2026-03-02T00:00:00.000Z',
} as const;

describe('mergeDuplicateCards', () => {
  const result = mergeDuplicateCards(survivor, merged, '张叁（李娜）');

  it('joins phones and tags, each once', () => {
    expect(result.fields.phones).toEqual(['13800138000', '13900139000']);
    expect(result.fields.tags).toEqual(['车展', '老客户介绍']);
  });

  it('appends the merged card’s notes under a line naming it', () => {
    expect(result.fields.notes).toBe(`想要白色\n\n${notesSeparator('张叁（李娜）')}\n周末有空`);
    expect(notesSeparator('张叁（李娜）')).toContain('张叁（李娜）');
  });

  it('fills empty fields of the survivor, whole groups at a time', () => {
    expect(result.fields).toMatchObject({
      wechatId: 'zhangsan88',
      gender: 'male',
      brand: '比亚迪',
      model: '汉',
      colour: '白',
      budgetMin: 20,
      budgetMax: 25,
      expectedPurchaseDate: '2026-04-01T00:00:00.000Z',
      intentLevel: 'A',
      referralsMade: 2,
    });
    // 上海 is the survivor's city: the merged card's 北京/朝阳 would make a place that is neither.
    expect(result.fields).not.toHaveProperty('city');
    expect(result.fields).not.toHaveProperty('district');
  });

  it('never overwrites the survivor’s identity, workflow or bookkeeping', () => {
    for (const field of ['name', 'status', 'hasNeed', 'id', 'ownerId', 'updatedAt', 'kind']) {
      expect(result.fields).not.toHaveProperty(field);
    }
  });

  it('lists what the merged card held on the timeline: taken or not', () => {
    const byField = new Map(result.changes.map((change) => [change.field, change]));
    expect(byField.get('name')).toEqual({ field: 'name', from: '张叁', to: '张三' });
    expect(byField.get('city')).toEqual({ field: 'city', from: '北京', to: '上海' });
    expect(byField.get('district')).toEqual({ field: 'district', from: '朝阳', to: '' });
    expect(byField.get('status')).toEqual({ field: 'status', from: 'new', to: 'following' });
    expect(byField.get('hasNeed')).toEqual({ field: 'hasNeed', from: 'false', to: 'true' });
    expect(byField.get('wechatId')).toEqual({
      field: 'wechatId',
      from: 'zhangsan88',
      to: 'zhangsan88',
    });
    expect(byField.get('phones')).toEqual({
      field: 'phones',
      from: '13800138000, 13900139000',
      to: '13800138000, 13900139000',
    });
    // Same value on both cards, bookkeeping and the notes (they are in the notes) are not listed.
    expect(byField.has('kind')).toBe(false);
    expect(byField.has('updatedAt')).toBe(false);
    expect(byField.has('notes')).toBe(false);
    expect(byField.has('id')).toBe(false);
  });

  it('changes nothing when the merged card adds nothing', () => {
    expect(mergeDuplicateCards(survivor, { ...survivor, id: 'm2', ownerId: 'lina' }, 'x')).toEqual({
      fields: {},
      changes: [],
    });
  });

  it('does not repeat notes already on the survivor', () => {
    expect(mergeDuplicateCards({ notes: 'a\nb' }, { notes: 'b' }, 'x').fields).toEqual({});
    expect(mergeDuplicateCards({ notes: '' }, { notes: 'b' }, 'x').fields.notes).toBe(
      `${notesSeparator('x')}\nb`,
    );
  });

  const value = fc.oneof(
    fc.constant(''),
    fc.constant(null),
    fc.string({ maxLength: 4 }),
    fc.integer({ min: 0, max: 5 }),
  );
  const cardData = fc.record({
    phones: fc.array(fc.constantFrom('13800000001', '13800000002', '13800000003'), {
      maxLength: 3,
    }),
    tags: fc.array(fc.constantFrom('a', 'b', 'c'), { maxLength: 3 }),
    notes: fc.constantFrom('', 'x', 'y'),
    name: fc.string({ maxLength: 3 }),
    status: fc.constantFrom('new', 'following', 'ordered'),
    city: value,
    district: value,
    wechatId: value,
    brand: value,
    model: value,
    budgetMin: value,
    budgetMax: value,
    referralsMade: fc.integer({ min: 0, max: 5 }),
  });

  it('loses no phone, tag or note and keeps every non-empty survivor value (property)', () => {
    fc.assert(
      fc.property(cardData, cardData, (a, b) => {
        const { fields, changes } = mergeDuplicateCards(a, b, 'L');
        const result: Record<string, unknown> = { ...a, ...fields };
        for (const phone of [...a.phones, ...b.phones]) {
          expect(result.phones).toContain(phone);
        }
        for (const tag of [...a.tags, ...b.tags]) expect(result.tags).toContain(tag);
        expect(String(result.notes)).toContain(a.notes);
        expect(String(result.notes)).toContain(b.notes);
        for (const [field, before] of Object.entries(a)) {
          if (field === 'phones' || field === 'tags' || field === 'notes') continue;
          if (field === 'referralsMade') {
            expect(result[field]).toBe(Math.max(a.referralsMade, b.referralsMade));
          } else if (before !== '' && before !== null) {
            expect(result[field], field).toEqual(before);
          }
        }
        // Every non-empty value of the merged card is on the survivor or on the timeline.
        for (const [field, theirs] of Object.entries(b)) {
          // Lists are checked above, element by element.
          if (field === 'notes' || theirs === '' || theirs === null || Array.isArray(theirs)) {
            continue;
          }
          const listed = changes.some((change) => change.field === field);
          const same = sameFieldValue(result[field], theirs);
          expect(listed || same, field).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('names every groupable field once and keeps the two lists apart', () => {
    const grouped = FILL_GROUPS.flat();
    expect(new Set(grouped).size).toBe(grouped.length);
    for (const field of grouped) expect(KEPT_FIELDS.has(field)).toBe(false);
  });
});

describe('lateChangeOntoSurvivor', () => {
  const label = '张叁（李娜）';

  it('joins numbers and tags, appends notes, fills what is empty', () => {
    const late = lateChangeOntoSurvivor(
      survivor,
      {
        phones: ['13700137000'],
        tags: ['试驾'],
        notes: '已付意向金',
        wechatId: 'zs',
        brand: '理想',
        updatedAt: '2026-03-05T00:00:00.000Z',
      },
      label,
    );
    expect(late.fields).toEqual({
      phones: ['13800138000', '13700137000'],
      tags: ['车展', '试驾'],
      notes: `想要白色\n\n${notesSeparator(label)}\n已付意向金`,
      wechatId: 'zs',
      brand: '理想',
    });
    expect(late.conflicts).toEqual([]);
  });

  it('keeps a value the survivor holds differently as a conflict', () => {
    const late = lateChangeOntoSurvivor(
      survivor,
      { city: '北京', name: '张三丰', status: 'ordered', district: '朝阳' },
      label,
    );
    expect(late.fields).toEqual({});
    expect(late.conflicts).toEqual([
      { field: 'city', survivorValue: '上海', value: '北京' },
      { field: 'name', survivorValue: '张三', value: '张三丰' },
      { field: 'status', survivorValue: 'following', value: 'ordered' },
      // Half a group: 上海 with 朝阳 would be nowhere.
      { field: 'district', survivorValue: '', value: '朝阳' },
    ]);
  });

  it('keeps no conflict for the intent level, only for the date it follows from', () => {
    const late = lateChangeOntoSurvivor(
      { ...survivor, expectedPurchaseDate: '2026-05-01T00:00:00.000Z', intentLevel: 'B' },
      { expectedPurchaseDate: '2026-03-20T00:00:00.000Z', intentLevel: 'H' },
      label,
    );
    expect(late.conflicts.map((conflict) => conflict.field)).toEqual(['expectedPurchaseDate']);
  });

  it('ignores bookkeeping, equal values and cleared fields', () => {
    expect(
      lateChangeOntoSurvivor(
        survivor,
        { id: 'm', ownerId: 'lina', deleted: true, city: '上海', wechatId: '', confirmedAt: 'x' },
        label,
      ),
    ).toEqual({ fields: {}, conflicts: [] });
  });
});

describe('phoneConnectedOrder', () => {
  it('orders the cards so each shares a number with what is merged so far', () => {
    expect(
      phoneConnectedOrder(
        ['13800000001'],
        [
          { id: 'c', phones: ['13800000003'] },
          { id: 'b', phones: ['13800000002', '13800000003'] },
          { id: 'a', phones: ['+86 138 0000 0001', '13800000002'] },
        ],
      ),
    ).toEqual(['a', 'b', 'c']);
  });

  it('refuses a card that shares no number', () => {
    expect(phoneConnectedOrder(['13800000001'], [{ id: 'x', phones: ['13900000009'] }])).toBe(null);
    expect(phoneConnectedOrder([], [{ id: 'x', phones: [] }])).toBe(null);
  });
});
