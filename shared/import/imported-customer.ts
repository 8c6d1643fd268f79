// One line of the file as a card: only the fields the line filled (an update fills or
// overwrites exactly these), normalized as the card form stores them.

import type { CustomerFields } from '../domain/customer';

type TextFields =
  | 'wechatId'
  | 'city'
  | 'district'
  | 'company'
  | 'sourceDetail'
  | 'brand'
  | 'model'
  | 'trim'
  | 'colour'
  | 'tradeIn'
  | 'competitors'
  | 'notes';

export type ImportedCustomer = { name: string; phones: string[] } & Partial<
  Pick<
    CustomerFields,
    | TextFields
    | 'gender'
    | 'birthday'
    | 'source'
    | 'payment'
    | 'purpose'
    | 'expectedPurchaseDate'
    | 'tags'
  >
> & {
    /** When the lead was registered (登记时间), ISO instant: the card's creation time. */
    createdAt?: string;
  };

/** A field an update may write (creation time is a new card's alone). */
export type UpdatableField = Exclude<keyof ImportedCustomer, 'createdAt'>;

export const UPDATABLE_FIELDS = [
  'name',
  'phones',
  'wechatId',
  'city',
  'district',
  'company',
  'sourceDetail',
  'brand',
  'model',
  'trim',
  'colour',
  'tradeIn',
  'competitors',
  'notes',
  'gender',
  'birthday',
  'source',
  'payment',
  'purpose',
  'expectedPurchaseDate',
  'tags',
] as const satisfies readonly UpdatableField[];
