// GET /v1/events: a server-sent event stream of pokes. The reply is hijacked (Fastify would
// otherwise try to finish it), so the headers set by the hooks are copied by hand. A stream ends
// when its session does: at once when the logout or the password change reaches this instance,
// otherwise at the next keep-alive, which re-reads the session.
// It is the one route exempt from the connection idle timeout (see app.ts).

import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../app-context';
import { findUserInSession } from '../db/users';
import type { PokeReason } from '../events/poke-hub';

export function registerEventRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get('/v1/events', async (request, reply) => {
    const caller = await ctx.authorize(request, 'sync');
    // The stream is long-lived by design: the server's idle-connection timeout must not cut it
    // (its heartbeat keeps proxies from doing so, and a dead peer ends it on the next write).
    request.raw.socket.setTimeout(0);
    reply.hijack();
    const raw = reply.raw;
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) headers[name] = value;
    }
    raw.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx and friends must not buffer the stream.
      'x-accel-buffering': 'no',
    });

    let open = true;
    const write = (text: string) => {
      if (open && !raw.writableEnded) raw.write(text);
    };
    const poke = (reason: PokeReason) =>
      write(`event: poke\ndata: ${JSON.stringify({ reason })}\n\n`);

    const end = () => {
      if (!open) return;
      open = false;
      clearInterval(heartbeat);
      remove();
      if (!raw.writableEnded) raw.end();
    };

    const remove = ctx.pokes.add({
      userId: caller.id,
      sessionId: caller.sessionId,
      dealershipId: caller.dealershipId,
      role: caller.role,
      poke,
      end,
    });

    const heartbeat = setInterval(() => {
      write(': keep-alive\n\n');
      findUserInSession(ctx.db, caller.id, caller.sessionId)
        .then((user) => {
          if (!user?.active || !user.sessionOpen) end();
        })
        .catch(() => {});
    }, ctx.heartbeatMs);
    heartbeat.unref();

    raw.on('close', end);
    raw.on('error', end);
    poke('connected');
    return reply;
  });
}
