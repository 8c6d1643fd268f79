import { BrowserWindow, session } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  contentSecurityPolicy,
  hardenSession,
  hardenWebContents,
  isInternalUrl,
  isPermissionGranted,
  isSafeExternalUrl,
  parseDevServerOrigin,
} from './security';
import {
  createMockEvent,
  electronMock,
  resetElectronMock,
  type WebContentsMock,
} from './test-support/electron-mock';

vi.mock('electron', () => import('./test-support/electron-mock'));

const DEV_ORIGIN = 'http://localhost:5173';

beforeEach(() => {
  resetElectronMock();
});

describe('isInternalUrl', () => {
  it.each([
    APP_ENTRY_URL,
    'app://dealerdesk/',
    'app://dealerdesk/customers/42?tab=notes#top',
    'APP://dealerdesk/index.html', // schemes are case-insensitive
    'app://DealerDesk/index.html', // Chromium lower-cases standard-scheme hosts
  ])('accepts our own origin: %s', (url) => {
    expect(isInternalUrl(url)).toBe(true);
  });

  it.each([
    '',
    'not a url',
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    'file://dealerdesk/index.html',
    'blob:app://dealerdesk/1234',
    'about:blank',
    'app://evil/index.html',
    'app://dealerdesk.evil.com/index.html',
    'app://evil.com/dealerdesk/',
    'app://dealerdesk@evil.com/',
    'app://user:pass@dealerdesk/',
    'app://dealerdesk:8080/',
    'app:dealerdesk/index.html',
    'app:///index.html',
    'apps://dealerdesk/',
    'https://dealerdesk/',
    'http://localhost:5173/', // no dev server configured
    'chrome://settings',
    'devtools://devtools/bundled/inspector.html',
  ])('rejects %s', (url) => {
    expect(isInternalUrl(url)).toBe(false);
  });

  it('accepts exactly the configured dev-server origin', () => {
    expect(isInternalUrl('http://localhost:5173/', DEV_ORIGIN)).toBe(true);
    expect(isInternalUrl('http://localhost:5173/customers', DEV_ORIGIN)).toBe(true);
    expect(isInternalUrl('app://dealerdesk/index.html', DEV_ORIGIN)).toBe(true);
  });

  it.each([
    'http://localhost:5174/',
    'https://localhost:5173/',
    'http://127.0.0.1:5173/',
    'http://localhost.evil.com:5173/',
    'http://user:pass@localhost:5173/',
    'ws://localhost:5173/',
  ])('rejects near-misses of the dev-server origin: %s', (url) => {
    expect(isInternalUrl(url, DEV_ORIGIN)).toBe(false);
  });
});

describe('parseDevServerOrigin', () => {
  it('reduces an http(s) URL to its origin', () => {
    expect(parseDevServerOrigin('http://localhost:5173/some/path')).toBe(DEV_ORIGIN);
    expect(parseDevServerOrigin(' https://dev.example:8443 ')).toBe('https://dev.example:8443');
  });

  it.each([
    undefined,
    '',
    '   ',
    'localhost:5173',
    'file:///tmp/index.html',
    'javascript:1',
    'http://a:b@localhost/',
  ])('ignores %s', (value) => {
    expect(parseDevServerOrigin(value)).toBeNull();
  });
});

describe('isSafeExternalUrl', () => {
  it.each([
    'https://example.com',
    'http://example.com/path?q=1#x',
    'HTTPS://EXAMPLE.COM/',
    'https://例子.测试/',
  ])('allows %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(true);
  });

  it.each([
    '',
    'example.com',
    '//example.com',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,hi',
    'file:///C:/Windows/System32/calc.exe',
    'file:///etc/passwd',
    'smb://server/share',
    'ms-msdt:/id PCWDiagnostic',
    'mailto:a@example.com',
    'app://dealerdesk/index.html',
    'http://user:pass@example.com/',
    'https://user@example.com/',
    ' https://example.com', // leading whitespace is stripped by the parser: refuse instead
    'https://exa\nmple.com/',
    'https://example.com/\u0000',
    `https://example.com/${'a'.repeat(3000)}`,
  ])('refuses %s', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });
});

describe('CONTENT_SECURITY_POLICY', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((directive) => {
      const [name = '', ...values] = directive.trim().split(/\s+/);
      return [name, values.join(' ')] as const;
    }),
  );

  it('allows scripts only from the app itself', () => {
    expect(directives.get('script-src')).toBe("'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
  });

  it('allows inline styles (CSS-in-JS) but nothing else inline', () => {
    expect(directives.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(CONTENT_SECURITY_POLICY.match(/unsafe-inline/g)).toHaveLength(1);
  });

  it('locks down plugins, base, framing and forms', () => {
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(directives.get('frame-ancestors')).toBe("'none'");
    expect(directives.get('form-action')).toBe("'none'");
  });

  it('without a sync server lets the page connect to nothing but itself', () => {
    expect(directives.get('connect-src')).toBe("'self'");
  });

  it('lets the page reach the configured sync server and no other host', () => {
    const policy = contentSecurityPolicy('https://showroom-pc.local:8787');
    expect(policy).toContain("connect-src 'self' https://showroom-pc.local:8787;");
    expect(policy).not.toMatch(/connect-src[^;]*(http:|https:|ws:|wss:)( |;)/);
  });

  it.each([
    "https://a.test; script-src 'unsafe-eval'",
    'javascript:alert(1)',
    'https://a.test/path',
  ])('ignores a server origin that is not one: %s', (origin) => {
    expect(contentSecurityPolicy(origin)).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('isPermissionGranted', () => {
  it('grants notifications to our pages only', () => {
    expect(isPermissionGranted('notifications', APP_ENTRY_URL, null)).toBe(true);
    expect(isPermissionGranted('notifications', 'https://evil.example/', null)).toBe(false);
  });

  it.each(['media', 'geolocation', 'clipboard-read', 'openExternal', 'fileSystem', 'hid', 'usb'])(
    'denies %s even to our pages',
    (permission) => {
      expect(isPermissionGranted(permission, APP_ENTRY_URL, null)).toBe(false);
    },
  );
});

describe('hardenSession', () => {
  it('installs request and check handlers that follow the permission policy', () => {
    // Typed as Electron's Session for the code under test, inspected through the mock.
    hardenSession(session.defaultSession, null);
    const mockSession = electronMock.session.defaultSession;

    const grants: boolean[] = [];
    mockSession.permissionRequestHandler?.({}, 'notifications', (granted) => grants.push(granted), {
      requestingUrl: APP_ENTRY_URL,
      isMainFrame: true,
    });
    mockSession.permissionRequestHandler?.({}, 'media', (granted) => grants.push(granted), {
      requestingUrl: APP_ENTRY_URL,
      isMainFrame: true,
    });
    expect(grants).toEqual([true, false]);
    expect(mockSession.permissionCheckHandler?.({}, 'notifications', 'app://dealerdesk', {})).toBe(
      true,
    );
    expect(mockSession.permissionCheckHandler?.({}, 'geolocation', 'app://dealerdesk', {})).toBe(
      false,
    );
  });
});

describe('hardenWebContents', () => {
  function hardened(devServerOrigin: string | null = null): WebContentsMock {
    // Electron's types for the code under test; the mock's types for driving events.
    hardenWebContents(new BrowserWindow().webContents, devServerOrigin);
    const mockWindow = electronMock.BrowserWindow.instances.at(-1);
    if (mockWindow === undefined) throw new Error('BrowserWindow mock not constructed');
    return mockWindow.webContents;
  }

  it.each(['will-navigate', 'will-redirect'])(
    '%s: blocks foreign URLs, allows our own',
    (eventName) => {
      const contents = hardened();
      const foreign = createMockEvent();
      contents.emit(eventName, foreign, 'https://evil.example/');
      expect(foreign.defaultPrevented()).toBe(true);

      const own = createMockEvent();
      contents.emit(eventName, own, 'app://dealerdesk/index.html');
      expect(own.defaultPrevented()).toBe(false);
    },
  );

  it('allows navigation within the dev server only when one is configured', () => {
    const event = createMockEvent();
    hardened(DEV_ORIGIN).emit('will-navigate', event, 'http://localhost:5173/customers');
    expect(event.defaultPrevented()).toBe(false);
  });

  it('denies every new window and opens safe web links in the system browser', async () => {
    const contents = hardened();
    const open = contents.windowOpenHandler;
    expect(open).not.toBeNull();

    expect(open?.({ url: 'https://example.com/docs' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'app://dealerdesk/index.html' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(open?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });

    await vi.waitFor(() => {
      expect(electronMock.shell.openExternal).toHaveBeenCalledTimes(1);
    });
    expect(electronMock.shell.openExternal).toHaveBeenCalledWith('https://example.com/docs');
  });

  it('refuses to attach <webview>', () => {
    const event = createMockEvent();
    hardened().emit('will-attach-webview', event, {}, { src: 'https://evil.example/' });
    expect(event.defaultPrevented()).toBe(true);
  });
});
