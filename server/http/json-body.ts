// Request bodies are UTF-8 JSON. Fastify's own parser decodes bytes that are not UTF-8 to U+FFFD
// without a word, so a broken client's text would be stored damaged; here such a body is refused
// with 400 instead. The parsing after decoding is Fastify's own (with its prototype-poisoning
// checks).

import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors';

export function installJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    if (typeof body === 'string') {
      parseJson(request, body, done);
      return;
    }
    let text: string;
    try {
      // A decoder per body: `fatal` decoders throw on the first invalid sequence.
      text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      done(
        new HttpError(
          400,
          'invalid_request',
          'body_not_utf8',
          'The request body is not valid UTF-8.',
        ),
        undefined,
      );
      return;
    }
    parseJson(request, text, done);
  });
}
