// 测试连接 against a server that answers but does not allow this app's origin (CORS): the browser
// hides the answer as if nothing were there, and the app must still say which case it is and
// what to change on the server.

import { createServer, type Server } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { freePort } from '../support/free-port';

let server: Server;
let port: number;

test.beforeAll(async () => {
  port = await freePort();
  // A DealerDesk-shaped /health without any Access-Control-Allow-Origin header.
  server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: 'ok', protocol: 1, database: 'pglite' }));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function testConnection(page: Page, address: string) {
  await page.getByTestId('sync-server-address').fill(address);
  await page.getByTestId('sync-test-connection').click();
  return page.getByTestId('sync-test-result');
}

test('测试连接 tells a server that refuses the app’s origin from no server at all', async ({
  page,
}) => {
  await page.goto('/#/settings');
  const refused = await testConnection(page, `http://127.0.0.1:${port}`);
  await expect(refused).toContainText('服务器有响应，但拒绝了本应用的来源');
  await expect(refused).toContainText('DEALERDESK_CORS_ORIGINS');
  await expect(refused).toContainText(new URL(page.url()).origin);

  const nobody = await testConnection(page, `http://127.0.0.1:${await freePort()}`);
  await expect(nobody).toHaveText('无法连接服务器，请检查地址和网络');
});
