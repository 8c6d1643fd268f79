import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { URL } from 'node:url';
import {
  CancellationToken,
  configureRequestOptions,
  configureRequestUrl,
  HttpExecutor,
  type DownloadOptions,
} from 'builder-util-runtime';
import { parseUpdateInfo, resolveFiles } from 'electron-updater/out/providers/Provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../start-server';
import { createTestApp, type TestApp } from '../test-support';

const scratch = await mkdtemp(path.join(os.tmpdir(), 'dealerdesk-updates-'));
const updatesDir = path.join(scratch, 'updates');
const installer = randomBytes(256 * 1024);
const INSTALLER_NAME = 'DealerDesk-1.2.3-x86_64.AppImage';

function sha512Base64(bytes: Buffer): string {
  return createHash('sha512').update(bytes).digest('base64');
}

/** latest-linux.yml as electron-builder writes it for a generic provider. */
function feedFor(bytes: Buffer): string {
  const sha512 = sha512Base64(bytes);
  return [
    'version: 1.2.3',
    'files:',
    `  - url: ${INSTALLER_NAME}`,
    `    sha512: ${sha512}`,
    `    size: ${bytes.byteLength}`,
    `path: ${INSTALLER_NAME}`,
    `sha512: ${sha512}`,
    "releaseDate: '2026-12-01T08:00:00.000Z'",
    '',
  ].join('\n');
}

beforeAll(async () => {
  await mkdir(path.join(updatesDir, 'nested'), { recursive: true });
  await writeFile(path.join(updatesDir, 'latest-linux.yml'), feedFor(installer));
  await writeFile(path.join(updatesDir, INSTALLER_NAME), installer);
  await writeFile(path.join(updatesDir, 'DealerDesk-Setup-1.2.3.exe'), 'MZ');
  await writeFile(path.join(updatesDir, '.env'), 'SECRET=1');
  await writeFile(path.join(updatesDir, 'notes.txt'), 'not an update file');
  await writeFile(path.join(updatesDir, 'nested', 'latest.yml'), 'version: 9.9.9');
  await writeFile(path.join(scratch, 'outside.yml'), 'version: 6.6.6');
  await symlink(path.join(updatesDir, 'nested'), path.join(updatesDir, 'folder.yml'));
});

afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('GET /updates/:file', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite', { updatesDir });
  }, 60_000);
  afterAll(() => t.close());

  it('serves the feed and the installers with their content types, uncompressed', async () => {
    const feed = await t.app.inject({
      url: '/updates/latest-linux.yml',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('text/yaml; charset=utf-8');
    expect(feed.headers['cache-control']).toBe('no-cache');
    expect(feed.headers['content-encoding']).toBeUndefined();
    expect(feed.body).toBe(feedFor(installer));

    const appImage = await t.app.inject({
      url: `/updates/${INSTALLER_NAME}`,
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(appImage.statusCode).toBe(200);
    expect(appImage.headers['content-type']).toBe('application/vnd.appimage');
    expect(appImage.headers['content-length']).toBe(String(installer.byteLength));
    expect(appImage.headers['x-content-type-options']).toBe('nosniff');
    expect(appImage.rawPayload.equals(installer)).toBe(true);

    const exe = await t.app.inject({ url: '/updates/DealerDesk-Setup-1.2.3.exe' });
    expect(exe.headers['content-type']).toBe('application/vnd.microsoft.portable-executable');

    const head = await t.app.inject({ method: 'HEAD', url: '/updates/latest-linux.yml' });
    expect(head.statusCode).toBe(200);
  });

  it.each([
    '/updates',
    '/updates/',
    '/updates/nested',
    '/updates/nested/latest.yml',
    '/updates/nested%2Flatest.yml',
    '/updates/..%2Foutside.yml',
    '/updates/%2E%2E%2Foutside.yml',
    '/updates/../outside.yml',
    '/updates/..%5Coutside.yml',
    '/updates/.env',
    '/updates/notes.txt',
    '/updates/folder.yml',
    '/updates/missing.yml',
  ])('answers 404 to %s (no listing, nothing outside, nothing but update files)', async (url) => {
    const response = await t.app.inject({ url });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('6.6.6');
    expect(response.body).not.toContain('9.9.9');
    expect(response.body).not.toContain('SECRET');
  });

  it('serves nothing when no updates directory is configured', async () => {
    const bare = await createTestApp('pglite');
    try {
      expect((await bare.app.inject({ url: '/updates/latest-linux.yml' })).statusCode).toBe(404);
    } finally {
      await bare.close();
    }
  }, 60_000);
});

// electron-updater's own parsing and download path (the `generic` provider's): builder-util-
// runtime's HttpExecutor downloads through a DigestTransform that rejects a file whose sha512
// is not the feed's. Electron's net module is swapped for Node's http, which the executor's
// base class is written for.
class NodeHttpExecutor extends HttpExecutor<ClientRequest> {
  createRequest(options: object, callback: (response: IncomingMessage) => void): ClientRequest {
    return httpRequest(options, callback);
  }

  download(url: URL, destination: string, options: DownloadOptions): Promise<string> {
    return new Promise((resolve, reject) => {
      const requestOptions = {};
      configureRequestUrl(url, requestOptions);
      configureRequestOptions(requestOptions);
      this.doDownload(
        requestOptions,
        {
          destination,
          options,
          onCancel: () => {},
          // fs.WriteStream.close() calls back with undefined, not null, on success.
          callback: (error: Error | null | undefined) =>
            error ? reject(error) : resolve(destination),
          responseHandler: null,
        },
        0,
      );
    });
  }
}

describe('the update feed, read the way electron-updater reads it', () => {
  let server: RunningServer;
  const executor = new NodeHttpExecutor();
  beforeAll(async () => {
    server = await startServer({ config: { updatesDir } });
  }, 60_000);
  afterAll(() => server.close());

  async function latestUpdate() {
    const baseUrl = new URL(`${server.url}/updates/`);
    const channelUrl = new URL('latest-linux.yml', baseUrl);
    const raw = await executor.request({
      protocol: channelUrl.protocol,
      hostname: channelUrl.hostname,
      port: channelUrl.port,
      path: channelUrl.pathname,
    });
    const info = parseUpdateInfo(raw, 'latest-linux.yml', channelUrl);
    return { info, files: resolveFiles(info, baseUrl) };
  }

  it('parses the served latest.yml and downloads a file whose sha512 matches it', async () => {
    const { info, files } = await latestUpdate();
    expect(info.version).toBe('1.2.3');
    expect(files).toHaveLength(1);
    const [file] = files;
    if (file === undefined) throw new Error('no file in the feed');
    expect(file.url.href).toBe(`${server.url}/updates/${INSTALLER_NAME}`);

    const destination = path.join(scratch, 'downloaded.AppImage');
    await executor.download(file.url, destination, {
      sha512: file.info.sha512,
      cancellationToken: new CancellationToken(),
    });
    expect((await readFile(destination)).equals(installer)).toBe(true);
  });

  it('rejects a served file that does not match the feed’s sha512', async () => {
    const { files } = await latestUpdate();
    const [file] = files;
    if (file === undefined) throw new Error('no file in the feed');
    const tampered = Buffer.from(installer);
    tampered[1000] = (tampered[1000] ?? 0) ^ 0xff;
    await writeFile(path.join(updatesDir, INSTALLER_NAME), tampered);
    try {
      await expect(
        executor.download(file.url, path.join(scratch, 'tampered.AppImage'), {
          sha512: file.info.sha512,
          cancellationToken: new CancellationToken(),
        }),
      ).rejects.toMatchObject({ code: 'ERR_CHECKSUM_MISMATCH' });
    } finally {
      await writeFile(path.join(updatesDir, INSTALLER_NAME), installer);
    }
  });
});
