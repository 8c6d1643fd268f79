// Where the sync tokens are kept: the host's secret storage (DesktopApi: safeStorage in Electron,
// localStorage in the browser build), or memory (Node scripts, tests).

import type { DesktopApi } from '../../shared/desktop/desktop-api';

export type SecretStore = {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
};

export function desktopSecretStore(
  desktop: Pick<DesktopApi, 'getSecret' | 'setSecret' | 'deleteSecret'>,
): SecretStore {
  return {
    get: (key) => desktop.getSecret(key),
    set: (key, value) => desktop.setSecret(key, value),
    delete: (key) => desktop.deleteSecret(key),
  };
}

/** Nothing leaves the process: for tests and for headless clients that log in every run. */
export function memorySecretStore(initial: Record<string, string> = {}): SecretStore & {
  readonly values: Map<string, string>;
} {
  const values = new Map(Object.entries(initial));
  return {
    values,
    get: async (key) => values.get(key) ?? null,
    set: async (key, value) => {
      values.set(key, value);
    },
    delete: async (key) => {
      values.delete(key);
    },
  };
}
