// The one contract between the renderer and whatever hosts it. The Electron preload exposes an
// object that `satisfies DesktopApi` on `window.desktop`; in a plain browser (dev:web, e2e tests)
// the renderer supplies its own implementation of the same type, so UI code never knows which.

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

export type DesktopApi = {
  readonly platform: 'electron' | 'web';
  showNotification(notification: DesktopNotification): Promise<void>;
  saveFile(request: SaveFileRequest): Promise<SaveFileResult>;
  /** Subscribes to native menu commands; returns the unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** Subscribes to clicks on notifications (receives the notification tag). */
  onNotificationClick(listener: (tag: string) => void): () => void;
  /**
   * A small store for secrets (the sync tokens), by key (SECRET_KEY_PATTERN). Electron encrypts
   * them with the operating system's keychain (safeStorage); see each implementation for where
   * they live. `null`: nothing stored (or it can no longer be decrypted).
   */
  getSecret(key: string): Promise<string | null>;
  setSecret(key: string, value: string): Promise<void>;
  deleteSecret(key: string): Promise<void>;
};

/** What a secret's key may look like: short, lower-case, no path characters. */
export const SECRET_KEY_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** Tokens are a few hundred characters; anything much larger is not a secret we keep. */
export const MAX_SECRET_LENGTH = 16_384;

export const MENU_COMMANDS = [
  'new-customer',
  'quick-capture',
  'show-customers',
  'show-follow-ups',
  'open-settings',
] as const satisfies readonly MenuCommand[];
