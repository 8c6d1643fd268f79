// The sync engine's session vault in the app: the host's (DesktopApi), which in Electron is the
// main process, so the refresh token never enters this page. Tests and Node clients use
// createSessionVault with a memory slot instead (shared/sync/session-vault.ts).

import type { DesktopApi } from '../../shared/desktop/desktop-api';
import type { SessionVault } from '../../shared/sync/session-vault';

export function desktopSessionVault(
  desktop: Pick<
    DesktopApi,
    'loadSession' | 'storeSession' | 'refreshSession' | 'revokeSession' | 'clearSession'
  >,
): SessionVault {
  return {
    load: (baseUrl) => desktop.loadSession(baseUrl),
    store: (baseUrl, tokens) => desktop.storeSession(baseUrl, tokens),
    refresh: (usedAccessToken) => desktop.refreshSession(usedAccessToken),
    revoke: (timeoutMs) => desktop.revokeSession(timeoutMs),
    clear: () => desktop.clearSession(),
  };
}
