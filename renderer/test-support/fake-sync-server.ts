// An in-memory sync server that speaks docs/sync-protocol.md through a fetch-compatible
// function, for unit tests of the client engine (the real server lives in server/). It keeps
// what the client can observe: protocol header, auth with rotating refresh tokens, client-id
// binding, idempotent push with per-field merge and conflicts, scope, ordered pull with removes,
// pokes over a streamed response. Tests steer it (failures, expiry, reassignment) and inspect
// every request it saw. Only imported by *.test.ts files.

import { v7 as uuidv7 } from 'uuid';
import { applyMutation } from '../../shared/sync/apply-mutation';
import {
  createHlc,
  formatHlc,
  parseHlc,
  receiveHlc,
  tickHlc,
  MAX_DRIFT_MS,
} from '../../shared/sync/hlc';
import type { HlcState } from '../../shared/sync/hlc';
import {
  PROTOCOL_HEADER,
  PROTOCOL_VERSION,
  createUserRequestSchema,
  loginRequestSchema,
  pullQuerySchema,
  pushRequestSchema,
  refreshRequestSchema,
  updateUserRequestSchema,
  type Change,
  type ErrorCode,
  type Mutation,
  type MutationAck,
  type RejectReason,
  type ServerRow,
  type SessionUser,
  type TeamMember,
} from '../../shared/sync/protocol';
import { recordExportRequestSchema, type ExportRecord } from '../../shared/sync/export-protocol';
import { hashAttachment, referencedHashes } from '../../shared/sync/attachments';
import {
  CHILD_TABLES,
  SERVER_SCOPE_FIELDS,
  SYNC_FIELD_SCHEMAS,
  SYNC_TABLES,
  type Role,
  type SyncTableName,
} from '../../shared/sync/tables';

export type FakeUser = SessionUser & { password: string; active: boolean };

type StoredRow = {
  table: SyncTableName;
  id: string;
  data: Record<string, unknown>;
  clocks: Record<string, string>;
  seq: number;
};

type RemoveEntry = { userId: string; table: SyncTableName; id: string; seq: number };

/** How the next matching request fails (once). */
export type InjectedFailure =
  /** fetch rejects before the server sees the request. */
  | 'network'
  /** The server handles the request, then the answer is lost (fetch rejects). */
  | 'lost_response'
  /** An HTTP error status with a protocol error body. */
  | { status: number; error: ErrorCode; message?: string; retryAfterSeconds?: number };

export type FakeAttachment = { bytes: Uint8Array; contentType: string; uploadedBy: string };

export type RecordedRequest = { method: string; path: string; body: unknown; auth: string | null };

export type FakeSyncServer = {
  fetch: (input: string, init?: RequestInit) => Promise<Response>;
  readonly requests: RecordedRequest[];
  readonly users: Map<string, FakeUser>;
  readonly rows: Map<string, StoredRow>;
  /** Every stored ack by `${clientId}:${seq}`: how many times each mutation was applied. */
  readonly applyCount: Map<string, number>;
  /** The export log (POST /v1/exports), by export id. */
  readonly exportRecords: Map<string, ExportRecord>;
  /** Attachment bytes (PUT /v1/attachments/:hash), by `${dealershipId}/${hash}`. */
  readonly attachments: Map<string, FakeAttachment>;
  addUser(user: Partial<FakeUser> & { login: string; role?: Role }): FakeUser;
  /** Makes the next request to `path` (prefix match) fail the given way. */
  failNext(path: string, failure: InjectedFailure): void;
  /** Every access token issued so far is answered `token_expired` from now on. */
  expireAccessTokens(): void;
  /** Every refresh token of the user is revoked (a refresh answers 401 unauthorized). */
  revokeRefreshTokens(userId: string): void;
  /** The server answers every request 426 from now on (it speaks another protocol). */
  setProtocol(version: number): void;
  /** Refuses matching mutations with the reason (the row's current state is sent along). */
  rejectWhen(
    rule: ((mutation: { table: string; rowId: string }) => RejectReason | null) | null,
  ): void;
  /**
   * A change the server fails on (as the real one did on text PostgreSQL cannot store): every
   * push batch holding a matching mutation is answered 500 `internal` (or, with 'not_json', a
   * 200 whose body is not JSON), and nothing of the batch is applied. null: no such change.
   */
  failPushWhen(
    rule: ((mutation: Mutation) => boolean) | null,
    answer?: 'internal' | 'not_json',
  ): void;
  /** A server-side write, as another client of `user` would make it. */
  writeAs(userId: string, table: SyncTableName, id: string, fields: Record<string, unknown>): void;
  /** The reassign command: the customer and its children go to `toUserId`. */
  reassign(customerId: string, toUserId: string): void;
  /**
   * Answers an authenticated request to `path` (any method, exact path, query ignored) with
   * `answer`'s JSON: a stand-in for the server's commands (reassign, merge, …), whose rules the
   * server's own tests cover. A thrown FakeCommandRefusal becomes that error answer.
   */
  answerCommand(path: string, answer: (body: unknown, user: FakeUser) => unknown): void;
  /** Sends `event: poke` to every open event stream. */
  poke(reason?: 'changes' | 'connected'): void;
  row(table: SyncTableName, id: string): StoredRow | undefined;
  openStreams(): number;
};

const key = (table: string, id: string) => `${table}/${id}`;

/** Thrown by an answerCommand handler: the command is refused with this status and code. */
export class FakeCommandRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string = code,
  ) {
    super(message);
    this.name = 'FakeCommandRefusal';
  }
}

let userCounter = 0;

export function createFakeSyncServer(options: { now?: () => number } = {}): FakeSyncServer {
  const now = options.now ?? (() => Date.now());
  const users = new Map<string, FakeUser>();
  const rows = new Map<string, StoredRow>();
  const removes: RemoveEntry[] = [];
  const acks = new Map<string, MutationAck>();
  const applyCount = new Map<string, number>();
  const exportRecords = new Map<string, ExportRecord>();
  const attachments = new Map<string, FakeAttachment>();
  const clientOwners = new Map<string, string>();
  const accessTokens = new Map<string, { userId: string; expired: boolean }>();
  const refreshTokens = new Map<string, { userId: string; family: number; used: boolean }>();
  const revokedFamilies = new Set<number>();
  const failures: { path: string; failure: InjectedFailure }[] = [];
  const requests: RecordedRequest[] = [];
  const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const commandAnswers = new Map<string, (body: unknown, user: FakeUser) => unknown>();
  let pushFailure: {
    rule: (mutation: Mutation) => boolean;
    answer: 'internal' | 'not_json';
  } | null = null;
  let rejectRule: ((mutation: { table: string; rowId: string }) => RejectReason | null) | null =
    null;
  let protocol = PROTOCOL_VERSION;
  let sequence = 0;
  let tokenCounter = 0;
  let familyCounter = 0;
  let clock: HlcState = createHlc('server');

  const serverHlc = (): string => {
    clock = tickHlc(clock, now());
    return formatHlc(clock);
  };

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', ...headers },
    });
  const error = (status: number, code: ErrorCode, message: string = code) =>
    json(status, { error: code, message });

  function issueTokens(user: FakeUser, family = ++familyCounter) {
    tokenCounter += 1;
    const accessToken = `access-${tokenCounter}`;
    const refreshToken = `refresh-${tokenCounter}`;
    accessTokens.set(accessToken, { userId: user.id, expired: false });
    refreshTokens.set(refreshToken, { userId: user.id, family, used: false });
    const { password: _password, active: _active, ...sessionUser } = user;
    return {
      accessToken,
      accessExpiresAt: new Date(now() + 15 * 60_000).toISOString(),
      refreshToken,
      refreshExpiresAt: new Date(now() + 30 * 86_400_000).toISOString(),
      user: sessionUser,
    };
  }

  function userById(id: string): FakeUser | undefined {
    return [...users.values()].find((user) => user.id === id);
  }

  function teamOf(user: FakeUser): TeamMember[] {
    return [...users.values()]
      .filter((member) => member.dealershipId === user.dealershipId)
      .map(({ id, login, name, role, active }) => ({ id, login, name, role, active }));
  }

  function customerOf(row: StoredRow): StoredRow | undefined {
    if (row.table === 'customers') return row;
    const customerId = row.data.customerId;
    return typeof customerId === 'string' ? rows.get(key('customers', customerId)) : undefined;
  }

  function visible(user: FakeUser, row: StoredRow): boolean {
    if (row.data.dealershipId !== user.dealershipId) return false;
    if (user.role !== 'consultant' || row.table === 'settings') return true;
    return row.data.ownerId === user.id;
  }

  function store(
    table: SyncTableName,
    id: string,
    data: Record<string, unknown>,
    clocks: Record<string, string>,
  ) {
    sequence += 1;
    const row = { table, id, data: { ...data, id }, clocks, seq: sequence };
    rows.set(key(table, id), row);
    return row;
  }

  function currentFor(user: FakeUser, table: SyncTableName, id: string): ServerRow | null {
    const row = rows.get(key(table, id));
    if (!row || !visible(user, row)) return null;
    return { table, id, data: row.data, clocks: row.clocks };
  }

  function addConflict(
    row: StoredRow,
    field: string,
    kept: { value: unknown; hlc: string },
    lost: { value: unknown; hlc: string },
    writer: FakeUser,
    writerLost: boolean,
  ) {
    // Conflict rows are made by the server, with a UUIDv7 like every other row.
    const id = uuidv7();
    const hlc = serverHlc();
    const customer = customerOf(row);
    const at = new Date(now()).toISOString();
    const data: Record<string, unknown> = {
      dealershipId: row.data.dealershipId,
      ownerId: customer?.data.ownerId ?? row.data.ownerId,
      createdAt: at,
      updatedAt: at,
      deleted: false,
      customerId: customer?.id ?? null,
      rowTable: row.table,
      rowId: row.id,
      field,
      keptValue: kept.value,
      keptHlc: kept.hlc,
      keptBy: writerLost ? null : writer.id,
      keptByName: writerLost ? '' : writer.name,
      lostValue: lost.value,
      lostHlc: lost.hlc,
      lostBy: writerLost ? writer.id : null,
      lostByName: writerLost ? writer.name : '',
      detectedAt: at,
      resolution: null,
      resolvedAt: null,
      resolvedBy: null,
    };
    store('conflicts', id, data, Object.fromEntries(Object.keys(data).map((name) => [name, hlc])));
  }

  /** Applies one mutation; returns the ack. */
  function applyOne(
    user: FakeUser,
    mutation: {
      seq: number;
      table: SyncTableName;
      rowId: string;
      fields: Record<string, unknown>;
      hlc: string;
      base?: Record<string, string>;
    },
  ): MutationAck {
    const reject = (reason: RejectReason): MutationAck => ({
      seq: mutation.seq,
      status: 'rejected',
      reason,
      message: reason,
      current: currentFor(user, mutation.table, mutation.rowId),
    });
    const ruled = rejectRule?.(mutation) ?? null;
    if (ruled) return reject(ruled);
    const rule = SYNC_TABLES[mutation.table];
    if (!rule.writers.includes(user.role)) return reject('forbidden');
    if (!SYNC_FIELD_SCHEMAS[mutation.table].safeParse(mutation.fields).success)
      return reject('invalid');
    // Like the real server: a row references only attachments already uploaded.
    if (
      referencedHashes(mutation.table, mutation.fields).some(
        (hash) => !attachments.has(`${user.dealershipId}/${hash}`),
      )
    ) {
      return reject('invalid');
    }
    try {
      if (parseHlc(mutation.hlc).millis - now() > MAX_DRIFT_MS) return reject('clock_drift');
    } catch {
      return reject('invalid');
    }
    const existing = rows.get(key(mutation.table, mutation.rowId));
    if (existing && !visible(user, existing)) return reject('forbidden');
    const fields = { ...mutation.fields };
    if (existing) {
      if (
        rule.clientFields &&
        Object.keys(fields).some((field) => !rule.clientFields?.includes(field))
      ) {
        return reject('read_only_field');
      }
      for (const field of SERVER_SCOPE_FIELDS) {
        if (field in fields && fields[field] !== existing.data[field])
          return reject('read_only_field');
      }
    } else if (rule.clientFields) {
      return reject('read_only_field');
    }
    let ownerId = user.id;
    if (CHILD_TABLES.includes(mutation.table)) {
      const customerId = (existing?.data.customerId ?? fields.customerId) as string | undefined;
      const customer = customerId ? rows.get(key('customers', customerId)) : undefined;
      if (!customer) return reject('unknown_customer');
      if (!visible(user, customer)) return reject('forbidden');
      ownerId = customer.data.ownerId as string;
    }
    clock = receiveHlc(clock, mutation.hlc, now());
    const result = applyMutation(
      existing ? { data: existing.data, clocks: existing.clocks } : undefined,
      {
        fields,
        hlc: mutation.hlc,
        base: mutation.base,
      },
    );
    if (!existing) {
      // The server decides scope: its values win with a clock newer than the client's.
      const stamp = serverHlc();
      const scope: Record<string, unknown> = {
        dealershipId: user.dealershipId,
        ownerId: mutation.table === 'settings' ? user.id : ownerId,
      };
      for (const [field, value] of Object.entries(scope)) {
        if (result.data[field] !== value) {
          result.data[field] = value;
          result.clocks[field] = stamp;
        }
      }
    }
    const stored = store(mutation.table, mutation.rowId, result.data, result.clocks);
    for (const conflict of result.conflicts) {
      const writerLost = conflict.lost.hlc === mutation.hlc;
      addConflict(stored, conflict.field, conflict.kept, conflict.lost, user, writerLost);
    }
    return { seq: mutation.seq, status: 'applied' };
  }

  function authenticate(request: Request): FakeUser | Response {
    const header = request.headers.get('authorization') ?? '';
    const token = accessTokens.get(header.replace(/^Bearer /, ''));
    if (!token) return error(401, 'unauthorized');
    if (token.expired) return error(401, 'token_expired');
    const user = userById(token.userId);
    if (!user || !user.active) return error(401, 'unauthorized');
    return user;
  }

  function pullFor(user: FakeUser, cursor: number, limit: number) {
    const items: (Change & { order: number })[] = [];
    for (const row of rows.values()) {
      if (row.seq <= cursor || !visible(user, row)) continue;
      items.push({
        kind: 'upsert',
        seq: String(row.seq),
        table: row.table,
        id: row.id,
        data: row.data,
        clocks: row.clocks,
        order: row.seq,
      });
    }
    const latestRemove = new Map<string, RemoveEntry>();
    for (const entry of removes) {
      if (entry.userId !== user.id || entry.seq <= cursor) continue;
      latestRemove.set(key(entry.table, entry.id), entry);
    }
    for (const entry of latestRemove.values()) {
      const row = rows.get(key(entry.table, entry.id));
      if (row && visible(user, row) && row.seq > entry.seq) continue;
      items.push({
        kind: 'remove',
        seq: String(entry.seq),
        table: entry.table,
        id: entry.id,
        order: entry.seq,
      });
    }
    items.sort((a, b) => a.order - b.order);
    const page = items.slice(0, limit);
    const changes: Change[] = page.map(({ order: _order, ...change }) => change);
    return {
      changes,
      cursor: page.length > 0 ? String(page[page.length - 1]?.order) : String(cursor),
      hasMore: items.length > limit,
      remaining: Math.max(0, items.length - limit),
    };
  }

  async function handle(request: Request, path: string, body: unknown): Promise<Response> {
    const url = new URL(request.url);
    if (path === '/health') return json(200, { status: 'ok', protocol, database: 'pglite' });
    if (request.headers.get(PROTOCOL_HEADER) !== String(protocol)) {
      return json(426, { error: 'protocol_outdated', message: 'update', serverProtocol: protocol });
    }
    if (path === '/v1/auth/login' && request.method === 'POST') {
      const parsed = loginRequestSchema.safeParse(body);
      if (!parsed.success) return error(400, 'invalid_request');
      const user = users.get(parsed.data.login);
      if (!user || user.password !== parsed.data.password || !user.active) {
        return error(401, 'unauthorized', 'wrong login or password');
      }
      const bound = clientOwners.get(parsed.data.clientId);
      if (bound && bound !== user.id)
        return error(403, 'forbidden', 'client bound to another user');
      clientOwners.set(parsed.data.clientId, user.id);
      return json(200, issueTokens(user));
    }
    if (path === '/v1/auth/refresh' && request.method === 'POST') {
      const parsed = refreshRequestSchema.safeParse(body);
      if (!parsed.success) return error(400, 'invalid_request');
      const token = refreshTokens.get(parsed.data.refreshToken);
      if (!token || revokedFamilies.has(token.family)) return error(401, 'unauthorized');
      if (token.used) {
        revokedFamilies.add(token.family);
        return error(401, 'unauthorized', 'refresh token replayed');
      }
      token.used = true;
      const user = userById(token.userId);
      if (!user || !user.active) return error(401, 'unauthorized');
      return json(200, issueTokens(user, token.family));
    }
    if (path === '/v1/auth/logout' && request.method === 'POST') {
      const parsed = refreshRequestSchema.safeParse(body);
      const token = parsed.success ? refreshTokens.get(parsed.data.refreshToken) : undefined;
      if (token) revokedFamilies.add(token.family);
      return new Response(null, { status: 204 });
    }
    const user = authenticate(request);
    if (user instanceof Response) return user;
    if (path === '/v1/me' && request.method === 'GET') {
      const { password: _password, active: _active, ...sessionUser } = user;
      return json(200, {
        user: sessionUser,
        team: teamOf(user),
        serverTime: new Date(now()).toISOString(),
      });
    }
    if (path === '/v1/push' && request.method === 'POST') {
      const parsed = pushRequestSchema.safeParse(body);
      if (!parsed.success) return error(400, 'invalid_request', parsed.error.message);
      const owner = clientOwners.get(parsed.data.clientId);
      if (owner !== user.id) return error(403, 'forbidden', 'client bound to another user');
      if (pushFailure && parsed.data.mutations.some(pushFailure.rule)) {
        return pushFailure.answer === 'not_json'
          ? new Response('<html>oops</html>', { status: 200 })
          : error(500, 'internal', 'The server could not handle the request.');
      }
      const answers = parsed.data.mutations.map((mutation) => {
        const id = `${parsed.data.clientId}:${mutation.seq}`;
        const stored = acks.get(id);
        if (stored) return { ...stored, replayed: true };
        const ack = applyOne(user, mutation);
        acks.set(id, ack);
        applyCount.set(id, (applyCount.get(id) ?? 0) + 1);
        return ack;
      });
      return json(200, { acks: answers, serverHlc: serverHlc() });
    }
    if (path === '/v1/pull' && request.method === 'GET') {
      const parsed = pullQuerySchema.safeParse(Object.fromEntries(url.searchParams));
      if (!parsed.success) return error(400, 'invalid_request');
      const page = pullFor(user, Number(parsed.data.cursor), parsed.data.limit);
      return json(200, parsed.data.clientId ? { ...page, serverHlc: serverHlc() } : page);
    }
    if (path === '/v1/events' && request.method === 'GET') {
      let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
      const body = new ReadableStream<Uint8Array>({
        start(streamController) {
          controller = streamController;
          streams.add(streamController);
          streamController.enqueue(
            new TextEncoder().encode('event: poke\ndata: {"reason":"connected"}\n\n'),
          );
        },
        cancel() {
          if (controller) streams.delete(controller);
        },
      });
      request.signal.addEventListener('abort', () => {
        if (!controller) return;
        streams.delete(controller);
        try {
          controller.error(new DOMException('aborted', 'AbortError'));
        } catch {
          // already closed
        }
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } });
    }
    const attachmentPath = /^\/v1\/attachments\/(sha256-[0-9a-f]{64})$/.exec(path);
    if (attachmentPath?.[1] && request.method === 'PUT') {
      const hash = attachmentPath[1];
      const contentType = request.headers.get('content-type') ?? '';
      if (!(body instanceof Uint8Array) || !['image/jpeg', 'image/png'].includes(contentType)) {
        return error(415, 'invalid_request');
      }
      if ((await hashAttachment(body)) !== hash) return error(400, 'invalid_request', 'hash');
      const stored = `${user.dealershipId}/${hash}`;
      const created = !attachments.has(stored);
      if (created) attachments.set(stored, { bytes: body, contentType, uploadedBy: user.id });
      return json(created ? 201 : 200, { hash, size: body.length });
    }
    if (attachmentPath?.[1] && request.method === 'GET') {
      const hash = attachmentPath[1];
      const stored = attachments.get(`${user.dealershipId}/${hash}`);
      const referenced = [...rows.values()].some(
        (row) => visible(user, row) && referencedHashes(row.table, row.data).includes(hash),
      );
      if (!stored || (!referenced && stored.uploadedBy !== user.id && user.role === 'consultant')) {
        return error(404, 'not_found');
      }
      return new Response(stored.bytes.slice(), {
        status: 200,
        headers: { 'content-type': stored.contentType },
      });
    }
    if (path === '/v1/users' && request.method === 'GET') {
      if (user.role === 'consultant') return error(403, 'forbidden');
      return json(200, { users: teamOf(user) });
    }
    if (path === '/v1/users' && request.method === 'POST') {
      if (user.role !== 'admin') return error(403, 'forbidden');
      const parsed = createUserRequestSchema.safeParse(body);
      if (!parsed.success) return error(400, 'invalid_request');
      if (users.has(parsed.data.login)) return error(409, 'conflict', 'login exists');
      const created = addUserInternal({
        ...parsed.data,
        dealershipId: user.dealershipId,
        dealershipName: user.dealershipName,
      });
      const { password: _password, dealershipId: _d, dealershipName: _n, ...member } = created;
      return json(201, { user: member });
    }
    if (path === '/v1/exports' && request.method === 'POST') {
      if (user.role === 'consultant') return error(403, 'forbidden');
      const parsed = recordExportRequestSchema.safeParse(body);
      if (!parsed.success) return error(400, 'invalid_request');
      const existing = exportRecords.get(parsed.data.id);
      if (existing) return json(200, existing);
      const { id, format, exportedAt, rowCount, filter } = parsed.data;
      const record: ExportRecord = {
        id,
        format,
        exportedAt,
        rowCount,
        filter,
        userId: user.id,
        userName: user.name,
        userLogin: user.login,
        recordedAt: new Date(now()).toISOString(),
      };
      exportRecords.set(id, record);
      return json(201, record);
    }
    if (path === '/v1/exports' && request.method === 'GET') {
      if (user.role !== 'admin') return error(403, 'forbidden');
      const all = [...exportRecords.values()].sort((a, b) =>
        b.exportedAt.localeCompare(a.exportedAt),
      );
      return json(200, { exports: all, total: all.length });
    }
    const commandAnswer = commandAnswers.get(path);
    if (commandAnswer) {
      try {
        return json(200, commandAnswer(body, user));
      } catch (refusal) {
        if (!(refusal instanceof FakeCommandRefusal)) throw refusal;
        return error(refusal.status, refusal.code, refusal.message);
      }
    }
    const userPatch = /^\/v1\/users\/([^/]+)$/.exec(path);
    if (userPatch && request.method === 'PATCH') {
      if (user.role !== 'admin') return error(403, 'forbidden');
      const target = userById(decodeURIComponent(userPatch[1] ?? ''));
      if (!target || target.dealershipId !== user.dealershipId) return error(404, 'not_found');
      const parsed = updateUserRequestSchema.safeParse(body);
      if (!parsed.success) return error(400, 'invalid_request');
      if (parsed.data.active === false) {
        const owns = [...rows.values()].some(
          (row) => row.table === 'customers' && row.data.ownerId === target.id,
        );
        if (owns)
          return error(409, 'conflict', 'The user still owns customers; reassign them first');
      }
      Object.assign(target, parsed.data);
      return json(200, { user: target });
    }
    return error(404, 'not_found');
  }

  function addUserInternal(input: Partial<FakeUser> & { login: string }): FakeUser {
    userCounter += 1;
    const user: FakeUser = {
      id: input.id ?? `user${userCounter}`,
      login: input.login,
      name: input.name ?? input.login,
      role: input.role ?? 'consultant',
      dealershipId: input.dealershipId ?? 'dealership1',
      dealershipName: input.dealershipName ?? '浦东店',
      password: input.password ?? 'password1',
      active: input.active ?? true,
    };
    users.set(user.login, user);
    return user;
  }

  const fetch = async (input: string, init: RequestInit = {}): Promise<Response> => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    let body: unknown;
    if (init.body instanceof Uint8Array) {
      body = init.body;
    } else {
      const text = init.body === undefined || init.body === null ? '' : String(init.body);
      body = text === '' ? undefined : JSON.parse(text);
    }
    requests.push({
      method: request.method,
      path: url.pathname + url.search,
      body,
      auth: request.headers.get('authorization'),
    });
    const index = failures.findIndex((entry) => url.pathname.startsWith(entry.path));
    const injected = index === -1 ? null : (failures.splice(index, 1)[0]?.failure ?? null);
    if (injected === 'network') throw new TypeError('fetch failed');
    if (injected !== null && typeof injected === 'object') {
      return json(
        injected.status,
        { error: injected.error, message: injected.message ?? injected.error },
        injected.retryAfterSeconds === undefined
          ? {}
          : { 'retry-after': String(injected.retryAfterSeconds) },
      );
    }
    const response = await handle(request, url.pathname, body);
    if (injected === 'lost_response') throw new TypeError('fetch failed: connection reset');
    return response;
  };

  return {
    fetch,
    requests,
    users,
    rows,
    applyCount,
    exportRecords,
    attachments,
    addUser: addUserInternal,
    failNext(path, failure) {
      failures.push({ path, failure });
    },
    expireAccessTokens() {
      for (const token of accessTokens.values()) token.expired = true;
    },
    revokeRefreshTokens(userId) {
      for (const token of refreshTokens.values()) {
        if (token.userId === userId) revokedFamilies.add(token.family);
      }
    },
    setProtocol(version) {
      protocol = version;
    },
    rejectWhen(rule) {
      rejectRule = rule;
    },
    failPushWhen(rule, answer = 'internal') {
      pushFailure = rule && { rule, answer };
    },
    writeAs(userId, table, id, fields) {
      const user = userById(userId);
      if (!user) throw new Error(`no user ${userId}`);
      const existing = rows.get(key(table, id));
      const hlc = serverHlc().replace(/:server$/, `:${userId.replace(/[^0-9a-z]/g, '')}`);
      const base = existing ? { ...existing.clocks } : undefined;
      const result = applyMutation(
        existing ? { data: existing.data, clocks: existing.clocks } : undefined,
        { fields, hlc, base },
      );
      store(table, id, result.data, result.clocks);
    },
    reassign(customerId, toUserId) {
      const customer = rows.get(key('customers', customerId));
      if (!customer) throw new Error(`no customer ${customerId}`);
      const from = customer.data.ownerId as string;
      const hlc = serverHlc();
      const moved = [
        customer,
        ...[...rows.values()].filter((row) => row.data.customerId === customerId),
      ];
      for (const row of moved) {
        store(
          row.table,
          row.id,
          { ...row.data, ownerId: toUserId },
          { ...row.clocks, ownerId: hlc },
        );
        sequence += 1;
        removes.push({ userId: from, table: row.table, id: row.id, seq: sequence });
      }
    },
    answerCommand(path, answer) {
      commandAnswers.set(path, answer);
    },
    poke(reason = 'changes') {
      const chunk = new TextEncoder().encode(
        `: keep-alive\n\nevent: poke\ndata: {"reason":"${reason}"}\n\n`,
      );
      for (const controller of streams) controller.enqueue(chunk);
    },
    row: (table, id) => rows.get(key(table, id)),
    openStreams: () => streams.size,
  };
}
