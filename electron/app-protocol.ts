// Serves the built renderer (dist/renderer) over `app://dealerdesk/` instead of file://.
// A real origin gives IndexedDB/localStorage a stable home, lets the CSP say 'self', and keeps
// file:// (which can reach the whole disk) out of the picture entirely.

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { APP_SCHEME, CONTENT_SECURITY_POLICY, isAppProtocolUrl } from './security';

/** The policy for the next response (it follows the configured sync server). */
export type PolicySource = () => Promise<string>;

const INDEX_FILE = 'index.html';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
};

export function mimeTypeFor(filePath: string): string {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Must run before `app.whenReady()`: Chromium fixes scheme privileges at startup.
 * `standard` gives the scheme an origin (storage, relative URLs), `secure` makes it a secure
 * context (crypto.subtle, service workers), `supportFetchAPI` lets the renderer fetch() assets.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    },
  ]);
}

/**
 * Maps an `app://dealerdesk/...` URL to a file under `rootDir`, or null when the URL is not
 * ours or would escape the root. Pure (no file-system access) so it can be tested with
 * adversarial input. `..` segments are refused rather than clamped: no legitimate asset URL
 * contains one after the URL parser has normalised the path.
 */
export function resolveAppPath(rootDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!isAppProtocolUrl(parsed)) return null;

  let decodedPath: string;
  try {
    decodedPath = decodeURIComponent(parsed.pathname);
  } catch {
    return null; // malformed percent-encoding
  }
  // Backslashes are separators on Windows; NUL truncates paths in native code.
  if (decodedPath.includes('\\') || decodedPath.includes('\0')) return null;

  const segments = decodedPath.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) return null;
  const relativePath = segments.length === 0 ? INDEX_FILE : segments.join('/');

  const root = path.resolve(rootDir);
  const resolved = path.resolve(root, relativePath);
  const fromRoot = path.relative(root, resolved);
  // A drive letter (`C:/…`) or UNC prefix makes `resolved` absolute elsewhere on Windows.
  if (fromRoot === '' || fromRoot.startsWith('..') || path.isAbsolute(fromRoot)) return null;
  return resolved;
}

async function isFile(filePath: string): Promise<boolean> {
  try {
    return (await stat(filePath)).isFile();
  } catch {
    return false;
  }
}

function securityHeaders(contentType: string, policy = CONTENT_SECURITY_POLICY): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': policy,
    'X-Content-Type-Options': 'nosniff',
    // Hashed asset names change on every build; index.html must not be served stale.
    'Cache-Control': 'no-cache',
  });
}

function textResponse(status: number, message: string): Response {
  return new Response(message, { status, headers: securityHeaders('text/plain; charset=utf-8') });
}

/**
 * The `protocol.handle` handler, separated from the registration so it can be driven with
 * plain `Request` objects in tests. Unknown paths without an extension are client-side routes
 * and get index.html; unknown paths with one are genuinely missing files and get 404.
 */
export function createAppProtocolHandler(
  rootDir: string,
  policy: PolicySource = async () => CONTENT_SECURITY_POLICY,
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return textResponse(405, 'Method not allowed');
    }
    const requested = resolveAppPath(rootDir, request.url);
    if (requested === null) return textResponse(404, 'Not found');

    let filePath = requested;
    if (!(await isFile(filePath))) {
      if (path.extname(filePath) !== '') return textResponse(404, 'Not found');
      filePath = path.join(path.resolve(rootDir), INDEX_FILE);
      if (!(await isFile(filePath))) return textResponse(404, 'Renderer build not found');
    }

    const headers = securityHeaders(mimeTypeFor(filePath), await policy());
    if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
    return new Response(await readFile(filePath), { status: 200, headers });
  };
}

/** Call after `app.whenReady()`. */
export function handleAppProtocol(rootDir: string, policy?: PolicySource): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rootDir, policy));
}
