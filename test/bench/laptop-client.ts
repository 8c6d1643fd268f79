// The protocol as a second client speaks it, kept cheap enough for hundreds of simulated laptops
// in one Node process: node:http with keep-alive agents (bounded sockets per server for requests,
// one socket per event stream), gzip accepted, and a minimal text/event-stream reader.

import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared/sync/protocol';

export type HttpAnswer = { status: number; text: string };

export class RequestFailed extends Error {
  constructor(
    readonly kind: string,
    message: string,
  ) {
    super(message);
  }
}

/** Requests to one server: a bounded pool of keep-alive sockets shared by every laptop. */
export type ServerConnection = {
  readonly baseUrl: string;
  request(
    method: 'GET' | 'POST',
    path: string,
    token: string | null,
    body?: string,
  ): Promise<HttpAnswer>;
  /** Opens GET /v1/events; `onEvent` gets each event's name and data. */
  openStream(token: string, onEvent: (event: string, data: string) => void): Promise<EventStream>;
  close(): void;
};

export type EventStream = {
  /** Resolves when the stream ends; `aborted` tells whether we ended it. */
  readonly ended: Promise<{ aborted: boolean; error?: string }>;
  close(): void;
};

const REQUEST_TIMEOUT_MS = 30_000;

export function connectTo(baseUrl: string, maxSockets: number): ServerConnection {
  const url = new URL(baseUrl);
  const requests = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  // Event streams hold their socket for the whole run: never from the request pool.
  const streams = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const headersFor = (token: string | null, body: boolean): http.OutgoingHttpHeaders => ({
    [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
    'accept-encoding': 'gzip',
    ...(body ? { 'content-type': 'application/json' } : {}),
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  });

  return {
    baseUrl,
    request(method, path, token, body) {
      return new Promise<HttpAnswer>((resolve, reject) => {
        const request = http.request(
          {
            host: url.hostname,
            port: url.port,
            method,
            path,
            agent: requests,
            headers: headersFor(token, body !== undefined),
            timeout: REQUEST_TIMEOUT_MS,
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('error', (error) => reject(new RequestFailed('network', error.message)));
            response.on('end', () => {
              try {
                const raw = Buffer.concat(chunks);
                const text = (
                  response.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw
                ).toString('utf8');
                resolve({ status: response.statusCode ?? 0, text });
              } catch (error) {
                reject(new RequestFailed('bad body', String(error)));
              }
            });
          },
        );
        request.on('timeout', () => request.destroy(new Error('timed out')));
        request.on('error', (error) => reject(new RequestFailed('network', error.message)));
        request.end(body);
      });
    },
    openStream(token, onEvent) {
      return new Promise<EventStream>((resolve, reject) => {
        let aborted = false;
        let settle: (result: { aborted: boolean; error?: string }) => void = () => {};
        const ended = new Promise<{ aborted: boolean; error?: string }>((done) => {
          settle = done;
        });
        const request = http.get(
          {
            host: url.hostname,
            port: url.port,
            path: '/v1/events',
            agent: streams,
            headers: headersFor(token, false),
          },
          (response) => {
            if (response.statusCode !== 200) {
              response.resume();
              reject(new RequestFailed(`events ${response.statusCode}`, 'event stream refused'));
              return;
            }
            response.setEncoding('utf8');
            let buffer = '';
            response.on('data', (chunk: string) => {
              buffer += chunk;
              for (;;) {
                const end = buffer.indexOf('\n\n');
                if (end < 0) break;
                const block = buffer.slice(0, end);
                buffer = buffer.slice(end + 2);
                let event = 'message';
                let data = '';
                for (const line of block.split('\n')) {
                  if (line.startsWith('event:')) event = line.slice(6).trim();
                  else if (line.startsWith('data:')) data += line.slice(5).trim();
                }
                if (!block.startsWith(':')) onEvent(event, data);
              }
            });
            response.on('end', () => settle({ aborted }));
            response.on('error', (error) => settle({ aborted, error: error.message }));
            resolve({
              ended,
              close() {
                aborted = true;
                request.destroy();
              },
            });
          },
        );
        request.on('error', (error) => {
          settle({ aborted, error: error.message });
          reject(new RequestFailed('network', error.message));
        });
      });
    },
    close() {
      requests.destroy();
      streams.destroy();
    },
  };
}

/** A request's answer time in ms, and the answer; a status other than 200 throws. */
export async function timed(
  run: () => Promise<HttpAnswer>,
  what: string,
): Promise<{ ms: number; text: string }> {
  const started = performance.now();
  const answer = await run();
  const ms = performance.now() - started;
  if (answer.status !== 200) {
    throw new RequestFailed(`${what} ${answer.status}`, answer.text.slice(0, 300));
  }
  return { ms, text: answer.text };
}
