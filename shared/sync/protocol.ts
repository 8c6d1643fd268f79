// The sync protocol's messages: one zod schema per request and response body, shared by the server
// (which validates every request with them) and the client (which validates every response).
// docs/sync-protocol.md explains the flow; this file is the exact shape.

import { z } from 'zod';
import { newPasswordSchema, PASSWORD_PROBLEM_MESSAGES } from '../domain/password-policy';
import { rowIdSchema, storableText } from './storable';
import { ROLES, SYNC_TABLE_NAMES, type Role } from './tables';

/** Bumped on any incompatible change. Sent on every request in PROTOCOL_HEADER. */
export const PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'x-dealerdesk-protocol';

/** Largest push batch and pull page a peer may ask for. */
export const MAX_PUSH_MUTATIONS = 500;
export const MAX_PULL_LIMIT = 1000;

export type ErrorCode =
  | 'protocol_outdated'
  | 'unauthorized'
  | 'token_expired'
  | 'forbidden'
  | 'invalid_request'
  | 'not_found'
  | 'rate_limited'
  | 'conflict'
  | 'unavailable'
  | 'internal'
  | 'device_wiped';

/**
 * Why a request was refused, more precisely than ErrorCode: one stable code per refusal, so a
 * client shows its own translated sentence instead of the server's English `message`. A client
 * must treat a reason it does not know as "something went wrong" (a newer server may add some).
 */
export const ERROR_REASONS = [
  // accounts
  'login_taken',
  'user_not_found',
  'dealership_not_found',
  'cannot_change_own_account',
  'user_owns_customers',
  // sessions and tokens
  'login_refused',
  'client_bound_to_other_user',
  'token_missing',
  'token_invalid',
  'token_expired',
  'user_unknown',
  'account_deactivated',
  'session_ended',
  'session_expired',
  'refresh_token_unknown',
  'refresh_token_reused',
  'role_forbidden',
  'too_many_logins',
  // devices
  'device_wiped',
  'device_not_found',
  'device_not_marked',
  'cannot_wipe_own_device',
  // commands on customers
  'customer_not_found',
  'owner_deactivated',
  'owner_is_admin',
  'merge_survivor_gone',
  'customer_merged_or_deleted',
  'already_merged',
  'no_shared_phone',
  'lost_already_decided',
  'card_merged',
  'restore_too_late',
  // files
  'attachment_not_found',
  'attachment_invalid',
  'update_not_found',
  'export_id_taken',
  // the request itself
  'validation_failed',
  'body_not_utf8',
  'body_too_large',
  'malformed_request',
  'route_not_found',
  'protocol_outdated',
  // the server
  'database_unavailable',
  'internal',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

export const errorBodySchema = z.object({
  error: z.enum([
    'protocol_outdated',
    'unauthorized',
    'token_expired',
    'forbidden',
    'invalid_request',
    'not_found',
    'rate_limited',
    'conflict',
    'unavailable',
    'internal',
    'device_wiped',
  ]),
  /** Added in protocol 1 without a bump: older servers leave it out. See ERROR_REASONS. */
  reason: z.string().max(64).optional(),
  /** English, for logs and developers; a client shows its own text for `reason`. */
  message: z.string(),
  /** For invalid_request: which fields were wrong. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** For protocol_outdated: the version the server speaks. */
  serverProtocol: z.number().int().optional(),
  /** For device_wiped (410): how the laptop must empty itself (WIPE_MODES). */
  wipeMode: z.enum(['discard', 'after_push']).optional(),
  /** For device_wiped: the server still accepts one push from this device before the wipe. */
  finalPush: z.boolean().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** The server's own HLC node: no client may take it, or its clocks would pass for the server's. */
export const SERVER_NODE = 'server';

const clientIdSchema = z
  .string()
  .regex(/^[0-9a-z]{1,32}$/, 'clientId: 1-32 of [0-9a-z]')
  .refine((value) => value !== SERVER_NODE, {
    message: `clientId: "${SERVER_NODE}" is the server's`,
  });
/** Ids in answers (users, rows): any text, as the server has them. */
const uuid = z.string().min(1).max(64);
/** A user's id in a request: the server makes them as UUIDs (a uuid column). */
export const userIdSchema = z.uuid();
const userId = userIdSchema;
/** A cursor is a PostgreSQL bigint, sent as a decimal string (JSON numbers lose precision). */
const cursorSchema = z.string().regex(/^\d{1,19}$/, 'cursor: a decimal integer');

// --- auth ---------------------------------------------------------------------------------

export const sessionUserSchema = z.object({
  id: uuid,
  login: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  dealershipId: uuid,
  dealershipName: z.string(),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

export const loginRequestSchema = z
  .object({
    login: storableText().trim().min(1).max(64),
    password: storableText().min(1).max(256),
    /** The client's id (its HLC node); bound to this user on the server from now on. */
    clientId: clientIdSchema,
  })
  .strict();
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const tokenResponseSchema = z.object({
  accessToken: z.string(),
  accessExpiresAt: z.string(),
  refreshToken: z.string(),
  refreshExpiresAt: z.string(),
  user: sessionUserSchema,
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export const refreshRequestSchema = z
  .object({ refreshToken: storableText().min(1).max(512) })
  .strict();
export const logoutRequestSchema = refreshRequestSchema;

// --- team and users -------------------------------------------------------------------------

export const teamMemberSchema = z.object({
  id: uuid,
  login: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  active: z.boolean(),
});
export type TeamMember = z.infer<typeof teamMemberSchema>;

export const meResponseSchema = z.object({
  user: sessionUserSchema,
  team: z.array(teamMemberSchema),
  serverTime: z.string(),
});
export type MeResponse = z.infer<typeof meResponseSchema>;

const loginSchema = storableText()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9._@-]+$/, 'login: letters, digits and . _ @ -');
/** A password being set: the rules of shared/domain/password-policy.ts. */
const passwordSchema = newPasswordSchema(PASSWORD_PROBLEM_MESSAGES);

export const createUserRequestSchema = z
  .object({
    login: loginSchema,
    name: storableText().trim().min(1).max(64),
    role: z.enum(ROLES),
    password: passwordSchema,
  })
  .strict();
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

export const updateUserRequestSchema = z
  .object({
    name: storableText().trim().min(1).max(64).optional(),
    role: z.enum(ROLES).optional(),
    active: z.boolean().optional(),
    password: passwordSchema.optional(),
  })
  .strict();
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;

export const usersResponseSchema = z.object({ users: z.array(teamMemberSchema) });

// --- devices (one per laptop install: a client id) ------------------------------------------

/**
 * 'discard': an admin's wipe of a lost laptop, which pushes nothing; 'after_push': the user was
 * deactivated, the laptop pushes its outbox once (the changes are the dealership's), then wipes.
 */
export const WIPE_MODES = ['discard', 'after_push'] as const;
export type WipeMode = (typeof WIPE_MODES)[number];
export const DEVICE_STATES = ['active', 'revoked', 'wipe_pending', 'wiped'] as const;
export type DeviceState = (typeof DEVICE_STATES)[number];

export const deviceSchema = z.object({
  clientId: z.string(),
  /** What the laptop said it is (its user agent), when known. */
  label: z.string().nullable(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  state: z.enum(DEVICE_STATES),
  wipeMode: z.enum(WIPE_MODES).nullable(),
  wipeRequestedAt: z.string().nullable(),
  /** Who asked for the wipe (a deactivation counts): a name, for the audit. */
  wipeRequestedBy: z.string().nullable(),
  wipedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type Device = z.infer<typeof deviceSchema>;
export const devicesResponseSchema = z.object({ devices: z.array(deviceSchema) });
/** A client id in a URL: the same shape as the one a login binds. */
export const deviceParamsSchema = z.object({ clientId: clientIdSchema }).strict();

// --- push -----------------------------------------------------------------------------------

export const mutationSchema = z
  .object({
    /** The client's outbox seq: (clientId, seq) identifies the mutation for ever. */
    seq: z.number().int().positive(),
    table: z.enum(SYNC_TABLE_NAMES),
    /** A UUIDv7, or `dealership` for the one-per-dealership rows. */
    rowId: rowIdSchema,
    /**
     * Only the fields this change set. Names and values are validated per table on the server
     * (SYNC_FIELD_SCHEMAS, storable names): a bad one refuses this change alone, not the batch.
     */
    fields: z.record(z.string(), z.unknown()),
    hlc: z.string().max(64),
    /** The clock each changed field had when the writer changed it (absent: field was new). */
    base: z.record(z.string(), z.string().max(64)).optional(),
  })
  .strict();
export type Mutation = z.infer<typeof mutationSchema>;

/**
 * What a client reports of its clock at each request (docs/sync-protocol.md, "Clock bounds"):
 * `seenHlc`, the newest server HLC it has folded into its clock (from a push or pull answer), and
 * `outboxSeq`, the highest seq in its outbox at the moment it folded it in (0 when empty). Every
 * change made after that moment has a larger seq and a clock after `seenHlc`. Both or neither; a
 * client from before this protocol addition sends neither.
 */
const clockReport = {
  seenHlc: z.string().max(64).optional(),
  outboxSeq: z.coerce.number().int().min(0).optional(),
};
const bothOrNeither = (report: { seenHlc?: string | undefined; outboxSeq?: number | undefined }) =>
  (report.seenHlc === undefined) === (report.outboxSeq === undefined);
const bothOrNeitherMessage = { path: ['seenHlc'], message: 'seenHlc and outboxSeq go together' };

export const pushRequestSchema = z
  .object({
    clientId: clientIdSchema,
    mutations: z.array(mutationSchema).min(1).max(MAX_PUSH_MUTATIONS),
    ...clockReport,
  })
  .strict()
  .refine(bothOrNeither, bothOrNeitherMessage);
export type PushRequest = z.infer<typeof pushRequestSchema>;

export type RejectReason =
  'forbidden' | 'unknown_customer' | 'invalid' | 'clock_drift' | 'reassigned' | 'read_only_field';

export const serverRowSchema = z.object({
  table: z.enum(SYNC_TABLE_NAMES),
  id: uuid,
  data: z.record(z.string(), z.unknown()),
  clocks: z.record(z.string(), z.string()),
});
export type ServerRow = z.infer<typeof serverRowSchema>;

export const mutationAckSchema = z
  .object({
    seq: z.number().int().positive(),
    status: z.enum(['applied', 'rejected']),
    reason: z
      .enum([
        'forbidden',
        'unknown_customer',
        'invalid',
        'clock_drift',
        'reassigned',
        'read_only_field',
      ])
      .optional(),
    /** Plain words for the user (English; the client shows its own text per reason). */
    message: z.string().optional(),
    /** True when this (clientId, seq) had been received before: the stored result is repeated. */
    replayed: z.boolean().optional(),
    /**
     * For a rejected change: the row as the server holds it, so the client can drop its local value
     * (null: the row is not the caller's to see any more, or it does not exist).
     * For an applied change (optional; older servers never send it): present when a field of the
     * change did not end as it was written (a newer value won, or the server restamped it), so the
     * client takes the winners at once; never null then. The row as it is after the whole batch.
     */
    current: serverRowSchema.nullable().optional(),
  })
  .refine((ack) => ack.status === 'rejected' || ack.current !== null, {
    message: 'current: null only on a rejected ack',
    path: ['current'],
  });
export type MutationAck = z.infer<typeof mutationAckSchema>;

export const pushResponseSchema = z.object({
  acks: z.array(mutationAckSchema),
  /** The server's clock after the push: the client folds it into its own HLC. */
  serverHlc: z.string(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

// --- pull -----------------------------------------------------------------------------------

export const pullQuerySchema = z
  .object({
    cursor: cursorSchema.default('0'),
    limit: z.coerce.number().int().min(1).max(MAX_PULL_LIMIT).default(MAX_PULL_LIMIT),
    /** With the clock report: the pulling client (bound to the caller), so the contact counts. */
    clientId: clientIdSchema.optional(),
    ...clockReport,
  })
  .strict()
  .refine(bothOrNeither, bothOrNeitherMessage)
  .refine((query) => query.seenHlc === undefined || query.clientId !== undefined, {
    path: ['clientId'],
    message: 'clientId: required with a clock report',
  });
export type PullQuery = z.infer<typeof pullQuerySchema>;

export const changeSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('upsert'),
    seq: cursorSchema,
    table: z.enum(SYNC_TABLE_NAMES),
    id: uuid,
    data: z.record(z.string(), z.unknown()),
    clocks: z.record(z.string(), z.string()),
  }),
  z.object({
    kind: z.literal('remove'),
    seq: cursorSchema,
    table: z.enum(SYNC_TABLE_NAMES),
    id: uuid,
  }),
]);
export type Change = z.infer<typeof changeSchema>;

export const pullResponseSchema = z.object({
  /** In server order (seq ascending): apply them in this order. */
  changes: z.array(changeSchema),
  /** Store it with the page; send it on the next pull. */
  cursor: cursorSchema,
  hasMore: z.boolean(),
  /** How many changes are still waiting after this page (for a progress bar). */
  remaining: z.number().int().min(0),
  /**
   * The server's clock when the page was read (everything it stamped so far is older): the client
   * folds it into its own HLC. Absent from servers older than the clock bounds.
   */
  serverHlc: z.string().optional(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

// --- live pokes (SSE: GET /v1/events) -------------------------------------------------------

/** `event: poke` with this JSON as data: something in the caller's scope changed; pull. */
export const pokeSchema = z.object({ reason: z.enum(['changes', 'connected']) });

// --- commands -------------------------------------------------------------------------------

export const reassignCustomersRequestSchema = z
  .object({
    customerIds: z.array(rowIdSchema).min(1).max(10_000),
    toUserId: userId,
  })
  .strict();
export type ReassignCustomersRequest = z.infer<typeof reassignCustomersRequestSchema>;

export const reassignCustomersResponseSchema = z.object({
  reassigned: z.number().int(),
  /** Ids that were not found in the dealership or were already the new owner's. */
  skipped: z.array(uuid),
});

/** A manager's decision on a consultant's lost request (申请战败). */
export const decideLostRequestSchema = z
  .object({
    customerId: rowIdSchema,
    decision: z.enum(['approve', 'send_back']),
    /** Shown on the card's timeline; optional. */
    note: storableText().trim().max(500).default(''),
  })
  .strict();
export type DecideLostRequest = z.input<typeof decideLostRequestSchema>;

export const decideLostResponseSchema = z.object({
  /** The customer's status after the decision: 'lost', or the status it had before the request. */
  status: z.string(),
});
export type DecideLostResponse = z.infer<typeof decideLostResponseSchema>;

/**
 * A manager merges duplicate cards of one customer (重复客户): `mergedIds` go into `survivorId`,
 * which `ownerId` owns afterwards. Each merged card must share a phone number with the survivor
 * (or with a card merged before it in the same request).
 */
export const mergeDuplicateCustomersRequestSchema = z
  .object({
    survivorId: rowIdSchema,
    mergedIds: z.array(rowIdSchema).min(1).max(20),
    ownerId: userId,
  })
  .strict()
  .refine(
    (request) =>
      !request.mergedIds.includes(request.survivorId) &&
      new Set(request.mergedIds).size === request.mergedIds.length,
    { path: ['mergedIds'], message: 'each merged card once, and not the surviving card' },
  );
export type MergeDuplicateCustomersRequest = z.infer<typeof mergeDuplicateCustomersRequestSchema>;

export const mergeDuplicateCustomersResponseSchema = z.object({
  survivorId: uuid,
  ownerId: uuid,
  /** Cards merged by this request, in the order they were merged. */
  merged: z.array(uuid),
  /** Cards of the request that had already been merged into this survivor (a retry). */
  alreadyMerged: z.array(uuid),
});
export type MergeDuplicateCustomersResponse = z.infer<typeof mergeDuplicateCustomersResponseSchema>;

/** A manager deletes a customer card for everyone; it can be restored within 30 days. */
export const deleteCustomerRequestSchema = z
  .object({
    customerId: uuid,
    /** Shown on the card's timeline and in the list of deleted cards; optional. */
    reason: z.string().trim().max(500).default(''),
  })
  .strict();
export type DeleteCustomerRequest = z.input<typeof deleteCustomerRequestSchema>;

export const restoreCustomerRequestSchema = z.object({ customerId: uuid }).strict();
export type RestoreCustomerRequest = z.infer<typeof restoreCustomerRequestSchema>;

export const customerCommandResponseSchema = z.object({ customerId: uuid, deleted: z.boolean() });
export type CustomerCommandResponse = z.infer<typeof customerCommandResponseSchema>;

/**
 * The timeline field that names an imported file: in the `changes` of the `created` entry of each
 * card an import made (the server's proof that an import made it) and of the entries an undo writes.
 */
export const IMPORT_FILE_FIELD = 'importFile';

/** Cards per withdraw-imported-customers request; a bigger import is sent in pages. */
export const MAX_WITHDRAW_CUSTOMERS = 1000;

/**
 * The user who imported cards takes them back (undo of an import): each card is deleted as by
 * delete-customer if the server's own log shows the caller created it, and nobody else has worked
 * on it since. Decided card by card; a refused card stays as it is.
 */
export const withdrawImportedCustomersRequestSchema = z
  .object({
    customerIds: z.array(rowIdSchema).min(1).max(MAX_WITHDRAW_CUSTOMERS),
    /** The imported file, named on each card's timeline entry (`importFile`). */
    fileName: storableText().trim().max(255).default(''),
    /** Shown on the timeline and in the list of deleted cards; optional. */
    reason: storableText().trim().max(500).default(''),
  })
  .strict();
export type WithdrawImportedCustomersRequest = z.input<
  typeof withdrawImportedCustomersRequestSchema
>;

/**
 * Why a card was not withdrawn: not_found (not on the server in the caller's dealership),
 * merged (merged into another card), deleted (deleted by someone else), not_creator (the server's
 * log does not show the caller creating it), not_imported (its `created` timeline entry names no
 * imported file: a card typed in is deleted only by a manager), not_owner (a consultant's card that is no longer
 * theirs), others_activity (someone else has changed it or written on it since).
 */
export const WITHDRAW_REFUSALS = [
  'not_found',
  'merged',
  'deleted',
  'not_creator',
  'not_imported',
  'not_owner',
  'others_activity',
] as const;
export type WithdrawRefusal = (typeof WITHDRAW_REFUSALS)[number];

export const withdrawImportedCustomersResponseSchema = z.object({
  /** Deleted by this request, or by an earlier one of the caller (a retry): gone for everyone. */
  withdrawn: z.array(uuid),
  refused: z.array(z.object({ customerId: z.string(), reason: z.enum(WITHDRAW_REFUSALS) })),
});
export type WithdrawImportedCustomersResponse = z.infer<
  typeof withdrawImportedCustomersResponseSchema
>;

/** How long a deleted card can be restored. */
export const RESTORE_DAYS = 30;

export const deletedCustomerSchema = z.object({
  id: uuid,
  name: z.string(),
  phones: z.array(z.string()),
  ownerId: uuid,
  ownerName: z.string(),
  deletedAt: z.string(),
  deletedById: uuid,
  deletedByName: z.string(),
  reason: z.string(),
});
export type DeletedCustomer = z.infer<typeof deletedCustomerSchema>;

export const deletedCustomersResponseSchema = z.object({
  /** Cards deleted in the last RESTORE_DAYS days and not restored, newest first. */
  customers: z.array(deletedCustomerSchema),
});
export type DeletedCustomersResponse = z.infer<typeof deletedCustomersResponseSchema>;

export function canManageTeam(role: Role): boolean {
  return role === 'manager' || role === 'admin';
}
