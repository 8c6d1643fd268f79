import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createAppProtocolHandler,
  handleAppProtocol,
  mimeTypeFor,
  registerAppScheme,
  resolveAppPath,
} from './app-protocol';
import { CONTENT_SECURITY_POLICY } from './security';
import { electronMock, resetElectronMock } from './test-support/electron-mock';

vi.mock('electron', () => import('./test-support/electron-mock'));

const ROOT = path.resolve(os.tmpdir(), 'dealerdesk-root', 'dist', 'renderer');

function isInsideRoot(resolved: string): boolean {
  return resolved.startsWith(ROOT + path.sep);
}

beforeEach(() => {
  resetElectronMock();
});

describe('resolveAppPath', () => {
  it.each([
    ['app://dealerdesk/', 'index.html'],
    ['app://dealerdesk', 'index.html'],
    ['app://dealerdesk/index.html', 'index.html'],
    ['app://dealerdesk/./index.html', 'index.html'],
    ['app://dealerdesk/assets/index-abc123.js', 'assets/index-abc123.js'],
    ['app://dealerdesk/assets//double.css', 'assets/double.css'],
    ['app://dealerdesk/assets/font%20name.woff2', 'assets/font name.woff2'],
    ['app://dealerdesk/locales/%E5%AE%A2%E6%88%B7.json', 'locales/客户.json'],
    ['app://dealerdesk/customers/42?tab=notes#x', 'customers/42'],
  ])('maps %s inside the root', (url, relative) => {
    expect(resolveAppPath(ROOT, url)).toBe(path.join(ROOT, relative));
  });

  it.each([
    'app://dealerdesk/%2e%2e/%2e%2e/etc/passwd',
    'app://dealerdesk/%2E%2E/secret',
    'app://dealerdesk/.%2e/secret',
    'app://dealerdesk/../../../../etc/passwd',
    'app://dealerdesk/assets/../../package.json',
  ])('clamps parser-normalised dot segments inside the root: %s', (url) => {
    // The URL parser itself collapses these; whatever comes out must stay under the root.
    const resolved = resolveAppPath(ROOT, url);
    expect(resolved === null || isInsideRoot(resolved)).toBe(true);
  });

  it.each([
    'app://dealerdesk/%2F..%2F..%2Fetc%2Fpasswd', // encoded slashes hide `..` from the parser
    'app://dealerdesk/assets%2F..%2F..%2Fsecret',
    'app://dealerdesk/..%2Fsecret',
    'app://dealerdesk/%2e%2e%2fsecret',
    'app://dealerdesk/..%5c..%5csecret', // encoded backslashes
    'app://dealerdesk/a\\..\\..\\secret', // raw backslashes (not separators for app:)
    'app://dealerdesk/%5Cwindows%5Csystem32',
    'app://dealerdesk/index.html%00.png', // NUL truncation
    'app://dealerdesk/%E0%A4%A', // malformed percent-encoding
    'app://evil/index.html',
    'app://dealerdesk.evil.com/index.html',
    'app://dealerdesk@evil.com/index.html',
    'app://dealerdesk:1234/index.html',
    'app:///etc/passwd',
    'app:index.html',
    'file:///etc/passwd',
    'https://dealerdesk/index.html',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveAppPath(ROOT, url)).toBeNull();
  });

  it('treats what look like absolute paths as paths inside the root', () => {
    for (const url of ['app://dealerdesk//etc/passwd', 'app://dealerdesk/%2Fetc%2Fpasswd']) {
      const resolved = resolveAppPath(ROOT, url);
      expect(resolved === null || isInsideRoot(resolved)).toBe(true);
    }
    const drive = resolveAppPath(ROOT, 'app://dealerdesk/C:/Windows/win.ini');
    expect(drive === null || isInsideRoot(drive)).toBe(true);
  });
});

describe('mimeTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.JS', 'text/javascript; charset=utf-8'],
    ['a.mjs', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['a.svg', 'image/svg+xml'],
    ['a.woff2', 'font/woff2'],
    ['a.wasm', 'application/wasm'],
    ['a.unknown', 'application/octet-stream'],
  ])('%s → %s', (file, mime) => {
    expect(mimeTypeFor(file)).toBe(mime);
  });
});

describe('createAppProtocolHandler', () => {
  let root = '';
  let handler: (request: Request) => Promise<Response>;

  beforeAll(async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'dealerdesk-protocol-'));
    root = path.join(base, 'renderer');
    await mkdir(path.join(root, 'assets'), { recursive: true });
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>DealerDesk</title>');
    await writeFile(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(path.join(root, 'assets', 'app.css'), 'body{}');
    // A file outside the served root that traversal attempts would like to reach.
    await writeFile(path.join(base, 'secret.txt'), 'top secret');
    handler = createAppProtocolHandler(root);
  });

  afterAll(async () => {
    await rm(path.dirname(root), { recursive: true, force: true });
  });

  it('serves files with their MIME type and the CSP', async () => {
    const response = await handler(new Request('app://dealerdesk/assets/app.js'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('serves index.html for the root and for client-side routes', async () => {
    for (const url of [
      'app://dealerdesk/',
      'app://dealerdesk/customers/42',
      'app://dealerdesk/follow-ups',
    ]) {
      const response = await handler(new Request(url));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toContain('<title>DealerDesk</title>');
    }
  });

  it('answers 404 for missing files that have an extension', async () => {
    const response = await handler(new Request('app://dealerdesk/assets/missing.js'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('never serves files outside the root', async () => {
    for (const url of [
      'app://dealerdesk/%2e%2e/secret.txt',
      'app://dealerdesk/..%2Fsecret.txt',
      'app://dealerdesk/assets%2F..%2F..%2Fsecret.txt',
      'app://dealerdesk/..%5Csecret.txt',
    ]) {
      const response = await handler(new Request(url));
      expect(await response.text()).not.toContain('top secret');
    }
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await handler(new Request('app://dealerdesk/assets/app.css', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await head.text()).toBe('');

    const post = await handler(
      new Request('app://dealerdesk/index.html', { method: 'POST', body: 'x' }),
    );
    expect(post.status).toBe(405);
  });
});

describe('registration', () => {
  it('registers app:// as a standard, secure, fetch-capable scheme', () => {
    registerAppScheme();
    expect(electronMock.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('handles the app scheme with the file handler', async () => {
    handleAppProtocol(ROOT);
    expect(electronMock.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const handler = electronMock.protocol.handlers.get('app');
    const response = await handler?.(new Request('app://evil/index.html'));
    expect(response?.status).toBe(404);
  });
});
