// Attachments (docs/sync-protocol.md, "Attachments"): the bytes of checklist photos and signatures,
// addressed by their SHA-256. PUT stores them (the server hashes the body itself: a client cannot
// file bytes under another hash), GET hands them to a caller who may see a row referencing them.
// Content never changes under a hash, so answers are cacheable for ever.

import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  ATTACHMENT_CONTENT_TYPES,
  attachmentHashSchema,
  sniffContentType,
} from '../../shared/sync/attachments';
import type { AppContext } from '../app-context';
import { seesWholeDealership } from '../auth/authorize';
import { insertAttachment, readAttachment } from '../db/attachments';
import { HttpError, notFound, parseRequest } from '../http/errors';

const paramsSchema = z.object({ hash: attachmentHashSchema }).strict();

const invalid = (message: string) =>
  new HttpError(400, 'invalid_request', 'attachment_invalid', message);

export function registerAttachmentRoutes(app: FastifyInstance, ctx: AppContext): void {
  // The raw bytes, for the two image types only: any other content type is 415.
  app.addContentTypeParser(
    [...ATTACHMENT_CONTENT_TYPES],
    { parseAs: 'buffer', bodyLimit: ctx.config.attachmentLimitBytes },
    (_request, body, done) => done(null, body),
  );

  app.put(
    '/v1/attachments/:hash',
    { bodyLimit: ctx.config.attachmentLimitBytes },
    async (request, reply) => {
      const caller = await ctx.authorize(request, 'sync');
      const { hash } = parseRequest(paramsSchema, request.params);
      const declared = ATTACHMENT_CONTENT_TYPES.find(
        (type) => type === request.headers['content-type']?.split(';')[0]?.trim().toLowerCase(),
      );
      if (!declared || !Buffer.isBuffer(request.body)) {
        throw invalid(
          `The body must be the image's bytes (${ATTACHMENT_CONTENT_TYPES.join(', ')}).`,
        );
      }
      const bytes = request.body;
      // The bytes must be what they claim: nothing else is ever served as an image.
      if (sniffContentType(bytes) !== declared) {
        throw invalid(`The body is not a ${declared} image.`);
      }
      const actual = `sha256-${createHash('sha256').update(bytes).digest('hex')}`;
      if (actual !== hash) throw invalid(`The body's hash is ${actual}, not ${hash}.`);
      const created = await insertAttachment(ctx.db, {
        dealershipId: caller.dealershipId,
        hash,
        contentType: declared,
        bytes,
        createdBy: caller.id,
      });
      return reply.code(created ? 201 : 200).send({ hash, size: bytes.length });
    },
  );

  app.get('/v1/attachments/:hash', async (request, reply) => {
    const caller = await ctx.authorize(request, 'sync');
    const { hash } = parseRequest(paramsSchema, request.params);
    const attachment = await readAttachment(
      ctx.db,
      {
        id: caller.id,
        dealershipId: caller.dealershipId,
        seesWholeDealership: seesWholeDealership(caller.role),
      },
      hash,
    );
    // Not stored, another dealership's, or out of the caller's scope: one answer for all three.
    if (!attachment) throw notFound('attachment_not_found', 'No such attachment.');
    return reply
      .header('content-type', attachment.contentType)
      .header('content-length', attachment.size)
      .header('cache-control', 'private, max-age=31536000, immutable')
      .header('etag', `"${hash}"`)
      .header('x-content-type-options', 'nosniff')
      .send(attachment.bytes);
  });
}
