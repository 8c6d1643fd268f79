import { describe, expect, it } from 'vitest';
import type { Customer } from '../../../shared/domain/customer';
import { filterBySearch } from './reassign-search';

const customer = (name: string, phones: string[]) => ({ id: name, name, phones }) as Customer;
const book = [
  customer('王小明', ['13800138000']),
  customer('李四', ['02112345678', '13912345678']),
  customer('Anna Li', []),
];

describe('the reassign search', () => {
  it('keeps the whole book when the box is empty', () => {
    expect(filterBySearch(book, '  ')).toEqual(book);
  });

  it('finds a name by any part of it, whatever the case', () => {
    expect(filterBySearch(book, '小明').map((c) => c.name)).toEqual(['王小明']);
    expect(filterBySearch(book, 'li').map((c) => c.name)).toEqual(['Anna Li']);
  });

  it('reads digits in any phone format as the start of one of the phones', () => {
    expect(filterBySearch(book, '139 1234').map((c) => c.name)).toEqual(['李四']);
    expect(filterBySearch(book, '+86 138').map((c) => c.name)).toEqual(['王小明']);
    expect(filterBySearch(book, '5678')).toEqual([]);
  });

  it('finds digits inside a name too', () => {
    const imported = customer('导入客户0042', ['13700000000']);
    expect(filterBySearch([...book, imported], '0042')).toEqual([imported]);
  });
});
