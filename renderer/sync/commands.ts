// The requests a user or a manager makes of the server besides push and pull: the commands only
// the server may decide (docs/sync-protocol.md "Commands"), the export log, user administration.
// Each is one rule in SERVER_REQUESTS (where it goes, the answer's schema, whether the laptop
// pulls afterwards) and one line in createSyncCommands. A new server command adds both here;
// the sync engine (engine.ts) only lends its queue, its login and its pull.

import type { z } from 'zod';
import {
  customerCommandResponseSchema,
  decideLostResponseSchema,
  deletedCustomersResponseSchema,
  devicesResponseSchema,
  meResponseSchema,
  mergeDuplicateCustomersResponseSchema,
  reassignCustomersResponseSchema,
  usersResponseSchema,
  withdrawImportedCustomersResponseSchema,
  MAX_WITHDRAW_CUSTOMERS,
  type CreateUserRequest,
  type CustomerCommandResponse,
  type DecideLostRequest,
  type DecideLostResponse,
  type DeleteCustomerRequest,
  type DeletedCustomersResponse,
  type Device,
  type MeResponse,
  type MergeDuplicateCustomersRequest,
  type MergeDuplicateCustomersResponse,
  type ReassignCustomersRequest,
  type TeamMember,
  type UpdateUserRequest,
  type WithdrawImportedCustomersRequest,
  type WithdrawImportedCustomersResponse,
} from '../../shared/sync/protocol';
import {
  exportRecordSchema,
  listExportsResponseSchema,
  type ExportRecord,
  type ListExportsQuery,
  type ListExportsResponse,
  type RecordExportRequest,
} from '../../shared/sync/export-protocol';
import type { AppDB } from '../db/AppDB';
import { saveTeam } from '../db/session-repo';
import type { RequestOptions, Transport } from './transport';

/** How one kind of request goes to the server. */
export type ServerRequest<Request, Answer> = {
  method: 'GET' | 'POST' | 'PATCH';
  path: (request: Request) => string;
  /** The JSON body: the request itself unless given (GET sends none). */
  body?: (request: Request) => unknown;
  /** The answer's schema; null: the answer's body is not read. */
  schema: z.ZodType<Answer> | null;
  /**
   * Pull once the server has answered, so this laptop shows the outcome at once (everyone
   * else's laptop gets it by the poke). A failed pull is left to the next sync.
   */
  pullAfter: boolean;
};

type NoRequest = Record<string, never>;

const command = <Request, Answer>(
  name: string,
  schema: z.ZodType<Answer>,
): ServerRequest<Request, Answer> => ({
  method: 'POST',
  path: () => `/v1/commands/${name}`,
  schema,
  pullAfter: true,
});

export const SERVER_REQUESTS = {
  me: {
    method: 'GET',
    path: () => '/v1/me',
    schema: meResponseSchema,
    pullAfter: false,
  } satisfies ServerRequest<NoRequest, MeResponse>,
  decideLost: command<DecideLostRequest, DecideLostResponse>(
    'decide-lost',
    decideLostResponseSchema,
  ),
  /** One chunk of a reassignment: the caller pulls once after the last (reassignCustomers). */
  reassignCustomers: {
    ...command<ReassignCustomersRequest, z.infer<typeof reassignCustomersResponseSchema>>(
      'reassign-customers',
      reassignCustomersResponseSchema,
    ),
    pullAfter: false,
  },
  mergeDuplicateCustomers: command<MergeDuplicateCustomersRequest, MergeDuplicateCustomersResponse>(
    'merge-customers',
    mergeDuplicateCustomersResponseSchema,
  ),
  deleteCustomer: command<DeleteCustomerRequest, CustomerCommandResponse>(
    'delete-customer',
    customerCommandResponseSchema,
  ),
  restoreCustomer: command<{ customerId: string }, CustomerCommandResponse>(
    'restore-customer',
    customerCommandResponseSchema,
  ),
  /** One page of an import's undo: the caller pulls once after the last. */
  withdrawImportedCustomers: {
    ...command<WithdrawImportedCustomersRequest, WithdrawImportedCustomersResponse>(
      'withdraw-imported-customers',
      withdrawImportedCustomersResponseSchema,
    ),
    pullAfter: false,
  },
  listDeletedCustomers: {
    method: 'GET',
    path: () => '/v1/deleted-customers',
    schema: deletedCustomersResponseSchema,
    pullAfter: false,
  } satisfies ServerRequest<NoRequest, DeletedCustomersResponse>,
  recordExport: {
    method: 'POST',
    path: () => '/v1/exports',
    schema: exportRecordSchema,
    pullAfter: false,
  } satisfies ServerRequest<RecordExportRequest, ExportRecord>,
  listExports: {
    method: 'GET',
    path: (query) =>
      `/v1/exports?${new URLSearchParams({ limit: String(query.limit), offset: String(query.offset) })}`,
    schema: listExportsResponseSchema,
    pullAfter: false,
  } satisfies ServerRequest<ListExportsQuery, ListExportsResponse>,
  listUsers: {
    method: 'GET',
    path: () => '/v1/users',
    schema: usersResponseSchema,
    pullAfter: false,
  } satisfies ServerRequest<NoRequest, { users: TeamMember[] }>,
  // The protocol does not pin the answer's body of POST/PATCH /v1/users, so it is not read: the
  // list is fetched again, which is what the admin screen shows anyway.
  createUser: {
    method: 'POST',
    path: () => '/v1/users',
    schema: null,
    pullAfter: false,
  } satisfies ServerRequest<CreateUserRequest, void>,
  updateUser: {
    method: 'PATCH',
    path: ({ id }) => `/v1/users/${encodeURIComponent(id)}`,
    body: ({ patch }) => patch,
    schema: null,
    pullAfter: false,
  } satisfies ServerRequest<{ id: string; patch: UpdateUserRequest }, void>,
  listDevices: {
    method: 'GET',
    path: ({ userId }) => `/v1/users/${encodeURIComponent(userId)}/devices`,
    schema: devicesResponseSchema,
    pullAfter: false,
  } satisfies ServerRequest<{ userId: string }, { devices: Device[] }>,
  revokeDevice: {
    method: 'POST',
    path: ({ clientId }) => `/v1/devices/${encodeURIComponent(clientId)}/revoke`,
    body: () => ({}),
    schema: null,
    pullAfter: false,
  } satisfies ServerRequest<{ clientId: string }, void>,
  wipeDevice: {
    method: 'POST',
    path: ({ clientId }) => `/v1/devices/${encodeURIComponent(clientId)}/wipe`,
    body: () => ({}),
    schema: null,
    pullAfter: false,
  } satisfies ServerRequest<{ clientId: string }, void>,
};

/** The transport's options for one request of a kind. */
export function requestOptions<Request, Answer>(
  kind: ServerRequest<Request, Answer>,
  request: Request,
  token: string,
): RequestOptions<Answer> {
  const path = kind.path(request);
  if (kind.method === 'GET') return { method: 'GET', path, token, schema: kind.schema };
  const body = kind.body ? kind.body(request) : request;
  return { method: kind.method, path, body, token, schema: kind.schema };
}

/**
 * The engine's queue shares a request not yet started with a later identical one (a double
 * click sends one request); two requests that differ in anything are two requests.
 */
function queueKey<Request>(kind: ServerRequest<Request, unknown>, request: Request): string {
  const body = kind.method === 'GET' ? null : kind.body ? kind.body(request) : request;
  return `${kind.method} ${kind.path(request)} ${JSON.stringify(body)}`;
}

/** What the commands borrow from the engine. */
export type CommandContext = {
  db: AppDB;
  transport: Transport;
  /**
   * Runs an authenticated request in the engine's queue, under `key`: refused before it starts
   * when offline or logged out; an expired login or an outdated protocol updates the status.
   */
  authorizedRequest<T>(key: string, run: (token: string) => Promise<T>): Promise<T>;
  /** The engine's pull, queued like everything else. */
  pull(): Promise<unknown>;
};

/** Customers per reassign command: small enough to show progress, big enough to be quick. */
const REASSIGN_CHUNK = 200;

export type SyncCommands = {
  listUsers(): Promise<TeamMember[]>;
  /** POST /v1/users (admin); resolves with the refreshed user list. */
  createUser(request: CreateUserRequest): Promise<TeamMember[]>;
  /** PATCH /v1/users/:id (admin); resolves with the refreshed user list. */
  updateUser(id: string, patch: UpdateUserRequest): Promise<TeamMember[]>;
  /**
   * POST /v1/commands/decide-lost (managers): approves or sends back a lost request, then pulls
   * so the card shows the decision. Rejects with ServerError (e.g. 409: no longer requested).
   */
  decideLost(request: DecideLostRequest): Promise<DecideLostResponse>;
  /**
   * POST /v1/commands/reassign-customers (managers), one call per new owner in the plan, in
   * chunks; `onProgress` is told how many customers are done. Pulls at the end.
   */
  reassignCustomers(
    plan: ReadonlyMap<string, readonly string[]>,
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ reassigned: number; skipped: string[] }>;
  /**
   * POST /v1/exports (managers): records an export of the team board. Rejects like any request
   * (ForbiddenError for a consultant, NetworkError offline); queuing is the caller's business.
   */
  recordExport(request: RecordExportRequest): Promise<ExportRecord>;
  /** GET /v1/exports (admins): the dealership's export log, newest first. */
  listExports(query: ListExportsQuery): Promise<ListExportsResponse>;
  /**
   * POST /v1/commands/merge-customers (managers): merges duplicate cards into the survivor, then
   * pulls so this laptop shows the result. Rejects with ServerError (e.g. 409: no shared number).
   */
  mergeDuplicateCustomers(
    request: MergeDuplicateCustomersRequest,
  ): Promise<MergeDuplicateCustomersResponse>;
  /**
   * POST /v1/commands/delete-customer (managers): deletes the card for everyone, then pulls, so
   * the remove takes it off this laptop too.
   */
  deleteCustomer(request: DeleteCustomerRequest): Promise<CustomerCommandResponse>;
  /** POST /v1/commands/restore-customer (managers), then pulls the card and its rows back. */
  restoreCustomer(customerId: string): Promise<CustomerCommandResponse>;
  /** GET /v1/deleted-customers (managers): cards deleted in the last 30 days, newest first. */
  listDeletedCustomers(): Promise<DeletedCustomersResponse>;
  /**
   * POST /v1/commands/withdraw-imported-customers (anyone): takes back cards the caller imported
   * that are on the server (the undo of an import), in pages of MAX_WITHDRAW_CUSTOMERS, then
   * pulls once so the removes reach this laptop. The server decides card by card; the answers
   * are joined. Rejects like any request (NetworkError offline, LoginRequiredError logged out).
   */
  withdrawImportedCustomers(
    request: { customerIds: readonly string[]; fileName: string; reason?: string },
    onProgress?: (done: number, total: number) => void,
  ): Promise<WithdrawImportedCustomersResponse>;
  /** GET /v1/users/:id/devices (managers): the user's laptops, newest contact first. */
  listDevices(userId: string): Promise<Device[]>;
  /** POST /v1/devices/:clientId/revoke (managers): signs the laptop out; the refreshed list. */
  revokeDevice(userId: string, clientId: string): Promise<Device[]>;
  /** POST /v1/devices/:clientId/wipe (managers): the laptop empties itself; the refreshed list. */
  wipeDevice(userId: string, clientId: string): Promise<Device[]>;
};

export function createSyncCommands(context: CommandContext): SyncCommands {
  const { db, transport } = context;

  async function send<Request, Answer>(
    kind: ServerRequest<Request, Answer>,
    request: Request,
  ): Promise<Answer> {
    const answer = await context.authorizedRequest(queueKey(kind, request), (token) =>
      transport.request(requestOptions(kind, request, token)),
    );
    if (kind.pullAfter) await context.pull().catch(() => undefined);
    return answer;
  }

  async function listUsers(): Promise<TeamMember[]> {
    const { users } = await send(SERVER_REQUESTS.listUsers, {});
    await saveTeam(db, users);
    return users;
  }

  async function reassignCustomers(
    plan: ReadonlyMap<string, readonly string[]>,
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ reassigned: number; skipped: string[] }> {
    const total = [...plan.values()].reduce((sum, ids) => sum + ids.length, 0);
    let done = 0;
    let reassigned = 0;
    const skipped: string[] = [];
    for (const [toUserId, customerIds] of plan) {
      for (let start = 0; start < customerIds.length; start += REASSIGN_CHUNK) {
        const chunk = customerIds.slice(start, start + REASSIGN_CHUNK);
        const answer = await send(SERVER_REQUESTS.reassignCustomers, {
          customerIds: chunk,
          toUserId,
        });
        reassigned += answer.reassigned;
        skipped.push(...answer.skipped);
        done += chunk.length;
        onProgress?.(done, total);
      }
    }
    await context.pull().catch(() => undefined);
    return { reassigned, skipped };
  }

  async function withdrawImportedCustomers(
    request: { customerIds: readonly string[]; fileName: string; reason?: string },
    onProgress?: (done: number, total: number) => void,
  ): Promise<WithdrawImportedCustomersResponse> {
    const { customerIds, ...rest } = request;
    const answer: WithdrawImportedCustomersResponse = { withdrawn: [], refused: [] };
    for (let start = 0; start < customerIds.length; start += MAX_WITHDRAW_CUSTOMERS) {
      const page = customerIds.slice(start, start + MAX_WITHDRAW_CUSTOMERS);
      const part = await send(SERVER_REQUESTS.withdrawImportedCustomers, {
        ...rest,
        customerIds: page,
      });
      answer.withdrawn.push(...part.withdrawn);
      answer.refused.push(...part.refused);
      onProgress?.(start + page.length, customerIds.length);
    }
    if (customerIds.length > 0) await context.pull().catch(() => undefined);
    return answer;
  }

  return {
    listUsers,
    async createUser(request) {
      await send(SERVER_REQUESTS.createUser, request);
      return listUsers();
    },
    async updateUser(id, patch) {
      await send(SERVER_REQUESTS.updateUser, { id, patch });
      return listUsers();
    },
    decideLost: (request) => send(SERVER_REQUESTS.decideLost, request),
    reassignCustomers,
    recordExport: (request) => send(SERVER_REQUESTS.recordExport, request),
    listExports: (query) => send(SERVER_REQUESTS.listExports, query),
    mergeDuplicateCustomers: (request) => send(SERVER_REQUESTS.mergeDuplicateCustomers, request),
    deleteCustomer: (request) => send(SERVER_REQUESTS.deleteCustomer, request),
    restoreCustomer: (customerId) => send(SERVER_REQUESTS.restoreCustomer, { customerId }),
    listDeletedCustomers: () => send(SERVER_REQUESTS.listDeletedCustomers, {}),
    withdrawImportedCustomers,
    listDevices: async (userId) => (await send(SERVER_REQUESTS.listDevices, { userId })).devices,
    async revokeDevice(userId, clientId) {
      await send(SERVER_REQUESTS.revokeDevice, { clientId });
      return (await send(SERVER_REQUESTS.listDevices, { userId })).devices;
    },
    async wipeDevice(userId, clientId) {
      await send(SERVER_REQUESTS.wipeDevice, { clientId });
      return (await send(SERVER_REQUESTS.listDevices, { userId })).devices;
    },
  };
}
