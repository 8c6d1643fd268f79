import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyMutation, rebaseOnServer, type StoredRow } from './apply-mutation';

const h = (millis: number, node = 'a') => `${String(millis).padStart(15, '0')}:00000:${node}`;

describe('applyMutation', () => {
  const stored: StoredRow = {
    data: { name: '王先生', city: '上海' },
    clocks: { name: h(10, 'a'), city: h(10, 'a') },
  };

  it('creates a row from nothing, without conflicts', () => {
    const result = applyMutation(undefined, { fields: { name: '李' }, hlc: h(5) });
    expect(result.data).toEqual({ name: '李' });
    expect(result.clocks).toEqual({ name: h(5) });
    expect(result.conflicts).toEqual([]);
  });

  it('applies an edit made on top of the stored value with no conflict', () => {
    const result = applyMutation(stored, {
      fields: { name: '王总' },
      hlc: h(20, 'b'),
      base: { name: h(10, 'a') },
    });
    expect(result.data.name).toBe('王总');
    expect(result.appliedFields).toEqual(['name']);
    expect(result.conflicts).toEqual([]);
  });

  it('keeps the stored value as the loser when a newer concurrent edit wins', () => {
    const result = applyMutation(stored, {
      fields: { name: '王总' },
      hlc: h(20, 'b'),
      base: { name: h(5, 'b') },
    });
    expect(result.data.name).toBe('王总');
    expect(result.conflicts).toEqual([
      {
        field: 'name',
        kept: { value: '王总', hlc: h(20, 'b') },
        lost: { value: '王先生', hlc: h(10, 'a') },
      },
    ]);
  });

  it('keeps the incoming value as the loser when it is older than the stored one', () => {
    const result = applyMutation(stored, { fields: { city: '北京' }, hlc: h(8, 'b'), base: {} });
    expect(result.data.city).toBe('上海');
    expect(result.appliedFields).toEqual([]);
    expect(result.conflicts).toEqual([
      {
        field: 'city',
        kept: { value: '上海', hlc: h(10, 'a') },
        lost: { value: '北京', hlc: h(8, 'b') },
      },
    ]);
  });

  it('reports no conflict when both writers chose the same value', () => {
    const result = applyMutation(stored, { fields: { city: '上海' }, hlc: h(30, 'b') });
    expect(result.conflicts).toEqual([]);
  });

  it('is idempotent: applying the same change twice changes nothing the second time', () => {
    const change = { fields: { name: '赵' }, hlc: h(40, 'c'), base: { name: h(10, 'a') } };
    const once = applyMutation(stored, change);
    const twice = applyMutation(once, change);
    expect(twice.data).toEqual(once.data);
    expect(twice.clocks).toEqual(once.clocks);
    expect(twice.conflicts).toEqual([]);
  });

  it('converges: any order of the same changes gives the same row (property)', () => {
    const changeArb = fc.record({
      field: fc.constantFrom('name', 'city', 'notes'),
      value: fc.string({ maxLength: 3 }),
      millis: fc.integer({ min: 1, max: 50 }),
      node: fc.constantFrom('a', 'b', 'c'),
    });
    fc.assert(
      fc.property(fc.array(changeArb, { maxLength: 12 }), fc.integer(), (changes, salt) => {
        const unique = new Map(changes.map((c) => [`${c.millis}:${c.node}`, c]));
        const list = [...unique.values()];
        const shuffled = [...list].sort(
          (x, y) => ((x.millis * 31 + salt) % 7) - ((y.millis * 31 + salt) % 7),
        );
        const apply = (order: typeof list) =>
          order.reduce<StoredRow | undefined>(
            (row, c) =>
              applyMutation(row, { fields: { [c.field]: c.value }, hlc: h(c.millis, c.node) }),
            undefined,
          );
        const inOrder = apply(list);
        const reordered = apply(shuffled);
        expect(reordered && pick(reordered)).toEqual(inOrder && pick(inOrder));
      }),
      { seed: 20261124, numRuns: 300 },
    );
  });
});

function pick(row: StoredRow) {
  return { data: row.data, clocks: row.clocks };
}

describe('rebaseOnServer', () => {
  it("takes the server's row but keeps fields whose waiting change is newer", () => {
    const server = { data: { name: '服务器', city: '上海' }, clocks: { name: h(10), city: h(10) } };
    const local = { name: '本地', city: '杭州', clocks: { name: h(20, 'b'), city: h(5) } };
    const row = rebaseOnServer(server, local, new Map([['name', h(20, 'b')]]));
    expect(row).toEqual({ name: '本地', city: '上海', clocks: { name: h(20, 'b'), city: h(10) } });
  });

  it('takes the newer server value of a field whose waiting change is older (it will lose)', () => {
    const server = { data: { city: '深圳' }, clocks: { city: h(20, 'b') } };
    const local = { city: '佛山', clocks: { city: h(10, 'a') } };
    expect(rebaseOnServer(server, local, new Map([['city', h(10, 'a')]]))).toEqual({
      city: '深圳',
      clocks: { city: h(20, 'b') },
    });
    // The server already holds this very change (its answer was lost): the server's copy.
    expect(rebaseOnServer(server, local, new Map([['city', h(20, 'b')]]))).toEqual({
      city: '深圳',
      clocks: { city: h(20, 'b') },
    });
  });

  it('keeps a waiting change of a field the server does not have yet', () => {
    const server = { data: { name: 'x' }, clocks: { name: h(1) } };
    const local = { name: 'x', wechatId: 'wx1', clocks: { name: h(1), wechatId: h(2, 'a') } };
    expect(rebaseOnServer(server, local, new Map([['wechatId', h(2, 'a')]]))).toEqual({
      name: 'x',
      wechatId: 'wx1',
      clocks: { name: h(1), wechatId: h(2, 'a') },
    });
  });

  it('is the server row when nothing is pending', () => {
    const server = { data: { name: 'x' }, clocks: { name: h(1) } };
    expect(rebaseOnServer(server, undefined, new Map())).toEqual({
      name: 'x',
      clocks: { name: h(1) },
    });
  });

  it('ends with the newer value of every field, whichever side holds it (property)', () => {
    const clock = fc.nat({ max: 50 }).map((millis) => h(millis, 'a'));
    fc.assert(
      fc.property(clock, clock, fc.boolean(), (serverHlc, localHlc, waiting) => {
        const server = { data: { city: 'server' }, clocks: { city: serverHlc } };
        const local = { city: 'local', clocks: { city: localHlc } };
        const pending = waiting ? new Map([['city', localHlc]]) : new Map<string, string>();
        const row = rebaseOnServer(server, local, pending);
        const localWins = waiting && localHlc > serverHlc;
        expect(row.city).toBe(localWins ? 'local' : 'server');
        expect(row.clocks.city).toBe(localWins ? localHlc : serverHlc);
      }),
    );
  });
});
