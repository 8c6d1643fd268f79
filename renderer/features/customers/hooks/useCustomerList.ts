import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../../db/db';
import { queryCustomerIds, type CustomerListFilter } from '../../../db/customer-queries';
import type { Customer } from '../../../../shared/domain/customer';

/** Ids of the cards matching the filter, in display order (undefined while loading). */
export function useCustomerIds(filter: CustomerListFilter): string[] | undefined {
  return useLiveQuery(() => queryCustomerIds(db, filter), [filter]);
}

/** The cards of the rows currently on screen, keyed by id. */
export function useCustomerRows(ids: string[]): Map<string, Customer> | undefined {
  return useLiveQuery(async () => {
    const rows = await db.customers.bulkGet(ids);
    return new Map(rows.flatMap((row) => (row ? [[row.id, row] as const] : [])));
  }, [ids.join(',')]);
}
