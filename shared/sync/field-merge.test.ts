import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeFields, type FieldChangeSet, type MergeableRow } from './field-merge';
import { compareHlc, formatHlc } from './hlc';

const T = 1_773_000_000_000;
const hlc = (millis: number, counter = 0, node = 'a') => formatHlc({ millis, counter, node });

type Row = MergeableRow & {
  id: string;
  name?: string;
  phone?: string;
  status?: string;
  tags?: string[];
};

function baseRow(): Row {
  return {
    id: 'c1',
    name: '王伟',
    phone: '13800138000',
    status: 'following',
    clocks: { name: hlc(T, 0, 'a'), phone: hlc(T, 0, 'a'), status: hlc(T, 0, 'a') },
  };
}

describe('mergeFields', () => {
  it('creates a row from nothing, stamping every field with the change HLC', () => {
    const result = mergeFields<Row>(undefined, { fields: { id: 'c1', name: '王伟' }, hlc: hlc(T) });
    expect(result.row).toEqual({ id: 'c1', name: '王伟', clocks: { id: hlc(T), name: hlc(T) } });
    expect(result.appliedFields).toEqual(['id', 'name']);
    expect(result.losing).toEqual([]);
  });

  it('a newer HLC wins per field', () => {
    const newer = hlc(T + 1, 0, 'b');
    const result = mergeFields(baseRow(), { fields: { name: '王伟强' }, hlc: newer });
    expect(result.row.name).toBe('王伟强');
    expect(result.row.clocks.name).toBe(newer);
    expect(result.row.phone).toBe('13800138000');
    expect(result.row.clocks.phone).toBe(hlc(T, 0, 'a'));
    expect(result.appliedFields).toEqual(['name']);
    expect(result.losing).toEqual([]);
  });

  it('a newer HLC in the same millisecond (higher counter, or node tie-break) also wins', () => {
    expect(mergeFields(baseRow(), { fields: { name: 'x' }, hlc: hlc(T, 1, 'a') }).row.name).toBe(
      'x',
    );
    expect(mergeFields(baseRow(), { fields: { name: 'y' }, hlc: hlc(T, 0, 'b') }).row.name).toBe(
      'y',
    );
  });

  it('an older write loses and is reported with both values and both clocks', () => {
    const older = hlc(T - 1000, 0, 'b');
    const result = mergeFields(baseRow(), {
      fields: { name: '王小伟', status: 'ordered' },
      hlc: older,
    });
    expect(result.row.name).toBe('王伟');
    expect(result.row.status).toBe('following');
    expect(result.row.clocks.name).toBe(hlc(T, 0, 'a'));
    expect(result.appliedFields).toEqual([]);
    expect(result.losing).toEqual([
      { field: 'name', kept: '王伟', keptHlc: hlc(T, 0, 'a'), lost: '王小伟', lostHlc: older },
      {
        field: 'status',
        kept: 'following',
        keptHlc: hlc(T, 0, 'a'),
        lost: 'ordered',
        lostHlc: older,
      },
    ]);
  });

  it('an older write of the value the field already holds is not reported as losing', () => {
    const result = mergeFields(baseRow(), {
      fields: { name: '王伟', phone: '13900139000' },
      hlc: hlc(T - 1, 0, 'b'),
    });
    expect(result.losing.map((l) => l.field)).toEqual(['phone']);
    expect(result.appliedFields).toEqual([]);
  });

  it('compares structured values by content when deciding whether an older write lost anything', () => {
    const row: Row = {
      ...baseRow(),
      tags: ['VIP', '置换'],
      clocks: { ...baseRow().clocks, tags: hlc(T) },
    };
    expect(mergeFields(row, { fields: { tags: ['VIP', '置换'] }, hlc: hlc(T - 1) }).losing).toEqual(
      [],
    );
    expect(mergeFields(row, { fields: { tags: ['VIP'] }, hlc: hlc(T - 1) }).losing).toEqual([
      { field: 'tags', kept: ['VIP', '置换'], keptHlc: hlc(T), lost: ['VIP'], lostHlc: hlc(T - 1) },
    ]);
  });

  it('a change set with some newer and some older fields applies the newer ones only', () => {
    const row: Row = { ...baseRow(), clocks: { ...baseRow().clocks, phone: hlc(T + 10, 0, 'a') } };
    const change = { fields: { name: '王伟强', phone: '13900139000' }, hlc: hlc(T + 5, 0, 'b') };
    const result = mergeFields(row, change);
    expect(result.row.name).toBe('王伟强');
    expect(result.row.phone).toBe('13800138000');
    expect(result.appliedFields).toEqual(['name']);
    expect(result.losing).toEqual([
      {
        field: 'phone',
        kept: '13800138000',
        keptHlc: hlc(T + 10, 0, 'a'),
        lost: '13900139000',
        lostHlc: change.hlc,
      },
    ]);
  });

  it('different fields from two writers both survive, in either order', () => {
    const fromA: FieldChangeSet = { fields: { name: '王伟强' }, hlc: hlc(T + 100, 0, 'a') };
    const fromB: FieldChangeSet = { fields: { phone: '13900139000' }, hlc: hlc(T + 50, 0, 'b') };
    const ab = mergeFields(mergeFields(baseRow(), fromA).row, fromB);
    const ba = mergeFields(mergeFields(baseRow(), fromB).row, fromA);
    for (const result of [ab, ba]) {
      expect(result.row.name).toBe('王伟强');
      expect(result.row.phone).toBe('13900139000');
      expect(result.losing).toEqual([]);
    }
    expect(ab.row).toEqual(ba.row);
  });

  it('the same field written by two writers converges on the newer value in either order', () => {
    const older: FieldChangeSet = { fields: { status: 'ordered' }, hlc: hlc(T + 10, 0, 'b') };
    const newer: FieldChangeSet = {
      fields: { status: 'lost_requested' },
      hlc: hlc(T + 20, 0, 'a'),
    };
    const olderFirst = mergeFields(mergeFields(baseRow(), older).row, newer);
    const newerFirst = mergeFields(mergeFields(baseRow(), newer).row, older);
    expect(olderFirst.row).toEqual(newerFirst.row);
    expect(newerFirst.row.status).toBe('lost_requested');
    expect(newerFirst.losing).toEqual([
      {
        field: 'status',
        kept: 'lost_requested',
        keptHlc: newer.hlc,
        lost: 'ordered',
        lostHlc: older.hlc,
      },
    ]);
  });

  it('re-applying the same change set is a no-op (idempotent, nothing reported)', () => {
    const change = { fields: { name: '王伟强', phone: '13900139000' }, hlc: hlc(T + 1) };
    const once = mergeFields(baseRow(), change);
    const twice = mergeFields(once.row, change);
    expect(twice.row).toEqual(once.row);
    expect(twice.appliedFields).toEqual([]);
    expect(twice.losing).toEqual([]);
  });

  it('never takes "clocks" from a change set', () => {
    const result = mergeFields(baseRow(), {
      fields: { clocks: { name: hlc(T + 999) }, name: 'x' },
      hlc: hlc(T + 1),
    });
    expect(result.row.clocks.name).toBe(hlc(T + 1));
    expect(result.appliedFields).toEqual(['name']);
  });

  it('applies a field the row holds without a clock (e.g. written before clocks existed)', () => {
    const row: Row = { id: 'c1', name: 'old', clocks: {} };
    const result = mergeFields(row, { fields: { name: 'new' }, hlc: hlc(1) });
    expect(result.row.name).toBe('new');
  });

  it('does not modify the row or the clocks it is given', () => {
    const row = baseRow();
    const snapshot = structuredClone(row);
    mergeFields(row, { fields: { name: 'x', extra: 1 }, hlc: hlc(T + 1) });
    expect(row).toEqual(snapshot);
  });
});

describe('mergeFields is order-independent (property)', () => {
  const FIELDS = ['name', 'phone', 'status', 'budget', 'tags'] as const;
  const valueArb = fc.oneof(
    fc.constantFrom('a', 'b', 'c'),
    fc.integer({ min: 0, max: 3 }),
    fc.constant(null),
    fc.array(fc.constantFrom('VIP', '置换'), { maxLength: 2 }),
  );
  const fieldsArb = fc.dictionary(fc.constantFrom(...FIELDS), valueArb, {
    minKeys: 1,
    maxKeys: FIELDS.length,
  });
  const hlcArb = fc
    .record({
      millis: fc.integer({ min: T, max: T + 20 }),
      counter: fc.integer({ min: 0, max: 3 }),
      node: fc.constantFrom('a', 'b', 'c'),
    })
    .map(formatHlc);
  // HLCs are unique per write: two writers never produce the same timestamp.
  const changeSetsArb = fc
    .uniqueArray(hlcArb, { minLength: 1, maxLength: 8 })
    .chain((hlcs) =>
      fc.tuple(...hlcs.map((h) => fieldsArb.map((fields): FieldChangeSet => ({ fields, hlc: h })))),
    );
  const baseArb = fc.option(
    fc
      .record({ millis: fc.integer({ min: T - 5, max: T + 25 }), value: valueArb })
      .map(({ millis, value }): MergeableRow => ({
        id: 'c1',
        name: value,
        status: 'following',
        clocks: { id: hlc(T - 100), name: hlc(millis, 0, 'z'), status: hlc(millis, 1, 'z') },
      })),
    { nil: undefined },
  );

  function applyAll(base: MergeableRow | undefined, changes: readonly FieldChangeSet[]) {
    let row = base;
    const losing = [];
    for (const change of changes) {
      const result = mergeFields(row, change);
      row = result.row;
      losing.push(...result.losing);
    }
    return { row, losing };
  }

  it('two change sets in either order give the same row', () => {
    fc.assert(
      fc.property(baseArb, changeSetsArb, (base, changes) => {
        const first = changes[0]!;
        const second = changes[1] ?? first;
        expect(applyAll(base, [first, second]).row).toEqual(applyAll(base, [second, first]).row);
      }),
      { seed: 20261124, numRuns: 1000 },
    );
  });

  it('any number of change sets in any order give the same row, each field holding its newest write', () => {
    fc.assert(
      fc.property(
        baseArb,
        changeSetsArb.chain((changes) =>
          fc.tuple(
            fc.constant(changes),
            fc.shuffledSubarray(changes, { minLength: changes.length, maxLength: changes.length }),
          ),
        ),
        (base, [changes, shuffled]) => {
          const inOrder = applyAll(base, changes);
          const reordered = applyAll(base, shuffled);
          expect(reordered.row).toEqual(inOrder.row);

          // Model: each field holds the value of its newest write, base included.
          const expected: Record<string, { value: unknown; hlc: string }> = {};
          if (base) {
            for (const [field, clock] of Object.entries(base.clocks))
              expected[field] = { value: base[field], hlc: clock };
          }
          for (const change of changes) {
            for (const [field, value] of Object.entries(change.fields)) {
              const current = expected[field];
              if (!current || compareHlc(change.hlc, current.hlc) > 0)
                expected[field] = { value, hlc: change.hlc };
            }
          }
          for (const [field, { value, hlc: clock }] of Object.entries(expected)) {
            expect(inOrder.row![field]).toEqual(value);
            expect(inOrder.row!.clocks[field]).toBe(clock);
          }

          // Whatever is reported as losing really is older than what was kept, and differs from it.
          for (const lost of [...inOrder.losing, ...reordered.losing]) {
            expect(compareHlc(lost.lostHlc, lost.keptHlc)).toBe(-1);
            expect(JSON.stringify(lost.lost)).not.toBe(JSON.stringify(lost.kept));
          }
        },
      ),
      { seed: 20261124, numRuns: 1000 },
    );
  });
});
