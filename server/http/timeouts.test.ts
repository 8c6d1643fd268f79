// Connections that never finish a request are cut off; the event stream, long-lived by design, is
// not; and connections beyond the cap are refused. Real sockets against a real listening server,
// with timeouts of one second so the file stays short.

import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROTOCOL_HEADER, type TokenResponse } from '../../shared/sync/protocol';
import { startServer, type RunningServer } from '../start-server';
import {
  clientClock,
  customerFields,
  newRowId,
  seedDealership,
  testConfig,
  type SeededDealership,
} from '../test-support';

const TIMEOUT_MS = 1000;
const MAX_CONNECTIONS = 8;

let server: RunningServer;
let shop: SeededDealership;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startServer({
    config: testConfig({
      requestTimeoutMs: TIMEOUT_MS,
      headersTimeoutMs: TIMEOUT_MS,
      connectionTimeoutMs: TIMEOUT_MS,
      keepAliveTimeoutMs: TIMEOUT_MS,
      maxConnections: MAX_CONNECTIONS,
    }),
  });
  shop = await seedDealership(server.database);
}, 60_000);

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await server?.close();
});

function openSocket(): Promise<Socket> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => resolve(socket));
    socket.once('error', reject);
    sockets.push(socket);
  });
}

/** What the server sent before it closed the socket, or null if it is still open after ms. */
function closedWithin(socket: Socket, ms: number): Promise<string | null> {
  let received = '';
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(received);
    });
  });
}

it('cuts off a client that sends its body too slowly', async () => {
  const socket = await openSocket();
  socket.write(
    `POST /v1/auth/login HTTP/1.1\r\nHost: localhost\r\n${PROTOCOL_HEADER}: 1\r\n` +
      'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
  );
  // A byte now and then keeps the socket busy, so only the request timeout can end this.
  const drip = setInterval(() => {
    if (!socket.destroyed) socket.write(' ');
  }, 200);
  try {
    const answer = await closedWithin(socket, 15_000);
    expect(answer).not.toBeNull();
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  } finally {
    clearInterval(drip);
  }
}, 30_000);

it('closes a connection that never sends a request', async () => {
  const socket = await openSocket();
  await expect(closedWithin(socket, 15_000)).resolves.not.toBeNull();
}, 30_000);

it('keeps the event stream open past every timeout, and it still delivers pokes', async () => {
  const user = shop.consultantA;
  const login = await fetch(`${server.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: '1' },
    body: JSON.stringify({ login: user.login, password: user.password, clientId: user.clientId }),
  });
  const { accessToken } = (await login.json()) as TokenResponse;
  const controller = new AbortController();
  const stream = await fetch(`${server.url}/v1/events`, {
    headers: { authorization: `Bearer ${accessToken}`, [PROTOCOL_HEADER]: '1' },
    signal: controller.signal,
  });
  expect(stream.status).toBe(200);
  let text = '';
  let ended = false;
  const reading = (async () => {
    const reader = stream.body?.getReader();
    const decoder = new TextDecoder();
    try {
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        text += decoder.decode(chunk.value, { stream: true });
      }
    } catch {
      // cut off, or aborted at the end of the test
    } finally {
      ended = true;
    }
  })();
  try {
    await expect.poll(() => text, { timeout: 5000 }).toContain('"connected"');
    // Silent for well past the idle, request and keep-alive timeouts (no heartbeat in 25 s).
    await new Promise((resolve) => setTimeout(resolve, 4 * TIMEOUT_MS));
    expect(ended).toBe(false);

    const push = await fetch(`${server.url}/v1/push`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${accessToken}`,
        [PROTOCOL_HEADER]: '1',
      },
      body: JSON.stringify({
        clientId: user.clientId,
        mutations: [
          {
            seq: 1,
            table: 'customers',
            rowId: newRowId(),
            hlc: clientClock(user.clientId)(),
            fields: customerFields(),
          },
        ],
      }),
    });
    expect(push.status).toBe(200);
    await expect.poll(() => text, { timeout: 5000 }).toContain('"changes"');
  } finally {
    controller.abort();
    await reading;
  }
}, 30_000);

it('refuses connections beyond the cap', async () => {
  // Sockets of the earlier tests (keep-alive ones included) must be gone before counting.
  const open = () =>
    new Promise<number>((resolve, reject) =>
      server.app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
    );
  await expect.poll(open, { timeout: 10_000 }).toBe(0);
  const held = await Promise.all(Array.from({ length: MAX_CONNECTIONS }, () => openSocket()));
  const extra = await openSocket();
  // The server drops it at once, before it could send anything.
  await expect(closedWithin(extra, 500)).resolves.toBe('');
  for (const socket of held) socket.destroy();
}, 30_000);
