// The local database. Every schema version stays here, in order; a new version only ever adds
// (Dexie upgrades existing installs in place, and a consultant's offline work lives in here).

import Dexie, { type Table } from 'dexie';
import type { Customer } from '../../shared/domain/customer';
import type { FollowUp } from '../../shared/domain/follow-up';
import type { TimelineEntry } from '../../shared/domain/timeline';
import type { DealershipSettings } from '../../shared/domain/settings';
import type { SyncConflict } from '../../shared/sync/conflict';
import type { ChecklistTemplate } from '../../shared/domain/checklist-template';
import type { Complaint } from '../../shared/domain/complaint';
import type { Delivery, DeliveryItem } from '../../shared/domain/delivery';
import type { Order } from '../../shared/domain/order';
import type { Survey } from '../../shared/domain/survey';
import type { AttachmentContentType } from '../../shared/sync/attachments';
import type { RecordExportRequest } from '../../shared/sync/export-protocol';
import type { RejectReason, SessionUser, TeamMember } from '../../shared/sync/protocol';
import type { SyncTableName } from '../../shared/sync/tables';
import type { ColumnMapping } from '../../shared/import/columns';
import type { EnumMappings } from '../../shared/import/enum-values';
import type { KeyringRow } from '../vault/keyring';
import type { ProjectionSnapshotRow } from './projection/projection-snapshot';
import type { FieldKeySource } from '../vault/field-keys';
import { sealingMiddleware, type SealingOptions } from '../vault/sealing-middleware';

/** A row type for every table of the shared registry, and no other (checked at compile time). */
type RowsOfEverySyncTable<
  Rows extends Record<SyncTableName, unknown> & Record<Exclude<keyof Rows, SyncTableName>, never>,
> = Rows;

/** Tables whose rows sync with the server (through the outbox). */
export type SyncTableRows = RowsOfEverySyncTable<{
  customers: Customer;
  followUps: FollowUp;
  timeline: TimelineEntry;
  settings: DealershipSettings;
  /** Made by the server; the client writes only the resolution fields (through the outbox). */
  conflicts: SyncConflict;
  orders: Order;
  deliveries: Delivery;
  /** One row per checklist item of a delivery (never an array two people edit). */
  deliveryItems: DeliveryItem;
  /** One row per dealership (id "dealership"), written by managers and admins. */
  checklistTemplates: ChecklistTemplate;
  surveys: Survey;
  complaints: Complaint;
}>;

/** One field-level change waiting to be pushed: what sync drains, in seq order. */
export type OutboxEntry = {
  /** Local, strictly increasing: the mutation id is (clientId, seq). */
  seq?: number;
  table: SyncTableName;
  rowId: string;
  /** Only the fields this write changed (all of them for a new row). */
  fields: Record<string, unknown>;
  hlc: string;
  /** Each changed field's clock before this write (absent for a new field or a new row). */
  base?: Record<string, string>;
  createdAt: string;
};

/** Local-only bookkeeping: the client id, the HLC, the pull cursor and when sync last completed. */
export type SyncStateRow =
  | { key: 'client'; clientId: string }
  | { key: 'hlc'; millis: number; counter: number }
  /**
   * The newest server HLC folded into the clock, and the highest outbox seq at that moment: sent
   * with every request (the clock report, docs/sync-protocol.md "Clock bounds").
   */
  | { key: 'serverClock'; hlc: string; outboxSeq: number }
  /** The server's cursor after the last applied pull page (a decimal bigint string). */
  | { key: 'cursor'; cursor: string }
  /** The end of the last complete sync round (push and pull), ISO instant. */
  | { key: 'lastSync'; at: string };

/** Local-only preferences of this laptop's user (not dealership data). */
export type PreferenceRow =
  | { key: 'profile'; userId: string; displayName: string; dealershipId: string }
  | { key: 'language'; value: 'zh-CN' | 'en' }
  | { key: 'eventName'; value: string }
  /** The sync server's base URL as the user typed it (normalized); absent: local mode. */
  | {
      key: 'server';
      url: string;
      /**
       * When the admin chose plain http to a server on the network (ISO time); absent for https
       * and for a server on this PC. The sidebar warns for as long as it is set.
       */
      plainHttpAcceptedAt?: string;
    }
  /** Who is logged in to the server; kept while a login expires, so only they may log in again. */
  | { key: 'session'; user: SessionUser }
  /** Set when the sample showroom was loaded: such data must never be pushed to a real server. */
  | { key: 'sampleData'; loadedAt: string }
  /**
   * Legacy: the team board's escalation threshold from before it was a dealership setting. Read
   * once by migrateLocalEscalationHours (settings-repo), then deleted; nothing writes it.
   */
  | { key: 'escalationHours'; hours: number };

/**
 * Local-only: a change the server refused (its ack said `rejected`). The outbox entry is gone, so
 * the change is kept here to show with its reason until the user re-applies or dismisses it.
 */
/**
 * Why a change was refused: the server's reason, or `server_error` when this laptop set the
 * change aside itself after the server failed on it alone again and again (renderer/sync/engine.ts).
 */
export type RejectionReason = RejectReason | 'server_error';

export type RejectionRow = {
  /** The outbox seq the change had. */
  seq: number;
  table: SyncTableName;
  rowId: string;
  fields: Record<string, unknown>;
  reason: RejectionReason;
  /** The server's English words, for support; the UI shows its own text per reason. */
  message: string;
  rejectedAt: string;
};

/** Local-only: what was typed into a form and not saved yet, so a crash or a closed window loses nothing. */
export type DraftRow = { key: string; values: unknown; savedAt: string };

/**
 * Local-only: an export of the team board not yet recorded on the server (made offline, or the
 * call failed for a network reason). Sent on the next sync round of the same user; kept across a
 * logout, so another user's login never sends it as theirs and it is never lost.
 */
export type PendingExportRow = {
  /** The export's id (the server stores each id once). */
  id: string;
  /** Who made it: only their session sends it. */
  userId: string;
  request: RecordExportRequest;
  queuedAt: string;
};

/**
 * Local-only: the bytes of a photo or signature that synced rows reference as `att:<hash>`
 * (shared/sync/attachments.ts), made here or fetched from the server, kept for offline use.
 */
export type AttachmentRow = {
  /** `sha256-<hex>` of the bytes. */
  hash: string;
  contentType: AttachmentContentType;
  /** The image as a data URL: what <img> and the PDF builder read. */
  dataUrl: string;
  /** Bytes, for housekeeping. */
  size: number;
  /** 1 once the server holds it (uploaded from here, or fetched from it); 0: still to upload. */
  uploaded: 0 | 1;
  storedAt: string;
};

/**
 * Local-only: one import of a file (renderer/db/import-repo.ts), kept so it can be undone and so
 * the user can see what was imported, by whom and when.
 */
export type ImportBatchRow = {
  id: string;
  fileName: string;
  /** The tag the created cards carry (the sheet's title or the file's name). */
  importName: string;
  actorId: string;
  actorName: string;
  startedAt: string;
  finishedAt: string | null;
  /** running: chunks are being written; cancelled: stopped between chunks (what was written stays). */
  state: 'running' | 'done' | 'cancelled' | 'undone';
  /** Lines per plan action, and what was actually written. */
  counts: {
    lines: number;
    created: number;
    updated: number;
    duplicate: number;
    invalid: number;
    skip: number;
  };
  undoneAt: string | null;
};

/** Local-only: what one import did to one card, for undo. */
export type ImportItemRow = {
  batchId: string;
  customerId: string;
  /** The file's line. */
  line: number;
  kind: 'created' | 'updated';
  /** Rows the import made for this card besides the card itself (follow-up, timeline entry). */
  rows: { table: 'followUps' | 'timeline'; id: string }[];
  /** updated: each written field's value before the import. */
  prior: Record<string, unknown>;
  /** The values the import wrote: a field holding another value now was edited since. */
  written: Record<string, unknown>;
  /** Set when an undo has dealt with this card (an undo finished later skips it). */
  undoneAt?: string;
};

/** Local-only: the column mapping the user chose for a header layout (headerLayoutKey). */
export type ImportMappingRow = {
  layoutKey: string;
  mapping: ColumnMapping;
  enumMappings: EnumMappings;
  savedAt: string;
};

export class AppDB extends Dexie {
  customers!: Table<Customer, string>;
  followUps!: Table<FollowUp, string>;
  timeline!: Table<TimelineEntry, string>;
  settings!: Table<DealershipSettings, string>;
  outbox!: Table<OutboxEntry, number>;
  syncState!: Table<SyncStateRow, string>;
  preferences!: Table<PreferenceRow, string>;
  drafts!: Table<DraftRow, string>;
  conflicts!: Table<SyncConflict, string>;
  rejections!: Table<RejectionRow, number>;
  /** Local-only copy of the dealership's users (from /v1/me), for names and the admin screen. */
  team!: Table<TeamMember, string>;
  orders!: Table<Order, string>;
  deliveries!: Table<Delivery, string>;
  deliveryItems!: Table<DeliveryItem, string>;
  checklistTemplates!: Table<ChecklistTemplate, string>;
  surveys!: Table<Survey, string>;
  complaints!: Table<Complaint, string>;
  pendingExports!: Table<PendingExportRow, string>;
  attachments!: Table<AttachmentRow, string>;
  imports!: Table<ImportBatchRow, string>;
  importItems!: Table<ImportItemRow, [string, string]>;
  importMappings!: Table<ImportMappingRow, string>;
  /** Local-only, clear: the data key's wrappings and the wrong-unlock count (renderer/vault/keyring.ts). */
  keyring!: Table<KeyringRow, string>;
  /** Local-only: the list projection, sealed as one blob (db/projection/projection-snapshot.ts). */
  projectionSnapshots!: Table<ProjectionSnapshotRow, string>;
  /** Where the sealing layer takes its keys: the blind phone index needs them for lookups too. */
  readonly keys: FieldKeySource;

  /**
   * `keys`: every row's personal fields are sealed with them before they reach IndexedDB
   * (renderer/vault/sealing-middleware.ts); while they are null, personal data can be neither read
   * nor written.
   */
  constructor(name: string, keys: FieldKeySource, sealing: SealingOptions = {}) {
    super(name);
    this.keys = keys;
    this.version(1).stores({
      customers:
        'id, ownerId, name, *phones, status, qualificationGrade, intentLevel, source, *tags, updatedAt, createdAt',
      followUps: 'id, customerId, [state+dueAt], [state+customerId]',
      timeline: 'id, [customerId+at]',
      settings: 'id',
      outbox: '++seq, [table+rowId]',
      syncState: 'key',
      preferences: 'key',
    });
    this.version(2).stores({ drafts: 'key' });
    this.version(3).stores({
      conflicts: 'id, customerId, detectedAt',
      rejections: 'seq, rowId',
      team: 'id',
    });
    // Delivery to owner: orders, deliveries and their checklist items, surveys, complaints.
    this.version(4).stores({
      orders: 'id, customerId',
      deliveries: 'id, customerId, [state+scheduledAt]',
      deliveryItems: 'id, customerId, [deliveryId+position]',
      checklistTemplates: 'id',
      surveys: 'id, customerId, consultantId, surveyedAt',
      complaints: 'id, customerId, receivedAt, resultDueAt',
    });
    // Export records waiting to be sent to the server (local-only).
    this.version(5).stores({ pendingExports: 'id, userId' });
    // Photos and signatures outside the rows, by content hash (local-only).
    this.version(6).stores({ attachments: 'hash' });
    // Imports from Excel/CSV, for undo, and the mappings remembered per header layout (local-only).
    this.version(7).stores({
      imports: 'id, startedAt',
      importItems: '[batchId+customerId], batchId',
      importMappings: 'layoutKey',
    });
    // The intent level is the one of today, from the expected purchase date: lists filter by
    // level through ranges of this index, not through the level stored at the last write.
    this.version(8).stores({
      customers:
        'id, ownerId, name, *phones, status, qualificationGrade, intentLevel, source, *tags, updatedAt, createdAt, expectedPurchaseDate',
    });
    // The sealed store: names and phones are sealed, so they can no longer be indexed. An exact
    // phone lookup goes through a blind index (keyed hashes of the numbers, filled by the sealing
    // layer); name and prefix searches run over the in-memory lists. The keyring holds the vault's
    // key material (local-only, never personal).
    this.version(9).stores({
      customers:
        'id, ownerId, *phoneKeys, status, qualificationGrade, intentLevel, source, *tags, updatedAt, createdAt, expectedPurchaseDate',
      keyring: 'id',
    });
    // The in-memory lists kept between sessions, sealed as one blob (db/projection/).
    this.version(10).stores({ projectionSnapshots: 'id' });
    this.use(sealingMiddleware(keys, sealing));
  }
}
