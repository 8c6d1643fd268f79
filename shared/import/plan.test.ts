import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GridRow, SheetGrid } from './grid';
import { ImportError } from './import-error';
import { planImport, type PlanImportInput } from './plan';

const consultant = { id: 'u-lina', role: 'consultant' } as const;
const manager = { id: 'u-zhou', role: 'manager' } as const;

function grid(lines: (string | number | null)[][]): SheetGrid {
  return { sheet: 'Sheet1', rows: lines.map((cells, index) => ({ line: index + 1, cells })) };
}

const plan = (lines: (string | number | null)[][], input: Partial<PlanImportInput> = {}) =>
  planImport({ grid: grid(lines), importer: consultant, today: '2026-11-10', ...input });

const SHOW = [
  ['2026广州国际车展 客户登记表', null, null, null, null],
  ['客户姓名', '联系电话', '意向车型', '来源', '性别'],
  ['王伟', '+86 138 0013 8000', '汉EV', '车展', '先生'],
  ['李娜', '1380013800', '唐', '展会', '女士'],
  [null, null, null, null, null],
  ['张敏', '13800138000', '宋', '车展', '女'],
  ['合计', '3 人', null, null, null],
];

describe('planImport', () => {
  it('gives every line an action and a reason', () => {
    const result = plan(SHOW);
    expect(result.headerRow).toBe(2);
    expect(result.title).toBe('2026广州国际车展 客户登记表');
    expect(result.rows.map((row) => [row.line, row.action, row.reason])).toEqual([
      [1, 'skip', 'importPlan.reason.title'],
      [2, 'skip', 'importPlan.reason.header'],
      [3, 'create', undefined],
      [4, 'invalid', 'importPlan.reason.phoneWrongLength?value=1380013800'],
      [5, 'skip', 'importPlan.reason.blank'],
      [6, 'duplicate', 'importPlan.reason.sameAsLine?line=3'],
      [7, 'skip', 'importPlan.reason.totals'],
    ]);
    expect(result.rows[5]?.duplicateOf).toBe(3);
    expect(result.counts).toEqual({ create: 1, update: 0, duplicate: 1, invalid: 1, skip: 4 });
  });

  it('normalizes the customer and tags it with the import name', () => {
    const [, , created] = plan(SHOW, { importName: '广州车展' }).rows;
    expect(created?.customer).toEqual({
      name: '王伟',
      phones: ['13800138000'],
      model: '汉EV',
      source: 'event',
      sourceDetail: '广州车展',
      gender: 'male',
      tags: ['广州车展'],
    });
    expect(created?.ownerId).toBe('u-lina');
  });

  it('puts unmapped columns and unknown choices into the notes, never drops them', () => {
    const result = plan([
      ['姓名', '电话', '兴趣爱好', '性别', '备注'],
      ['王伟', '13800138000', '钓鱼', '保密', '周末来'],
    ]);
    expect(result.mapping).toEqual(['name', 'phones', null, 'gender', 'notes']);
    expect(result.rows[1]?.customer?.notes).toBe('周末来\n兴趣爱好：钓鱼\n性别：保密');
  });

  it('uses the user’s enumeration choices over the proposal', () => {
    const result = plan(
      [
        ['姓名', '电话', '来源'],
        ['王伟', '13800138000', '地推'],
      ],
      { enumMappings: { source: { 地推: 'walk_in' } } },
    );
    expect(result.enumMappings.source).toEqual({ 地推: 'walk_in' });
    expect(result.rows[1]?.customer?.source).toBe('walk_in');
  });

  it('validates with the card form’s rules', () => {
    const result = plan([
      ['姓名', '电话', '城市', '生日'],
      ['王伟', '13800138000', '城'.repeat(41), null],
      ['', '13800138001', null, null],
      ['李娜', '13800138002', null, '2026年13月1日'],
      ['张敏', '', null, null],
    ]);
    expect(result.rows.slice(1).map((row) => row.reason)).toEqual([
      'importPlan.reason.fieldInvalid?field=city&problem=validation.tooLong%3Fmax%3D40',
      'importPlan.reason.nameMissing',
      'importPlan.reason.dateInvalid?field=birthday&value=2026%E5%B9%B413%E6%9C%881%E6%97%A5',
      'importPlan.reason.phoneMissing',
    ]);
  });

  it('turns a 级别 into the expected purchase date it stands for', () => {
    const result = plan([
      ['姓名', '电话', '级别'],
      ['王伟', '13800138000', 'H级'],
    ]);
    expect(result.rows[1]?.customer?.expectedPurchaseDate).toBe('2026-11-17');
  });

  describe('against existing cards', () => {
    const existing = new Map([
      ['13800138000', [{ customerId: 'c-own', ownerId: 'u-lina', name: '王伟' }]],
      ['13900139000', [{ customerId: 'c-other', ownerId: 'u-wang', name: '赵六' }]],
    ]);
    const lines = [
      ['姓名', '电话'],
      ['王伟', '138 0013 8000'],
      ['赵六', '13900139000'],
      ['王伟', '13700137000'],
    ];

    it('skips an own card’s customer by default and never touches another consultant’s', () => {
      const result = plan(lines, { existing });
      expect(result.rows.slice(1).map((row) => [row.action, row.duplicateOf, row.reason])).toEqual([
        ['duplicate', 'c-own', 'importPlan.reason.existingCard?name=%E7%8E%8B%E4%BC%9F'],
        ['duplicate', 'c-other', 'importPlan.reason.otherConsultantsCard'],
        // Same name, other phone: a name alone never merges.
        ['create', undefined, undefined],
      ]);
    });

    it('updates an existing card when asked, per line or for all', () => {
      const filled = plan(lines, { existing, duplicates: { default: { mode: 'fill' } } });
      expect(filled.rows[1]).toMatchObject({
        action: 'update',
        duplicateOf: 'c-own',
        choice: { mode: 'fill' },
      });
      expect(filled.rows[2]?.action).toBe('duplicate');
      const perLine = plan(lines, {
        existing,
        duplicates: { default: { mode: 'fill' }, byLine: { 2: { mode: 'skip' } } },
      });
      expect(perLine.rows[1]?.action).toBe('duplicate');
    });

    it('lets a manager update any card of the showroom', () => {
      const result = plan(lines, {
        existing,
        importer: manager,
        duplicates: { default: { mode: 'fill' } },
      });
      expect(result.rows[2]).toMatchObject({ action: 'update', duplicateOf: 'c-other' });
    });
  });

  describe('owners', () => {
    const users = [
      { id: 'u-lina', name: '李娜', login: 'lina', active: true },
      { id: 'u-wang', name: '王磊', login: 'wanglei', active: true },
    ];
    const lines = [
      ['姓名', '电话', '销售顾问'],
      ['甲', '13800138001', '李娜'],
      ['乙', '13800138002', 'wanglei'],
      ['丙', '13800138003', '离职的人'],
      ['丁', '13800138004', ''],
    ];

    it('assigns a manager’s rows by the consultant column and reports unmatched names', () => {
      const result = plan(lines, { importer: manager, owners: { mode: 'column', users } });
      expect(result.ownerNames).toEqual({ 李娜: 'u-lina', wanglei: 'u-wang', 离职的人: null });
      expect(result.unmatchedOwners).toEqual(['离职的人']);
      expect(result.rows.slice(1).map((row) => row.ownerId ?? row.reason)).toEqual([
        'u-lina',
        'u-wang',
        'importPlan.reason.ownerUnknown?name=%E7%A6%BB%E8%81%8C%E7%9A%84%E4%BA%BA',
        'importPlan.reason.ownerMissing',
      ]);
    });

    it('takes the user’s correction of a name', () => {
      const result = plan(lines, {
        importer: manager,
        owners: { mode: 'column', users, names: { 离职的人: 'u-wang' } },
      });
      expect(result.rows[3]?.ownerId).toBe('u-wang');
    });

    it('deals new cards out in turn', () => {
      const result = plan(lines, {
        importer: manager,
        owners: { mode: 'roundRobin', userIds: ['u-lina', 'u-wang'] },
      });
      expect(result.rows.slice(1).map((row) => row.ownerId)).toEqual([
        'u-lina',
        'u-wang',
        'u-lina',
        'u-wang',
      ]);
    });

    it('keeps a consultant’s import theirs, the column going to the notes', () => {
      const result = plan(lines, { owners: { mode: 'column', users } });
      expect(result.rows[2]).toMatchObject({
        ownerId: 'u-lina',
        customer: { notes: '销售顾问：wanglei' },
      });
    });
  });

  it('refuses a sheet with no recognisable header', () => {
    expect(() =>
      plan([
        ['车型', '颜色'],
        ['汉', '白'],
      ]),
    ).toThrow(ImportError);
    expect(() =>
      plan([
        ['车型', '颜色'],
        ['汉', '白'],
      ]),
    ).toThrow('importPlan.error.noHeader');
  });

  it('takes the header line the user points at', () => {
    const result = plan(
      [
        ['说明：请按表填写', null],
        ['名字', '号码'],
        ['王伟', '13800138000'],
      ],
      { headerRow: 2, mapping: ['name', 'phones'] },
    );
    expect(result.rows[2]?.action).toBe('create');
  });
});

describe('planImport (property)', () => {
  const phone = fc.integer({ min: 0, max: 30 }).map((n) => `1380013${String(8000 + n)}`);
  const dataLine = fc.oneof(
    fc
      .tuple(
        fc.constantFrom('王伟', '李娜', '张敏', ''),
        fc.oneof(phone, fc.constant('1380013800'), fc.constant('1.38001E+10')),
      )
      .map(([name, number]): (string | null)[] => [name, number, '车展']),
    fc.constant([null, null, null]),
    fc.constant(['合计', '10 人', null]),
    fc.constant(['客户姓名', '联系电话', '来源']),
  );
  const sheet = fc.record({
    titles: fc.array(fc.constantFrom('2026广州国际车展 客户登记表', '制表：销售部'), {
      maxLength: 2,
    }),
    blanksAbove: fc.integer({ min: 0, max: 2 }),
    lines: fc.array(dataLine, { maxLength: 60 }),
  });

  it('accounts for every line of the file exactly once', () => {
    fc.assert(
      fc.property(sheet, ({ titles, blanksAbove, lines }) => {
        const cells = [
          ...titles.map((title) => [title, null, null]),
          ...Array.from({ length: blanksAbove }, () => [null, null, null]),
          ['客户姓名', '联系电话', '来源'],
          ...lines,
        ];
        const rows: GridRow[] = cells.map((line, index) => ({ line: index + 1, cells: [...line] }));
        const result = planImport({
          grid: { sheet: null, rows },
          importer: consultant,
          today: '2026-11-10',
        });
        expect(result.rows.map((row) => row.line)).toEqual(rows.map((row) => row.line));
        const counted = Object.values(result.counts).reduce((sum, count) => sum + count, 0);
        expect(counted).toBe(rows.length);
        // A phone is created at most once; every duplicate points at an earlier created line.
        const created = result.rows.filter((row) => row.action === 'create');
        const phones = created.flatMap((row) => row.customer?.phones ?? []);
        expect(new Set(phones).size).toBe(phones.length);
        for (const row of result.rows) {
          if (row.action === 'duplicate') expect(row.duplicateOf).toBeLessThan(row.line);
          if (row.action !== 'create') expect(row.reason).toBeDefined();
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('planImport (large sheets)', () => {
  it('plans a sheet of more rows than a call can take arguments (blank lines do not count)', () => {
    // Blank lines do not count towards the limit of data lines, so a sheet can hold any number:
    // its width must not be found by spreading every row into one call (a stack overflow, first
    // seen in the browser's import worker, whose stack is smaller than Node's).
    const rows: GridRow[] = [{ line: 1, cells: ['客户姓名', '联系电话'] }];
    for (let index = 0; index < 10; index += 1) {
      rows.push({ line: index + 2, cells: [`客户${index}`, `1380013800${index}`] });
    }
    for (let line = 12; line < 200_012; line += 1) rows.push({ line, cells: [] });
    const plan = planImport({
      grid: { sheet: null, rows },
      importer: { id: 'me', role: 'consultant' },
      today: '2026-12-07',
    });
    expect(plan.counts).toMatchObject({ create: 10, skip: 200_001 });
    expect(plan.rows).toHaveLength(rows.length);
  });
});
