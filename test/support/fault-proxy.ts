// An HTTP proxy on a fixed loopback port between the laptops and a sync server process, for the
// torture test: the server behind it can be killed and started again on another port while the
// laptops keep their address, and requests can be cut on the way in (the server never sees
// them) or on the way back (the server did the work, the laptop never hears of it).

import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyFault = 'cut_request' | 'cut_answer';

export type FaultProxy = {
  readonly url: string;
  /** Where requests go from now on (a restarted server listens on a new port). */
  retarget(upstreamUrl: string): void;
  /** The next `count` requests suffer `fault`. */
  inject(fault: ProxyFault, count?: number): void;
  /** Pending faults are dropped. */
  heal(): void;
  /** How many requests were cut, by kind. */
  readonly cuts: Record<ProxyFault, number>;
  close(): Promise<void>;
};

/**
 * The whole body, or a rejection when the peer goes away first: a server killed while it streams
 * a pull page closes the answer without an 'end' (and not always with an 'error').
 */
function readBody(message: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.on('end', () => resolve(Buffer.concat(chunks)));
    message.on('error', reject);
    message.on('close', () => {
      if (!message.complete) reject(new Error('the peer closed before the end of the body'));
    });
  });
}

export async function startFaultProxy(upstreamUrl: string): Promise<FaultProxy> {
  let upstream = new URL(upstreamUrl);
  const pending: ProxyFault[] = [];
  const cuts: Record<ProxyFault, number> = { cut_request: 0, cut_answer: 0 };

  const server: Server = createServer((incoming, outgoing) => {
    const fault = pending.shift();
    if (fault === 'cut_request') {
      cuts.cut_request += 1;
      incoming.socket.destroy();
      return;
    }
    void readBody(incoming)
      .then(
        (body) =>
          new Promise<void>((resolve) => {
            const forwarded = httpRequest(
              {
                host: upstream.hostname,
                port: upstream.port,
                method: incoming.method,
                path: incoming.url,
                headers: { ...incoming.headers, host: upstream.host },
              },
              (answer) => {
                readBody(answer).then(
                  (answerBody) => {
                    if (fault === 'cut_answer') {
                      // The server has answered: the work is done, the laptop never learns of it.
                      cuts.cut_answer += 1;
                      incoming.socket.destroy();
                    } else {
                      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
                      outgoing.end(answerBody);
                    }
                    resolve();
                  },
                  () => {
                    // The server died while answering (a kill -9 mid-stream): the laptop sees its
                    // connection reset, as it would without the proxy — never an answer that hangs.
                    incoming.socket.destroy();
                    resolve();
                  },
                );
              },
            );
            forwarded.on('error', () => {
              // The server is down (killed, restarting): the laptop sees a failed connection.
              incoming.socket.destroy();
              resolve();
            });
            forwarded.end(body);
          }),
      )
      .catch(() => incoming.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    retarget(next) {
      upstream = new URL(next);
    },
    inject(fault, count = 1) {
      for (let index = 0; index < count; index += 1) pending.push(fault);
    },
    heal() {
      pending.length = 0;
    },
    cuts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
