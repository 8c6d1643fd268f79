// Every error leaves the server as the protocol's body { error, reason, message, issues? } with the
// status of docs/sync-protocol.md; `reason` is the stable code a client translates (the English
// message is for logs). Handlers throw HttpError; a database that is away is 503 "unavailable"
// with Retry-After (clients try again later); anything else (a bug, a failed statement) becomes
// 500 "internal" with the details in the log only — never a stack trace on the wire.

import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { ErrorBody, ErrorCode, ErrorReason } from '../../shared/sync/protocol';
import { DatabaseUnavailableError } from '../db/database';

/** Seconds a client is asked to wait while the database is away (a restart takes a few). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;
import { loggableError } from './log-safe';

export type Issue = { path: string; message: string };

/** What this server sends: a reason on every error, from the known list. */
export type ServerErrorBody = ErrorBody & { reason: ErrorReason };

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    readonly reason: ErrorReason,
    message: string,
    readonly extra: Pick<ErrorBody, 'issues' | 'serverProtocol' | 'wipeMode' | 'finalPush'> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }

  toBody(): ServerErrorBody {
    return { error: this.code, reason: this.reason, message: this.message, ...this.extra };
  }
}

export const unauthorized = (reason: ErrorReason, message = 'Please log in.') =>
  new HttpError(401, 'unauthorized', reason, message);
export const forbidden = (reason: ErrorReason, message: string) =>
  new HttpError(403, 'forbidden', reason, message);
export const notFound = (reason: ErrorReason, message: string) =>
  new HttpError(404, 'not_found', reason, message);
export const conflict = (reason: ErrorReason, message: string) =>
  new HttpError(409, 'conflict', reason, message);
/** 400 for a request that names its wrong fields. */
export const invalidRequest = (issues: Issue[]) =>
  new HttpError(400, 'invalid_request', 'validation_failed', 'The request is not valid.', {
    issues,
  });

export function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const path = issue.path.map(String).join('.');
    const message =
      keys.length > 0 ? `unknown field(s): ${keys.join(', ')}` : issue.message || 'invalid';
    return { path, message };
  });
}

/** Validates a body or query with its protocol schema; a failure is 400 with every issue. */
export function parseRequest<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
): z.output<Schema> {
  const parsed = schema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  throw invalidRequest(zodIssues(parsed.error));
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && 'code' in error;
}

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof HttpError) {
      return reply.code(error.statusCode).send(error.toBody());
    }
    if (error instanceof DatabaseUnavailableError) {
      request.log.warn({ err: error.cause }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS))
        .send({
          error: 'unavailable',
          reason: 'database_unavailable',
          message: 'The server cannot reach its database; try again shortly.',
        } satisfies ServerErrorBody);
    }
    if (isFastifyError(error)) {
      const status = error.statusCode ?? 500;
      if (status === 413) {
        return reply.code(413).send({
          error: 'invalid_request',
          reason: 'body_too_large',
          message: 'The request body is larger than the server accepts.',
        } satisfies ServerErrorBody);
      }
      if (status === 429) {
        return reply.code(429).send({
          error: 'rate_limited',
          reason: 'too_many_logins',
          message: 'Too many attempts; try again later.',
        } satisfies ServerErrorBody);
      }
      if (status >= 400 && status < 500) {
        // Malformed JSON, wrong content type, empty body: the request itself is wrong.
        return reply.code(status).send({
          error: 'invalid_request',
          reason: 'malformed_request',
          message: error.message,
        } satisfies ServerErrorBody);
      }
    }
    request.log.error({ err: loggableError(error) }, 'request failed');
    return reply.code(500).send({
      error: 'internal',
      reason: 'internal',
      message: 'The server could not handle the request.',
    } satisfies ServerErrorBody);
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send({
      error: 'not_found',
      reason: 'route_not_found',
      message: `No route ${request.method} ${request.url.split('?')[0] ?? ''}`,
    } satisfies ServerErrorBody);
  });
}
