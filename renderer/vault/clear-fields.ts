// What the sealed store keeps in clear, per table: an allowlist. Every other field of a row is
// sealed (renderer/vault/sealing-middleware.ts), so a field added later is sealed unless someone
// decides here that it may be read off a lost laptop. The record is checked against the tables of
// AppDB: a new table does not compile until it has an entry, and a clear field must be a field of
// the table's row type.
//
// What stays clear: keys and references (ids, the owner, the customer), timestamps, soft deletes,
// the per-field clocks, and the short codes the indexes and lists filter on (status, grade,
// intent level, source, tags, states, due dates, channels). Every name, phone, WeChat id, ID
// number, address, company, birthday, free text, signature, photo and amount is sealed.

import type { Table } from 'dexie';
import type { AppDB } from '../db/AppDB';

/** The names of AppDB's tables, read off the class (a table added there is a name here). */
export type AppTableName = {
  [Name in keyof AppDB]-?: AppDB[Name] extends Table<infer _Row, infer _Key, infer _Insert>
    ? Name
    : never;
}[keyof AppDB];

type RowOf<Name extends AppTableName> =
  AppDB[Name] extends Table<infer Row, infer _Key, infer _Insert> ? Row : never;

/** Every field name of a row type, including those of each member of a union. */
type FieldOf<Row> = Row extends unknown ? Extract<keyof Row, string> : never;

export type TablePolicy<Row> =
  /** Nothing in the table is personal: stored as written, readable while the vault is locked. */
  | { sealed: false; why: string }
  | {
      sealed: true;
      /** The fields kept in clear; everything else is sealed into one blob per row. */
      clear: readonly FieldOf<Row>[];
      /**
       * The fields that name the row in the blob's additional data, when the primary key is not
       * known before IndexedDB assigns it (auto-increment). Default: the primary key.
       */
      boundTo?: readonly FieldOf<Row>[];
    };

const SYNCED_ROW_META = [
  'id',
  'dealershipId',
  'ownerId',
  'createdAt',
  'updatedAt',
  'deleted',
  'clocks',
] as const;

/** The customers' blind phone index, kept in clear and filled by the sealing layer. */
export const PHONE_KEYS_FIELD = 'phoneKeys';

export const TABLE_POLICIES = {
  customers: {
    sealed: true,
    clear: [
      ...SYNCED_ROW_META,
      'kind',
      'source',
      'status',
      'statusBeforeLost',
      'qualificationGrade',
      'hasConfidence',
      'hasNeed',
      'hasPurchasingPower',
      'intentLevel',
      'expectedPurchaseDate',
      'lostRequestedAt',
      'referralsMade',
      'tags',
      'confirmedAt',
    ],
  },
  followUps: {
    sealed: true,
    clear: [
      ...SYNCED_ROW_META,
      'customerId',
      'dueAt',
      'channel',
      'state',
      'completedAt',
      'outcome',
      'kind',
      'deliveryId',
    ],
  },
  timeline: {
    sealed: true,
    clear: [...SYNCED_ROW_META, 'customerId', 'kind', 'at', 'actorId', 'noteCode'],
  },
  settings: {
    sealed: false,
    why: "The dealership's rules and its own public identity (name, address, switchboard phone).",
  },
  conflicts: {
    sealed: true,
    clear: [
      ...SYNCED_ROW_META,
      'customerId',
      'rowTable',
      'rowId',
      'field',
      'keptHlc',
      'keptBy',
      'lostHlc',
      'lostBy',
      'detectedAt',
      'resolution',
      'resolvedAt',
      'resolvedBy',
    ],
  },
  orders: {
    sealed: true,
    clear: [...SYNCED_ROW_META, 'customerId', 'kind', 'state', 'orderedOn', 'cancelledAt'],
  },
  deliveries: {
    sealed: true,
    clear: [
      ...SYNCED_ROW_META,
      'customerId',
      'orderId',
      'scheduledAt',
      'state',
      'templateVersion',
      'signedAt',
      'completedAt',
      'warrantyStart',
      'cancelledAt',
    ],
  },
  deliveryItems: {
    sealed: true,
    clear: [
      ...SYNCED_ROW_META,
      'customerId',
      'deliveryId',
      'sectionKey',
      'itemKey',
      'required',
      'position',
      'state',
      'doneAt',
      'doneBy',
    ],
  },
  checklistTemplates: {
    sealed: false,
    why: "The dealership's handover checklist: section and item labels, nothing about a customer.",
  },
  surveys: {
    sealed: true,
    clear: [
      ...SYNCED_ROW_META,
      'customerId',
      'deliveryId',
      'consultantId',
      'attitude',
      'expertise',
      'proactiveAdvice',
      'testDriveOffered',
      'deliveryPleasant',
      'contactedAfterDelivery',
      'afterSalesIntroduced',
      'expectation',
      'perception',
      'repurchaseIntent',
      'referralIntent',
      'surveyedAt',
      'surveyedBy',
    ],
  },
  complaints: {
    sealed: true,
    clear: [
      ...SYNCED_ROW_META,
      'customerId',
      'category',
      'receivedAt',
      'firstContactDueAt',
      'resultDueAt',
      'firstContactAt',
      'resolvedAt',
    ],
  },
  outbox: {
    sealed: true,
    clear: ['seq', 'table', 'rowId', 'hlc', 'base', 'createdAt'],
    // IndexedDB numbers an entry when it is added; the hybrid clock is unique per change.
    boundTo: ['table', 'rowId', 'hlc'],
  },
  syncState: {
    sealed: false,
    why: 'The client id, the clock and the pull cursor: bookkeeping only.',
  },
  preferences: {
    sealed: false,
    why: "This laptop's user and settings (language, server URL, session); needed before unlocking.",
  },
  drafts: { sealed: true, clear: ['key', 'savedAt'] },
  rejections: { sealed: true, clear: ['seq', 'table', 'rowId', 'reason', 'rejectedAt'] },
  team: {
    sealed: false,
    why: "The dealership's staff (logins, names, roles), shown to everyone in it; no customer.",
  },
  pendingExports: {
    sealed: false,
    why: 'Export records: format, row count and the board filter (owners, grades, dates); no customer.',
  },
  attachments: {
    sealed: true,
    clear: ['hash', 'contentType', 'size', 'uploaded', 'storedAt'],
  },
  imports: {
    sealed: true,
    clear: ['id', 'actorId', 'startedAt', 'finishedAt', 'state', 'counts', 'undoneAt'],
  },
  importItems: {
    sealed: true,
    clear: ['batchId', 'customerId', 'line', 'kind', 'rows', 'undoneAt'],
  },
  importMappings: { sealed: true, clear: ['layoutKey', 'savedAt'] },
  keyring: {
    sealed: false,
    why: "The vault's keys: wrapped by a password or PIN, or the device key of local mode.",
  },
  projectionSnapshots: {
    sealed: false,
    why: 'Already ciphertext: the list projection sealed as one blob with a key of its own (db/projection/projection-snapshot.ts).',
  },
} satisfies { [Name in AppTableName]: TablePolicy<RowOf<Name>> };

/** A table's policy as the sealing layer uses it; null: the table is kept entirely in clear. */
export type SealingPlan = { clear: ReadonlySet<string>; boundTo: readonly string[] | null };

const PLANS = new Map<string, SealingPlan | null>(
  Object.entries(TABLE_POLICIES).map(([name, policy]): [string, SealingPlan | null] => {
    if (!policy.sealed) return [name, null];
    const clear = new Set<string>(policy.clear);
    if (name === 'customers') clear.add(PHONE_KEYS_FIELD);
    const boundTo = 'boundTo' in policy ? policy.boundTo : null;
    return [name, { clear, boundTo }];
  }),
);

/**
 * The sealing plan of a table by name. A table the registry does not know (which the compiler
 * refuses for AppDB) is refused here too, rather than stored in clear.
 */
export function sealingPlanOf(table: string): SealingPlan | null {
  const plan = PLANS.get(table);
  if (plan === undefined) throw new Error(`No sealing policy for the table ${table}`);
  return plan;
}
