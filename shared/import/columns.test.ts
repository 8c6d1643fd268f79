import { describe, expect, it } from 'vitest';
import { headerLayoutKey, proposeMapping, targetForHeader } from './columns';
import { detectHeaderRow, titleAbove } from './header';
import type { GridRow } from './grid';

describe('proposeMapping', () => {
  it('maps the words of Chinese registration sheets', () => {
    expect(
      proposeMapping([
        '序号',
        '客户姓名',
        '联系电话',
        '意向车型',
        '客户来源',
        '备注',
        '登记时间',
        '销售顾问',
        '微信',
        '性别',
        '城市',
        '预计购车时间',
        '级别',
        '兴趣爱好',
      ]),
    ).toEqual([
      'ignore',
      'name',
      'phones',
      'model',
      'source',
      'notes',
      'registeredAt',
      'owner',
      'wechatId',
      'gender',
      'city',
      'expectedPurchaseDate',
      'intentLevel',
      null,
    ]);
  });

  it('knows synonyms and decorated headers', () => {
    expect(targetForHeader('联系人')).toBe('name');
    expect(targetForHeader('手机')).toBe('phones');
    expect(targetForHeader('电话')).toBe('phones');
    expect(targetForHeader('顾问')).toBe('owner');
    expect(targetForHeader('来源')).toBe('source');
    expect(targetForHeader('* 客户手机号码（必填）')).toBe('phones');
    expect(targetForHeader('联系人电话')).toBe('phones');
    expect(targetForHeader('ＮＡＭＥ')).toBe('name');
  });

  it('lets several columns hold phones, but only one the name', () => {
    expect(proposeMapping(['姓名', '手机', '电话', '联系人'])).toEqual([
      'name',
      'phones',
      'phones',
      null,
    ]);
  });
});

describe('headerLayoutKey', () => {
  it('is the same for the same layout, whatever the spacing or width of the characters', () => {
    expect(headerLayoutKey(['客户姓名', '联系电话'])).toBe(
      headerLayoutKey([' 客户 姓名', '联系电话 ']),
    );
    expect(headerLayoutKey(['客户姓名', '联系电话'])).not.toBe(
      headerLayoutKey(['联系电话', '客户姓名']),
    );
    expect(headerLayoutKey(['客户姓名', '联系电话'])).toMatch(/^layout-v1-2-[0-9a-f]{8}$/);
  });
});

describe('detectHeaderRow', () => {
  const rows: GridRow[] = [
    { line: 1, cells: ['2026广州国际车展 客户登记表', null, null] },
    { line: 2, cells: ['登记日期：2026年11月3日', null, null] },
    { line: 3, cells: [null, null, null] },
    { line: 4, cells: ['姓名', '手机', '意向车型'] },
    { line: 5, cells: ['王伟', '13800138000', '汉EV'] },
  ];

  it('finds the header below a title and a blank line', () => {
    expect(detectHeaderRow(rows)?.index).toBe(3);
    expect(titleAbove(rows, 3)).toBe('2026广州国际车展 客户登记表');
  });

  it('finds none when no row names the customer or the phone', () => {
    expect(detectHeaderRow([{ line: 1, cells: ['车型', '颜色', '备注'] }])).toBeNull();
  });
});
