// The one contract between the renderer and whatever hosts it. The Electron preload exposes an
// object that `satisfies DesktopApi` on `window.desktop`; in a plain browser (dev:web, e2e tests)
// the renderer supplies its own implementation of the same type, so UI code never knows which.

import type { SessionAccess, SessionRefresh, SessionTokens } from '../sync/session-vault';

export type MenuCommand =
  'new-customer' | 'quick-capture' | 'show-customers' | 'show-follow-ups' | 'open-settings';

export type DesktopNotification = {
  title: string;
  body: string;
  /** Stable id (e.g. the follow-up id) so a click can bring the app to the right place. */
  tag: string;
};

export type SaveFileRequest = {
  suggestedName: string;
  /** Text is written as UTF-8; bytes are written as they are. */
  content: string | Uint8Array;
  filters: { name: string; extensions: string[] }[];
};

export type SaveFileResult = { saved: true; fileName: string } | { saved: false };

/**
 * Where the app's own update stands. Updates come from the sync server the app is connected to
 * (its /updates/ feed), are downloaded in the background and verified before they are offered;
 * the user restarts when it suits them (or the update installs when the app quits).
 */
export type UpdateStatus =
  /** No updates here: a browser, a development build, or no sync server configured. */
  | { state: 'disabled' }
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'downloading'; version: string; percent: number }
  /** Downloaded and verified: installUpdate() restarts into it. */
  | { state: 'ready'; version: string }
  /** The last check or download failed; the running app is untouched. */
  | { state: 'error'; message: string };

/** What the host could learn of a sync server's certificate, for the user to compare and pin. */
export type ServerCertificate =
  | {
      kind: 'certificate';
      /** SHA-256 of the certificate, `AB:CD:…` (the server prints the same at start). */
      fingerprint: string;
      /** The fingerprint trusted for this host so far; null on first connection. */
      pinned: string | null;
      /**
       * handshake: read from the TLS handshake by the desktop app itself. reported: the server's
       * own word (GET /health) — all a browser can get; weaker, for development and tests.
       */
      source: 'handshake' | 'reported';
    }
  /** An http:// address: there is no certificate. */
  | { kind: 'plain' }
  | { kind: 'unreachable'; message: string };

export type DesktopApi = {
  readonly platform: 'electron' | 'web';
  showNotification(notification: DesktopNotification): Promise<void>;
  saveFile(request: SaveFileRequest): Promise<SaveFileResult>;
  /** Subscribes to native menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** Subscribes to clicks on notifications (receives the notification tag). */
  onNotificationClick(listener: (tag: string) => void): () => void;
  /**
   * The sync session (shared/sync/session-vault.ts): the host keeps the refresh token and gives
   * the page only access tokens. Electron keeps it in the main process, encrypted with the
   * operating system's keychain (safeStorage); the browser build in localStorage.
   */
  loadSession(baseUrl: string): Promise<SessionAccess | null>;
  storeSession(baseUrl: string, tokens: SessionTokens): Promise<void>;
  refreshSession(usedAccessToken: string): Promise<SessionRefresh>;
  revokeSession(timeoutMs: number): Promise<void>;
  clearSession(): Promise<void>;
  /** The certificate the server at this https address presents, and the one pinned for it. */
  inspectServerCertificate(baseUrl: string): Promise<ServerCertificate>;
  /**
   * Trusts exactly the certificate with this fingerprint for the address's host from now on,
   * replacing any pinned before. Only after the user compared it.
   */
  trustServerCertificate(baseUrl: string, fingerprint: string): Promise<void>;
  /**
   * Tells the host which sync server the page may connect to (its Content-Security-Policy);
   * null in local mode. True when the page must reload for the new policy to apply.
   */
  setSyncServer(baseUrl: string | null): Promise<boolean>;
  /**
   * The sync server whose /updates/ feed the app updates from (null: none); answers with the
   * update status at once, and checks for an update.
   */
  setUpdateServer(serverUrl: string | null): Promise<UpdateStatus>;
  /** Subscribes to changes of the update status; returns the unsubscribe function. */
  onUpdateStatus(listener: (status: UpdateStatus) => void): () => void;
  /** Quits and installs a downloaded update (status 'ready'); does nothing otherwise. */
  installUpdate(): Promise<void>;

  // ---- the app lock
  /**
   * Subscribes to the operating system locking its screen or going to sleep (the app locks
   * too); returns the unsubscribe function. The browser build never calls the listener.
   */
  onSystemLock(listener: (cause: SystemLockCause) => void): () => void;
  /** Whether the OS can ask for the user's fingerprint now (Touch ID on macOS; false elsewhere). */
  canPromptBiometric(): Promise<boolean>;
  /** Asks the OS prompt with this reason; true only when the user passed it. */
  promptBiometric(reason: string): Promise<boolean>;

  // ---- the local data key
  /**
   * Encrypts the local data key (base64 of 32 bytes) with the OS keychain (safeStorage); null
   * where there is no real keychain (Linux's basic_text, the browser build).
   */
  protectWithOs(dataKey: string): Promise<string | null>;
  /** The data key again, or null when this keychain cannot open it (any more). */
  unprotectWithOs(sealed: string): Promise<string | null>;
  /**
   * Deletes the app's IndexedDB files from the disk (a wipe, a logout), after the database was
   * deleted: deleting a database only marks its records deleted in LevelDB's files, which keep
   * them (sealed, and the keyring's wrapping of the old key beside them) until a compaction that
   * no web API can ask for. True once the files are gone; false in the browser build.
   */
  eraseLocalDatabases(): Promise<boolean>;
};

/** Why the operating system wants the app locked: its screen locked, or the laptop sleeps. */
export type SystemLockCause = 'os_lock' | 'suspend';

export const SYSTEM_LOCK_CAUSES = [
  'os_lock',
  'suspend',
] as const satisfies readonly SystemLockCause[];

/** The reason shown in the OS prompt: a sentence, never markup or a novel. */
export const MAX_BIOMETRIC_REASON_LENGTH = 200;

/** Tokens are a few hundred characters; anything much larger is not a token we keep. */
export const MAX_TOKEN_LENGTH = 4096;

export const MENU_COMMANDS = [
  'new-customer',
  'quick-capture',
  'show-customers',
  'show-follow-ups',
  'open-settings',
] as const satisfies readonly MenuCommand[];

const UPDATE_STATES = ['disabled', 'idle', 'checking', 'downloading', 'ready', 'error'] as const;

/** The shape check for an UpdateStatus arriving over IPC (the preload passes on nothing else). */
export function isUpdateStatus(value: unknown): value is UpdateStatus {
  if (typeof value !== 'object' || value === null || !('state' in value)) return false;
  const { state } = value;
  if (!UPDATE_STATES.some((known) => known === state)) return false;
  if (state === 'downloading') {
    return (
      'version' in value &&
      typeof value.version === 'string' &&
      'percent' in value &&
      typeof value.percent === 'number'
    );
  }
  if (state === 'ready') return 'version' in value && typeof value.version === 'string';
  if (state === 'error') return 'message' in value && typeof value.message === 'string';
  return true;
}
