// The customer card (客户管理卡) as stored locally and synced. Flat fields on purpose: sync
// merges per field, so a nested object edited by two people would lose one of them.

import type { CustomerStatus } from './customer-status';
import type { IntentLevel } from './intent';
import type { QualificationGrade } from './qualification';
import type { SyncedRow } from './synced-row';

export type CustomerKind = 'person' | 'company';
export type Gender = 'male' | 'female' | 'unknown';
export type CustomerSource =
  'walk_in' | 'phone_in' | 'online' | 'referral' | 'event' | 'existing_owner' | 'other';
export type PaymentMethod = 'full' | 'loan' | 'lease';
export type PurchasePurpose = 'own_use' | 'gift' | 'business';

export const CUSTOMER_KINDS = ['person', 'company'] as const satisfies readonly CustomerKind[];
export const GENDERS = ['male', 'female', 'unknown'] as const satisfies readonly Gender[];
export const CUSTOMER_SOURCES = [
  'walk_in',
  'phone_in',
  'online',
  'referral',
  'event',
  'existing_owner',
  'other',
] as const satisfies readonly CustomerSource[];
export const PAYMENT_METHODS = [
  'full',
  'loan',
  'lease',
] as const satisfies readonly PaymentMethod[];
export const PURCHASE_PURPOSES = [
  'own_use',
  'gift',
  'business',
] as const satisfies readonly PurchasePurpose[];

/** Sources whose detail (who referred, which event) is required. */
export const SOURCES_WITH_DETAIL = [
  'referral',
  'event',
  'other',
] as const satisfies readonly CustomerSource[];

export type CustomerFields = {
  kind: CustomerKind;
  name: string;
  /** Normalized (see normalizePhone); the first is the primary number. */
  phones: string[];
  wechatId: string;
  gender: Gender;
  city: string;
  district: string;
  company: string;
  birthday: string | null;

  source: CustomerSource;
  /** Who referred them, which event/auto show, or what "other" means. */
  sourceDetail: string;

  brand: string;
  model: string;
  trim: string;
  colour: string;
  /** 万元 (ten-thousand yuan), as consultants speak of budgets. */
  budgetMin: number | null;
  budgetMax: number | null;
  payment: PaymentMethod | null;
  tradeIn: string;
  competitors: string;
  purpose: PurchasePurpose | null;

  hasConfidence: boolean;
  hasNeed: boolean;
  hasPurchasingPower: boolean;
  /** Derived from the three facts on every write. */
  qualificationGrade: QualificationGrade;

  expectedPurchaseDate: string | null;
  /** Derived from expectedPurchaseDate on the day of the write. */
  intentLevel: IntentLevel | null;

  status: CustomerStatus;
  lostReason: string;
  lostCompetitor: string;
  lostRequestedAt: string | null;
  /** Where the customer goes back to if the manager sends a lost request back. */
  statusBeforeLost: CustomerStatus | null;

  contractAmount: number | null;
  deliveryDate: string | null;
  warrantyExpiry: string | null;
  insuranceExpiry: string | null;
  potentialNeeds: string;
  referralsMade: number;

  tags: string[];
  notes: string;
  /** When the consultant last confirmed the card's data (stale flag). */
  confirmedAt: string;
};

export type Customer = SyncedRow & CustomerFields;

/** A card not confirmed for this long is flagged 资料待更新. */
export const STALE_AFTER_DAYS = 180;
