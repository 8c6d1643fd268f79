// The search box above 转移客户's table: a name fragment, or the first digits of a phone.

import type { Customer } from '../../../shared/domain/customer';
import { searchKind } from '../../db/customer-queries';

/**
 * The customers one of whose phones starts with the entry's digits (in any phone format), or
 * whose name contains the entry, whatever the case (names may carry digits, as imports do).
 */
export function filterBySearch(customers: readonly Customer[], search: string): Customer[] {
  const read = searchKind(search);
  if (!read) return [...customers];
  const needle = search.trim().toLocaleLowerCase();
  const byName = (customer: Customer) => customer.name.toLocaleLowerCase().includes(needle);
  if (read.kind === 'name') return customers.filter(byName);
  return customers.filter(
    (customer) => byName(customer) || customer.phones.some((phone) => phone.startsWith(read.value)),
  );
}
