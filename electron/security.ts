// The Electron hardening in one module: which URLs count as "ours", which may be handed to
// the system browser, the Content-Security-Policy for the app protocol, and the session /
// webContents guards (navigation, window.open, permissions, <webview>).
//
// The URL predicates are pure and take the dev-server origin as an argument rather than
// reading `process.env` themselves, so they are testable and a packaged build can refuse the
// dev-server escape hatch in one place (main.ts).

import { shell, type Session, type WebContents } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'dealerdesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** An http(s) origin exactly (what URL.origin gives), or null: never text spliced into a CSP. */
function asOrigin(value: string | null): string | null {
  if (value === null) return null;
  const url = parseUrl(value);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) return null;
  return url.origin === value ? value : null;
}

/**
 * CSP for everything served over `app://`. 'unsafe-inline' is for styles only: Ant Design's
 * CSS-in-JS injects <style> tags at runtime. connect-src is the app and the configured sync
 * server only (main.ts gives its origin; the page reloads when it changes), so an injected
 * script cannot send the customers anywhere else.
 */
export function contentSecurityPolicy(syncServerOrigin: string | null): string {
  const server = asOrigin(syncServerOrigin);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    server === null ? "connect-src 'self'" : `connect-src 'self' ${server}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** The policy before any sync server is configured. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy(null);

/** The only permission a page of ours may get; everything else (camera, geolocation…) is denied. */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function hasCredentials(url: URL): boolean {
  return url.username !== '' || url.password !== '';
}

/**
 * Turns DEALERDESK_DEV_URL into an origin, or null when it is absent or not a plain
 * http(s) URL. Returning the origin (not the URL) is what makes the later comparison exact.
 */
export function parseDevServerOrigin(value: string | undefined): string | null {
  if (value === undefined || value.trim() === '') return null;
  const url = parseUrl(value.trim());
  if (url === null || hasCredentials(url)) return null;
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.origin;
}

/** True for URLs whose URL object points at our custom-protocol origin, and nothing else. */
export function isAppProtocolUrl(url: URL): boolean {
  return (
    url.protocol === `${APP_SCHEME}:` &&
    // Chromium canonicalises hosts of standard schemes to lower case; Node's WHATWG parser
    // does not for non-special schemes, so compare the way the browser will.
    url.hostname.toLowerCase() === APP_HOST &&
    url.port === '' &&
    !hasCredentials(url)
  );
}

/**
 * True only for pages that belong to the app: `app://dealerdesk/...`, or (when a dev server
 * origin is given) exactly that origin. Used to gate IPC senders, navigation and permissions.
 */
export function isInternalUrl(url: string, devServerOrigin: string | null = null): boolean {
  const parsed = parseUrl(url);
  if (parsed === null) return false;
  if (isAppProtocolUrl(parsed)) return true;
  if (devServerOrigin === null) return false;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  return !hasCredentials(parsed) && parsed.origin === devServerOrigin;
}

// Control characters and whitespace are stripped or folded by the URL parser, so a string that
// looks harmless to a human could parse to something else; refuse such input outright.
function hasControlOrSpace(value: string): boolean {
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code <= 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/** http(s) links without embedded credentials: the only thing we hand to the OS browser. */
export function isSafeExternalUrl(url: string): boolean {
  if (url.length === 0 || url.length > 2048 || hasControlOrSpace(url)) return false;
  const parsed = parseUrl(url);
  if (parsed === null) return false;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  return parsed.hostname !== '' && !hasCredentials(parsed);
}

/** Opens a link in the system browser if it is safe; returns whether it did. */
export async function openExternalIfSafe(url: string): Promise<boolean> {
  if (!isSafeExternalUrl(url)) return false;
  // Hand over the parser's normalised form, not the raw string we were given.
  await shell.openExternal(new URL(url).href);
  return true;
}

/** Permission policy shared by the request and the check handler. */
export function isPermissionGranted(
  permission: string,
  requestingUrl: string,
  devServerOrigin: string | null,
): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isInternalUrl(requestingUrl, devServerOrigin);
}

export function hardenSession(session: Session, devServerOrigin: string | null): void {
  session.setPermissionRequestHandler((_webContents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl, devServerOrigin));
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin, devServerOrigin),
  );
}

/**
 * Applied to every webContents the app creates (via `web-contents-created`), so a page that
 * gets compromised still cannot leave the app's origin, open windows or embed a <webview>.
 */
export function hardenWebContents(contents: WebContents, devServerOrigin: string | null): void {
  const blockForeignNavigation = (event: { preventDefault(): void }, url: string): void => {
    if (!isInternalUrl(url, devServerOrigin)) event.preventDefault();
  };
  contents.on('will-navigate', blockForeignNavigation);
  contents.on('will-redirect', blockForeignNavigation);

  // No second windows at all: the app is a single window. Ordinary links to the web
  // (target=_blank, window.open) go to the user's browser instead, never into Electron.
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalIfSafe(url).catch((error: unknown) => {
      console.error('[security] could not open external link', error);
    });
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
}
